// Where Debian and Raspberry Pi OS put the kiosk's fonts (fonts-noto-core,
// fonts-material-design-icons-iconfont), in the order they are tried. Plain paths with no
// ImGui, so `kioskctl doctor` can check them without linking the UI.
// Threads: a pure function, any thread.
#pragma once

#include <string>
#include <vector>

namespace render {

struct FontPaths {
    std::vector<std::string> regular;
    std::vector<std::string> bold;
    std::vector<std::string> icons;
};

FontPaths DefaultFontPaths();

} // namespace render
