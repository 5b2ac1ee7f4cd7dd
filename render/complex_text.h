// Right-to-left and joined scripts (Arabic) on Dear ImGui 1.86, which draws one glyph per
// code point, left to right, and knows nothing of shaping.
//
// How shaped glyphs reach the screen: FriBidi (libfribidi) splits a line into directional
// runs and orders them (Unicode bidi algorithm, brackets included); HarfBuzz (libharfbuzz)
// shapes each right-to-left run with Noto Sans Arabic into glyphs with positions. Each
// distinct positioned glyph (glyph id, offsets and advance, in font units, per weight) gets a
// code point of Unicode's Private Use Area, rasterised by FreeType into the font atlas as one
// of ImGui's custom glyphs, at every size. A line is then handed to ImGui as a string of those
// code points in visual order, which ImGui measures and draws like any other text: exactly
// HarfBuzz's glyphs at HarfBuzz's positions, with no change to ImGui and no texture per
// string. Left-to-right runs (Latin names, phone numbers) stay ordinary text.
// Why not the alternatives: a texture per shaped string (every wrapped line of every
// description, re-rendered on every size change) costs GPU memory and bypasses ImGui's
// measuring; a newer ImGui with its own shaping is not in Debian 12.
// Lines are broken in logical order first (between words, measured shaped), then each line is
// ordered and shaped, as the bidi algorithm requires.
//
// The glyphs the atlas needs are those of the text shown (the directory and the catalogs,
// shaped at build time) plus every joining form of the letters on the Arabic keyboard, so
// typed search text shapes too. A glyph the atlas lacks is counted in Missing() and drawn as
// its nearest registered form.
// Threads: the UI thread (it owns the ImGui context).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct ImFont;
struct ImFontAtlas;
struct FT_Bitmap_;
struct FT_GlyphSlotRec_;

namespace render {

// True when `text` holds a character of a right-to-left script (Hebrew, Arabic, Syriac,
// Thaana, N'Ko, their presentation forms): only such text goes through shaping.
bool NeedsShaping(std::string_view text);
// A bidi control (LRM, RLM, ALM, embeddings, overrides, isolates such as FSI..PDI): it orders
// the runs around it and is never drawn.
bool BidiControl(char32_t cp);

// A font's ascender-to-descender height per em (ImGui sizes fonts by that height), for
// merging fonts of other scripts at the same em; 1.362 (Noto Sans's) when it cannot be read.
float HeightPerEm(const std::string& path, int face_index = 0);

struct ComplexFontPaths {
    std::string latin_regular, latin_bold;  // the ImGui fonts' own files, for their metrics
    std::string regular, bold;              // Noto Sans Arabic
};

class ComplexText {
public:
    ComplexText();
    ~ComplexText();
    ComplexText(const ComplexText&) = delete;
    ComplexText& operator=(const ComplexText&) = delete;

    // Opens the fonts. False (with a reason) when no Arabic font is found: Arabic text is then
    // drawn unshaped, letter by letter, and the kiosk says so at start-up.
    bool Open(const ComplexFontPaths& paths, std::string& why);
    bool Ready() const { return m_ready; }

    // Chinese (any script ImGui can draw unshaped but Noto Sans lacks): glyphs from `paths`
    // (a font collection and its face index, regular and bold), rasterised here into custom
    // glyphs under their own code points, only those of the text shown, the bold emboldened
    // from the regular. ImGui's FreeType builder could merge the font itself, but on Noto Sans
    // CJK it peaks at about 120 MB more memory for even a few characters; FreeType used
    // directly, one face, closed once the atlas is built, needs a fraction of that.
    //
    // With a `cache_dir`, the characters of `text` are also cut out of the collection into a
    // small font file there (HarfBuzz's subsetter), and the next start that needs the same
    // characters opens that instead: opening the 19 MB collection cold costs a Welcome screen
    // that shows only "中文" about 25 ms of disk reads (figure 7). A cached file that cannot be
    // read is replaced; without one, the collection is used as before.
    bool OpenFallback(const std::string& regular, const std::string& bold, int face_index, const std::string& latin_regular,
                      const std::string& latin_bold, std::string& why, const std::string& cache_dir = "",
                      const std::string& text = "");
    // Whether the open fallback font is a cached cut (tests, the start-up profile).
    bool FallbackFromCache() const { return m_fallback_cached; }
    // Records the characters of `text` the fallback font has (`ui`: the interface's own).
    void CollectFallback(const std::string& text, bool ui);

