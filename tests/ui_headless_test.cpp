// The real draw code, headless: an ImGui context with no renderer, taps fed as a
// touchscreen sends them (the pointer jumps and presses in the same frame), screens checked
// through the model and the named tap targets.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>

#include "base/secret_hash.h"
#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/directory_cache.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/search_model.h"
#include "kiosk/app/staff_model.h"
#include "kiosk/app/staff_pin.h"
#include "storage/checkin_store.h"
#include "storage/program_import.h"
#include "kiosk/ui/views.h"
#include "render/fonts.h"
#include "render/headless.h"
#include "render/icons.h"
#include "render/theme.h"
#include "storage/database.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "kiosk_harness.h"
#include "test_support.h"

using namespace kiosk;

using test::Harness;
using test::HarnessOptions;


TEST_CASE("a family taps from Welcome to a category, a service and its QR code") {
    Harness h;
    CHECK(h.model.Current() == Screen::Welcome);
    h.Tap("welcome.find_help");
    REQUIRE(h.model.Current() == Screen::Categories);
    // Tutoring is below the fold: the family drags the grid up to reach it.
    CHECK(h.ui->targets.count("category.tutoring") == 0);
    h.Drag("category.food", -500, 10);
    for (int i = 0; i < 30; ++i) h.Frame();  // let the flick glide out
    h.Tap("category.tutoring");
    REQUIRE(h.model.Current() == Screen::ServiceList);
    CHECK(h.model.CategoryName() == "Tutoring");
    h.Tap("service.0");
    REQUIRE(h.model.Current() == Screen::ServiceDetail);
    h.Frame();
    CHECK(h.ui->targets.count("detail.qr") == 1);
    h.Tap("nav.back");
    CHECK(h.model.Current() == Screen::ServiceList);
    h.Tap("nav.home");
    CHECK(h.model.Current() == Screen::Welcome);
}

TEST_CASE("choosing Español changes the UI and the directory text at once") {
    Harness h;
    h.Tap("language.es");
    CHECK(h.model.Language() == "es");
    h.Tap("welcome.find_help");
    h.Tap("category.food");
    CHECK(h.model.CategoryName() == "Alimentos");
    CHECK(h.tr.Tr("Back") == "Atrás");
}

TEST_CASE("search with the on-screen keyboard finds Tutoría as you type") {
    Harness h;
    h.Tap("language.es");
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    REQUIRE(h.model.Current() == Screen::Search);
    for (const char* key : {"key.t", "key.u", "key.t", "key.o", "key.r", "key.i"}) h.Tap(key);
    CHECK(h.model.SearchText() == "tutori");
    h.WaitForSearch();
    REQUIRE(h.ui->targets.count("result.0") == 1);
    h.Tap("result.0");
    REQUIRE(h.model.Current() == Screen::ServiceDetail);
    CHECK(h.cache.Service(h.model.ServiceId(), "es", h.ui->local_now)->service.name.find("Tutor") != std::string::npos);
}

TEST_CASE("a search shows its best page first, and Show more brings the rest") {
    Harness h;
    hsds::DirectoryFeed feed;
    for (int i = 0; i < 70; ++i) {
        hsds::Service s;
        s.id = "pantry-" + std::to_string(i);
        s.name = "Food Pantry " + std::to_string(i);
        s.status = "active";
        feed.services.push_back(s);
    }
    feed.report.services = 70;
    REQUIRE(h.store.ReplaceDirectory(feed, {}).Ok());
    h.app->DirectoryReplaced();
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    for (const char* key : {"key.p", "key.a", "key.n"}) h.Tap(key);
    h.WaitForSearch();
    CHECK(h.app->Search().Find(h.model, h.app->Config(), h.app->LocalNow()).matched == 70);
    // Above the keyboard, the first few; "See 70" sets the keyboard aside for all of them.
    REQUIRE(h.ui->targets.count("key.results") == 1);
    CHECK(h.ui->targets.count("search.more") == 0);
    h.Tap("key.results");
    CHECK(h.model.SearchKeyboardHidden());
    CHECK(h.ui->targets.count("key.q") == 0);
    // A card opens its service; Back returns to the list as it was, keyboard still aside.
    h.Tap("result.1");
    CHECK(h.model.Current() == Screen::ServiceDetail);
    h.Tap("nav.back");
    CHECK(h.model.Current() == Screen::Search);
    CHECK(h.model.SearchKeyboardHidden());
    // Scroll the results with the finger until the button is on screen.
    const float bottom = 800;
    for (int i = 0; i < 40; ++i) {
        auto more = h.ui->targets.find("search.more");
        if (more != h.ui->targets.end() && more->second.y + more->second.h < bottom && more->second.y > 0) break;
        std::string from;
        for (const auto& [name, rect] : h.ui->targets) {
            if (name.rfind("result.", 0) == 0 && rect.y > 0 && rect.y + rect.h < bottom) from = name;
        }
        REQUIRE_MESSAGE(!from.empty(), "no result card is on screen to drag");
        h.Drag(from, -300, 6);
        for (int f = 0; f < 30; ++f) h.Frame();  // let the fling settle
    }
    const auto more = h.ui->targets.find("search.more");
    REQUIRE(more != h.ui->targets.end());
    REQUIRE(more->second.y + more->second.h < bottom);
    CHECK(h.model.SearchPages() == 1);
    h.Tap("search.more");
    CHECK(h.model.SearchPages() == 2);
    h.WaitForSearch();
    CHECK(h.ui->targets.count("search.more") == 0);  // all 70 are listed now
    // The field brings the keyboard back; a new word starts again from the first page.
    h.Tap("search.field");
    CHECK_FALSE(h.model.SearchKeyboardHidden());
    h.Tap("key.t");
    CHECK(h.model.SearchPages() == 1);
}

