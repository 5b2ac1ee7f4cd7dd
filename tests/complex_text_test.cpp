// Right-to-left and CJK text as the kiosk lays it out (render/complex_text.h): bidi order,
// shaping against what HarfBuzz gives the same text, line breaking, and the atlas covering
// the sample directory's Arabic text. The pixels are compared with hb-view in
// tests/arabic_shaping_test.py.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/app/i18n.h"
#include "render/complex_text.h"
#include "render/fonts.h"
#include "test_support.h"

namespace {

std::u32string Codepoints(const std::string& text) {
    std::u32string out;
    for (const char* s = text.c_str(); *s;) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, s, nullptr);
        if (n <= 0) break;
        s += n;
        out.push_back(c);
    }
    return out;
}

bool Private(char32_t c) { return c >= 0xE000 && c <= 0xF8FF; }

struct Atlas {
    render::FontSet fonts;
    explicit Atlas(const std::string& text, float em = 24) {
        ImGui::CreateContext();
        render::FontRequest request = render::DefaultFontRequest();
        request.em = em;
        request.text = text;
        fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
    }
    ~Atlas() { ImGui::DestroyContext(); }
    render::ComplexText& Complex() { return *fonts.complex; }
};

bool ArabicFontPresent() {
    return std::filesystem::exists("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf");
}

} // namespace

TEST_CASE("only right-to-left text is shaped") {
    CHECK_FALSE(render::NeedsShaping("Homework Help Club"));
    CHECK_FALSE(render::NeedsShaping("Câu lạc bộ Giúp làm Bài tập"));
    CHECK_FALSE(render::NeedsShaping("作业辅导俱乐部"));
    CHECK(render::NeedsShaping("نادي المساعدة"));
    CHECK(render::NeedsShaping("שלום"));
    CHECK(render::NeedsShaping("\xEF\xBB\xBF\xEF\xBA\x8D"));   // a presentation form
    CHECK_FALSE(render::NeedsShaping("\xEF\xBB\xBF"));          // a byte-order mark is not
    Atlas atlas("");
    CHECK(render::NeedsShaping(std::string("\xD8", 1)));  // a cut-off Arabic letter: shaped, drawn as U+FFFD
    CHECK_FALSE(atlas.fonts.complex->Visual(atlas.fonts.body, std::string("\xD8", 1)).empty());
}

TEST_CASE("a line in Arabic reads right to left, with Latin and numbers in their own order") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    Atlas atlas("شهادة GED واستعادة الساعات\nالحافلة 4 أو 7؛ موقف سيارات مجاني.\n(541) 555-0140");
    ImFont* body = atlas.fonts.body;
    atlas.Complex().SetRightToLeft(true);  // as on the Arabic screens
    // "GED" inside an Arabic line: the Arabic reads from the right, so in visual order (left
    // to right) "GED" comes first, itself left to right; the Arabic is shaped glyphs.
    const std::u32string ged = Codepoints(atlas.Complex().Visual(body, "شهادة GED"));
    REQUIRE(ged.size() > 4);
    CHECK(ged.substr(0, 3) == U"GED");
    for (size_t i = 4; i < ged.size(); ++i) CHECK(Private(ged[i]));
    // Two numbers in an Arabic sentence: 7 is read after 4, so it is to the left of it.
    const std::u32string bus = Codepoints(atlas.Complex().Visual(body, "الحافلة 4 أو 7؛ موقف سيارات مجاني."));
    REQUIRE(bus.find(U'7') != std::u32string::npos);
    CHECK(bus.find(U'7') < bus.find(U'4'));
    // A phone number alone is left to right, untouched.
    CHECK(atlas.Complex().Visual(body, "(541) 555-0140") == "(541) 555-0140");
    CHECK(atlas.Complex().Visual(body, "Homework Help Club") == "Homework Help Club");
    CHECK(atlas.Complex().Missing() == 0);
}

TEST_CASE("a line mixing both directions is laid out in the screens' direction") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    const std::string line = "Ana L.، اختر برنامجك:";  // "{name}, choose your program:" in Arabic
    Atlas atlas(line);
    ImFont* body = atlas.fonts.body;
    // Arabic screens: the sentence reads from the right, so the name is at the right end.
    atlas.Complex().SetRightToLeft(true);
    const std::u32string rtl = Codepoints(atlas.Complex().Visual(body, line));
    REQUIRE(rtl.size() > 6);
    CHECK(rtl.find(U"Ana L") == rtl.size() - 5);
    // Left-to-right screens: the name first.
    atlas.Complex().SetRightToLeft(false);
    const std::u32string ltr = Codepoints(atlas.Complex().Visual(body, line));
    CHECK(ltr.find(U"Ana L") == 0);
    // One direction only: the screens' direction does not matter.
    atlas.Complex().SetRightToLeft(true);
    CHECK(atlas.Complex().Visual(body, "Homework Help Club.") == "Homework Help Club.");
}

