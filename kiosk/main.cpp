// The kiosk: parses the command line, opens the KioskApp (database, models, workers) and the
// window, and runs the app's loop (KioskApp::Frame) until asked to stop. The loop, the screens
// and every rule live in kiosk/app/ and kiosk/ui/; this file only wires them to a real window
// and adds the test hooks (screenshots, the automation file).
// Threads: everything here runs on the main (UI) thread.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "kiosk/app/config.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/ui/views.h"
#include "base/process.h"
#include "render/window.h"

namespace {

constexpr char kUsage[] =
    "usage: kiosk [--config FILE] [--windowed] [--db FILE]\n"
    "             [--screenshot PNG [--screen welcome|categories|service-list|service-detail|search|check-in|staff]\n"
    "              [--language CODE] [--category CODE] [--service ID] [--search TEXT]]\n"
    "              [--high-contrast] [--larger-text] [--still-there] [--search-results]]\n"
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
    bool search_results = false;  // search: as after "See N results", the keyboard set aside
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
        else if (arg == "--search-results") o.search_results = true;
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
// The check-in's state as drawn, for the tests: its step, how many confirmations were shown,
// how many ids it has looked up (a scan was taken), and which program each choice button
// stands for.
std::string CheckinLines(kiosk::KioskApp& app) {
    const kiosk::CheckinFlow& flow = app.Checkin();
    std::string lines = std::string("checkin ") + kiosk::StepName(flow.Step()) + " " + std::to_string(flow.Confirmations()) + " " +
                        std::to_string(flow.Lookups()) + "\n";
    static const char* kPickupSteps[] = {"enter-code", "checking", "choose", "saving", "done"};
    lines += std::string("pickup ") + kPickupSteps[static_cast<int>(app.Pickup().Step())] + " " +
             std::to_string(app.Pickup().Releases()) + " " + std::to_string(app.Pickup().Children().size()) + "\n";
    if (const auto printer = app.Printer()) {
        lines += "printer " + std::to_string(printer->printed) + " " + std::to_string(printer->failed) + " " + printer->last_error + "\n";
    }
    if (flow.Step() == kiosk::CheckinStep::ChooseProgram) {
        for (size_t i = 0; i < flow.Options().size(); ++i) {
            const auto& o = flow.Options()[i];
            lines += "option " + std::to_string(i) + " " + o.program.id + " " + storage::KindText(o.kind) + "\n";
        }
    }
    return lines;
}

void WriteAutomationFile(const std::string& path, const kiosk::Ui& ui, const std::string& checkin) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary);
        out << "screen " << kiosk::ScreenName(ui.model.Current()) << "\n";
        out << "language " << ui.model.Language() << "\n";
        out << checkin;
        for (const auto& text : ui.clipped) out << "clipped " << text << "\n";
        for (const auto& text : ui.missing_glyphs) out << "missing " << text << "\n";
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
    if (o.search_results) model.HideSearchKeyboard(true);
}

} // namespace

int main(int argc, char** argv) {
    const auto process_start = std::chrono::steady_clock::now();
    auto ms_since = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    };
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

    const bool screenshot = !options.screenshot.empty();
    kiosk::AppOptions app_options;
    app_options.db_path = options.db_path;
    app_options.assets_dir = FindAssets(config, argv[0]);
    app_options.build_epoch = KIOSK_BUILD_EPOCH;
    app_options.version = KIOSK_VERSION;
    // A screenshot draws one complete screen: no sync, search in the frame, input ignored.
    app_options.sync = !screenshot;
    app_options.search_worker = !screenshot;
    app_options.hold_session = screenshot;
    app_options.continuous = options.continuous || screenshot;
    app_options.frame_delay_ms = options.frame_delay_ms;
    auto opened = kiosk::KioskApp::Open(config, app_options);
    if (!opened) {
        std::cerr << "kiosk: " << opened.Error() << "\n";
        return 2;
    }
    kiosk::KioskApp& app = *opened.Value();
    const double app_ms = ms_since(process_start);
    const double app_mb = base::ResidentMegabytes();
    const auto window_start = std::chrono::steady_clock::now();

    render::Window window;
    render::WindowOptions window_options;
    window_options.title = "Kiosk — " + config.school_name;
    window_options.fullscreen = config.fullscreen;
    window_options.width = config.window_width;
    window_options.height = config.window_height;
    if (const base::Status status = window.Open(window_options); !status) {
        std::cerr << "kiosk: cannot open the kiosk window: " << status.Error() << "\n";
        return 3;
    }
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGINT, OnSignal);
    const double window_ms = ms_since(window_start);
    const double window_mb = base::ResidentMegabytes();

    kiosk::KioskUi ui(app);
    app.Start(window);
    if (screenshot) Navigate(options, app.Model(), app.Store());
    if (options.still_there) app.Model().OnInput(app.Now() - config.idle_timeout_seconds - 1);  // as if idle past the timeout

    const double started = app.Now();
    std::string last_screen;
    std::string last_targets;
    int drawn = 0;
    int status = 0;
    while (!window.ShouldClose() && !g_stop) {
        if (options.exit_after > 0 && app.Now() - started >= options.exit_after) break;
        if (screenshot && drawn == 3) window.CaptureNextFrame();  // the fourth frame has settled
        const auto frame_start = std::chrono::steady_clock::now();
        if (!app.Frame(window, ui)) continue;
        if (++drawn == 1) {
            // Where the start went, for the journal and figure 7 of scripts/bench.
            char line[300];
            std::snprintf(line, sizeof line,
                          "kiosk: start-up %.0f ms: app %.1f ms, window %.1f ms, fonts %.1f ms, frame %.1f ms; "
                          "resident: after app %.1f MB, after window %.1f MB, after first frame %.1f MB; font atlas %dx%d",
                          ms_since(process_start), app_ms, window_ms, ui.LastFontBuildMs(), ms_since(frame_start) - ui.LastFontBuildMs(),
                          app_mb, window_mb, base::ResidentMegabytes(), ui.State().atlas_width, ui.State().atlas_height);
            std::cout << line << std::endl;
        }
        std::vector<uint8_t> rgba;
        int w = 0, h = 0;
        if (screenshot && window.TakeCapture(rgba, w, h)) {
            if (const base::Status written = render::WritePng(options.screenshot, w, h, rgba); !written) {
                std::cerr << "kiosk: " << written.Error() << "\n";
                status = 1;
            } else {
                std::cout << "screenshot: " << options.screenshot << " (" << kiosk::ScreenName(app.Model().Current()) << ", " << w << "x" << h << ")\n";
            }
            break;
        }
        if (ui.ExitRequested()) {
            std::cout << "kiosk: exit requested from the staff panel" << std::endl;
            break;
        }
        const std::string screen = kiosk::ScreenName(app.Model().Current());
        if (screen != last_screen) {
            last_screen = screen;
            std::cout << "screen: " << screen << std::endl;
        }
        if (!options.automation_file.empty()) {
            const std::string checkin = CheckinLines(app);
            std::string targets = screen + checkin + std::to_string(ui.State().clipped.size()) + "|" + std::to_string(ui.State().missing_glyphs.size());
            for (const auto& [name, r] : ui.State().targets) targets += name + std::to_string(static_cast<int>(r.y));
            if (targets != last_targets) {
                last_targets = targets;
                WriteAutomationFile(options.automation_file, ui.State(), checkin);
            }
        }
    }
    app.Stop();  // the workers wake the window: stop them before it goes
    window.Close();
    return status;
}
