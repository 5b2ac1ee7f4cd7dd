// kiosk/: the screen flow, idle rule, keyboard, translations, config and service text.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

#include <sstream>

#include <fstream>

#include <filesystem>

#include <set>

#include "kiosk/app/config.h"
#include "kiosk/app/search_model.h"
#include "kiosk/app/service_list_model.h"
#include "kiosk/app/frame_scheduler.h"
#include "kiosk/app/rules.h"
#include "kiosk/app/i18n.h"
#include "kiosk/app/keyboard_model.h"
#include "kiosk/app/kiosk_model.h"
#include "kiosk/app/service_text.h"

using namespace kiosk;

TEST_CASE("Back and Home move through the screens as a family expects") {
    KioskModel model;
    CHECK(model.Current() == Screen::Welcome);
    model.Go(Screen::Categories);
    model.OpenCategory("t1", "Food");
    model.OpenService("s1");
    CHECK(model.Current() == Screen::ServiceDetail);
    model.Back();
    CHECK(model.Current() == Screen::ServiceList);
    model.Back();
    CHECK(model.Current() == Screen::Categories);
    model.OpenSearch();
    model.Home();
    CHECK(model.Current() == Screen::Welcome);
    CHECK_FALSE(model.CanGoBack());
}

TEST_CASE("after the idle timeout the kiosk asks, then starts over and forgets everything") {
    SessionRules rules;
    rules.idle_timeout_seconds = 60;
    rules.still_there_seconds = 10;
    KioskModel model(rules);
    model.OnInput(0);
    model.SetLanguage("es");
    model.Go(Screen::Categories);
    model.OpenSearch();
    model.SearchText() = "vivienda";
    model.ToggleLargerText();
    model.Tick(59);
    CHECK_FALSE(model.AskingStillThere());
    model.Tick(61);
    CHECK(model.AskingStillThere());
    CHECK(model.StillThereSecondsLeft(61) == 9);
    model.Tick(70.5);
    CHECK_FALSE(model.AskingStillThere());
    CHECK(model.Current() == Screen::Welcome);
    CHECK(model.SearchText().empty());
    CHECK(model.Language() == "en");
    CHECK_FALSE(model.LargerText());
    CHECK(model.SessionsReset() == 1);
}

TEST_CASE("Home ends the visitor's session: the next person finds nothing of theirs") {
    KioskModel model;
    model.OnInput(0);
    model.SetLanguage("vi");
    model.ToggleHighContrast();
    model.ToggleLargerText();
    model.Go(Screen::Categories);
    model.OpenSearch();
    model.SearchText() = "tutring";
    const uint64_t categories = model.Visit(Screen::Categories), search = model.Visit(Screen::Search);
    model.Home();
    CHECK(model.Current() == Screen::Welcome);
    CHECK(model.Language() == "en");
    CHECK(model.SearchText().empty());
    CHECK_FALSE(model.HighContrast());
    CHECK_FALSE(model.LargerText());
    CHECK_FALSE(model.CanGoBack());
    CHECK(model.SessionsReset() == 1);
    CHECK(model.Visit(Screen::Categories) != categories);  // every screen starts at its top again
    CHECK(model.Visit(Screen::Search) != search);
}

TEST_CASE("another category or service is a new visit to its screen; Back returns to the same place") {
    KioskModel model;
    model.Go(Screen::Categories);
    model.OpenCategory("t1", "Food");
    const uint64_t list = model.Visit(Screen::ServiceList);
    model.OpenService("s1");
    const uint64_t first = model.Visit(Screen::ServiceDetail);
    model.Back();
    CHECK(model.Visit(Screen::ServiceList) == list);  // Back keeps the list where it was
    model.OpenService("s2");
    CHECK(model.Visit(Screen::ServiceDetail) != first);  // a second service opens at its top
    model.Back();
    model.Back();
    model.OpenCategory("t2", "Housing");
    CHECK(model.Visit(Screen::ServiceList) != list);
}

