// See font_paths.h.
#include "render/font_paths.h"

namespace render {

FontPaths DefaultFontPaths() {
    FontPaths paths;
    paths.regular = {"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/opentype/noto/NotoSans-Regular.ttf",
                     "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
    paths.bold = {"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/opentype/noto/NotoSans-Bold.ttf",
                  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
    paths.icons = {"/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf"};
    return paths;
}

} // namespace render
