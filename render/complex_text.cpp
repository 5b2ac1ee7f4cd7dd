// HarfBuzz + FriBidi shaping into ImGui custom glyphs. See complex_text.h.
#include "render/complex_text.h"

#include "render/icons.h"

#include <imgui.h>

#include <fribidi.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H
#include <hb.h>
#include <hb-subset.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <set>

namespace render {

namespace {

// UTF-8 to code points; a malformed byte becomes U+FFFD and decoding goes on.
std::u32string Decode(std::string_view text, std::vector<size_t>* offsets = nullptr) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        if (offsets) offsets->push_back(i);
        const unsigned char c = static_cast<unsigned char>(text[i]);
        int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
        bool ok = true;
        for (int k = 1; k < length; ++k) {
            const unsigned char d = static_cast<unsigned char>(text[i + k]);
            if ((d & 0xC0) != 0x80) { ok = false; break; }
            cp = (cp << 6) | (d & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += length;
    }
    return out;
}

void Encode(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string Encode(const std::u32string& text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (char32_t cp : text) Encode(cp, out);
    return out;
}


bool IsRtlCodepoint(char32_t cp) {
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC);  // not U+FEFF, the BOM
}

// CJK text has no spaces: a line may break between any two of its characters, but not
// before closing punctuation.
bool IsCjk(char32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF);
}
bool NoBreakBefore(char32_t cp) {
    static const std::u32string kClosing = U"，。、；：！？）」』”’》〉】,.;:!?)";
    return kClosing.find(cp) != std::u32string::npos;
}

// The letters of the Arabic keyboard (and lam-alef): their joining forms are shaped at build
// time so typed text always finds its glyphs.
constexpr const char32_t* kKeyboardLetters = U"ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي٠١٢٣٤٥٦٧٨٩؟،؛";

std::set<char32_t> IconCodepoints() {
    std::set<char32_t> used;
    for (const char* glyph : icon::kAll) {
        for (char32_t cp : Decode(glyph)) used.insert(cp);
    }
    return used;
}

} // namespace

// U+2000..U+207F (general punctuation) starts E2 80 or E2 81: where every control but ALM is.
static bool MayHoldBidiControl(std::string_view text) {
    return text.find("\xE2\x80") != std::string_view::npos || text.find("\xE2\x81") != std::string_view::npos;
}

bool BidiControl(char32_t cp) {
    // Marks (LRM, RLM, ALM), embeddings and overrides, and isolates (LRI, RLI, FSI, PDI).
    return cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool NeedsShaping(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        // U+0590..U+07FF: lead bytes D6..DF; U+0800..U+08FF: E0 A0..A3; U+FB1D..U+FEFF: EF AC..BB.
        if (c >= 0xD6 && c <= 0xDF) return true;
        if (c == 0xE0 && i + 1 < text.size()) {
            const unsigned char d = static_cast<unsigned char>(text[i + 1]);
            if (d >= 0xA0 && d <= 0xA3) return true;
        }
        if (c == 0xEF && i + 1 < text.size()) {
            const unsigned char d = static_cast<unsigned char>(text[i + 1]);
            if (d >= 0xAC && d <= 0xBB) {
                for (char32_t cp : Decode(text.substr(i, 3))) {
                    if (IsRtlCodepoint(cp)) return true;
                }
            }
        }
    }
    return false;
}

struct ComplexText::Face {
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_font_t* font = nullptr;
    FT_Face ft = nullptr;
    unsigned upem = 1000;
    ~Face() {
        if (font) hb_font_destroy(font);
        if (face) hb_face_destroy(face);
        if (blob) hb_blob_destroy(blob);
        if (ft) FT_Done_Face(ft);
    }
};

struct ComplexText::Pending {
    ImFont* font = nullptr;
    int rect = -1;
    char32_t codepoint = 0;
    int width = 0, height = 0;
    float left = 0, top = 0;           // bitmap origin relative to the pen, y up
    float x_offset = 0, y_offset = 0;  // HarfBuzz's offsets in pixels, y up
    size_t pixels = 0;                 // where its bitmap starts in m_pixels
};

bool ComplexText::Variant::operator<(const Variant& o) const {
    return std::tie(weight, glyph, x_offset, y_offset, advance) < std::tie(o.weight, o.glyph, o.x_offset, o.y_offset, o.advance);
}