TEST_CASE("answering \"I'm still here\" keeps the session") {
    KioskModel model;
    model.OnInput(0);
    model.Go(Screen::Categories);
    model.Tick(65);
    REQUIRE(model.AskingStillThere());
    model.StillHere(66);
    model.Tick(67);
    CHECK_FALSE(model.AskingStillThere());
    CHECK(model.Current() == Screen::Categories);
}

TEST_CASE("an untouched welcome screen never asks whether anyone is there") {
    KioskModel model;
    model.OnInput(0);
    model.Tick(1000);
    CHECK_FALSE(model.AskingStillThere());
    CHECK(model.SessionsReset() == 0);
}

TEST_CASE("the on-screen keyboard types, erases whole characters and caps the length") {
    KeyboardModel keyboard;
    std::string text;
    for (const auto& row : keyboard.Rows()) {
        for (const Key& key : row) {
            if (key.label == "t" || key.label == "ñ") keyboard.Press(key, text);
        }
    }
    CHECK(text == "tñ");
    Key backspace{"", "", Key::Action::Backspace};
    keyboard.Press(backspace, text);
    CHECK(text == "t");  // the two bytes of ñ went together
    Key space{"", "", Key::Action::Space};
    keyboard.Press(space, text);
    keyboard.Press(space, text);
    CHECK(text == "t ");
    Key a{"a", "a"};
    for (int i = 0; i < 500; ++i) keyboard.Press(a, text);
    CHECK(text.size() == KeyboardModel::kMaxTextBytes);
}

TEST_CASE("Vietnamese tones go on the last vowel") {
    std::string text = "viê";
    CHECK(ApplyVietnameseTone(text, 4));
    CHECK(text == "việ");
    CHECK(ApplyVietnameseTone(text, 0));  // another tone replaces it
    CHECK(text == "viế");
    CHECK(ApplyVietnameseTone(text, 0));  // the same tone again takes it off
    CHECK(text == "viê");
    std::string consonant = "t";
    CHECK_FALSE(ApplyVietnameseTone(consonant, 1));
}

TEST_CASE(".po catalogs: escapes, continued lines, fuzzy entries and errors") {
    auto catalog = ParsePo(R"(# comment
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid "Back"
msgstr "Atrás"

msgid "Nothing found for \"{text}\"."
msgstr ""
"No se encontró nada para "
"«{text}»."

#, fuzzy
msgid "Home"
msgstr "Casa"

msgid "Untranslated"
msgstr ""
)", "es.po");
    REQUIRE(catalog.Ok());
    CHECK(catalog->at("Back") == "Atrás");
    CHECK(catalog->at("Nothing found for \"{text}\".") == "No se encontró nada para «{text}».");
    CHECK(catalog->count("Home") == 0);          // fuzzy: shows English
    CHECK(catalog->count("Untranslated") == 0);  // empty: shows English
    CHECK_FALSE(ParsePo("msgid \"broken\nmsgstr \"x\"", "bad.po").Ok());

    Translator tr;
    tr.SetCatalog("es", catalog.Value());
    tr.SetLanguage("es");
    CHECK(tr.Tr("Back") == "Atrás");
    CHECK(tr.Tr("Home") == "Home");  // a missing translation is English, never a key
    tr.SetLanguage("vi");
    CHECK(tr.Tr("Back") == "Back");
}

TEST_CASE("the shipped translations cover every language the kiosk offers") {
    for (const char* code : {"es", "vi", "ar", "zh", "ht", "pt"}) {
        Translator tr;
        tr.Load(std::string(KIOSK_SOURCE_DIR) + "/assets/i18n", {code});
        CHECK(tr.Warnings().empty());
        tr.SetLanguage(code);
        CHECK(tr.Tr("Find help") != "Find help");
        CHECK(tr.Tr("Are you still there?") != "Are you still there?");
    }
    CHECK(Endonym("vi") == "Tiếng Việt");
    CHECK(Endonym("es") == "Español");
}

