// Font atlas building. See fonts.h.
#include "render/fonts.h"

#include "render/font_paths.h"

#include "render/icons.h"

#include <imgui.h>
#include <imgui_freetype.h>


#include <malloc.h>

#include <filesystem>

namespace render {

namespace {

std::string FirstExisting(const std::vector<std::string>& paths) {
    std::error_code ignored;
    for (const std::string& path : paths) {
        if (!path.empty() && std::filesystem::is_regular_file(path, ignored)) return path;
    }
    return {};
}

bool HasCjk(const std::string& text) {
    // U+2E80..U+9FFF and U+F900..U+FAFF, U+FF00..U+FFEF: three-byte sequences led by E2 BA.. to E9, EF A4..
    for (size_t i = 0; i + 2 < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto d = static_cast<unsigned char>(text[i + 1]);
        if ((c >= 0xE3 && c <= 0xE9) || (c == 0xE2 && d >= 0xBA)) return true;
    }
    return false;
}

} // namespace

FontRequest DefaultFontRequest() {
    const FontPaths paths = DefaultFontPaths();
    FontRequest request;
    request.regular_paths = paths.regular;
    request.bold_paths = paths.bold;
    request.icon_paths = paths.icons;
    request.arabic_paths = paths.arabic;
    request.arabic_bold_paths = paths.arabic_bold;
    request.cjk_paths = paths.cjk;
    request.cjk_bold_paths = paths.cjk_bold;
    return request;
}

FontSet BuildFonts(ImFontAtlas* atlas, const FontRequest& request) {
    FontSet fonts;
    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // As tall as the glyphs need, not the next power of two (OpenGL 3 and GLES 3 take any
    // size): the atlas of the sample directory is 1024x1100 instead of 1024x2048, 4 MB less
    // on the GPU and in each CPU copy while it is built.
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    // The glyphs of every string shown, plus ASCII and Latin-1 so typed text always renders.
    // The ranges need to live only until Build below: ClearInputData then lets go of them.
    const std::string& ui_text = request.ui_text.empty() ? request.text : request.ui_text;
    auto build_ranges = [&](const std::string& text, ImVector<ImWchar>& out) {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(atlas->GetGlyphRangesDefault());
        builder.AddText(text.c_str());
        builder.AddText("áéíóúñüÁÉÍÓÚÑÜ¿¡àảãạăắằẳẵặâấầẩẫậđèẻẽẹêếềểễệìỉĩịòỏõọôốồổỗộơớờởỡợùủũụưứừửữựỳỷỹỵ…–—“”‘’•·");
        builder.BuildRanges(&out);
    };
    ImVector<ImWchar> ranges, ui_ranges;
    build_ranges(request.text, ranges);
    build_ranges(ui_text, ui_ranges);
    // The icons the screens use, and nothing else of the icon font.
    ImVector<ImWchar> icon_ranges;
    ImFontGlyphRangesBuilder icon_builder;
    for (const char* glyph : icon::kAll) icon_builder.AddText(glyph);
    icon_builder.BuildRanges(&icon_ranges);

    const std::string regular = FirstExisting(request.regular_paths);
    const std::string bold = FirstExisting(request.bold_paths);
    const std::string icons = FirstExisting(request.icon_paths);
    fonts.icons_found = !icons.empty();

    // Arabic: shaped into custom glyphs (complex_text.h), only when some text needs it.
    fonts.complex = std::make_shared<ComplexText>();
    const bool has_rtl = NeedsShaping(request.text);
    if (has_rtl) {
        std::string why;
        ComplexFontPaths complex_paths{regular, bold, FirstExisting(request.arabic_paths), FirstExisting(request.arabic_bold_paths)};
        if (fonts.complex->Open(complex_paths, why)) {
            fonts.complex->Collect(request.text, request.arabic_keyboard);
            fonts.complex->CollectInterface(ui_text, request.arabic_keyboard);
        } else {
            fonts.warnings.push_back(why);
        }
    }
    // Chinese: the glyphs of the text shown, from Noto Sans CJK SC at the em of the Latin text.
    const std::string cjk_paths[2] = {FirstExisting(request.cjk_paths), FirstExisting(request.cjk_bold_paths)};
    if (HasCjk(request.text)) {
        std::string why;
        if (fonts.complex->OpenFallback(cjk_paths[0], cjk_paths[1], FontPaths::kCjkSimplifiedIndex, regular, bold, why,
                                        request.cache_dir, request.text)) {
            fonts.complex->CollectFallback(request.text, false);
            fonts.complex->CollectFallback(ui_text, true);
        } else {
            fonts.warnings.push_back(why);
        }
    }
    const float latin_ratio[2] = {HeightPerEm(regular), HeightPerEm(bold.empty() ? regular : bold)};
    const std::string arabic_paths[2] = {FirstExisting(request.arabic_paths), FirstExisting(request.arabic_bold_paths)};

    // The large icon size draws icon glyphs only: of the text font it needs no more than a
    // space and the '?' shown for a missing glyph (every text glyph at 2.4 em would take
    // about a third of the atlas, in memory twice and again on the GPU).
    static const ImWchar kIconSizeText[] = {0x0020, 0x0020, 0x003F, 0x003F, 0};
    auto add = [&](const std::string& path, float size, const ImWchar* text_ranges, int weight = 0) -> ImFont* {
        ImFontConfig config;
        config.OversampleH = 1;
        ImFont* font = nullptr;
        if (!path.empty()) font = atlas->AddFontFromFileTTF(path.c_str(), size, &config, text_ranges);
        if (!font) {
            ImFontConfig fallback;
            fallback.SizePixels = size;
            font = atlas->AddFontDefault(&fallback);
        }
        if (!icons.empty()) {
            ImFontConfig merge;
            merge.MergeMode = true;
            merge.GlyphMinAdvanceX = size * 1.1f;
            merge.GlyphOffset = ImVec2(0, size * 0.18f);
            atlas->AddFontFromFileTTF(icons.c_str(), size * 1.1f, &merge, icon_ranges.Data);
        }
        if (text_ranges == kIconSizeText) return font;
        if (has_rtl && !arabic_paths[weight].empty()) {
            // Arabic letters unshaped (digits, and any letter the shaped glyphs lack).
            ImFontConfig merge;
            merge.MergeMode = true;
            atlas->AddFontFromFileTTF(arabic_paths[weight].c_str(), size * HeightPerEm(arabic_paths[weight]) / latin_ratio[weight],
                                      &merge, text_ranges);
        }
        fonts.complex->AddGlyphs(atlas, font, size, weight, text_ranges == ui_ranges.Data);
        return font;
    };
    if (regular.empty()) fonts.warnings.push_back("Noto Sans was not found (install fonts-noto-core); using ImGui's built-in font, which lacks accents");
    if (icons.empty()) fonts.warnings.push_back("Material Icons were not found (install fonts-material-design-icons-iconfont); icons are left out");
    const std::string& heading_path = bold.empty() ? regular : bold;
    fonts.body = add(regular, request.em, ranges.Data);
    fonts.small = add(regular, request.em * 0.8f, ui_ranges.Data);
    fonts.heading = add(heading_path, request.em * 1.4f, ranges.Data, 1);
    fonts.title = add(heading_path, request.em * 2.2f, ui_ranges.Data, 1);
    fonts.icons = add(regular, request.em * 2.4f, kIconSizeText);
    if (!atlas->Build()) {
        // A broken font file: start again with the built-in font only.
        atlas->Clear();
        atlas->FontBuilderIO = nullptr;
        fonts.warnings.push_back("the font files could not be rasterised; using ImGui's built-in font");
        ImFontConfig config;
        config.SizePixels = request.em;
        fonts.body = fonts.small = fonts.heading = fonts.title = fonts.icons = atlas->AddFontDefault(&config);
        fonts.icons_found = false;
        fonts.complex = std::make_shared<ComplexText>();
        atlas->Build();
    } else {
        fonts.complex->FinishGlyphs(atlas);
    }
    // Built: the atlas keeps a copy of each font file per size (ten of them, 4 MB); a new
    // atlas is built from the files again, so they can go.
    atlas->ClearInputData();
    // What building took for a moment (FreeType's faces and caches, the glyphs' bitmaps) goes
    // back to the system, not left in the heap for the kiosk's whole run.
    malloc_trim(0);
    return fonts;
}

} // namespace render
