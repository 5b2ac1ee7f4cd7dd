// The real draw code, headless: an ImGui context with no renderer, taps fed as a
// touchscreen sends them (the pointer jumps and presses in the same frame), screens checked
// through the model and the named tap targets.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "kiosk/checkin_flow.h"
#include "kiosk/directory_cache.h"
#include "kiosk/search_worker.h"
#include "kiosk/staff_model.h"
#include "kiosk/staff_pin.h"
#include "storage/checkin_store.h"
#include "storage/program_import.h"
#include "kiosk/views/views.h"
#include "render/fonts.h"
#include "render/headless.h"
#include "render/icons.h"
#include "render/theme.h"
#include "storage/database.h"
#include "storage/hsds_import.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace kiosk;

namespace {

struct Harness {
    test::ScratchDir dir;
    storage::Database db{dir / "kiosk.db"};
    storage::DirectoryStore store{db};
    DirectoryCache cache{store};
    KioskConfig config;
    Translator tr;
    KioskModel model;
    std::unique_ptr<render::HeadlessContext> imgui;
    std::unique_ptr<Ui> ui;
    double now = 0;
    storage::CheckinStore checkins{db};
    std::unique_ptr<CheckinFlow> flow;

    explicit Harness(float width = 1280, float height = 800) {
        storage::Migrate(db);
        auto en = storage::ReadHsdsPath(test::SampleDirectory("en"));
        auto es = storage::ReadHsdsPath(test::SampleDirectory("es"));
        std::vector<std::pair<std::string, storage::DirectoryFeed>> translations;
        translations.emplace_back("es", std::move(es.Value()));
        REQUIRE(store.ReplaceDirectory(en.Value(), {}, translations).Ok());
        tr.Load(test::SourceDir() + "/assets/i18n", {"en", "es", "vi"});
        render::FontRequest request = render::DefaultFontRequest();
        request.text = tr.AllText() + store.AllText();
        imgui = std::make_unique<render::HeadlessContext>(width, height, request);
        ui = std::make_unique<Ui>(model, tr, cache, config);
        ui->fonts = imgui->Fonts();
        ui->em = imgui->Em();
        ui->local_now = *storage::ParseLocalTime("2026-11-24 16:00");
        ui->clock = {1795536000, 0};  // 2026-11-24 16:00 UTC, a Tuesday
        storage::Program all_day{"allday", "Robotics Club", "Trailblazers", "Room 12", "", {{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}};
        REQUIRE(checkins.ReplacePrograms({all_day}, "t").Ok());
        REQUIRE(checkins.ReplaceRoster({{"123456", "Maria Garcia", {"allday"}}}, "t").Ok());
        flow = std::make_unique<CheckinFlow>(checkins, CheckinRules{});
        ui->checkin = flow.get();
        Frame();
        Frame();
    }

    void Frame() {
        now += 1.0 / 60.0;
        ui->now = now;
        ImGui::NewFrame();
        DrawKiosk(*ui);
        ImGui::Render();
    }
    ImVec2 Center(const std::string& target) {
        auto it = ui->targets.find(target);
        REQUIRE_MESSAGE(it != ui->targets.end(), "no target " << target << " on " << std::string(ScreenName(model.Current())));
        return ImVec2(it->second.x + it->second.w / 2, it->second.y + it->second.h / 2);
    }
    // A touchscreen tap: pointer jump and press in one frame, release in the next.
    void Tap(const std::string& target) {
        const ImVec2 at = Center(target);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = true;
        Frame();
        io.MouseDown[0] = false;
        Frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // the finger is gone: nothing hovers
        Frame();
    }
    void Drag(const std::string& from, float dy, int steps) { DragAt(Center(from), dy, steps); }
    // How far a screen's scrolling child ("categories", "detail", ...) is scrolled now.
    float ScrollOf(const std::string& child) {
        for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows) {
            if (std::string(window->Name).find("/" + child) != std::string::npos) return window->Scroll.y;
        }
        FAIL("no child window " << child);
        return -1;
    }
    void DragAt(ImVec2 at, float dy, int steps) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = true;
        Frame();
        for (int i = 0; i < steps; ++i) {
            at.y += dy / steps;
            io.MousePos = at;
            Frame();
        }
        io.MouseDown[0] = false;
        Frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        Frame();
    }
};

} // namespace

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
    h.Frame();
    REQUIRE(h.ui->targets.count("result.0") == 1);
    h.Tap("result.0");
    REQUIRE(h.model.Current() == Screen::ServiceDetail);
    CHECK(h.cache.Service(h.model.ServiceId(), "es", h.ui->local_now)->service.name.find("Tutor") != std::string::npos);
}

