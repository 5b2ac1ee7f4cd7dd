// Draws one line of text the way the kiosk does (render/fonts.h builds the atlas, the
// shaper orders and shapes the line, glyphs are placed as ImGui's RenderText places them:
// pen advancing by AdvanceX, each glyph's quad at X0/Y0) into a PGM image, black on white,
// and prints the glyph ids HarfBuzz gave it. tests/arabic_shaping_test.py compares both with
// HarfBuzz's own hb-view and hb-shape.
//   render_line EM_PIXELS WEIGHT(0|1) OUT.pgm TEXT
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "render/fonts.h"

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: render_line EM_PIXELS WEIGHT OUT.pgm TEXT\n");
        return 2;
    }
    const float em = std::strtof(argv[1], nullptr);
    const int weight = std::atoi(argv[2]);
    const std::string text = argv[4];
    ImGui::CreateContext();
    render::FontRequest request = render::DefaultFontRequest();
    request.text = text;
    // The kiosk's body font is `em` pixels from ascender to descender; the em itself is that
    // over Noto Sans's height per em.
    request.em = em * render::HeightPerEm(request.regular_paths.front());
    render::FontSet fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
    for (const auto& warning : fonts.warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
    ImFont* font = weight ? fonts.heading : fonts.body;
    if (weight) {  // the heading is 1.4 em: draw the bold at the same em as asked
        request.em /= 1.4f;
        fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
        font = fonts.heading;
    }
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int tex_w = 0, tex_h = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &tex_w, &tex_h);

    const std::string& visual = fonts.complex->Visual(font, text);
    std::vector<unsigned> codepoints;
    for (const char* s = visual.c_str(); *s;) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, s, nullptr);
        if (n <= 0) break;
        s += n;
        codepoints.push_back(c);
    }
    float width = 0;
    for (unsigned c : codepoints) width += font->FindGlyph(static_cast<ImWchar>(c))->AdvanceX;
    const int margin = static_cast<int>(font->FontSize);
    const int out_w = static_cast<int>(std::ceil(width)) + 2 * margin, out_h = static_cast<int>(font->FontSize) + 2 * margin;
    std::vector<unsigned char> image(static_cast<size_t>(out_w) * out_h, 0);
    float x = static_cast<float>(margin);
    for (unsigned c : codepoints) {
        const ImFontGlyph* g = font->FindGlyph(static_cast<ImWchar>(c));
        const int gw = static_cast<int>(std::lround(g->X1 - g->X0)), gh = static_cast<int>(std::lround(g->Y1 - g->Y0));
        const int u0 = static_cast<int>(std::lround(g->U0 * tex_w)), v0 = static_cast<int>(std::lround(g->V0 * tex_h));
        const int dx = static_cast<int>(std::lround(x + g->X0)), dy = margin + static_cast<int>(std::lround(g->Y0));
        for (int yy = 0; yy < gh; ++yy) {
            for (int xx = 0; xx < gw; ++xx) {
                const int px = dx + xx, py = dy + yy;
                if (px < 0 || py < 0 || px >= out_w || py >= out_h) continue;
                unsigned char& dst = image[static_cast<size_t>(py) * out_w + px];
                const unsigned char src = pixels[static_cast<size_t>(v0 + yy) * tex_w + u0 + xx];
                dst = static_cast<unsigned char>(std::min(255, dst + src));
            }
        }
        x += g->AdvanceX;
    }
    std::ofstream out(argv[3], std::ios::binary);
    out << "P5\n" << out_w << " " << out_h << "\n255\n";
    for (unsigned char& v : image) v = static_cast<unsigned char>(255 - v);
    out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
    for (uint32_t id : fonts.complex->GlyphIds(text, weight)) std::printf("%u ", id);
    std::printf("\nmissing %llu\n", static_cast<unsigned long long>(fonts.complex->Missing()));
    ImGui::DestroyContext();
    return 0;
}