TEST_CASE("at 800x480 three results fit above a keyboard of 10 mm keys, with the count on the key that shows them all") {
    for (const bool larger : {false, true}) {
        CAPTURE(larger);
        Harness h(800, 480);
        h.Tap("welcome.find_help");
        if (larger) h.model.ToggleLargerText();
        h.Tap("categories.search");
        for (const char* key : {"key.t", "key.u", "key.t"}) h.Tap(key);
        h.WaitForSearch();
        h.Frame();
        const float keyboard_top = h.ui->targets.at("key.q").y;
        int above = 0;
        for (const auto& [name, rect] : h.ui->targets) {
            if (name.rfind("key.", 0) == 0) CHECK_MESSAGE(rect.h >= 52.0f, name << " is " << rect.h << " px tall");
            if (name.rfind("result.", 0) == 0) {
                CHECK(rect.h >= 52.0f);
                CHECK(rect.y + rect.h <= keyboard_top);
                ++above;
            }
        }
        const int matched = h.app->Search().Find(h.model, h.app->Config(), h.app->LocalNow()).matched;
        REQUIRE(matched >= 3);
        CHECK(above >= (larger ? 2 : 3));
        CHECK(h.ui->clipped.empty());
        // The key says how many there are; it sets the keyboard aside, typing brings it back.
        h.Tap("key.results");
        CHECK(h.model.SearchKeyboardHidden());
        CHECK(h.ui->targets.count("key.t") == 0);
        h.Tap("search.field");
        CHECK_FALSE(h.model.SearchKeyboardHidden());
        CHECK(h.ui->targets.count("key.t") == 1);
    }
}

TEST_CASE("a search that finds nothing offers the categories instead") {
    Harness h;
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    for (const char* key : {"key.z", "key.z", "key.q"}) h.Tap(key);
    h.WaitForSearch();
    CHECK(h.ui->targets.count("result.0") == 0);
    REQUIRE(h.ui->targets.count("empty.category.food") == 1);
    h.Tap("empty.category.food");
    CHECK(h.model.Current() == Screen::ServiceList);
}

TEST_CASE("the accents layer types á and the Vietnamese tones") {
    Harness h;
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    h.Tap("key.layer.áéí");
    h.Tap("key.á");
    h.Tap("key.ê");
    h.Tap("key.tone.4");
    CHECK(h.model.SearchText() == "áệ");
    h.Tap("key.backspace");
    CHECK(h.model.SearchText() == "á");
}

TEST_CASE("a drag that starts on a card scrolls the list and never opens the card") {
    Harness h(800, 480);
    h.Tap("welcome.find_help");
    h.Tap("category.family");
    REQUIRE(h.model.Current() == Screen::ServiceList);
    const float before = h.Center("service.1").y;
    h.Drag("service.1", -120, 6);
    CHECK(h.model.Current() == Screen::ServiceList);  // not opened
    h.Frame();
    CHECK(h.Center("service.1").y < before - 60);      // the list moved with the finger
}

TEST_CASE("a whole visit, then Home: every screen opens for the next person as for the first") {
    Harness h(800, 480);
    // What a first visitor sees.
    h.Tap("welcome.find_help");
    const float first_tile = h.Center("category.family").y;
    CHECK(h.ScrollOf("categories") == 0.0f);
    h.Tap("nav.home");
    // A visit: Vietnamese, larger text, categories scrolled to the bottom, a service read
    // halfway down, a search typed on the accents layer.
    h.Tap("language.vi");
    h.Tap("display.larger");
    h.Tap("display.contrast");
    CHECK(h.ui->palette == &render::PaletteFor(true));  // the screens draw in the session's mode
    h.Tap("welcome.find_help");
    h.Drag("category.family", -600, 8);
    h.Frame();
    REQUIRE(h.ScrollOf("categories") > 100.0f);
    h.Tap("categories.search");
    h.Tap("key.t");
    h.Tap("key.u");
    h.Tap("key.layer.áéí");
    REQUIRE(h.ui->keyboard.Layer() != KeyboardLayer::Letters);
    h.Tap("nav.home");
    // The next person.
    CHECK(h.model.Current() == Screen::Welcome);
    CHECK(h.model.Language() == "en");
    CHECK_FALSE(h.model.LargerText());
    CHECK_FALSE(h.model.HighContrast());
    CHECK(h.ui->palette == &render::PaletteFor(false));
    CHECK(h.model.SearchText().empty());
    h.Tap("welcome.find_help");
    h.Frame();
    CHECK(h.ScrollOf("categories") == 0.0f);  // at the top, not where it was left
    CHECK(h.Center("category.family").y == doctest::Approx(first_tile));
    h.Tap("categories.search");
    CHECK(h.ui->keyboard.Layer() == KeyboardLayer::Letters);
    CHECK(h.model.SearchText().empty());
}

