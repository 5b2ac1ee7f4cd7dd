// Font atlas building. See fonts.h.
#include "render/fonts.h"

#include "render/font_paths.h"

#include "render/icons.h"

#include <imgui.h>
#include <imgui_freetype.h>

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


} // namespace

FontRequest DefaultFontRequest() {
    const FontPaths paths = DefaultFontPaths();
    FontRequest request;
    request.regular_paths = paths.regular;
    request.bold_paths = paths.bold;
    request.icon_paths = paths.icons;
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
    ImVector<ImWchar> ranges;
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas->GetGlyphRangesDefault());
    builder.AddText(request.text.c_str());
    builder.AddText("áéíóúñüÁÉÍÓÚÑÜ¿¡àảãạăắằẳẵặâấầẩẫậđèẻẽẹêếềểễệìỉĩịòỏõọôốồổỗộơớờởỡợùủũụưứừửữựỳỷỹỵ…–—“”‘’•·");
    builder.BuildRanges(&ranges);
    // The icons the screens use, and nothing else of the icon font.
    ImVector<ImWchar> icon_ranges;
    ImFontGlyphRangesBuilder icon_builder;
    for (const char* glyph : icon::kAll) icon_builder.AddText(glyph);
    icon_builder.BuildRanges(&icon_ranges);

    const std::string regular = FirstExisting(request.regular_paths);
    const std::string bold = FirstExisting(request.bold_paths);
    const std::string icons = FirstExisting(request.icon_paths);
    fonts.icons_found = !icons.empty();

    // The large icon size draws icon glyphs only: of the text font it needs no more than a
    // space and the '?' shown for a missing glyph (every text glyph at 2.4 em would take
    // about a third of the atlas, in memory twice and again on the GPU).
    static const ImWchar kIconSizeText[] = {0x0020, 0x0020, 0x003F, 0x003F, 0};
    auto add = [&](const std::string& path, float size, const ImWchar* text_ranges) -> ImFont* {
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
        return font;
    };
    if (regular.empty()) fonts.warnings.push_back("Noto Sans was not found (install fonts-noto-core); using ImGui's built-in font, which lacks accents");
    if (icons.empty()) fonts.warnings.push_back("Material Icons were not found (install fonts-material-design-icons-iconfont); icons are left out");
    const std::string& heading_path = bold.empty() ? regular : bold;
    fonts.body = add(regular, request.em, ranges.Data);
    fonts.small = add(regular, request.em * 0.8f, ranges.Data);
    fonts.heading = add(heading_path, request.em * 1.4f, ranges.Data);
    fonts.title = add(heading_path, request.em * 2.2f, ranges.Data);
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
        atlas->Build();
    }
    // Built: the atlas keeps a copy of each font file per size (ten of them, 4 MB); a new
    // atlas is built from the files again, so they can go.
    atlas->ClearInputData();
    return fonts;
}

} // namespace render