    // Shapes every paragraph of `text` (and, with `keyboard`, every Arabic letter in every
    // joining form, for what is typed) and gives each positioned glyph a code point. Before
    // the atlas is built.
    void Collect(const std::string& text, bool keyboard = true);
    // The same for the interface's own strings: the sizes that show only those (the small
    // and title fonts) take only their glyphs (AddGlyphs with ui_only).
    void CollectInterface(const std::string& text, bool keyboard = true);
    // Adds the glyphs of `weight` (0 regular, 1 bold) to `font` of `pixel_size` as custom
    // glyphs: after the font is added, before the atlas is built.
    void AddGlyphs(ImFontAtlas* atlas, ImFont* font, float pixel_size, int weight, bool ui_only = false);
    // Copies the rasterised glyphs into the built atlas and places them on the baseline.
    void FinishGlyphs(ImFontAtlas* atlas);

    // The screens' direction. A line holding both right-to-left and left-to-right letters
    // ("Ana L.، اختر برنامجك:") is laid out in it; a line in one direction only takes that
    // one (an English service name stays left to right on the Arabic screens).
    void SetRightToLeft(bool rtl) { m_rtl_ui = rtl; }

    // One line of logical text as ImGui should draw it in `font`: visual order, shaped.
    // Text that needs no shaping comes back unchanged.
    const std::string& Visual(ImFont* font, std::string_view line);

    // The lines of `text` wrapped to `width` pixels in `font` (breaks at spaces, at hard line
    // ends, and inside a word only when the word alone is wider), each in visual order.
    struct Line {
        std::string visual;
        float width = 0;
        std::vector<char32_t> missing;  // characters no font of `font` has (drawn as '?')
    };
    const std::vector<Line>& Wrap(ImFont* font, std::string_view text, float width);

    // Glyphs that were not in the atlas when asked for (0 when the atlas covers the text).
    uint64_t Missing() const { return m_missing; }
    size_t GlyphCount() const { return m_variants.size(); }

    // The glyph ids HarfBuzz gives a right-to-left line in visual order (tests compare them
    // with hb-shape's); empty without fonts.
    std::vector<uint32_t> GlyphIds(std::string_view line, int weight);

private:
    struct Face;
    struct Variant {
        uint32_t glyph;
        int32_t x_offset, y_offset, advance;  // font units
        int weight;
        bool operator<(const Variant& o) const;
    };
    struct Pending;

    void ShapeRun(const std::u32string& text, size_t begin, size_t end, int weight, bool register_new, std::u32string& out);
    std::u32string VisualCodepoints(std::string_view line, int weight, bool register_new);
    void CollectInto(const std::string& text, std::set<char32_t>* used, bool keyboard);
    void AddFallbackGlyphs(ImFontAtlas* atlas, ImFont* font, float pixel_size, int weight, bool ui_only);
    size_t KeepBitmap(const FT_Bitmap_& bitmap);
    // A glyph for the atlas: `slot`'s rendered bitmap (none: an empty 1x1), advance and offsets in pixels.
    void QueueGlyph(ImFontAtlas* atlas, ImFont* font, char32_t cp, FT_GlyphSlotRec_* slot, float advance, float x_offset, float y_offset);
    int WeightOf(ImFont* font) const;
    char32_t NextCodepoint();

    bool m_ready = false;
    std::unique_ptr<Face> m_faces[2];
    float m_latin_em_ratio[2] = {1, 1};  // pixel size (ascender - descender) / em of the latin fonts
    std::map<Variant, char32_t> m_variants;
    std::unordered_map<char32_t, Variant> m_by_codepoint;
    std::map<std::pair<int, uint32_t>, char32_t> m_by_glyph;  // any variant of a glyph
    std::set<char32_t> m_interface;  // variants the interface's strings use
    std::unique_ptr<Face> m_fallback;  // open from OpenFallback to FinishGlyphs
    bool m_fallback_cached = false;
    std::set<char32_t> m_fallback_all, m_fallback_ui;
    char32_t m_next = 0xE000;
    std::unordered_map<ImFont*, int> m_font_weight;
    std::vector<Pending> m_pending;
    std::vector<unsigned char> m_pixels;  // the pending glyphs' bitmaps
    std::unordered_map<std::string, std::string> m_visual_cache;
    std::unordered_map<std::string, std::vector<Line>> m_wrap_cache;
    uint64_t m_missing = 0;
    bool m_rtl_ui = false;
};

} // namespace render