TEST_CASE("a search shows its best page first, and Show more brings the rest") {
    Harness h;
    storage::DirectoryFeed feed;
    for (int i = 0; i < 70; ++i) {
        storage::Service s;
        s.id = "pantry-" + std::to_string(i);
        s.name = "Food Pantry " + std::to_string(i);
        s.status = "active";
        feed.services.push_back(s);
    }
    feed.report.services = 70;
    REQUIRE(h.store.ReplaceDirectory(feed, {}).Ok());
    h.cache.Invalidate();
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    for (const char* key : {"key.p", "key.a", "key.n"}) h.Tap(key);
    h.Frame();
    CHECK(h.cache.Matched() == 70);
    // Scroll the results with the finger until the button is above the keyboard.
    const float keyboard_top = h.ui->targets.at("key.q").y;
    for (int i = 0; i < 40; ++i) {
        auto more = h.ui->targets.find("search.more");
        if (more != h.ui->targets.end() && more->second.y + more->second.h < keyboard_top && more->second.y > 0) break;
        std::string from;
        for (const auto& [name, rect] : h.ui->targets) {
            if (name.rfind("result.", 0) == 0 && rect.y > 0 && rect.y + rect.h < keyboard_top) from = name;
        }
        REQUIRE_MESSAGE(!from.empty(), "no result card is on screen to drag");
        h.Drag(from, -300, 6);
        for (int f = 0; f < 30; ++f) h.Frame();  // let the fling settle
    }
    const auto more = h.ui->targets.find("search.more");
    REQUIRE(more != h.ui->targets.end());
    REQUIRE(more->second.y + more->second.h < keyboard_top);
    CHECK(h.model.SearchPages() == 1);
    h.Tap("search.more");
    CHECK(h.model.SearchPages() == 2);
    h.Frame();
    CHECK(h.ui->targets.count("search.more") == 0);  // all 70 are listed now
    // A new word starts again from the first page.
    h.Tap("key.t");
    CHECK(h.model.SearchPages() == 1);
}

TEST_CASE("a search that finds nothing offers the categories instead") {
    Harness h;
    h.Tap("welcome.find_help");
    h.Tap("categories.search");
    for (const char* key : {"key.z", "key.z", "key.q"}) h.Tap(key);
    h.Frame();
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
    auto parsed = storage::ParseHsdsText(R"({"id": "long-1", "name": ")" + long_name + R"(", "status": "active",
        "attributes": [{"taxonomy_term": {"id": "t-family", "code": "family", "name": "Family support"}}]})", "test");
    REQUIRE(parsed.Ok());
    REQUIRE(h.store.ReplaceDirectory(parsed.Value(), {}).Ok());
    h.cache.Invalidate();
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
    REQUIRE(h.store.ReplaceDirectory(storage::DirectoryFeed{}, allow).Ok());
    h.cache.Invalidate();
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

TEST_CASE("check-in by tapping the keypad shows the confirmation, then clears itself") {
    Harness h;
    h.Tap("welcome.check_in");
    REQUIRE(h.model.Current() == Screen::CheckIn);
    for (const char* key : {"keypad.1", "keypad.2", "keypad.3", "keypad.4", "keypad.5", "keypad.6"}) h.Tap(key);
    CHECK(h.flow->Typed() == "123456");
    h.Tap("keypad.enter");
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    CHECK(h.flow->Confirmed().name == "Maria G.");
    CHECK(h.checkins.Counts().pending == 1);
    h.now += 6;  // five seconds later the kiosk is back at Welcome with nothing of Maria on it
    h.Frame();
    CHECK(h.model.Current() == Screen::Welcome);
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    CHECK(h.flow->Confirmed().name.empty());
}