TEST_CASE("a name filled into an Arabic sentence keeps its full stop at its own end, and isolates draw nothing") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    // "{names} can go home with {adult}. Goodbye!" in Arabic, as the goodbye fills it.
    const std::string filled = kiosk::Fill(kiosk::Fill("يمكن لـ {names} العودة إلى المنزل مع {adult}. مع السلامة!", "{names}", "Maria G."),
                                           "{adult}", "Ana Garcia");
    REQUIRE(filled.find("\u2068Maria G.\u2069") != std::string::npos);  // first-strong isolates
    Atlas atlas(filled);
    ImFont* body = atlas.fonts.body;
    atlas.Complex().SetRightToLeft(true);
    const std::u32string visual = Codepoints(atlas.Complex().Visual(body, filled));
    // Left to right on screen: the name reads "Maria G." with its full stop after the G.
    CHECK(visual.find(U"Maria G.") != std::u32string::npos);
    CHECK(visual.find(U"Ana Garcia") != std::u32string::npos);
    for (char32_t c : visual) CHECK_FALSE(render::BidiControl(c));
    // Without the isolate, the bidi algorithm gives the stop to the Arabic around it: ".Maria G".
    const std::u32string bare = Codepoints(atlas.Complex().Visual(body, "يمكن لـ Maria G. العودة"));
    CHECK(bare.find(U"Maria G.") == std::u32string::npos);
    // An English sentence with a name in Latin letters is left alone.
    CHECK(kiosk::Fill("{names} can go home", "{names}", "Maria G.") == "Maria G. can go home");
}

TEST_CASE("an Arabic name in an English sentence keeps its full stop at its own end") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    // "Welcome, {name}!" on an English check-in screen for a student named in Arabic: the name
    // is isolated too, so its full stop stays at the name's own end (its left on screen), not
    // between the name and the "!".
    const std::string welcome = kiosk::Fill("Welcome, {name}!", "{name}", "مريم ح.");
    CHECK(welcome == "Welcome, \u2068مريم ح.\u2069!");
    Atlas atlas(welcome + "\nWelcome, مريم ح.!");
    atlas.Complex().SetRightToLeft(false);
    const std::u32string shown = Codepoints(atlas.Complex().Visual(atlas.fonts.body, welcome));
    REQUIRE(shown.size() > 10);
    CHECK(shown.substr(0, 9) == U"Welcome, ");
    // "Welcome, " then the name, shaped (its full stop is shaped with it, drawn at its left
    // end), then "!": no plain full stop after the name.
    CHECK(shown.back() == U'!');
    CHECK(shown[shown.size() - 2] != U'.');
    for (size_t i = 9; i + 1 < shown.size(); ++i) CHECK(Private(shown[i]));
    for (char32_t c : shown) CHECK_FALSE(render::BidiControl(c));
    const std::u32string bare = Codepoints(atlas.Complex().Visual(atlas.fonts.body, "Welcome, مريم ح.!"));
    REQUIRE(bare.size() > 10);
    CHECK(bare[bare.size() - 2] == U'.');  // without the isolate: ".!" after the name
}

TEST_CASE("the glyphs of an Arabic line are HarfBuzz's, joined forms and lam-alef included") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    Atlas atlas("لا سلام");
    const auto ids = atlas.Complex().GlyphIds("لا سلام", 0);
    // "لا" is one lam-alef ligature, and so is the لا inside "سلام": 5 glyphs for 7 characters.
    CHECK(ids.size() == 5);  // لا + space + س + لا + م
    for (uint32_t id : ids) CHECK(id != 0);
    // The same letter takes different forms where it joins: lam initial vs the ligature.
    CHECK(ids.front() != ids.back());
}

