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
    paths.arabic = {"/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"};
    paths.arabic_bold = {"/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf"};
    paths.cjk = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"};
    paths.cjk_bold = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"};
    return paths;
}

} // namespace render