TEST_CASE("a barcode scanner's digits and Enter arriving in one frame check in once") {
    Harness h;
    h.Tap("welcome.check_in");
    ImGuiIO& io = ImGui::GetIO();
    for (char c : std::string("123456")) io.AddInputCharacter(static_cast<unsigned int>(c));
    io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = true;
    h.Frame();
    io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = false;
    h.Frame();
    CHECK(h.flow->Step() == CheckinStep::Confirmed);
    // The scanner fires again straight away: nothing more is recorded.
    for (char c : std::string("123456")) io.AddInputCharacter(static_cast<unsigned int>(c));
    io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = true;
    h.Frame();
    io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = false;
    h.Frame();
    CHECK(h.checkins.Counts().pending == 1);
}

TEST_CASE("letters typed on the check-in screen give a message and no record") {
    Harness h;
    h.Tap("welcome.check_in");
    ImGuiIO& io = ImGui::GetIO();
    for (char c : std::string("12ab45")) io.AddInputCharacter(static_cast<unsigned int>(c));
    io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = true;
    h.Frame();
    io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = false;
    h.Frame();
    CHECK(h.flow->Step() == CheckinStep::EnterId);
    CHECK_FALSE(h.flow->Message().empty());
    CHECK(h.checkins.Counts().pending == 0);
}

TEST_CASE("staff: a three-second hold on the corner, the PIN on the keypad, the panel, Exit kiosk armed then confirmed") {
    Harness h;
    StaffGate gate(h.db, HashPin("2468", 100000));
    h.ui->staff = &gate;
    int syncs = 0;
    h.ui->sync_now = [&syncs] { ++syncs; };
    h.ui->read_staff_status = [&h] { return ReadStaffStatus(h.db, h.ui->clock.unix_seconds, 0); };
    ImGuiIO& io = ImGui::GetIO();
    // On a screen whose Back button sits in the corner, a short press there is just Back.
    h.Tap("welcome.find_help");
    REQUIRE(h.model.Current() == Screen::Categories);
    const ImVec2 corner(h.ui->targets["nav.back"].x + 5, h.ui->targets["nav.back"].y + 5);
    io.MousePos = corner;
    io.MouseDown[0] = true;
    for (int i = 0; i < 60; ++i) h.Frame();
    io.MouseDown[0] = false;
    h.Frame();
    CHECK(h.model.Current() == Screen::Welcome);
    h.Frame();
    h.Tap("welcome.find_help");
    io.MousePos = corner;
    // Held three seconds: the PIN pad.
    io.MouseDown[0] = true;
    for (int i = 0; i < 185 && h.model.Current() != Screen::Staff; ++i) h.Frame();
    CHECK(h.now > 3.0);
    REQUIRE(h.model.Current() == Screen::Staff);
    io.MouseDown[0] = false;
    h.Frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    h.Frame();
    CHECK(h.model.Current() == Screen::Staff);  // the release over Back did not fire it
    for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.8"}) h.Tap(key);
    CHECK(gate.TypedLength() == 4);
    h.Tap("pin.enter");
    for (int i = 0; i < 500 && gate.Step() != StaffStep::Open; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        h.Frame();
    }
    REQUIRE(gate.Step() == StaffStep::Open);
    h.Frame();
    h.Tap("staff.sync_now");
    CHECK(syncs == 1);
    h.Tap("staff.exit");
    CHECK(!h.ui->exit_requested);
    h.Tap("staff.exit");
    CHECK(h.ui->exit_requested);
    // Leaving the panel locks it again.
    h.Tap("nav.home");
    CHECK(h.model.Current() == Screen::Welcome);
    CHECK(gate.Step() == StaffStep::EnterPin);
}

TEST_CASE("with the search worker, typing never waits for the query and the results arrive") {
    Harness h;
    SearchWorker worker(h.dir / "kiosk.db");
    h.ui->search = &worker;
    h.model.OpenSearch();
    h.Frame();
    for (const char* key : {"key.t", "key.u", "key.t", "key.o", "key.r"}) h.Tap(key);
    CHECK(h.model.SearchText() == "tutor");
    REQUIRE(worker.WaitIdle(10));
    h.Frame();
    h.Frame();
    CHECK(h.ui->targets.count("result.0") == 1);
    // A word with no match says so once its answer is in, not before.
    for (const char* key : {"key.q", "key.q"}) h.Tap(key);
    REQUIRE(worker.WaitIdle(10));
    h.Frame();
    h.Frame();
    CHECK(h.ui->targets.count("result.0") == 0);
    CHECK(h.ui->targets.count("empty.category.food") == 1);
}