namespace {
FT_Library g_freetype = nullptr;  // one per process, on the UI thread

} // namespace

float HeightPerEm(const std::string& path, int face_index) {
    if (!g_freetype && FT_Init_FreeType(&g_freetype) != 0) return 1.362f;
    FT_Face face = nullptr;
    if (path.empty() || FT_New_Face(g_freetype, path.c_str(), face_index, &face) != 0) return 1.362f;  // Noto Sans's
    const float ratio = static_cast<float>(face->ascender - face->descender) / static_cast<float>(face->units_per_EM);
    FT_Done_Face(face);
    return ratio > 0.5f && ratio < 3.0f ? ratio : 1.362f;
}

ComplexText::ComplexText() = default;
ComplexText::~ComplexText() = default;

bool ComplexText::Open(const ComplexFontPaths& paths, std::string& why) {
    m_ready = false;
    if (!g_freetype && FT_Init_FreeType(&g_freetype) != 0) {
        why = "FreeType could not start";
        return false;
    }
    const std::string* files[2] = {&paths.regular, &paths.bold};
    for (int weight = 0; weight < 2; ++weight) {
        const std::string& path = files[weight]->empty() ? paths.regular : *files[weight];
        if (path.empty()) {
            why = "Noto Sans Arabic was not found (install fonts-noto-core): Arabic is drawn unshaped";
            return false;
        }
        auto face = std::make_unique<Face>();
        face->blob = hb_blob_create_from_file_or_fail(path.c_str());
        if (!face->blob || FT_New_Face(g_freetype, path.c_str(), 0, &face->ft) != 0) {
            why = "the Arabic font " + path + " could not be read: Arabic is drawn unshaped";
            return false;
        }
        face->face = hb_face_create(face->blob, 0);
        face->font = hb_font_create(face->face);
        face->upem = hb_face_get_upem(face->face);
        hb_font_set_scale(face->font, static_cast<int>(face->upem), static_cast<int>(face->upem));
        m_faces[weight] = std::move(face);
    }
    m_latin_em_ratio[0] = HeightPerEm(paths.latin_regular);
    m_latin_em_ratio[1] = HeightPerEm(paths.latin_bold.empty() ? paths.latin_regular : paths.latin_bold);
    m_ready = true;
    return true;
}

namespace {

// The characters a fallback font is asked for: what ImGui can draw (16-bit), not ours.
bool FallbackCandidate(char32_t cp) { return cp >= 0x2E80 && cp <= 0xFFFF && cp != 0xFFFD && !(cp >= 0xE000 && cp <= 0xF8FF); }

// The cached cut's name: the collection (path, size, time), the face and the characters.
std::string SubsetName(const std::string& path, int face_index, const std::set<char32_t>& wanted) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    const auto time = std::filesystem::last_write_time(path, error).time_since_epoch().count();
    std::string key = path + "|" + std::to_string(size) + "|" + std::to_string(time) + "|" + std::to_string(face_index) + "|";
    for (char32_t cp : wanted) key += std::to_string(static_cast<uint32_t>(cp)) + ",";
    char name[40];
    std::snprintf(name, sizeof name, "cjk-%016zx.otf", std::hash<std::string>{}(key));
    return name;
}

// Cuts `wanted` out of face `face_index` of `path` into `out` (written whole, then renamed).
bool WriteSubset(const std::string& path, int face_index, const std::set<char32_t>& wanted, const std::string& out) {
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (!blob) return false;
    hb_face_t* face = hb_face_create(blob, static_cast<unsigned>(face_index));
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    bool ok = false;
    if (input) {
        hb_set_t* unicodes = hb_subset_input_unicode_set(input);
        for (char32_t cp : wanted) hb_set_add(unicodes, cp);
        if (hb_face_t* cut = hb_subset_or_fail(face, input)) {
            hb_blob_t* bytes = hb_face_reference_blob(cut);
            unsigned length = 0;
            const char* data = hb_blob_get_data(bytes, &length);
            const std::string partial = out + ".partial";
            if (FILE* file = std::fopen(partial.c_str(), "wb")) {
                ok = length > 0 && std::fwrite(data, 1, length, file) == length;
                ok = (std::fclose(file) == 0) && ok;
                ok = ok && std::rename(partial.c_str(), out.c_str()) == 0;
                if (!ok) std::remove(partial.c_str());
            }
            hb_blob_destroy(bytes);
            hb_face_destroy(cut);
        }
        hb_subset_input_destroy(input);
    }
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return ok;
}

