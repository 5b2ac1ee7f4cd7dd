// Figure 5: the UI-thread CPU cost of a kiosk frame, measured through the kiosk's own loop
// (KioskApp::Frame on the headless platform: inbox, idle rule, the real draw code, no GL) with
// its real workers: the service list of a category with 1 000 services while a finger scrolls
// it, and the search screen while someone types (answers from the search worker through the
// inbox). Reference: an empty ImGui frame, measured alongside.
// Also: the same list frames while the kiosk's own sync thread drains a 100 000-record backlog
// from the same database to a district server on loopback (the UI never waits on the network).
// Usage: ui_bench [--smoke] [--dir DIR] [--certs DIR]
#include <imgui.h>

#include <ctime>
#include <iostream>

#include "bench/bench_common.h"
#include "bench/directory_generator.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/ui/views.h"
#include "render/fonts.h"
#include "render/headless.h"
#include "render/theme.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "storage/program_import.h"
#include "server/http_server.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"

#include <atomic>
#include <fstream>
#include <thread>

namespace {

double ThreadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The kiosk as it runs, headless: KioskApp with its real workers, driven through its own loop
// (Frame) on the headless platform and drawn by the real KioskUi.
struct Kiosk {
    render::HeadlessPlatform platform{1280, 800};
    std::unique_ptr<kiosk::KioskApp> app;
    std::unique_ptr<kiosk::KioskUi> view;
    double now = 0;

    Kiosk(const std::string& db_path, kiosk::KioskConfig config) {
        kiosk::AppOptions options;
        options.db_path = db_path;
        options.assets_dir = std::string(KIOSK_SOURCE_DIR) + "/assets";
        auto opened = kiosk::KioskApp::Open(std::move(config), options);
        if (!opened) throw std::runtime_error(opened.Error());
        app = std::move(opened.Value());
        app->SetClocks([this] { return now; }, [] { return storage::ClockReading{1795536000, 0}; },
                       [] { return *storage::ParseLocalTime("2026-11-24 16:00"); });
        view = std::make_unique<kiosk::KioskUi>(*app);
        for (int i = 0; i < 5; ++i) Frame();  // fonts, the first layout
    }
    ~Kiosk() { app->Stop(); }

    // One turn of the kiosk's loop; returns its UI-thread CPU milliseconds (-1: nothing drawn).
    double Frame() {
        now += 1.0 / 60.0;
        const double t0 = ThreadCpuMs();
        const bool drew = app->Frame(platform, *view);
        return drew ? ThreadCpuMs() - t0 : -1;
    }
    // The reference: an empty ImGui frame on the same platform.
    double EmptyFrame() {
        const double t0 = ThreadCpuMs();
        platform.BeginFrame();
        platform.EndFrame();
        return ThreadCpuMs() - t0;
    }
    // A finger dragging the list up and down, one position per frame.
    void Finger(int i) {
        const int phase = i % 120;
        const float y = phase < 50 ? 700 - phase * 10.0f : 200 + (phase - 50) * 10.0f;
        if (phase == 0) platform.Press(640, y);
        else if (phase < 100) platform.MoveTo(640, y);
        else if (phase == 100) platform.Release();
        else platform.MoveTo(640, y);  // hovering until the next press
    }
};

void ImportDirectory(const std::string& path, int services) {
    storage::Database db(path);
    storage::Migrate(db);
    const auto generated = bench::GenerateDirectory(services, 7, 1);  // all in one category
    auto en = hsds::ParseHsdsText(generated.english, "generated");
    auto es = hsds::ParseHsdsText(generated.spanish, "generated es");
    std::vector<std::pair<std::string, hsds::DirectoryFeed>> translations;
    translations.emplace_back("es", std::move(es.Value()));
    storage::ReplaceOptions options;
    options.allow_empty = true;
    if (!storage::DirectoryStore(db).ReplaceDirectory(en.Value(), options, translations)) throw std::runtime_error("import failed");
}

// The sample directory in all six languages the kiosk offers by default.
void ImportSampleDirectory(const std::string& path) {
    storage::Database db(path);
    storage::Migrate(db);
    const std::string dir = std::string(KIOSK_SOURCE_DIR) + "/assets/directory/directory.";
    auto en = hsds::ReadHsdsPath(dir + "en.json");
    if (!en) throw std::runtime_error(en.Error());
    std::vector<std::pair<std::string, hsds::DirectoryFeed>> translations;
    for (const char* code : {"es", "vi", "ar", "zh", "ht"}) {
        auto feed = hsds::ReadHsdsPath(dir + code + ".json");
        if (!feed) throw std::runtime_error(feed.Error());
        translations.emplace_back(code, std::move(feed.Value()));
    }
    if (!storage::DirectoryStore(db).ReplaceDirectory(en.Value(), {}, translations)) throw std::runtime_error("sample import failed");
}

void Push(std::vector<double>& into, double ms) {
    if (ms >= 0) into.push_back(ms);
}

} // namespace