TEST_CASE("a second service opens at its top, with its first lines in view") {
    Harness h(800, 480);
    h.Tap("welcome.find_help");
    h.Tap("category.family");
    h.Tap("service.0");
    REQUIRE(h.model.Current() == Screen::ServiceDetail);
    h.Frame();
    ImGuiWindow* detail = nullptr;
    for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows) {
        if (std::string(window->Name).find("/detail") != std::string::npos) detail = window;
    }
    REQUIRE(detail != nullptr);
    h.DragAt(ImVec2(200, 300), -400, 8);  // read on: the description scrolls up
    h.Frame();
    REQUIRE(detail->Scroll.y > 100.0f);
    h.Tap("nav.back");
    REQUIRE(h.model.Current() == Screen::ServiceList);
    h.Tap("service.1");
    h.Frame();
    CHECK(detail->Scroll.y == 0.0f);
}

TEST_CASE("at 800x480, in English and Spanish, no category or service name is cut short") {
    // Replaces a test that checked rectangles Tap had already clipped (it could not fail):
    // this one reads what the screens actually drew cut short with an ellipsis.
    for (const char* language : {"en", "es"}) {
        CAPTURE(language);
        Harness h(800, 480);
        h.Tap(std::string("language.") + language);
        h.Tap("welcome.find_help");
        CHECK(h.ui->clipped.empty());
        for (const auto& category : h.store.Categories(language)) {
            CAPTURE(category.name);
            h.model.OpenCategory(category.id, category.name);
            h.Frame();
            // Only the cards on screen are drawn: drag through the whole list, keeping what
            // every frame cut short.
            std::vector<std::string> clipped = h.ui->clipped;
            for (int i = 0; i < 12; ++i) {
                h.DragAt(ImVec2(400, 400), -250, 5);
                clipped.insert(clipped.end(), h.ui->clipped.begin(), h.ui->clipped.end());
            }
            storage::ServiceQuery query;
            query.category_id = category.id;
            query.locale = language;
            query.limit = storage::ServiceQuery::kNoLimit;
            for (const auto& service : h.store.Find(query)) {
                CAPTURE(service.name);
                CHECK(std::find(clipped.begin(), clipped.end(), service.name) == clipped.end());
            }
            h.model.Back();
        }
    }
}

TEST_CASE("a name too long for its card is reported cut short, so the test above can fail") {
    Harness h(800, 480);
    const std::string long_name(160, 'W');
    auto parsed = hsds::ParseHsdsText(R"({"id": "long-1", "name": ")" + long_name + R"(", "status": "active",
        "attributes": [{"taxonomy_term": {"id": "t-family", "code": "family", "name": "Family support"}}]})", "test");
    REQUIRE(parsed.Ok());
    REQUIRE(h.store.ReplaceDirectory(parsed.Value(), {}).Ok());
    h.app->DirectoryReplaced();
    h.Tap("welcome.find_help");
    h.Tap("category.family");
    h.Frame();
    CHECK(std::find(h.ui->clipped.begin(), h.ui->clipped.end(), long_name) != h.ui->clipped.end());
}

TEST_CASE("with no font files the kiosk falls back to the built-in font and says so") {
    ImGui::CreateContext();
    render::FontRequest request;
    request.regular_paths = {"/nonexistent/NotoSans-Regular.ttf"};
    request.bold_paths = {"/nonexistent/NotoSans-Bold.ttf"};
    request.icon_paths = {"/nonexistent/MaterialIcons.ttf"};
    request.em = 20;
    request.text = "Tutoría";
    const render::FontSet fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
    CHECK(fonts.body != nullptr);
    CHECK(fonts.title != nullptr);
    CHECK_FALSE(fonts.icons_found);
    REQUIRE(fonts.warnings.size() == 2);
    CHECK(fonts.warnings[0].find("fonts-noto-core") != std::string::npos);
    ImGui::DestroyContext();
}

TEST_CASE("an empty directory gets a friendly screen, not a blank one") {
    Harness h;
    storage::ReplaceOptions allow;
    allow.allow_empty = true;
    REQUIRE(h.store.ReplaceDirectory(hsds::DirectoryFeed{}, allow).Ok());
    h.app->DirectoryReplaced();
    h.Tap("welcome.find_help");
    REQUIRE(h.model.Current() == Screen::Categories);
    CHECK(h.ui->targets.count("category.food") == 0);
    CHECK(h.ui->targets.count("categories.search") == 1);  // search still works, finds nothing
}

