// The kiosk application: opens the window, loads config, translations and the directory,
// and runs the event-driven loop. When nothing moves it sleeps in glfwWaitEventsTimeout and
// uses no CPU; after any input it renders a few frames so that a tap arriving as
// pointer-jump + press + release in one batch (as a touchscreen sends it) is never lost.
// Threads: everything here runs on the main (UI) thread.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>

#include "kiosk/checkin_flow.h"
#include "kiosk/config.h"
#include "kiosk/directory_cache.h"
#include "kiosk/i18n.h"
#include "kiosk/kiosk_model.h"
#include "kiosk/frame_scheduler.h"
#include "kiosk/rules.h"
#include "kiosk/views/views.h"
#include "render/fonts.h"
#include "render/theme.h"
#include "render/window.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/kiosk_state.h"
#include "storage/directory_store.h"
#include "storage/migrations.h"
#include "sync/https_client.h"
#include "sync/sync_worker.h"
#include "kiosk/sync_settings.h"

namespace {

constexpr char kUsage[] =
    "usage: kiosk [--config FILE] [--windowed] [--db FILE]\n"
    "             [--screenshot PNG [--screen welcome|categories|service-list|service-detail|search|check-in|staff]\n"
    "              [--language CODE] [--category CODE] [--service ID] [--search TEXT]]\n"
    "              [--high-contrast] [--larger-text] [--still-there]]\n"
    "             [--automation-file FILE] [--continuous] [--exit-after SECONDS] [--frame-delay MS]\n"
    "\n"
    "  --config FILE           the kiosk's JSON config (see docs/config.md); defaults otherwise\n"
    "  --windowed              a window instead of fullscreen (development)\n"
    "  --db FILE               the database (default: <data_dir>/kiosk.db)\n"
    "  --screenshot PNG        draw one screen, write it as a PNG, and exit\n"
    "  --automation-file FILE  keep FILE listing the current screen and where each target is\n"
    "  --continuous            render every frame even when idle (a benchmark reference)\n"
    "  --frame-delay MS        make every frame this much slower (tests input on slow hardware)\n"
    "  --exit-after SECONDS    quit after this long (tests)\n";

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

struct Options {
    std::string config_path;
    bool windowed = false;
    std::string db_path;
    std::string screenshot;
    std::string screen = "welcome";
    std::string language;
    std::string category;
    std::string service;
    std::string search;
    std::string automation_file;
    bool continuous = false;
    double exit_after = 0;
    int frame_delay_ms = 0;
    bool high_contrast = false;
    bool larger_text = false;
    bool still_there = false;
};

std::optional<Options> ParseArgs(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
            into = argv[++i];
        };
        if (arg == "--config") value(o.config_path);
        else if (arg == "--windowed") o.windowed = true;
        else if (arg == "--db") value(o.db_path);
        else if (arg == "--screenshot") value(o.screenshot);
        else if (arg == "--screen") value(o.screen);
        else if (arg == "--language") value(o.language);
        else if (arg == "--category") value(o.category);
        else if (arg == "--service") value(o.service);
        else if (arg == "--search") value(o.search);
        else if (arg == "--automation-file") value(o.automation_file);
        else if (arg == "--continuous") o.continuous = true;
        else if (arg == "--high-contrast") o.high_contrast = true;
        else if (arg == "--larger-text") o.larger_text = true;
        else if (arg == "--still-there") o.still_there = true;
        else if (arg == "--frame-delay") {
            std::string ms;
            value(ms);
            o.frame_delay_ms = std::clamp(std::stoi(ms), 0, 5000);
        } else if (arg == "--exit-after") {
            std::string seconds;
            value(seconds);
            o.exit_after = std::stod(seconds);
        } else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            std::exit(0);
        } else {
            throw std::runtime_error("unknown option " + arg);
        }
    }
    return o;
}

double MonotonicSeconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string FindAssets(const kiosk::KioskConfig& config, const char* argv0) {
    namespace fs = std::filesystem;
    std::error_code ignored;
    if (!config.assets_dir.empty()) return config.assets_dir;
    const fs::path exe = fs::canonical("/proc/self/exe", ignored);
    for (const fs::path& candidate : {exe.parent_path() / "../share/kiosk", fs::path(KIOSK_SOURCE_DIR) / "assets"}) {
        if (fs::is_directory(candidate / "i18n", ignored)) return candidate.lexically_normal().string();
    }
    (void)argv0;
    return (fs::path(KIOSK_SOURCE_DIR) / "assets").string();
}

