// Where Debian and Raspberry Pi OS put the kiosk's fonts (fonts-noto-core,
// fonts-material-design-icons-iconfont, fonts-noto-cjk), in the order they are tried. Plain paths with no
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
    std::vector<std::string> arabic, arabic_bold;  // Noto Sans Arabic (fonts-noto-core)
    std::vector<std::string> cjk, cjk_bold;        // Noto Sans CJK (fonts-noto-cjk), a collection
    static constexpr int kCjkSimplifiedIndex = 2;  // its face "Noto Sans CJK SC"
};

FontPaths DefaultFontPaths();

} // namespace render
