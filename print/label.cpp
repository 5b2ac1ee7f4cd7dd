// Labels drawn with FreeType into a grey image (see label.h).
#include "print/label.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace print {

namespace {

std::u32string Decode(const std::string& text) {
    std::u32string out;
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > text.size()) {
            out.push_back(U'?');
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? c : c & (0x7F >> n);
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

// The two faces a label is drawn with; closed when the label is done.
class Faces {
public:
    base::Status Open(const LabelFonts& fonts) {
        if (FT_Init_FreeType(&m_library) != 0) return base::Status::Fail("FreeType could not start");
        if (fonts.bold.empty() || FT_New_Face(m_library, fonts.bold.c_str(), 0, &m_main) != 0) {
            return base::Status::Fail("the label font was not found (" + fonts.bold + "); install fonts-noto-core");
        }
        if (!fonts.fallback.empty()) FT_New_Face(m_library, fonts.fallback.c_str(), fonts.fallback_index, &m_fallback);
        return base::Status::Success();
    }
    ~Faces() {
        if (m_fallback) FT_Done_Face(m_fallback);
        if (m_main) FT_Done_Face(m_main);
        if (m_library) FT_Done_FreeType(m_library);
    }
    // The face that has `cp` (the main one, else the fallback, else the main one's box).
    FT_Face For(char32_t cp) const {
        if (FT_Get_Char_Index(m_main, cp) != 0 || !m_fallback) return m_main;
        return FT_Get_Char_Index(m_fallback, cp) != 0 ? m_fallback : m_main;
    }
    void SetPixels(int px) const {
        FT_Set_Pixel_Sizes(m_main, 0, static_cast<FT_UInt>(px));
        if (m_fallback) FT_Set_Pixel_Sizes(m_fallback, 0, static_cast<FT_UInt>(px));
    }

private:
    FT_Library m_library = nullptr;
    FT_Face m_main = nullptr;
    FT_Face m_fallback = nullptr;
};

class Canvas {
public:
    Canvas(const LabelSize& size, const Faces& faces) : m_faces(faces) {
        m_image.width = static_cast<int>(std::lround(size.width_mm / 25.4 * size.dpi));
        m_image.height = static_cast<int>(std::lround(size.height_mm / 25.4 * size.dpi));
        m_image.pixels.assign(static_cast<size_t>(m_image.width) * static_cast<size_t>(m_image.height), 255);
        m_margin = std::max(4, m_image.height / 16);
        m_y = m_margin;
    }
    int Width() const { return m_image.width; }
    int Height() const { return m_image.height; }
    int Margin() const { return m_margin; }
    int Y() const { return m_y; }

    // A line of text `px` tall (smaller, down to a third, if it would not fit across), at the
    // left margin or centred; moves down past it.
    void Line(const std::string& text, int px, bool centred = false) {
        const std::u32string cps = Decode(text);
        const int room = m_image.width - 2 * m_margin;
        int size = px;
        while (size > px / 3 && Advance(cps, size) > room) size = size * 9 / 10;
        const int width = Advance(cps, size);
        const int x0 = centred ? std::max(m_margin, (m_image.width - width) / 2) : m_margin;
        const int baseline = m_y + size * 8 / 10;
        Draw(cps, size, x0, baseline);
        m_y += size + size / 6;
    }
    void Rule() {
        const int y = m_y + 2;
        for (int t = 0; t < 3; ++t) {
            if (y + t >= m_image.height) break;
            for (int x = m_margin; x < m_image.width - m_margin; ++x) Set(x, y + t, 0);
        }
        m_y += 10;
    }
    // The code in a black box at the right edge, white letters, `px` tall.
    void CodeBox(const std::string& code, int px, int top) {
        const std::u32string cps = Decode(code);
        const int pad = px / 5;
        const int w = Advance(cps, px) + 2 * pad;
        const int h = px + pad;
        const int x0 = m_image.width - m_margin - w;
        for (int y = top; y < std::min(top + h, m_image.height); ++y) {
            for (int x = std::max(0, x0); x < m_image.width - m_margin; ++x) Set(x, y, 0);
        }
        Draw(cps, px, x0 + pad, top + pad / 2 + px * 8 / 10, true);
    }
    GrayImage Take() { return std::move(m_image); }

private:
    int Advance(const std::u32string& cps, int px) const {
        m_faces.SetPixels(px);
        long width = 0;
        for (char32_t cp : cps) {
            FT_Face face = m_faces.For(cp);
            if (FT_Load_Char(face, cp, FT_LOAD_DEFAULT) == 0) width += face->glyph->advance.x >> 6;
        }
        return static_cast<int>(width);
    }
    void Draw(const std::u32string& cps, int px, int x, int baseline, bool inverted = false) {
        m_faces.SetPixels(px);
        for (char32_t cp : cps) {
            FT_Face face = m_faces.For(cp);
            if (FT_Load_Char(face, cp, FT_LOAD_RENDER) != 0) continue;
            const FT_GlyphSlot g = face->glyph;
            for (unsigned row = 0; row < g->bitmap.rows; ++row) {
                for (unsigned col = 0; col < g->bitmap.width; ++col) {
                    const uint8_t coverage = g->bitmap.buffer[row * static_cast<unsigned>(g->bitmap.pitch) + col];
                    if (coverage == 0) continue;
                    const int px_x = x + g->bitmap_left + static_cast<int>(col);
                    const int px_y = baseline - g->bitmap_top + static_cast<int>(row);
                    if (px_x < 0 || px_y < 0 || px_x >= m_image.width || px_y >= m_image.height) continue;
                    uint8_t& pixel = m_image.pixels[static_cast<size_t>(px_y) * static_cast<size_t>(m_image.width) + static_cast<size_t>(px_x)];
                    pixel = inverted ? std::max<uint8_t>(pixel, coverage) : std::min<uint8_t>(pixel, static_cast<uint8_t>(255 - coverage));
                }
            }
            x += static_cast<int>(g->advance.x >> 6);
        }
    }
    void Set(int x, int y, uint8_t value) {
        m_image.pixels[static_cast<size_t>(y) * static_cast<size_t>(m_image.width) + static_cast<size_t>(x)] = value;
    }

    const Faces& m_faces;
    GrayImage m_image;
    int m_margin = 0;
    int m_y = 0;
};

base::Status Check(const LabelSize& size) {
    if (size.width_mm < 20 || size.height_mm < 10 || size.width_mm > 300 || size.height_mm > 300 || size.dpi < 100 || size.dpi > 1200) {
        return base::Status::Fail("label size out of range: 20-300 mm wide, 10-300 mm tall, 100-1200 dpi");
    }
    return base::Status::Success();
}

} // namespace

std::string NewSecurityCode() {
    static const char kAlphabet[] = "346789ACDEFGHJKMNPQRTUVWXY";
    std::random_device device;
    std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
    std::string code;
    for (int i = 0; i < 3; ++i) code.push_back(kAlphabet[pick(device)]);
    return code;
}

namespace {

// The checks, faces and canvas every label shares; `draw` puts the lines on the canvas.
template <typename Draw>
base::Result<GrayImage> Render(const LabelSize& size, const LabelFonts& fonts, Draw draw) {
    if (auto ok = Check(size); !ok) return base::Result<GrayImage>::Fail(ok.Error());
    Faces faces;
    if (auto opened = faces.Open(fonts); !opened) return base::Result<GrayImage>::Fail(opened.Error());
    Canvas canvas(size, faces);
    draw(canvas, canvas.Height());
    return canvas.Take();
}

} // namespace

base::Result<GrayImage> RenderTag(const CheckinLabel& label, const LabelSize& size, const LabelFonts& fonts) {
    return Render(size, fonts, [&](Canvas& canvas, int h) {
        canvas.Line(label.child, h * 30 / 100);
        canvas.Line(label.room.empty() ? label.program : label.program + " · " + label.room, h * 12 / 100);
        canvas.Rule();
        const int code_top = canvas.Y();
        canvas.Line(label.when, h * 11 / 100);
        canvas.CodeBox(label.code, h * 22 / 100, code_top);
    });
}

base::Result<GrayImage> RenderStub(const CheckinLabel& label, const LabelSize& size, const LabelFonts& fonts) {
    return Render(size, fonts, [&](Canvas& canvas, int h) {
        canvas.Line(label.stub_heading, h * 11 / 100);
        canvas.Line(label.child, h * 20 / 100);
        canvas.Line(label.school.empty() ? label.when : label.school + " · " + label.when, h * 10 / 100);
        canvas.Rule();
        canvas.Line(label.code, h * 30 / 100, true);
    });
}

std::string EncodePng(const GrayImage& image) {
    std::string out;
    stbi_write_png_to_func(
        [](void* context, void* data, int size) { static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size)); },
        &out, image.width, image.height, 1, image.pixels.data(), image.width);
    return out;
}

} // namespace print