int main(int argc, char** argv) {
    const bool smoke = bench::Smoke(argc, argv);
    const std::string dir = bench::Arg(argc, argv, "--dir", "bench-tmp");
    const int services = smoke ? 100 : 1000;
    const int frames = smoke ? 30 : 600;
    try {
        std::filesystem::create_directories(dir);
        std::filesystem::remove(dir + "/ui.db");
        ImportDirectory(dir + "/ui.db", services);
        std::vector<double> list, search, empty, list_wall;
        std::vector<double> answer_ms;
        size_t list_services = 0;
        {
            Kiosk k(dir + "/ui.db", kiosk::KioskConfig{});
            kiosk::KioskModel& model = k.app->Model();
            // The service list: open the category, then a finger drags it up and down.
            model.OpenCategory("cat-tutoring", "Tutoring");
            for (int i = 0; i < 10; ++i) k.Frame();  // the first query and layout
            for (int i = 0; static_cast<int>(list.size()) < frames && i < frames * 4; ++i) {
                k.Finger(i);
                const double w0 = bench::NowSeconds();
                const double ms = k.Frame();
                if (ms >= 0) list_wall.push_back((bench::NowSeconds() - w0) * 1000);
                Push(list, ms);
                empty.push_back(k.EmptyFrame());
            }
            k.platform.Release();
            k.platform.Leave();
            list_services = k.app->ServiceList().Services(model, k.app->Config(), k.app->LocalNow()).size();

            // The search screen while someone types on a keyboard, as the kiosk does it: each
            // keystroke's frame asks the search worker; the answer comes through the inbox and
            // the frame that drains it draws it.
            model.Home();
            model.OpenSearch();
            for (int i = 0; i < 5; ++i) k.Frame();
            const std::vector<std::string> words = {"homework help", "tutoring center", "math tutor", "reading buddies", "science lab"};
            int typed = 0;
            while (static_cast<int>(search.size()) < frames) {
                const std::string& word = words[static_cast<size_t>(typed++) % words.size()];
                model.SearchText().clear();
                for (char c : word) {
                    k.platform.Type(std::string(1, c));
                    const double asked = bench::NowSeconds();
                    Push(search, k.Frame());  // the keystroke's frame
                    if (k.app->Inbox().WaitForPost(10)) answer_ms.push_back((bench::NowSeconds() - asked) * 1000);
                    Push(search, k.Frame());  // the frame that shows the answer
                    empty.push_back(k.EmptyFrame());
                }
            }
        }

        // A language tapped on Welcome: the font atlas holds the shown language's glyphs (so a
        // kiosk offering six starts as fast as one offering three), and the frame after the
        // tap rebuilds it. Wall time of that frame, per language, the worst of three taps.
        nlohmann::json language_tap = nlohmann::json::object();
        {
            std::filesystem::remove(dir + "/sample.db");
            ImportSampleDirectory(dir + "/sample.db");
            Kiosk k(dir + "/sample.db", kiosk::KioskConfig{});
            // A finger taps the language's button; the frame drawn after the language changed
            // is the one that rebuilds the atlas.
            auto choose = [&](const std::string& code) {
                double ms = 0;
                for (int i = 0; i < 20 && k.app->Model().Language() != code; ++i) {
                    const auto& targets = k.view->State().targets;
                    auto it = targets.find("language." + code);
                    if (it == targets.end()) throw std::runtime_error("no button for " + code + " on Welcome");
                    k.platform.Tap(it->second.x + it->second.w / 2, it->second.y + it->second.h / 2);
                    k.platform.Leave();
                    for (int f = 0; f < 4 && k.app->Model().Language() != code; ++f) k.Frame();
                }
                if (k.app->Model().Language() != code) throw std::runtime_error("the tap on " + code + " did not choose it");
                const double w0 = bench::NowSeconds();
                k.Frame();
                ms = (bench::NowSeconds() - w0) * 1000;
                for (int f = 0; f < 3; ++f) k.Frame();
                return ms;
            };
            for (const std::string code : {"es", "vi", "ar", "zh", "ht"}) {
                double worst = 0;
                for (int round = 0; round < (smoke ? 1 : 3); ++round) {
                    worst = std::max(worst, choose(code));
                    choose("en");
                }
                language_tap[code] = std::round(worst * 10) / 10;
            }
        }

        // The same scrolling while the kiosk's own sync thread drains a backlog from this
        // database to a district server on loopback.
        nlohmann::json sync_details = nullptr;
        std::vector<double> during_sync, during_sync_wall;
        const std::string certs = bench::Arg(argc, argv, "--certs");
        if (!certs.empty()) {
            const int backlog = smoke ? 2000 : 100000;
            {
                storage::Database queue(dir + "/ui.db");
                queue.Exec("PRAGMA synchronous=OFF");  // setting up is not measured
                storage::CheckinStore store(queue);
                for (int i = 0; i < backlog; ++i) {
                    (void)store.Record(std::to_string(100000 + i % 5000), "robotics", storage::CheckinKind::In, true, {1795536000 + i, 0});
                }
            }
            std::filesystem::remove_all(dir + "/ui-server");
            std::filesystem::create_directories(dir + "/ui-server");
            district::SqliteDistrictStore server_store(dir + "/ui-server", true);
            auto programs = storage::ReadProgramsFile(std::string(KIOSK_SOURCE_DIR) + "/assets/checkin/programs.json");
            (void)server_store.ReplacePrograms(programs->programs);
            const std::string token = district::NewToken();
            (void)server_store.AddKiosk("ui-bench", "", district::HashToken(token));
            district::ServerOptions options;
            options.cert_file = certs + "/server.pem";
            options.key_file = certs + "/server.key";
            options.port = 0;
            options.requests_per_second = 1e9;
            options.burst = 1e9;
            district::HttpServer server(server_store, options);
            auto port = server.Bind();
            if (!port) throw std::runtime_error(port.Error());
            std::thread serving([&] { server.Run(); });
            {
                std::ofstream(dir + "/ui-token") << token << "\n";
                std::filesystem::permissions(dir + "/ui-token", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
            }
            kiosk::KioskConfig config;
            config.server_url = "https://127.0.0.1:" + std::to_string(port.Value()) + "/";
            config.ca_file = certs + "/ca.pem";
            config.token_file = dir + "/ui-token";
            const double t0 = bench::NowSeconds();
            double drain_seconds = 0;
            {
                Kiosk k(dir + "/ui.db", config);  // its sync thread starts syncing at once
                storage::Database watch(dir + "/ui.db");
                storage::CheckinStore outbox(watch);
                k.app->Model().OpenCategory("cat-tutoring", "Tutoring");
                for (int i = 0; outbox.Counts().pending > 0 && bench::NowSeconds() - t0 < 120; ++i) {
                    k.Finger(i);
                    const double w0 = bench::NowSeconds();
                    const double ms = k.Frame();
                    if (ms >= 0) during_sync_wall.push_back((bench::NowSeconds() - w0) * 1000);
                    Push(during_sync, ms);
                    std::this_thread::sleep_for(std::chrono::milliseconds(16));  // a 60 Hz display
                }
                drain_seconds = bench::NowSeconds() - t0;
            }
            server.Stop();
            serving.join();
            sync_details = {{"backlog", backlog}, {"drain_seconds", drain_seconds}, {"frames", during_sync.size()},
                            {"list_p50_ms", bench::Percentile(during_sync, 50)}, {"list_p99_ms", bench::Percentile(during_sync, 99)},
                            {"list_wall_p99_ms", bench::Percentile(during_sync_wall, 99)},
                            {"list_wall_p99_ms_without_sync", bench::Percentile(list_wall, 99)},
                            {"stored_on_server", server_store.CheckinCount()},
                            {"sync", "the kiosk's own sync thread (KioskApp), not a copy"}};
        }

        bench::Figure f;
        f.number = 5;
        f.name = "UI frame CPU through KioskApp::Frame, p99 (service list of " + std::to_string(services) + " while scrolling; search while typing)";
        // (The search itself runs on the search worker; its latency is in the details and in figure 2.)
        f.value = std::max(bench::Percentile(list, 99), bench::Percentile(search, 99));
        f.unit = "ms";
        f.reference = bench::Percentile(empty, 99);
        f.reference_name = "an empty ImGui frame, measured alongside";
        f.ratio_text = bench::Ratio(f.value, f.reference);
        f.goal = "p99 under 2 ms";
        f.goal_met = f.value < 2.0;
        f.details = {{"list_p50_ms", bench::Percentile(list, 50)}, {"list_p99_ms", bench::Percentile(list, 99)},
                     {"search_p50_ms", bench::Percentile(search, 50)}, {"search_p99_ms", bench::Percentile(search, 99)},
                     {"search_answer_p50_ms", bench::Percentile(answer_ms, 50)}, {"search_answer_p99_ms", bench::Percentile(answer_ms, 99)},
                     {"empty_p50_ms", bench::Percentile(empty, 50)}, {"frames_each", frames},
                     {"services_in_list", list_services}, {"clock", "CLOCK_THREAD_CPUTIME_ID"}, {"loop", "KioskApp::Frame on render::HeadlessPlatform"},
                     {"list_while_sync_drains", sync_details},
                     {"language_tap_frame_ms", language_tap},
                     {"language_tap_frame", "wall ms of the frame after a language is chosen on Welcome (it rebuilds the font atlas for that language), sample directory in six languages, worst of three"}};
        bench::Emit(f);
    } catch (const std::exception& error) {
        std::cerr << "ui_bench: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