// Keeps the newest few cuts: a kiosk alternates between a handful of texts (a session in
// Chinese, one in any other language), and every directory import makes a new one.
void PruneSubsets(const std::string& dir, size_t keep) {
    std::error_code error;
    std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> cuts;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("cjk-", 0) == 0) cuts.emplace_back(entry.last_write_time(error), entry.path());
    }
    if (cuts.size() <= keep) return;
    std::sort(cuts.begin(), cuts.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = keep; i < cuts.size(); ++i) std::filesystem::remove(cuts[i].second, error);
}

} // namespace

bool ComplexText::OpenFallback(const std::string& regular, const std::string& bold, int face_index, const std::string& latin_regular,
                               const std::string& latin_bold, std::string& why, const std::string& cache_dir, const std::string& text) {
    if (!g_freetype && FT_Init_FreeType(&g_freetype) != 0) {
        why = "FreeType could not start";
        return false;
    }
    // One face for both weights, the bold one emboldened from it (FT_GlyphSlot_Embolden): a
    // second 19 MB collection would double the file pages FreeType touches while building.
    (void)bold;
    m_fallback_cached = false;
    if (regular.empty()) {
        why = "Noto Sans CJK was not found (install fonts-noto-cjk): Chinese text shows as boxes";
        return false;
    }
    std::set<char32_t> wanted;
    for (char32_t cp : Decode(text)) {
        if (FallbackCandidate(cp)) wanted.insert(cp);
    }
    std::string cut;
    if (!cache_dir.empty() && !wanted.empty()) cut = (std::filesystem::path(cache_dir) / SubsetName(regular, face_index, wanted)).string();
    auto face = std::make_unique<Face>();
    if (!cut.empty() && std::filesystem::exists(cut)) {
        if (FT_New_Face(g_freetype, cut.c_str(), 0, &face->ft) == 0) {
            m_fallback_cached = true;
        } else {
            face->ft = nullptr;
            std::filesystem::remove(cut);  // unreadable: made again below
        }
    }
    if (!m_fallback_cached) {
        if (FT_New_Face(g_freetype, regular.c_str(), face_index, &face->ft) != 0) {
            face->ft = nullptr;
            why = "Noto Sans CJK was not found (install fonts-noto-cjk): Chinese text shows as boxes";
            return false;
        }
        if (!cut.empty()) {
            std::error_code error;
            std::filesystem::create_directories(cache_dir, error);
            if (WriteSubset(regular, face_index, wanted, cut)) PruneSubsets(cache_dir, 4);
        }
    }
    face->upem = face->ft->units_per_EM;
    m_fallback = std::move(face);
    m_latin_em_ratio[0] = HeightPerEm(latin_regular);
    m_latin_em_ratio[1] = HeightPerEm(latin_bold.empty() ? latin_regular : latin_bold);
    return true;
}

void ComplexText::CollectFallback(const std::string& text, bool ui) {
    if (!m_fallback) return;
    for (char32_t cp : Decode(text)) {
        if (!FallbackCandidate(cp)) continue;  // ImGui draws 16-bit code points
        if (FT_Get_Char_Index(m_fallback->ft, cp) == 0) continue;
        m_fallback_all.insert(cp);
        if (ui) m_fallback_ui.insert(cp);
    }
}

char32_t ComplexText::NextCodepoint() {
    static const std::set<char32_t> icons = IconCodepoints();
    while (m_next <= 0xF8FF && icons.count(m_next)) ++m_next;
    if (m_next > 0xF8FF) return 0;  // the Private Use Area is full
    return m_next++;
}