TEST_CASE("typed Arabic shapes from the keyboard's letters in every joining form") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    Atlas atlas("");  // nothing shown yet in Arabic: only the keyboard's forms are in the atlas
    ImGui::GetIO().Fonts->Clear();
    render::FontRequest request = render::DefaultFontRequest();
    request.text = "ابحث";  // Arabic present somewhere, so the shaper is on
    atlas.fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
    const uint64_t before = atlas.Complex().Missing();
    for (const char* typed : {"بطاطس", "مدرسة", "كتب", "حليب طازج", "لا"}) {
        CAPTURE(typed);
        const std::u32string visual = Codepoints(atlas.Complex().Visual(atlas.fonts.body, typed));
        for (char32_t c : visual) CHECK((Private(c) || c == U' '));
        for (uint32_t id : atlas.Complex().GlyphIds(typed, 0)) CHECK(id != 0);
    }
    // Letter forms are there; only a kerning a pair of letters may take is approximated.
    CHECK(atlas.Complex().Missing() - before <= 4);
}

TEST_CASE("lines break between words in Arabic and between characters in Chinese, never wider than asked") {
    const std::string arabic = "مساعدة في الواجبات في كل المواد دون موعد، مع وجبات خفيفة ومكان هادئ للدراسة.";
    const std::string chinese = "每个上学日提供作业辅导、打印和可上网的电脑。持图书馆卡者均可；学区居民可免费办卡。";
    Atlas atlas(arabic + "\n" + chinese);
    ImFont* body = atlas.fonts.body;
    const float width = body->FontSize * 9;
    const auto arabic_lines = atlas.Complex().Wrap(body, arabic, width);  // a copy: the cache may move
    CHECK(arabic_lines.size() >= 3);
    for (const auto& line : arabic_lines) CHECK(line.width <= width + 0.5f);
    const auto chinese_lines = atlas.Complex().Wrap(body, chinese, width);
    CHECK(chinese_lines.size() >= 3);
    for (const auto& line : chinese_lines) {
        CHECK(line.width <= width + 0.5f);
        const std::u32string cps = Codepoints(line.visual);
        REQUIRE_FALSE(cps.empty());
        CHECK(std::u32string(U"，。、；：！？）").find(cps.front()) == std::u32string::npos);  // no line starts with closing punctuation
    }
    // Every character is on some line, in order.
    std::string joined;
    for (const auto& line : chinese_lines) joined += line.visual;
    CHECK(joined == chinese);
    // A hard line end is kept; an empty text is one empty line.
    CHECK(atlas.Complex().Wrap(body, "one\ntwo", 10000).size() == 2);
    CHECK(atlas.Complex().Wrap(body, "", 100).size() == 1);
}

TEST_CASE("the atlas holds every glyph of the sample directory's Arabic text") {
    if (!ArabicFontPresent()) {
        MESSAGE("skipped: Noto Sans Arabic (fonts-noto-core) is not installed");
        return;
    }
    std::ifstream in(test::SampleDirectory("ar"));
    const auto services = nlohmann::json::parse(in);
    std::string text;
    std::vector<std::string> shown;
    for (const auto& s : services) {
        for (const char* field : {"name", "description", "eligibility_description", "fees_description", "application_process"}) {
            if (s.contains(field) && s[field].is_string()) {
                shown.push_back(s[field].get<std::string>());
                text += shown.back() + "\n";
            }
        }
    }
    REQUIRE(shown.size() > 100);
    Atlas atlas(text);
    for (ImFont* font : {atlas.fonts.body, atlas.fonts.heading, atlas.fonts.small}) {
        for (const std::string& field : shown) atlas.Complex().Wrap(font, field, font->FontSize * 14);
    }
    CHECK(atlas.Complex().Missing() == 0);
    CHECK(atlas.Complex().GlyphCount() < 3000);  // well inside the Private Use Area
    MESSAGE("Arabic glyph variants in the atlas: " << atlas.Complex().GlyphCount());
}

TEST_CASE("without an Arabic font the kiosk still draws, unshaped, and says why") {
    ImGui::CreateContext();
    render::FontRequest request = render::DefaultFontRequest();
    request.arabic_paths = {"/nonexistent/NotoSansArabic-Regular.ttf"};
    request.arabic_bold_paths = {};
    request.text = "ابحث عن مساعدة";
    render::FontSet fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
    bool said = false;
    for (const auto& warning : fonts.warnings) said |= warning.find("Noto Sans Arabic") != std::string::npos;
    CHECK(said);
    CHECK_FALSE(fonts.complex->Ready());
    CHECK_FALSE(fonts.complex->Visual(fonts.body, "ابحث").empty());
    ImGui::DestroyContext();
}