// Lists the current screen and every target, for tests that tap the real binary.
void WriteAutomationFile(const std::string& path, const kiosk::Ui& ui) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary);
        out << "screen " << kiosk::ScreenName(ui.model.Current()) << "\n";
        out << "language " << ui.model.Language() << "\n";
        for (const auto& [name, r] : ui.targets) {
            out << name << " " << static_cast<int>(r.x + r.w / 2) << " " << static_cast<int>(r.y + r.h / 2) << " "
                << static_cast<int>(r.w) << " " << static_cast<int>(r.h) << "\n";
        }
    }
    std::rename(temporary.c_str(), path.c_str());
}

// Sets the model up for --screenshot.
void Navigate(const Options& o, kiosk::KioskModel& model, storage::DirectoryStore& store) {
    if (!o.language.empty()) model.SetLanguage(o.language);
    const std::string locale = model.Language();
    std::string category_id, category_name;
    for (const auto& c : store.Categories(locale)) {
        if (c.code == o.category || c.id == o.category || (o.category.empty() && category_id.empty())) {
            category_id = c.id;
            category_name = c.name;
        }
    }
    if (o.screen == "categories") model.Go(kiosk::Screen::Categories);
    if (o.screen == "service-list" || o.screen == "service-detail") {
        model.Go(kiosk::Screen::Categories);
        model.OpenCategory(category_id, category_name);
    }
    if (o.screen == "service-detail") {
        std::string id = o.service;
        if (id.empty()) {
            storage::ServiceQuery query;
            query.locale = locale;
            query.category_id = category_id;
            const auto services = store.Find(query);
            if (!services.empty()) id = services.front().id;
        }
        model.OpenService(id);
    }
    if (o.screen == "search") {
        model.Go(kiosk::Screen::Categories);
        model.OpenSearch();
        model.SearchText() = o.search;
    }
    if (o.screen == "check-in") model.Go(kiosk::Screen::CheckIn);
    if (o.screen == "staff") model.Go(kiosk::Screen::Staff);
    if (o.high_contrast) model.ToggleHighContrast();
    if (o.larger_text) model.ToggleLargerText();
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = *ParseArgs(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "kiosk: " << error.what() << "\n" << kUsage;
        return 2;
    }
    auto loaded = kiosk::LoadConfig(options.config_path);
    if (!loaded) {
        std::cerr << "kiosk: " << loaded.Error() << "\n";
        return 2;
    }
    kiosk::KioskConfig config = loaded.Value();
    if (options.windowed) config.fullscreen = false;
    kiosk::ApplyTimezone(config);

    const std::string assets = FindAssets(config, argv[0]);
    kiosk::Translator translator;
    translator.Load(assets + "/i18n", config.languages);
    for (const auto& warning : translator.Warnings()) std::cerr << "kiosk: warning: " << warning << "\n";

    std::string db_path = options.db_path;
    if (db_path.empty()) {
        std::error_code error;
        std::filesystem::create_directories(config.data_dir, error);
        db_path = config.data_dir + "/kiosk.db";
    }
    std::unique_ptr<storage::Database> db;
    try {
        db = std::make_unique<storage::Database>(db_path);
        storage::Migrate(*db);
    } catch (const storage::DbError& error) {
        std::cerr << "kiosk: cannot use the database: " << error.what() << "\n";
        return 2;
    }
    storage::DirectoryStore store(*db);
    kiosk::DirectoryCache directory(store);
    storage::CheckinStore checkins(*db, KIOSK_BUILD_EPOCH);
    const kiosk::CheckinRules checkin_rules = kiosk::CheckinRulesFrom(config);
    kiosk::CheckinFlow checkin_flow(checkins, checkin_rules);
    // Records are committed on a writer thread with its own connection: a slow disk never
    // stalls a frame, and the confirmation shows once the commit is done.
    kiosk::CheckinWriter checkin_writer(db_path, KIOSK_BUILD_EPOCH, [] { render::Window::Wake(); });
    checkin_flow.UseWriter(&checkin_writer);
    try {
        // Acknowledged records older than the retention period go; unacknowledged ones never.
        const int purged = checkins.PurgeAcknowledged(config.retention_days, static_cast<int64_t>(std::time(nullptr)));
        if (purged > 0) std::cerr << "kiosk: removed " << purged << " acknowledged check-ins older than " << config.retention_days << " days\n";
    } catch (const storage::DbError& error) {
        std::cerr << "kiosk: warning: could not purge old check-ins: " << error.what() << "\n";
    }

    // Sync runs on its own thread with its own connection; without a server or a token the
    // kiosk still works fully offline and says why it does not sync.
    std::unique_ptr<netsync::SyncWorker> sync_worker;
    if (!config.server_url.empty() && options.screenshot.empty()) {
        auto configured = kiosk::SyncSettingsFrom(config, KIOSK_VERSION);
        if (!configured) {
            // Check-ins go on; staff see why nothing is sent (the panel's "Last problem",
            // kioskctl status) as well as the journal.
            std::cerr << "kiosk: not syncing: " << configured.Error() << "\n";
            try {
                storage::WriteState(*db, "last_error", "not syncing: " + configured.Error());
            } catch (const storage::DbError&) {
            }
        } else {
            const netsync::SyncSettings& settings = configured.Value();
            netsync::GlobalInit();  // before any thread starts
            sync_worker = std::make_unique<netsync::SyncWorker>(db_path, settings, config.sync_interval_seconds);
            checkin_flow.OnRecorded([&sync_worker] { sync_worker->CheckinRecorded(); });
            sync_worker->OnFinished([] { render::Window::Wake(); });  // the staff panel shows the outcome
            sync_worker->Start();
        }
    }

    render::Window window;
    render::WindowOptions window_options;
    window_options.title = "Kiosk — " + config.school_name;
    window_options.fullscreen = config.fullscreen;
    window_options.width = config.window_width;
    window_options.height = config.window_height;
    if (const std::string error = window.Open(window_options); !error.empty()) {
        std::cerr << "kiosk: cannot open the kiosk window: " << error << "\n";
        return 3;
    }
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGINT, OnSignal);

    kiosk::KioskModel model(kiosk::SessionRulesFrom(config));
    kiosk::Ui ui(model, translator, directory, config);
    ui.now = MonotonicSeconds();
    ui.local_now = storage::LocalTimeNow();
    ui.checkin = &checkin_flow;
    // Search as you type runs on its own thread (a screenshot draws in-frame, so it is complete).
    std::unique_ptr<kiosk::SearchWorker> search_worker;
    if (options.screenshot.empty()) {
        search_worker = std::make_unique<kiosk::SearchWorker>(db_path, [] { render::Window::Wake(); });
        ui.search = search_worker.get();
    }
    uint64_t search_generation = 0;
    kiosk::StaffGate staff_gate(*db, config.staff_pin_hash);
    ui.staff = &staff_gate;
    ui.app_version = KIOSK_VERSION;
    ui.server_url = config.server_url;
    ui.read_staff_status = [&db] { return kiosk::ReadStaffStatus(*db, static_cast<int64_t>(std::time(nullptr)), KIOSK_BUILD_EPOCH); };
    if (sync_worker) {
        ui.sync_now = [&sync_worker] { sync_worker->SyncNow(); };
        ui.sync_busy = [&sync_worker] { return sync_worker->Busy(); };
    }
    if (!options.screenshot.empty()) Navigate(options, model, store);

    // Fonts depend on the screen size, the larger-text mode and the text shown: rebuilt when
    // any of them changes.
    std::string font_key;
    auto ensure_fonts = [&]() {
        const float em = render::EmForScreen(window.FramebufferWidth(), window.FramebufferHeight(), model.LargerText());
        const std::string key = std::to_string(em) + "|" + directory.Info().imported_at + "|" + (model.HighContrast() ? "hc" : "");
        if (key == font_key) return;
        font_key = key;
        render::FontRequest request = render::DefaultFontRequest();
        if (!config.font_regular.empty()) request.regular_paths.insert(request.regular_paths.begin(), config.font_regular);
        if (!config.font_bold.empty()) request.bold_paths.insert(request.bold_paths.begin(), config.font_bold);
        if (!config.font_icons.empty()) request.icon_paths.insert(request.icon_paths.begin(), config.font_icons);
        request.em = em;
        request.text = translator.AllText() + store.AllText() + config.school_name;
        for (const auto& code : config.languages) request.text += kiosk::Endonym(code);
        ui.fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
        for (const auto& warning : ui.fonts.warnings) std::cerr << "kiosk: warning: " << warning << "\n";
        window.ReloadFontTexture();
        ui.em = em;
        render::ApplyTheme({model.HighContrast(), em});
    };

    const double started = MonotonicSeconds();
    uint64_t seen_input = window.InputEvents();
    kiosk::FrameScheduler frames;
    std::string last_screen;
    int last_minute = -1;
    std::string last_targets;
    int screenshot_frames = 0;
    model.OnInput(started);
    if (options.still_there) model.OnInput(started - config.idle_timeout_seconds - 1);  // as if idle past the timeout
    int64_t data_version = db->DataVersion();
    (void)frames.DataCheckDue(started);

    while (!window.ShouldClose() && !g_stop) {
        const double now = MonotonicSeconds();
        if (options.exit_after > 0 && now - started >= options.exit_after) break;
        const bool animating = ui.animating || options.continuous || window.InputPending();
        // Sleep until input, the next idle-rule event, or at most a second (the clock).
        window.WaitForEvents(frames.WaitSeconds(animating, model.SecondsUntilNextIdleEvent(now)));
        const double after = MonotonicSeconds();
        if (window.InputEvents() != seen_input) {
            seen_input = window.InputEvents();
            if (options.screenshot.empty()) model.OnInput(after);  // a screenshot shows the state asked for
            frames.InputArrived();
        }
        const bool was_asking = model.AskingStillThere();
        const int resets = model.SessionsReset();
        model.Tick(after);
        if (model.AskingStillThere() != was_asking || model.SessionsReset() != resets) frames.ScreenChanged();
        if (model.AskingStillThere()) frames.Request(1);  // the countdown ticks
        if (model.Current() == kiosk::Screen::Staff) frames.Request(1);  // the panel's figures, once a second
        if (search_worker && search_worker->Generation() != search_generation) {
            search_generation = search_worker->Generation();
            frames.Request(1);  // a search answer arrived: show it
        }
        if (model.Current() == kiosk::Screen::CheckIn && checkin_flow.Step() != kiosk::CheckinStep::EnterId) {
            frames.Request(1);  // the confirmation returns to Welcome by itself
        }
        if (frames.DataCheckDue(after)) {
            // An import or a sync on another connection replaced the directory: show it.
            const int64_t version = db->DataVersion();
            if (version != data_version) {
                data_version = version;
                directory.Invalidate();
                if (search_worker) search_worker->Invalidate();
                frames.Request(1);
            }
        }
        const storage::LocalTime local = storage::LocalTimeNow();
        if (local.minute_of_day != last_minute) {
            last_minute = local.minute_of_day;
            frames.Request(1);  // the clock on the welcome screen
        }
        // Queued pointer events go in one button change a frame: draw until they are all in.
        if (window.InputPending()) frames.InputPending();
        if (!frames.ShouldDraw(ui.animating || options.continuous)) continue;

        ui.now = after;
        ui.local_now = local;
        {
            const std::time_t wall = std::time(nullptr);
            std::tm tm{};
            localtime_r(&wall, &tm);
            ui.clock = {static_cast<int64_t>(wall), static_cast<int>(tm.tm_gmtoff)};
        }
        ensure_fonts();
        if (options.frame_delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.frame_delay_ms));
        window.BeginFrame();
        kiosk::DrawKiosk(ui);
        if (!options.screenshot.empty() && ++screenshot_frames >= 4) {
            std::vector<uint8_t> rgba;
            int w = 0, h = 0;
            window.EndFrameWithCapture(rgba, w, h);
            const std::string error = render::WritePng(options.screenshot, w, h, rgba);
            if (!error.empty()) {
                std::cerr << "kiosk: " << error << "\n";
                return 1;
            }
            std::cout << "screenshot: " << options.screenshot << " (" << kiosk::ScreenName(model.Current()) << ", " << w << "x" << h << ")\n";
            return 0;
        }
        window.EndFrame();
        if (ui.exit_requested) {
            std::cout << "kiosk: exit requested from the staff panel" << std::endl;
            break;
        }
        frames.Drew();
        if (!options.screenshot.empty()) frames.Request(1);

        const std::string screen = kiosk::ScreenName(model.Current());
        if (screen != last_screen) {
            last_screen = screen;
            std::cout << "screen: " << screen << std::endl;
            frames.ScreenChanged();  // draw the new screen settled
        }
        if (!options.automation_file.empty()) {
            std::string targets = screen;
            for (const auto& [name, r] : ui.targets) targets += name + std::to_string(static_cast<int>(r.y));
            if (targets != last_targets) {
                last_targets = targets;
                WriteAutomationFile(options.automation_file, ui);
            }
        }
    }
    if (sync_worker) sync_worker->Stop();
    window.Close();
    return 0;
}