TEST_CASE("the glyphs of every shown string are in the font atlas") {
    Harness h;
    for (const char* text : {"Tutoría", "Tiếng Việt", "Học sinh điểm danh", "¿Sigue ahí?", "“quotes” – dash"}) {
        CAPTURE(text);
        const char* p = text;
        while (*p) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            const ImFontGlyph* glyph = h.ui->fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(c));
            CHECK(glyph != nullptr);
        }
    }
    // Every icon the screens use is there (the atlas holds only those of the icon font), and
    // an icon no screen uses is not.
    if (h.ui->fonts.icons_found) {
        for (const char* icon : render::icon::kAll) {
            unsigned int c = 0;
            ImTextCharFromUtf8(&c, icon, nullptr);
            CAPTURE(c);
            CHECK(h.ui->fonts.icons->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
            CHECK(h.ui->fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
        }
        CHECK(h.ui->fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(0xE3AF)) == nullptr);  // camera: unused
    }
}

TEST_CASE("the atlas holds the shown language's glyphs: Chinese and Arabic arrive with their tap, and nothing shown is missing") {
    Harness h;
    auto in_atlas = [&](const std::string& text) {
        const char* p = text.c_str();
        while (*p) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            if (c > ' ' && !h.ui->fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
        }
        return true;
    };
    h.app->Tr().SetLanguage("zh");
    const std::string find_help_zh = h.app->Tr().Tr("Find help");
    h.app->Tr().SetLanguage("en");
    REQUIRE(find_help_zh != "Find help");
    // An English session: Chinese only as the language's own name on Welcome.
    CHECK(in_atlas("中文"));
    CHECK_FALSE(in_atlas(find_help_zh));
    h.Tap("language.zh");
    REQUIRE(h.model.Language() == "zh");
    CHECK(in_atlas(find_help_zh));
    CHECK(h.ui->missing_glyphs.empty());
    h.Tap("welcome.find_help");
    CHECK(h.ui->missing_glyphs.empty());
    // Arabic: its keyboard's letters in every joining form come with the Arabic session.
    h.Tap("nav.home");
    h.Tap("language.ar");
    REQUIRE(h.model.Language() == "ar");
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    for (const char* key : {"key.ط", "key.ع", "key.ا", "key.م"}) h.Tap(key);
    CHECK(h.model.SearchText() == "طعام");
    CHECK(h.ui->missing_glyphs.empty());
    // Back in English, a family can still type any accent and Vietnamese tone.
    h.Tap("nav.home");
    h.Tap("language.en");
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    h.Tap("key.layer.áéí");
    for (const char* key : {"key.ư", "key.ơ", "key.tone.4", "key.đ", "key.ç", "key.¿"}) h.Tap(key);
    CHECK(h.model.SearchText() == "ượđç¿");
    CHECK(h.ui->missing_glyphs.empty());
    CHECK(in_atlas("ỹỸẴẵ"));
}

