// Fonts: Noto Sans (fonts-noto-core) found by path, Material Icons
// (fonts-material-design-icons-iconfont), Noto Sans Arabic and Noto Sans CJK SC (fonts-noto-cjk) merged in, rasterised by FreeType, with glyph ranges
// built from the text actually shown so every accent and Vietnamese tone renders.
// Threads: the UI thread (it owns the ImGui context).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "render/complex_text.h"

struct ImFont;
struct ImFontAtlas;

namespace render {

struct FontRequest {
    std::vector<std::string> regular_paths;  // tried in order; the first that exists is used
    std::vector<std::string> bold_paths;
    std::vector<std::string> icon_paths;
    std::vector<std::string> arabic_paths, arabic_bold_paths;  // shaped with HarfBuzz (complex_text.h)
    std::vector<std::string> cjk_paths, cjk_bold_paths;        // a collection: its Simplified Chinese face
    float em = 24.0f;                        // body text size in pixels
    std::string text;                        // every string the screens may show
    // The interface's own strings (translations, the school's name): the small and title sizes
    // show only these, so they take only their glyphs ("" = `text`). A directory in Chinese
    // then costs glyphs at two sizes, not four.
    std::string ui_text;
    // Every Arabic letter in every joining form, for text typed on the Arabic keyboard (about
    // a third of the atlas when Arabic is only a language's name on Welcome).
    bool arabic_keyboard = true;
    // Where the Chinese glyphs' small font cut may be kept between starts ("" = nowhere):
    // ComplexText::OpenFallback.
    std::string cache_dir;
};

struct FontSet {
    ImFont* body = nullptr;      // 1 em
    ImFont* small = nullptr;     // 0.8 em
    ImFont* heading = nullptr;   // 1.4 em, bold
    ImFont* title = nullptr;     // 2.2 em, bold
    ImFont* icons = nullptr;     // 2.4 em icon glyphs (also merged into every text size)
    bool icons_found = false;
    // Right-to-left text, shaped into the atlas; every text drawn goes through its Wrap.
    std::shared_ptr<ComplexText> complex = std::make_shared<ComplexText>();
    std::vector<std::string> warnings;  // "Noto Sans not found; using ImGui's built-in font"
};

// Clears `atlas` and builds the fonts. Never fails: with no font files it falls back to
// ImGui's built-in font and says so in `warnings`.
FontSet BuildFonts(ImFontAtlas* atlas, const FontRequest& request);

// The default places Debian and Raspberry Pi OS put the fonts.
FontRequest DefaultFontRequest();

} // namespace render