void ComplexText::ShapeRun(const std::u32string& text, size_t begin, size_t end, int weight, bool register_new, std::u32string& out) {
    Face& face = *m_faces[weight];
    hb_buffer_t* buffer = hb_buffer_create();
    // The whole line as context, so letters join across the run's edges as they should.
    hb_buffer_add_utf32(buffer, reinterpret_cast<const uint32_t*>(text.data()), static_cast<int>(text.size()),
                        static_cast<unsigned>(begin), static_cast<int>(end - begin));
    hb_buffer_set_direction(buffer, HB_DIRECTION_RTL);
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(face.font, buffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
    for (unsigned i = 0; i < count; ++i) {
        const char32_t source = info[i].cluster < text.size() ? text[info[i].cluster] : U' ';
        if (BidiControl(source)) continue;  // it placed the runs; it draws nothing
        if (info[i].codepoint == 0) {
            // The Arabic font lacks it (Latin punctuation, say): the ordinary font draws it,
            // mirrored as a right-to-left run asks ("(" becomes ")").
            FriBidiChar mirrored = source;
            fribidi_get_mirror_char(source, &mirrored);
            out.push_back(mirrored);
            continue;
        }
        const Variant key{info[i].codepoint, pos[i].x_offset, pos[i].y_offset, pos[i].x_advance, weight};
        auto found = m_variants.find(key);
        if (found != m_variants.end()) {
            out.push_back(found->second);
            continue;
        }
        if (register_new) {
            const char32_t cp = NextCodepoint();
            if (cp != 0) {
                m_variants.emplace(key, cp);
                m_by_codepoint.emplace(cp, key);
                m_by_glyph.emplace(std::make_pair(weight, key.glyph), cp);
                out.push_back(cp);
                continue;
            }
        }
        ++m_missing;
        auto any = m_by_glyph.find({weight, key.glyph});
        if (any != m_by_glyph.end()) {
            out.push_back(any->second);
        } else {
            FriBidiChar mirrored = source;  // the ordinary font's glyph, as the run needs it
            fribidi_get_mirror_char(source, &mirrored);
            out.push_back(mirrored);
        }
    }
    hb_buffer_destroy(buffer);
}

std::u32string ComplexText::VisualCodepoints(std::string_view line, int weight, bool register_new) {
    const std::u32string text = Decode(line);
    const auto length = static_cast<FriBidiStrIndex>(text.size());
    std::vector<FriBidiCharType> types(text.size());
    std::vector<FriBidiBracketType> brackets(text.size());
    std::vector<FriBidiLevel> levels(text.size());
    const auto* chars = reinterpret_cast<const FriBidiChar*>(text.data());
    fribidi_get_bidi_types(chars, length, types.data());
    fribidi_get_bracket_types(chars, length, types.data(), brackets.data());
    // One direction only: the paragraph takes it (an English name in the Arabic screens stays
    // left to right; the layout, not the text, is mirrored). Both: the screens' direction.
    bool has_ltr = false, has_rtl = false;
    for (FriBidiCharType type : types) {
        has_ltr |= type == FRIBIDI_TYPE_LTR;
        has_rtl |= type == FRIBIDI_TYPE_RTL || type == FRIBIDI_TYPE_AL;
    }
    FriBidiParType direction = has_ltr && has_rtl ? (m_rtl_ui ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR) : FRIBIDI_PAR_ON;
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), length, &direction, levels.data()) == 0) {
        return text;
    }
    // Runs of one level, then the bidi algorithm's rule L2: from the highest level down to the
    // lowest odd one, reverse every sequence of runs at that level or higher.
    struct Run {
        size_t begin, end;
        FriBidiLevel level;
    };
    std::vector<Run> runs;
    for (size_t i = 0; i < text.size();) {
        size_t j = i;
        while (j < text.size() && levels[j] == levels[i]) ++j;
        runs.push_back({i, j, levels[i]});
        i = j;
    }
    int highest = 0, lowest_odd = 1000;
    for (const Run& run : runs) {
        highest = std::max(highest, static_cast<int>(run.level));
        if (run.level % 2) lowest_odd = std::min(lowest_odd, static_cast<int>(run.level));
    }
    for (int level = highest; level >= lowest_odd && level > 0; --level) {
        for (size_t i = 0; i < runs.size();) {
            if (runs[i].level < level) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < runs.size() && runs[j].level >= level) ++j;
            std::reverse(runs.begin() + static_cast<long>(i), runs.begin() + static_cast<long>(j));
            i = j;
        }
    }
    std::u32string out;
    out.reserve(text.size());
    for (const Run& run : runs) {
        if (run.level % 2 && m_ready) {
            ShapeRun(text, run.begin, run.end, weight, register_new, out);
        } else {
            for (size_t i = run.begin; i < run.end; ++i) {
                if (!BidiControl(text[i])) out.push_back(text[i]);
            }
        }
    }
    return out;
}