TEST_CASE("students' and programs' names in any script are drawn, even when the roster arrives after the kiosk started") {
    // The sync thread stores a new roster and program list through a connection of its own;
    // the kiosk notices (data_version) and its atlas takes the names' letters: a Chinese,
    // an Arabic and a Vietnamese name in an English session, and a program's name.
    Harness h;
    auto in_atlas = [&](ImFont* font, const std::string& text) {
        const char* p = text.c_str();
        while (*p) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            if (c > ' ' && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
        }
        return true;
    };
    REQUIRE(h.model.Language() == "en");
    CHECK_FALSE(in_atlas(h.ui->fonts.body, "李小龙"));  // not before the roster is there
    {
        storage::Database sync_connection(h.dir / "kiosk.db");
        storage::CheckinStore sync_store(sync_connection);
        storage::Program calligraphy{"calligraphy", "书法 Calligraphy", "Trailblazers", "Phòng 7", "", {{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}};
        REQUIRE(sync_store.ReplacePrograms({calligraphy}, "etag-2").Ok());
        REQUIRE(sync_store.ReplaceRoster({{"222333", "李小龙", {"calligraphy"}},
                                          {"444555", "Mariam Haddad", {"calligraphy"}},
                                          {"666777", "Ánh Trần", {"calligraphy"}}}, "etag-2").Ok());
    }
    h.now += 3;  // the kiosk looks for other connections' changes every few seconds
    for (int i = 0; i < 3; ++i) h.Frame();
    for (ImFont* font : {h.ui->fonts.body, h.ui->fonts.small, h.ui->fonts.heading, h.ui->fonts.title}) {
        CHECK(in_atlas(font, storage::ShortName("李小龙")));
        CHECK(in_atlas(font, "书法 Calligraphy"));
        CHECK(in_atlas(font, storage::ShortName("Ánh Trần")));
    }
    for (const char* id : {"222333", "666777"}) {
        h.Tap("welcome.check_in");
        h.Scan(id);
        if (h.flow->Step() == CheckinStep::Saving) h.WaitForWorker();
        REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
        CAPTURE(h.flow->Confirmed().name);
        CHECK(h.ui->missing_glyphs.empty());
        h.now += 6;  // back to Welcome by itself
        for (int i = 0; i < 3; ++i) h.Frame();
    }
    // An Arabic name in an English session: shaped like any Arabic text.
    {
        storage::Database sync_connection(h.dir / "kiosk.db");
        REQUIRE(storage::CheckinStore(sync_connection).ReplaceRoster({{"888999", "مريم حداد", {"calligraphy"}}}, "etag-3").Ok());
    }
    h.now += 3;
    for (int i = 0; i < 3; ++i) h.Frame();
    h.Tap("welcome.check_in");
    h.Scan("888999");
    if (h.flow->Step() == CheckinStep::Saving) h.WaitForWorker();
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    CHECK(h.ui->missing_glyphs.empty());
}

TEST_CASE("check-in by tapping the keypad: the record is written on the writer thread, the confirmation follows, then clears itself") {
    Harness h;
    h.Tap("welcome.check_in");
    REQUIRE(h.model.Current() == Screen::CheckIn);
    for (const char* key : {"keypad.1", "keypad.2", "keypad.3", "keypad.4", "keypad.5", "keypad.6"}) h.Tap(key);
    CHECK(h.flow->Typed() == "123456");
    h.Tap("keypad.enter");
    if (h.flow->Step() == CheckinStep::Saving) h.WaitForWorker();  // the commit's outcome, through the inbox
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    CHECK(h.flow->Confirmed().name == "Maria G.");
    CHECK(h.checkins.Counts().pending == 1);
    h.now += 6;  // five seconds later the kiosk is back at Welcome with nothing of Maria on it
    h.Frame();
    CHECK(h.model.Current() == Screen::Welcome);
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    CHECK(h.flow->Confirmed().name.empty());
}

TEST_CASE("a barcode scanner's digits and Enter arriving in one batch check in once") {
    Harness h;
    h.Tap("welcome.check_in");
    h.Scan("123456");
    if (h.flow->Step() == CheckinStep::Saving) h.WaitForWorker();
    CHECK(h.flow->Step() == CheckinStep::Confirmed);
    // The scanner fires again straight away: nothing more is recorded.
    h.Scan("123456");
    for (int i = 0; i < 10; ++i) h.Frame();
    CHECK(h.checkins.Counts().pending == 1);
}

TEST_CASE("letters typed on the check-in screen give a message and no record") {
    Harness h;
    h.Tap("welcome.check_in");
    h.Scan("12ab45");
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    CHECK_FALSE(h.flow->Message().empty());
    CHECK(h.checkins.Counts().pending == 0);
}

namespace {

double ThreadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

} // namespace

TEST_CASE("staff: a three-second hold on the corner, the PIN checked off the UI thread, the panel, Sync now, Exit kiosk armed then confirmed") {
    HarnessOptions options;
    options.staff_pin_hash = HashPin("2468");  // the real cost (600 000 iterations)
    options.server_url = "https://127.0.0.1:9/";  // loopback, nothing listens: every sync fails
    Harness h(options);
    // On a screen whose Back button sits in the corner, a short press there is just Back.
    h.Tap("welcome.find_help");
    REQUIRE(h.model.Current() == Screen::Categories);
    const ImVec2 corner(h.ui->targets["nav.back"].x + 5, h.ui->targets["nav.back"].y + 5);
    h.platform.Press(corner.x, corner.y);
    for (int i = 0; i < 60; ++i) h.Frame();
    h.platform.Release();
    h.Frame();
    CHECK(h.model.Current() == Screen::Welcome);
    h.platform.Leave();
    h.Frame();
    h.Tap("welcome.find_help");
    // Held three seconds: the PIN pad.
    h.platform.Press(corner.x, corner.y);
    for (int i = 0; i < 185 && h.model.Current() != Screen::Staff; ++i) h.Frame();
    CHECK(h.now > 3.0);
    REQUIRE(h.model.Current() == Screen::Staff);
    h.platform.Release();
    h.Frame();
    h.platform.Leave();
    h.Frame();
    CHECK(h.model.Current() == Screen::Staff);  // the release over Back did not fire it
    for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.8"}) h.Tap(key);
    StaffGate& gate = h.app->Staff();
    CHECK(gate.TypedLength() == 4);
    // While the slow hash runs the loop keeps drawing: no frame costs the UI thread 50 ms.
    h.Tap("pin.enter");
    double slowest_ms = 0;
    int frames_while_checking = 0;
    const auto started = std::chrono::steady_clock::now();
    while (gate.Step() == StaffStep::Checking && std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
        const double t0 = ThreadCpuMs();
        if (h.Frame()) ++frames_while_checking;
        slowest_ms = std::max(slowest_ms, ThreadCpuMs() - t0);
        h.platform.MoveTo(900, 700);  // a finger resting on the screen keeps frames coming
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    MESSAGE("frames drawn while the PIN was checked: " << frames_while_checking << ", slowest " << slowest_ms << " ms of UI-thread CPU");
    REQUIRE(gate.Step() == StaffStep::Open);
    CHECK(frames_while_checking >= 5);
    CHECK(slowest_ms < 50.0);
    h.platform.Leave();
    h.Frame();
    h.Frame();
    // Sync now: the sync thread's outcome reaches the panel through the inbox.
    const int runs = h.app->SyncRuns();
    h.Tap("staff.sync_now");
    for (int i = 0; i < 200 && h.app->SyncRuns() <= runs; ++i) h.app->WaitForDelivery(h.platform, h.view, 0.1);
    CHECK(h.app->SyncRuns() > runs);
    h.Frame();
    CHECK_FALSE(h.app->StaffStatusNow().last_error.empty());  // nothing listens on port 9
    CHECK_FALSE(h.app->StaffStatusNow().last_attempt.empty());
    h.Tap("staff.exit");
    CHECK(!h.ui->exit_requested);
    h.Tap("staff.exit");
    CHECK(h.ui->exit_requested);
    // Leaving the panel locks it again.
    h.Tap("nav.home");
    CHECK(h.model.Current() == Screen::Welcome);
    CHECK(gate.Step() == StaffStep::EnterPin);
}

TEST_CASE("with the search worker, typing never waits for the query and the results arrive through the inbox") {
    Harness h;
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    for (const char* key : {"key.t", "key.u", "key.t", "key.o", "key.r"}) h.Tap(key);
    CHECK(h.model.SearchText() == "tutor");
    h.WaitForSearch();
    CHECK(h.ui->targets.count("result.0") == 1);
    // A word with no match says so once its answer is in, not before.
    for (const char* key : {"key.q", "key.q"}) h.Tap(key);
    h.WaitForSearch();
    CHECK(h.ui->targets.count("result.0") == 0);
    CHECK(h.ui->targets.count("empty.category.food") == 1);
}

TEST_CASE("a line of students: Lucas scans while Maria's choice is up; Lucas is checked in, Maria is not") {
    Harness h;
    h.TwoPrograms();
    h.Scan("123456");  // on Welcome: a scan needs no tap first
    REQUIRE(h.model.Current() == Screen::CheckIn);
    REQUIRE(h.flow->Step() == CheckinStep::ChooseProgram);
    CHECK(h.flow->Name() == "Maria G.");
    // Maria walks away; Lucas scans.
    h.Scan("654321");
    h.WaitForSave();
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    CHECK(h.flow->Confirmed().name == "Lucas N.");
    CHECK(h.checkins.LastRecordOf("654321").has_value());
    CHECK_FALSE(h.checkins.LastRecordOf("123456").has_value());
    CHECK(h.checkins.Counts().pending == 1);
}

TEST_CASE("a scan split across slow frames over the last student's notice still checks in") {
    // On a loaded Pi one frame can take over a second: the digits land in one frame, Enter in
    // the next, too late to look like a scanner's burst. The check-in screen still takes them.
    Harness h;
    h.TwoPrograms();
    h.Scan("654321");
    h.WaitForSave();
    h.Scan("654321");
    REQUIRE(h.flow->Step() == CheckinStep::Already);
    h.platform.Type("123456");
    h.Frame();
    h.now += 1.5;
    h.platform.Key(render::HeadlessPlatform::kKeyEnter);
    h.Frame();
    h.Frame();
    REQUIRE(h.flow->Step() == CheckinStep::ChooseProgram);
    CHECK(h.flow->Name() == "Maria G.");
    CHECK(h.checkins.Counts().pending == 1);
}

TEST_CASE("a badge scanned while a family browses ends their session and starts the student's check-in") {
    Harness h;
    h.Tap("language.vi");
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    h.Tap("key.t");
    REQUIRE(h.model.Current() == Screen::Search);
    h.Scan("123456");
    CHECK(h.model.Language() == "en");      // the family's session is over
    CHECK(h.model.SearchText().empty());
    REQUIRE(h.model.Current() == Screen::CheckIn);
    h.WaitForSave();
    CHECK(h.flow->Confirmed().name == "Maria G.");
    CHECK(h.checkins.Counts().pending == 1);
    // Words typed on a keyboard are not a badge: they stay in the search box.
    h.Tap("nav.home");
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    h.Scan("food");
    CHECK(h.model.Current() == Screen::Search);
    CHECK(h.model.SearchText() == "food");
}

TEST_CASE("a choice nobody makes goes away after 20 seconds, recording nothing") {
    Harness h;
    h.TwoPrograms();
    h.Scan("123456");
    REQUIRE(h.flow->Step() == CheckinStep::ChooseProgram);
    h.now += 19;
    h.Frame();
    CHECK(h.flow->Step() == CheckinStep::ChooseProgram);
    h.now += 1.5;
    h.Frame();
    h.Frame();
    CHECK(h.model.Current() == Screen::Welcome);
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    CHECK(h.checkins.Counts().pending == 0);
}

TEST_CASE("an unknown id asks first; Check in anyway records it for staff to confirm") {
    Harness h;
    h.Scan("999999");
    REQUIRE(h.flow->Step() == CheckinStep::UnknownId);
    CHECK(h.ui->targets.count("checkin.check_number") == 1);
    h.Tap("checkin.anyway");
    REQUIRE(h.flow->Step() == CheckinStep::ChooseProgram);  // not on the roster: they say which program
    CHECK(h.flow->Name().empty());
    h.Tap("checkin.option.0");
    h.WaitForSave();
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    const auto record = h.checkins.LastRecordOf("999999");
    REQUIRE(record.has_value());
    CHECK_FALSE(record->verified);
    // A mistyped number, checked instead: back on the keypad with it, nothing recorded.
    h.now += 6;
    h.Frame();
    h.Scan("888888");
    h.Tap("checkin.check_number");
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    CHECK(h.flow->Typed() == "888888");
    CHECK_FALSE(h.checkins.LastRecordOf("888888").has_value());
}

TEST_CASE("checking out is its own question, in its own colour, and says checked out") {
    Harness h;
    h.Scan("123456");
    h.WaitForSave();
    h.now += 200;  // past the duplicate window
    h.Frame();
    h.Scan("123456");
    REQUIRE(h.flow->Step() == CheckinStep::ChooseProgram);
    CHECK(h.flow->Leaving());
    h.Tap("checkin.option.0");
    h.WaitForSave();
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    CHECK(h.flow->Confirmed().kind == storage::CheckinKind::Out);
    CHECK(h.checkins.LastRecordOf("123456")->kind == storage::CheckinKind::Out);
}

TEST_CASE("as a check-in station the kiosk opens on the keypad, returns to it after each student, and families still find help") {
    HarnessOptions options;
    options.station_mode = "always";
    Harness h(options);
    CHECK(h.app->StationNow());
    REQUIRE(h.model.Current() == Screen::CheckIn);
    h.Scan("123456");
    h.WaitForSave();
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    h.now += 6;
    h.Frame();
    h.Frame();
    CHECK(h.model.Current() == Screen::CheckIn);  // ready for the next student
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    h.Tap("checkin.families");
    REQUIRE(h.model.Current() == Screen::Welcome);
    h.Tap("welcome.find_help");
    CHECK(h.model.Current() == Screen::Categories);
    h.Tap("nav.home");
    CHECK(h.model.Current() == Screen::CheckIn);
}

TEST_CASE("staff review at the kiosk: a mistyped id corrected to the right student and program, another record voided") {
    HarnessOptions options;
    options.staff_pin_hash = HashPin("2468", 100000);
    Harness h(options);
    h.TwoPrograms();
    // A mistyped id, checked in anyway to Art; Lucas recorded in Robotics by mistake.
    h.Scan("999999");
    h.Tap("checkin.anyway");
    size_t art = 0;
    for (size_t i = 0; i < h.flow->Options().size(); ++i) {
        if (h.flow->Options()[i].program.id == "art") art = i;
    }
    h.Tap("checkin.option." + std::to_string(art));
    h.WaitForSave();
    REQUIRE(h.checkins.Counts().unverified == 1);
    h.Tap("checkin.done");
    h.OpenStaffPanel();
    h.Frame();
    // The record reads as people read it, and opens for review.
    REQUIRE(h.ui->targets.count("review.unverified.0") == 1);
    h.Tap("review.unverified.0");
    REQUIRE(h.app->Review().IsOpen());
    CHECK(h.ui->targets.count("review.confirm") == 1);
    h.Tap("review.correct");
    for (int i = 0; i < 6; ++i) h.Tap("review.key.erase");
    for (const char* key : {"review.key.1", "review.key.2", "review.key.3", "review.key.4", "review.key.5", "review.key.6"}) h.Tap(key);
    CHECK(h.app->Review().Student() == "123456");
    h.Tap("review.program.robotics");
    h.Tap("review.save");
    while (h.app->Review().IsOpen() && h.app->Review().Saving()) h.WaitForWorker();
    h.Frame();
    CHECK_FALSE(h.app->Review().IsOpen());
    CHECK(h.checkins.Counts().unverified == 0);
    const auto pending = h.checkins.Pending(10);
    REQUIRE(pending.size() == 2);
    CHECK(pending[1].kind == storage::CheckinKind::Correction);
    CHECK(pending[1].student_id == "123456");
    CHECK(pending[1].program_id == "robotics");
    CHECK(pending[1].corrects == pending[0].id);
    CHECK(pending[0].student_id == "999999");  // the original is never changed
    CHECK(h.ui->targets.count("review.unverified.0") == 0);  // nothing left to review
}

TEST_CASE("a directory with English category names only still shows them in Vietnamese and Spanish") {
    Harness h;  // the sample directory in English and Spanish: no Vietnamese text
    h.Tap("language.vi");
    h.Tap("welcome.find_help");
    REQUIRE(h.model.Current() == Screen::Categories);
    h.Tap("category.food");
    CHECK(h.model.CategoryName() == "Thực phẩm");  // from vi.po, not the directory
    h.Tap("nav.home");
    h.Tap("language.es");
    h.Tap("welcome.find_help");
    h.Tap("category.food");
    CHECK(h.model.CategoryName() == "Alimentos");  // the directory's own Spanish
}

TEST_CASE("every touch target is at least 10 mm on the 7-inch display (52 px at 800x480), Larger text included") {
    for (const bool larger : {false, true}) {
        CAPTURE(larger);
        HarnessOptions options = Harness::Sized(800, 480);
        options.staff_pin_hash = HashPin("2468", 100000);
        Harness h(options);
        h.TwoPrograms();
        std::vector<std::string> small;
        auto audit = [&](const std::string& where) {
            for (const auto& [name, rect] : h.ui->target_sizes) {
                if (rect.w < 51.5f || rect.h < 51.5f) {  // (half a pixel: positions are not whole pixels)
                    small.push_back(where + ": " + name + " " + std::to_string(static_cast<int>(rect.w)) + "x" +
                                    std::to_string(static_cast<int>(rect.h)));
                }
            }
        };
        if (larger) h.Tap("display.larger");
        h.Frame();
        audit("welcome");
        h.Tap("welcome.find_help");
        audit("categories");
        auto first = [&](const std::string& prefix) {
            for (const auto& [name, rect] : h.ui->targets) {
                if (name.rfind(prefix, 0) == 0) return name;
            }
            FAIL("no target starting with " << prefix);
            return std::string();
        };
        h.Tap(first("category."));
        audit("service list");
        h.Tap("service.0");
        audit("service detail");
        {
            // A long name in the top bar wraps or is set smaller; it is never cut.
            const auto detail = h.cache.Service(h.model.ServiceId(), h.model.Language(), h.ui->local_now);
            REQUIRE(detail);
            const auto& clipped = h.ui->clipped;
            CHECK(std::find(clipped.begin(), clipped.end(), detail->service.name) == clipped.end());
        }
        h.Tap("nav.back");
        h.Tap("nav.back");
        h.Tap("categories.search");
        for (const char* key : {"key.t", "key.u", "key.t"}) h.Tap(key);
        h.WaitForSearch();
        audit("search");
        h.Tap("key.layer.áéí");
        audit("search, accents");
        h.Tap("key.layer.123");
        audit("search, digits");
        h.Tap("key.results");
        audit("search results");
        h.Tap("nav.home");
        if (larger) h.Tap("display.larger");  // a new session: set it again
        h.Scan("123456");
        audit("check-in, choose a program");
        h.Tap("nav.home");
        if (larger) h.Tap("display.larger");
        h.Tap("welcome.check_in");
        audit("check-in keypad");
        h.Tap("nav.home");
        h.OpenStaffPanel();
        audit("staff panel");
        for (const auto& line : small) MESSAGE(line);
        CHECK(small.empty());
    }
}

TEST_CASE("staff see who is waiting to be picked up, how late, who may collect them and any do-not-release note, and release a child with their name and a reason") {
    HarnessOptions options;
    options.staff_pin_hash = HashPin("2468", 100000);
    Harness h(options);
    // A program that ended at 15:00 (the harness's clock says 16:00): Maria is an hour late.
    storage::Program art{"art", "Art Studio", "Trailblazers", "Room 3", "", {{"MO,TU,WE,TH,FR", "13:00", "15:00"}}};
    REQUIRE(h.checkins.ReplacePrograms({art}, "t3").Ok());
    storage::RosterStudent maria{"123456", "Maria G.", {"art"}, true, "1",
                                 {{"ana", "Ana Garcia", "mother", base::HashSecret("4821", 20000), {}}}, "Not to her uncle"};
    REQUIRE(h.checkins.ReplaceRoster({maria}, "t3").Ok());
    REQUIRE(h.checkins.Record("123456", "art", storage::CheckinKind::In, true, {1795536000 - 7200, 0}).Ok());
    h.OpenStaffPanel();
    REQUIRE(h.ui->targets.count("pickup.late.0") == 1);
    const auto& waiting = h.app->StaffStatusNow().awaiting_pickup;
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].minutes_late == 60);
    CHECK(waiting[0].do_not_release == "Not to her uncle");
    REQUIRE(waiting[0].adults.size() == 1);
    CHECK(waiting[0].adults[0].code_hash.empty());  // the panel never holds a hash
    h.Tap("pickup.late.0");
    REQUIRE(h.app->StaffReleaseForm().IsOpen());
    // Not without a name and a reason.
    h.Tap("release.save");
    CHECK(h.app->StaffReleaseForm().IsOpen());
    h.Tap("release.reason.0");
    for (const char* key : {"key.l", "key.e", "key.e"}) h.Tap(key);
    CHECK(h.app->StaffReleaseForm().StaffName() == "lee");
    h.Tap("release.save");
    for (int i = 0; i < 50 && h.app->StaffReleaseForm().IsOpen(); ++i) h.WaitForWorker();
    CHECK_FALSE(h.app->StaffReleaseForm().IsOpen());
    const auto last = h.checkins.LastRecordOf("123456");
    REQUIRE(last.has_value());
    CHECK(last->kind == storage::CheckinKind::Out);
    CHECK(last->released_by == "lee");
    CHECK(last->release_reason == "No code: ID checked");
    h.Frame();
    h.Frame();
    CHECK(h.app->StaffStatusNow().awaiting_pickup.empty());
}