TEST_CASE("config: defaults, and one clear line naming a bad key") {
    auto defaults = ParseConfig("{}", "kiosk.json");
    REQUIRE(defaults.Ok());
    CHECK(defaults->idle_timeout_seconds == 60);
    CHECK(defaults->languages.size() == 6);
    auto good = ParseConfig(R"({"school_name": "Lincoln Middle", "idle_timeout_seconds": 90, "languages": ["en", "es"]})", "k");
    REQUIRE(good.Ok());
    CHECK(good->school_name == "Lincoln Middle");
    struct Case { const char* json; const char* message; };
    const Case cases[] = {
        {R"({"idle_timout_seconds": 30})", "unknown key \"idle_timout_seconds\""},
        {R"({"idle_timeout_seconds": "60"})", "\"idle_timeout_seconds\" must be a whole number"},
        {R"({"idle_timeout_seconds": 2})", "\"idle_timeout_seconds\" must be between"},
        {R"({"languages": []})", "\"languages\""},
        {R"({"default_language": "fr"})", "\"default_language\" must be one of"},
        {R"({"server_url": "http://district.example"})", "must start with https://"},
        {R"({"fullscreen": "yes"})", "\"fullscreen\" must be true or false"},
        {R"({"student_id_pattern": "[0-9"})", "not a valid regular expression"},
        {R"({"server_url": "https://"})", "not a valid URL with a host name"},
        {R"({"server_url": "https://sync.district.example:99999/"})", "server_url"},
        {R"({"server_url": "https://it:secret@sync.district.example/"})", "must not hold a user name or password"},
        {R"({"server_url": "https://sync.district.example/?token=1"})", "must not have a query"},
        {R"({"pinned_pubkey": "sha256//notbase64"})", "\"pinned_pubkey\" must look like sha256//BASE64"},
        {R"({"pinned_pubkey": "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;md5//x"})", "\"pinned_pubkey\""},
        {R"({"student_id_pattern": "(a*)*b"})", "repeats a group that itself repeats"},
        {R"({"student_id_pattern": "^([0-9]+)+$"})", "repeats a group that itself repeats"},
        {R"({"student_id_pattern": "^(a|aa)+$"})", "repeats a group that itself repeats"},
        {R"({"timezone": "Mars/Olympus"})", "\"timezone\" \"Mars/Olympus\" is not a time zone"},
        {R"({"timezone": "../../etc/passwd"})", "is not a time zone"},
        {R"([1, 2])", "must be a JSON object"},
        {R"({"school_name": )", "not valid JSON"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        auto result = ParseConfig(c.json, "kiosk.json");
        REQUIRE_FALSE(result.Ok());
        CHECK(result.Error().find(c.message) != std::string::npos);
        CHECK(result.Error().find('\n') == std::string::npos);
    }
}

TEST_CASE("config: what a district really writes is accepted") {
    for (const char* json : {R"({"server_url": "https://sync.district.example:8443/kiosk"})",
                             R"({"pinned_pubkey": "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;sha256//BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="})",
                             R"({"student_id_pattern": "^S[0-9]{6}(-[0-9]{2})?$"})", R"({"student_id_pattern": "^[A-Z]{2}[0-9]+$"})",
                             R"({"timezone": "America/Los_Angeles"})", R"({"timezone": "UTC"})"}) {
        CAPTURE(json);
        auto result = ParseConfig(json, "kiosk.json");
        CHECK_MESSAGE(result.Ok(), result.Error());
    }
}

TEST_CASE("times follow the language: 12-hour with am/pm in English, 24-hour in Spanish and Vietnamese") {
    CHECK(ClockTime(15 * 60 + 5, "en") == "3:05 pm");
    CHECK(ClockTime(0, "en") == "12:00 am");
    CHECK(ClockTime(12 * 60, "en") == "12:00 pm");
    CHECK(ClockTime(11 * 60 + 59, "en") == "11:59 am");
    CHECK(ClockTime(15 * 60 + 5, "es") == "15:05");
    CHECK(ClockTime(9 * 60, "vi") == "09:00");
    CHECK(ClockTime("15:15", "en") == "3:15 pm");
    CHECK(ClockTime("17:00:00", "es") == "17:00");
    CHECK(ClockTime("not a time", "en") == "not a time");  // shown as given, never invented
    // A moment, in the kiosk's time zone (TZ as the config sets it).
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    CHECK(ClockTimeAt(1795447800, "en") == "7:30 am");  // 2026-11-23T15:30Z is 07:30 in Los Angeles
    CHECK(ClockTimeAt(1795447800, "vi") == "07:30");
    unsetenv("TZ");
    tzset();
}

TEST_CASE("hours in words group days with the same hours") {
    Translator tr;
    hsds::Schedule a;
    a.byday = "MO,TU,WE,TH,FR";
    a.opens_at = "09:00";
    a.closes_at = "17:00";
    hsds::Schedule b;
    b.byday = "SA";
    b.opens_at = "09:00";
    b.closes_at = "13:00";
    const auto lines = HoursInWords({a, b}, tr);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "Mon – Fri: 9:00 am – 5:00 pm");
    CHECK(lines[1] == "Sat: 9:00 am – 1:00 pm");
    CHECK(ClockTime("15:30", "es") == "15:30");
    CHECK(ClockTime("00:15", "en") == "12:15 am");
}

TEST_CASE("the QR code carries a vCard a phone can save") {
    Translator tr;
    storage::ServiceDetail detail;
    detail.service.name = "Food Box; weekly";
    detail.service.url = "https://pantry.example.org";
    detail.service.phones.push_back({"p", "(541) 555-0102", "", "voice", "", {}});
    detail.organization.name = "Riverbend Community Pantry";
    hsds::Location location;
    location.addresses.push_back({"900 Mill Avenue", "", "Riverbend", "", "OR", "97499", "US", "physical"});
    detail.locations.push_back(location);
    const std::string card = ServiceVCard(detail, tr);
    CHECK(card.rfind("BEGIN:VCARD\r\n", 0) == 0);
    CHECK(card.find("FN:Food Box\\; weekly\r\n") != std::string::npos);
    CHECK(card.find("TEL;TYPE=VOICE:(541) 555-0102") != std::string::npos);
    CHECK(card.find("ADR;TYPE=WORK:;;900 Mill Avenue;Riverbend;OR;97499;US") != std::string::npos);
    CHECK(card.find("URL:https://pantry.example.org") != std::string::npos);
    const QrModules qr = EncodeQr(card);
    CHECK(qr.size >= 21);
    CHECK(qr.modules.size() == static_cast<size_t>(qr.size * qr.size));
    CHECK(qr.modules[0] == 1);  // the top-left finder pattern is dark
}

namespace {

// Every English string the screens can show, read from the sources themselves: the literals
// inside each Tr(...) of kiosk/ui/, and the messages the models hand their views (m_message =
// "..."). A string added without its translations makes the test below fail.
std::set<std::string> ShownStrings() {
    std::set<std::string> found;
    auto literals = [&found](const std::string& text) {
        for (size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '"') continue;
            std::string literal;
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    ++i;
                    literal += text[i] == 'n' ? '\n' : text[i];
                } else {
                    literal += text[i];
                }
            }
            if (!literal.empty()) found.insert(literal);
        }
    };
    namespace fs = std::filesystem;
    for (const char* folder : {"/kiosk/ui", "/kiosk/app"}) {
        for (const auto& entry : fs::directory_iterator(std::string(KIOSK_SOURCE_DIR) + folder)) {
            if (entry.path().extension() != ".cpp") continue;
            std::ifstream in(entry.path());
            std::stringstream buffer;
            buffer << in.rdbuf();
            const std::string code = buffer.str();
            const bool ui = std::string(folder) == "/kiosk/ui";
            for (const std::string& opener : {std::string(ui ? "Tr(" : "m_message = ")}) {
                for (size_t at = code.find(opener); at != std::string::npos; at = code.find(opener, at + 1)) {
                    if (!ui) {  // m_message = "...";
                        literals(code.substr(at, code.find(';', at) - at));
                        continue;
                    }
                    int depth = 0;
                    size_t end = at + opener.size() - 1;
                    bool quoted = false;
                    for (; end < code.size(); ++end) {
                        if (code[end] == '\\') { ++end; continue; }
                        if (code[end] == '"') quoted = !quoted;
                        if (quoted) continue;
                        if (code[end] == '(') ++depth;
                        if (code[end] == ')' && --depth == 0) break;
                    }
                    literals(code.substr(at + opener.size() - 1, end - at - opener.size() + 2));
                }
            }
        }
    }
    return found;
}

} // namespace

TEST_CASE("every string the screens show has a Spanish and a Vietnamese translation") {
    const std::set<std::string> strings = ShownStrings();
    CHECK(strings.size() > 100);
    for (const char* sample : {"Welcome, {name}!", "We don't know {id}.", "Check in anyway", "Sync now",
                               "Type your student ID, then press Enter.", "Nothing found for \"{text}\". Try a category:"}) {
        CAPTURE(sample);
        CHECK(strings.count(sample) == 1);  // the reader finds what it should
    }
    for (const char* code : {"es", "vi", "ar", "zh", "ht", "pt"}) {
        Translator tr;
        tr.Load(std::string(KIOSK_SOURCE_DIR) + "/assets/i18n", {code});
        tr.SetLanguage(code);
        for (const std::string& english : strings) {
            if (english.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos) continue;  // "{n}", " · "
            CAPTURE(code);
            CAPTURE(english);
            CHECK(tr.Tr(english) != english);
        }
    }
}

TEST_CASE("the frame scheduler: frames after a change, then sleep up to the next idle event or a second") {
    FrameSettings settings;
    FrameScheduler frames(settings);
    // Start-up draws a few frames, then the kiosk sleeps.
    int drawn = 0;
    while (frames.ShouldDraw(false) && drawn < 10) {
        frames.Drew();
        ++drawn;
    }
    CHECK(drawn == 3);
    CHECK(frames.WaitSeconds(false, 30.0) == doctest::Approx(settings.longest_sleep_seconds));
    CHECK(frames.WaitSeconds(false, 0.25) == doctest::Approx(0.25));  // the idle question is due sooner
    CHECK(frames.WaitSeconds(true, 30.0) == 0.0);                    // something animates: no sleep
    frames.InputArrived();
    CHECK(frames.FramesLeft() == settings.frames_after_input);
    CHECK(frames.WaitSeconds(false, 30.0) == 0.0);
    frames.Request(1);
    CHECK(frames.FramesLeft() == settings.frames_after_input);  // a smaller request never shortens a larger one
    CHECK(frames.DataCheckDue(10.0));
    CHECK_FALSE(frames.DataCheckDue(11.0));
    CHECK(frames.DataCheckDue(12.0));
}

TEST_CASE("the config becomes the models' rules in one place, for the screen and kioskctl alike") {
    auto config = ParseConfig(R"({"duplicate_window_seconds": 300, "student_id_pattern": "^S[0-9]{6}$",
                                  "idle_timeout_seconds": 90, "still_there_seconds": 15, "languages": ["en", "es"],
                                  "default_language": "es"})", "kiosk.json");
    REQUIRE(config.Ok());
    const CheckinRules checkin = CheckinRulesFrom(config.Value());
    CHECK(checkin.duplicate_window_seconds == 300);
    CHECK(checkin.student_id_pattern == "^S[0-9]{6}$");
    const SessionRules session = SessionRulesFrom(config.Value());
    CHECK(session.idle_timeout_seconds == 90);
    CHECK(session.still_there_seconds == 15);
    CHECK(session.default_language == "es");
}

TEST_CASE("the service list and search ask the directory from the session's state") {
    KioskConfig config;
    config.closes_soon_minutes = 30;
    KioskModel model;
    model.SetLanguage("es");
    model.OpenCategory("t-food", "Comida");
    const storage::LocalTime now = *storage::ParseLocalTime("2026-11-24 16:00");
    const storage::ServiceQuery list = ServiceListQuery(model, config, now);
    CHECK(list.category_id == "t-food");
    CHECK(list.locale == "es");
    CHECK(list.limit == storage::ServiceQuery::kNoLimit);  // every service of the category can be reached
    CHECK(list.closes_soon_minutes == 30);
    CHECK(list.text.empty());
    model.SearchText() = "tutor";
    const storage::ServiceQuery search = SearchQuery(model, 2, config, now);
    CHECK(search.text == "tutor");
    CHECK(search.category_id.empty());
    CHECK(search.limit == 2 * storage::ServiceQuery::kSearchPage);
}