namespace {

// A glyph's pixels in the atlas's alpha texture.
std::vector<unsigned char> GlyphPixels(ImFont* font, ImWchar c) {
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    const ImFontGlyph* glyph = font->FindGlyphNoFallback(c);
    std::vector<unsigned char> out;
    if (!glyph || !pixels) return out;
    const int x0 = static_cast<int>(glyph->U0 * width + 0.5f), x1 = static_cast<int>(glyph->U1 * width + 0.5f);
    const int y0 = static_cast<int>(glyph->V0 * height + 0.5f), y1 = static_cast<int>(glyph->V1 * height + 0.5f);
    out.push_back(static_cast<unsigned char>(x1 - x0));
    out.push_back(static_cast<unsigned char>(y1 - y0));
    for (int y = y0; y < y1; ++y) out.insert(out.end(), pixels + y * width + x0, pixels + y * width + x1);
    return out;
}

struct CjkBuild {
    bool from_cache = false;
    std::vector<unsigned char> zhong, xue, bold_xue;
    float advance = 0;
};

CjkBuild BuildCjk(const std::string& text, const std::string& cache_dir) {
    ImGui::CreateContext();
    render::FontRequest request = render::DefaultFontRequest();
    request.text = text;
    request.cache_dir = cache_dir;
    const render::FontSet fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
    CjkBuild out;
    out.from_cache = fonts.complex->FallbackFromCache();
    out.zhong = GlyphPixels(fonts.body, 0x4E2D);     // 中
    out.xue = GlyphPixels(fonts.body, 0x5B66);       // 学
    out.bold_xue = GlyphPixels(fonts.heading, 0x5B66);
    if (const ImFontGlyph* g = fonts.body->FindGlyphNoFallback(0x4E2D)) out.advance = g->AdvanceX;
    ImGui::DestroyContext();
    return out;
}

bool CjkFontPresent() {
    for (const std::string& path : render::DefaultFontRequest().cjk_paths) {
        if (std::filesystem::exists(path)) return true;
    }
    return false;
}

} // namespace

TEST_CASE("the Chinese glyphs' font cut is made once, opened on the next start instead of the collection, and draws the same pixels") {
    if (!CjkFontPresent()) {
        MESSAGE("skipped: Noto Sans CJK (fonts-noto-cjk) is not installed");
        return;
    }
    test::ScratchDir dir;
    const std::string cache = dir / "font-cache";
    const std::string text = "English\nEspañol\n中文\n学生";
    const CjkBuild reference = BuildCjk(text, "");  // the collection itself, nothing kept
    REQUIRE(reference.zhong.size() > 2 + 100);
    REQUIRE(reference.bold_xue.size() > 2 + 100);
    CHECK_FALSE(std::filesystem::exists(cache));

    const CjkBuild first = BuildCjk(text, cache);
    CHECK_FALSE(first.from_cache);  // made now, from the collection
    std::vector<std::filesystem::path> cuts;
    for (const auto& entry : std::filesystem::directory_iterator(cache)) cuts.push_back(entry.path());
    REQUIRE(cuts.size() == 1);
    CHECK(std::filesystem::file_size(cuts[0]) < 20000);  // a few glyphs, not 19 MB
    const CjkBuild second = BuildCjk(text, cache);
    CHECK(second.from_cache);
    CHECK(second.zhong == reference.zhong);
    CHECK(second.xue == reference.xue);
    CHECK(second.bold_xue == reference.bold_xue);  // emboldened the same way
    CHECK(second.advance == reference.advance);

    // A damaged cut (a full disk, a killed write) is not trusted: the collection is used and
    // the cut made again.
    {
        std::ofstream damage(cuts[0], std::ios::binary | std::ios::trunc);
        damage << "not a font";
    }
    const CjkBuild damaged = BuildCjk(text, cache);
    CHECK_FALSE(damaged.from_cache);
    CHECK(damaged.zhong == reference.zhong);
    const CjkBuild repaired = BuildCjk(text, cache);
    CHECK(repaired.from_cache);
    CHECK(repaired.xue == reference.xue);

    // Other text, another cut; only the newest few are kept.
    for (const char* more : {"书法", "作业", "电脑", "学区", "图书馆"}) (void)BuildCjk(text + "\n" + more, cache);
    size_t kept = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cache)) kept += entry.path().extension() == ".otf" ? 1 : 0;
    CHECK(kept == 4);
}