void ComplexText::Collect(const std::string& text, bool keyboard) { CollectInto(text, nullptr, keyboard); }

void ComplexText::CollectInterface(const std::string& text, bool keyboard) { CollectInto(text, &m_interface, keyboard); }

void ComplexText::CollectInto(const std::string& text, std::set<char32_t>* used, bool keyboard) {
    if (!m_ready) return;
    auto shape = [&](std::string_view line, int weight) {
        const std::u32string visual = VisualCodepoints(line, weight, true);
        if (used) used->insert(visual.begin(), visual.end());
    };
    std::vector<std::string_view> paragraphs;
    std::string_view rest = text;
    while (!rest.empty()) {
        const size_t end = rest.find('\n');
        paragraphs.push_back(rest.substr(0, end));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    std::u32string forms;
    for (const char32_t* letter = kKeyboardLetters; *letter; ++letter) {
        const std::u32string l(1, *letter);
        forms += l + U" ـ" + l + U"ـ ـ" + l + U" " + l + U"ـ ";
    }
    forms += U"لا لأ لإ لآ ـلا ـلأ ـلإ ـلآ";
    // Punctuation inside Arabic text that is filled in at run time ("«{text}»").
    forms += U" ب«ب» ب(ب) ب[ب] ب\"ب\" ب'ب' ب.ب: ب،ب؛ ب؟ب! ب-ب ب…ب";
    const std::string typed_forms = Encode(forms);
    for (int weight = 0; weight < 2; ++weight) {
        for (std::string_view paragraph : paragraphs) {
            if (!NeedsShaping(paragraph)) continue;
            // Shaped whole: a wrapped line's words take the glyphs they take in the paragraph
            // (Arabic letters do not join across a space). A paragraph mixing both directions
            // is laid out in the screens' direction, so in both.
            bool has_latin = false;
            for (char c : paragraph) has_latin |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            for (bool rtl : {true, false}) {
                if (!rtl && !has_latin) break;
                m_rtl_ui = rtl;
                shape(paragraph, weight);
            }
        }
        if (keyboard) shape(typed_forms, weight);
    }
    m_rtl_ui = false;
}

void ComplexText::AddGlyphs(ImFontAtlas* atlas, ImFont* font, float pixel_size, int weight, bool ui_only) {
    m_font_weight[font] = weight;
    AddFallbackGlyphs(atlas, font, pixel_size, weight, ui_only);
    if (!m_ready) return;
    Face& face = *m_faces[weight];
    // The Arabic letters at the em of the Latin text beside them (ImGui sizes a font by its
    // ascender-to-descender height, which is much taller for Arabic).
    const float em = pixel_size / m_latin_em_ratio[weight];
    FT_Set_Char_Size(face.ft, 0, static_cast<FT_F26Dot6>(std::lround(em * 64.0f)), 72, 72);
    const float scale = em / static_cast<float>(face.upem);
    for (const auto& [variant, cp] : m_variants) {
        if (variant.weight != weight) continue;
        if (ui_only && !m_interface.count(cp)) continue;
        const bool rendered = FT_Load_Glyph(face.ft, variant.glyph, FT_LOAD_TARGET_LIGHT) == 0 &&
                              FT_Render_Glyph(face.ft->glyph, FT_RENDER_MODE_LIGHT) == 0;
        QueueGlyph(atlas, font, cp, rendered ? face.ft->glyph : nullptr, static_cast<float>(variant.advance) * scale,
                   static_cast<float>(variant.x_offset) * scale, static_cast<float>(variant.y_offset) * scale);
    }
}

size_t ComplexText::KeepBitmap(const FT_Bitmap& bitmap) {
    // Every glyph's pixels in one block until the atlas is built (thousands of small
    // allocations would stay in the heap after they are freed).
    const size_t at = m_pixels.size();
    const size_t width = bitmap.width;
    m_pixels.resize(at + width * bitmap.rows);
    for (unsigned y = 0; y < bitmap.rows; ++y) {
        std::memcpy(m_pixels.data() + at + y * width, bitmap.buffer + static_cast<ptrdiff_t>(y) * bitmap.pitch, width);
    }
    return at;
}

void ComplexText::AddFallbackGlyphs(ImFontAtlas* atlas, ImFont* font, float pixel_size, int weight, bool ui_only) {
    if (!m_fallback) return;
    Face& face = *m_fallback;
    const float em = pixel_size / m_latin_em_ratio[weight];
    FT_Set_Char_Size(face.ft, 0, static_cast<FT_F26Dot6>(std::lround(em * 64.0f)), 72, 72);
    for (char32_t cp : ui_only ? m_fallback_ui : m_fallback_all) {
        const FT_UInt index = FT_Get_Char_Index(face.ft, cp);
        if (index == 0 || FT_Load_Glyph(face.ft, index, FT_LOAD_TARGET_LIGHT) != 0) continue;
        if (weight == 1) FT_GlyphSlot_Embolden(face.ft->glyph);
        if (FT_Render_Glyph(face.ft->glyph, FT_RENDER_MODE_LIGHT) != 0) continue;
        QueueGlyph(atlas, font, cp, face.ft->glyph, static_cast<float>(face.ft->glyph->advance.x) / 64.0f, 0, 0);
    }
}

void ComplexText::QueueGlyph(ImFontAtlas* atlas, ImFont* font, char32_t cp, FT_GlyphSlotRec_* slot, float advance, float x_offset,
                             float y_offset) {
    Pending pending;
    pending.font = font;
    pending.codepoint = cp;
    if (slot) {
        pending.width = static_cast<int>(slot->bitmap.width);
        pending.height = static_cast<int>(slot->bitmap.rows);
        pending.left = static_cast<float>(slot->bitmap_left);
        pending.top = static_cast<float>(slot->bitmap_top);
        pending.pixels = KeepBitmap(slot->bitmap);
    }
    pending.x_offset = x_offset;
    pending.y_offset = y_offset;
    // An empty glyph (a space) still takes a 1x1 rectangle: the packer needs a size.
    pending.rect = atlas->AddCustomRectFontGlyph(font, static_cast<ImWchar>(cp), std::max(pending.width, 1), std::max(pending.height, 1),
                                                 advance);
    m_pending.push_back(std::move(pending));
}

void ComplexText::FinishGlyphs(ImFontAtlas* atlas) {
    unsigned char* pixels = atlas->TexPixelsAlpha8;
    for (const Pending& pending : m_pending) {
        const ImFontAtlasCustomRect* rect = atlas->GetCustomRectByIndex(pending.rect);
        if (!rect || !rect->IsPacked()) continue;
        if (pixels) {
            for (int y = 0; y < pending.height; ++y) {
                std::memcpy(pixels + static_cast<size_t>(rect->Y + y) * atlas->TexWidth + rect->X,
                            m_pixels.data() + pending.pixels + static_cast<size_t>(y) * pending.width, static_cast<size_t>(pending.width));
            }
        }
        // ImGui placed the glyph at the line's top: move it onto the baseline, where HarfBuzz's
        // offsets say.
        auto* glyph = const_cast<ImFontGlyph*>(pending.font->FindGlyphNoFallback(static_cast<ImWchar>(pending.codepoint)));
        if (!glyph) continue;
        glyph->X0 = pending.left + pending.x_offset;
        glyph->Y0 = pending.font->Ascent - pending.top - pending.y_offset;
        glyph->X1 = glyph->X0 + static_cast<float>(pending.width);
        glyph->Y1 = glyph->Y0 + static_cast<float>(pending.height);
        glyph->Visible = pending.width > 0 && pending.height > 0;
    }
    m_pending = {};
    m_pixels = {};  // one block, given back whole
    m_fallback.reset();  // its glyphs are in the atlas: the font file is unmapped
    m_visual_cache.clear();
    m_wrap_cache.clear();
}

int ComplexText::WeightOf(ImFont* font) const {
    auto found = m_font_weight.find(font);
    return found == m_font_weight.end() ? 0 : found->second;
}

const std::string& ComplexText::Visual(ImFont* font, std::string_view line) {
    std::string key;
    key.reserve(line.size() + 2);
    const int weight = WeightOf(font);
    key.push_back(static_cast<char>('0' + weight));
    key.push_back(m_rtl_ui ? 'r' : 'l');
    key.append(line);
    auto found = m_visual_cache.find(key);
    if (found != m_visual_cache.end()) return found->second;
    if (m_visual_cache.size() > 20000) m_visual_cache.clear();
    std::string visual;
    if (NeedsShaping(line)) {
        visual = Encode(VisualCodepoints(line, weight, false));
    } else if (MayHoldBidiControl(line)) {
        // Left to right only, maybe a piece of a wrapped Arabic line ("⁨6⁩"): drop the controls.
        for (char32_t cp : Decode(line)) {
            if (!BidiControl(cp)) Encode(cp, visual);
        }
    } else {
        visual = std::string(line);
    }
    return m_visual_cache.emplace(std::move(key), std::move(visual)).first->second;
}

const std::vector<ComplexText::Line>& ComplexText::Wrap(ImFont* font, std::string_view text, float width) {
    std::string key = std::to_string(reinterpret_cast<uintptr_t>(font)) + "|" + std::to_string(std::lround(width)) + (m_rtl_ui ? "r|" : "l|");
    key.append(text);
    auto found = m_wrap_cache.find(key);
    if (found != m_wrap_cache.end()) return found->second;
    if (m_wrap_cache.size() > 20000) m_wrap_cache.clear();

    std::vector<Line> lines;
    auto measure = [&](std::string_view logical) {
        if (!NeedsShaping(logical) && !MayHoldBidiControl(logical)) return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, logical.data(), logical.data() + logical.size()).x;
        const std::string& visual = Visual(font, logical);
        return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, visual.c_str(), visual.c_str() + visual.size()).x;
    };
    auto push = [&](std::string_view logical) {
        while (!logical.empty() && logical.back() == ' ') logical.remove_suffix(1);
        Line line;
        line.visual = Visual(font, logical);
        line.width = measure(logical);
        // Found once here, with the cached line, not on every frame that draws it.
        for (char32_t cp : Decode(line.visual)) {
            if (cp >= 0x20 && (cp > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(cp)))) line.missing.push_back(cp);
        }
        lines.push_back(std::move(line));
    };
    std::string_view rest = text;
    while (true) {
        const size_t newline = rest.find('\n');
        const std::string_view paragraph = rest.substr(0, newline);
        // Break opportunities (byte offsets where a line may end): after spaces, around CJK.
        std::vector<size_t> offsets;
        const std::u32string cps = Decode(paragraph, &offsets);
        offsets.push_back(paragraph.size());
        std::vector<size_t> breaks;
        for (size_t i = 0; i + 1 < cps.size(); ++i) {
            if (cps[i] == U' ' || ((IsCjk(cps[i]) || IsCjk(cps[i + 1])) && !NoBreakBefore(cps[i + 1]) && cps[i + 1] != U' ')) {
                breaks.push_back(offsets[i + 1]);
            }
        }
        breaks.push_back(paragraph.size());
        size_t start = 0;
        while (start < paragraph.size()) {
            // The longest run of words from `start` that fits.
            size_t best = 0;
            for (size_t b : breaks) {
                if (b <= start) continue;
                if (measure(paragraph.substr(start, b - start)) > width) break;
                best = b;
            }
            if (best == 0) {
                // One word wider than the line: cut it between characters.
                const std::u32string word = Decode(paragraph.substr(start));
                std::string piece;
                size_t used = 0;
                for (char32_t cp : word) {
                    std::string next = piece;
                    Encode(cp, next);
                    if (!piece.empty() && measure(next) > width) break;
                    piece = std::move(next);
                    used = piece.size();
                }
                best = start + std::max<size_t>(used, 1);
            }
            push(paragraph.substr(start, best - start));
            start = best;
            while (start < paragraph.size() && paragraph[start] == ' ') ++start;
        }
        if (paragraph.empty()) push(paragraph);
        if (newline == std::string_view::npos) break;
        rest.remove_prefix(newline + 1);
    }
    return m_wrap_cache.emplace(std::move(key), std::move(lines)).first->second;
}

std::vector<uint32_t> ComplexText::GlyphIds(std::string_view line, int weight) {
    std::vector<uint32_t> ids;
    if (!m_ready) return ids;
    const std::u32string visual = VisualCodepoints(line, weight, false);
    for (char32_t cp : visual) {
        auto found = m_by_codepoint.find(cp);
        ids.push_back(found != m_by_codepoint.end() ? found->second.glyph : 0);
    }
    return ids;
}

} // namespace render
