// The kiosk as it runs, headless, for tests: KioskApp (its database, models, check-in writer,
// search worker and, when a server is given, sync thread) driven through its own loop,
// Frame(), on the headless platform and drawn by the real KioskUi. Time is the test's: each
// Frame is a sixtieth of a second later. Included by the headless UI tests and the end-to-end
// staff review test.
#pragma once

#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/staff_model.h"
#include "kiosk/ui/views.h"
#include "render/headless.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "hsds/reader.h"
#include "test_support.h"

namespace test {

using namespace kiosk;

struct HarnessOptions {
    float width = 1280, height = 800;
    std::string staff_pin_hash;
    std::string server_url;  // "" = no sync thread
    std::string station_mode = "off";
    std::string ca_file;     // the district's CA, with server_url
    std::string token;       // the kiosk's token, with server_url ("" = one no server knows)
    std::string audio_device = "default";  // read aloud's ALSA device
    std::vector<std::string> languages;    // empty: the config's default
};

// The kiosk as it runs, headless: KioskApp (its database, models, check-in writer and search
// worker) driven through its own loop, Frame(), on the headless platform, drawn by the real
// KioskUi. Time is the test's: each Frame is a sixtieth of a second later.
struct Harness {
    test::ScratchDir dir;
    render::HeadlessPlatform platform;
    std::unique_ptr<KioskApp> app;
    KioskModel& model;
    storage::Database& db;
    storage::DirectoryStore& store;
    DirectoryCache& cache;
    Translator& tr;
    storage::CheckinStore& checkins;
    CheckinFlow* flow;
    KioskUi view;
    Ui* ui;
    double now = 0;

    static std::unique_ptr<KioskApp> Open(const test::ScratchDir& dir, const HarnessOptions& o) {
        KioskConfig config;
        config.staff_pin_hash = o.staff_pin_hash;
        config.station_mode = o.station_mode;
        config.audio_device = o.audio_device;
        if (!o.languages.empty()) config.languages = o.languages;
        if (!o.server_url.empty()) {
            config.server_url = o.server_url;
            config.ca_file = o.ca_file;
            config.token_file = dir / "token";
            test::WriteFile(config.token_file, (o.token.empty() ? std::string("test-token-0123456789abcdef0123456789abcdef") : o.token) + "\n");
            std::filesystem::permissions(config.token_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
            config.sync_interval_seconds = 3600;  // only the first sync and those asked for
        }
        AppOptions options;
        options.db_path = dir / "kiosk.db";
        options.assets_dir = test::SourceDir() + "/assets";
        auto opened = KioskApp::Open(config, options);
        REQUIRE_MESSAGE(opened.Ok(), opened.Error());
        return std::move(opened.Value());
    }

    static HarnessOptions Sized(float width, float height) {
        HarnessOptions o;
        o.width = width;
        o.height = height;
        return o;
    }
    explicit Harness(float width = 1280, float height = 800) : Harness(Sized(width, height)) {}
    explicit Harness(const HarnessOptions& o)
        : platform(static_cast<int>(o.width), static_cast<int>(o.height)),
          app(Open(dir, o)),
          model(app->Model()),
          db(app->Db()),
          store(app->Store()),
          cache(app->Directory()),
          tr(app->Tr()),
          checkins(app->Checkins()),
          flow(&app->Checkin()),
          view(*app),
          ui(&view.State()) {
        auto en = hsds::ReadHsdsPath(test::SampleDirectory("en"));
        auto es = hsds::ReadHsdsPath(test::SampleDirectory("es"));
        std::vector<std::pair<std::string, hsds::DirectoryFeed>> translations;
        translations.emplace_back("es", std::move(es.Value()));
        REQUIRE(store.ReplaceDirectory(en.Value(), {}, translations).Ok());
        storage::Program all_day{"allday", "Robotics Club", "Trailblazers", "Room 12", "", {{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}};
        REQUIRE(checkins.ReplacePrograms({all_day}, "t").Ok());
        REQUIRE(checkins.ReplaceRoster({{"123456", "Maria Garcia", {"allday"}}}, "t").Ok());
        app->SetClocks([this] { return now; },
                       [this] { return storage::ClockReading{1795536000 + static_cast<int64_t>(now), 0}; },  // 2026-11-24 16:00 UTC, a Tuesday
                       [] { return *storage::ParseLocalTime("2026-11-24 16:00"); });
        Frame();
        Frame();
    }
    ~Harness() { app->Stop(); }  // before the platform its workers wake

    // One turn of the kiosk's loop; returns whether it drew.
    bool Frame() {
        now += 1.0 / 60.0;
        return app->Frame(platform, view);
    }
    // A worker's result: wait for it through the inbox, as the loop does, and draw it.
    void WaitForWorker() { REQUIRE(app->WaitForDelivery(platform, view, 10)); }
    ImVec2 Center(const std::string& target) {
        auto it = ui->targets.find(target);
        REQUIRE_MESSAGE(it != ui->targets.end(), "no target " << target << " on " << std::string(ScreenName(model.Current())));
        return ImVec2(it->second.x + it->second.w / 2, it->second.y + it->second.h / 2);
    }
    // A touchscreen tap: move, press and release arrive in one batch, then the finger is gone.
    void Tap(const std::string& target) {
        const ImVec2 at = Center(target);
        platform.Tap(at.x, at.y);
        platform.Leave();
        for (int i = 0; i < 3; ++i) Frame();
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
        platform.Press(at.x, at.y);
        Frame();
        for (int i = 0; i < steps; ++i) {
            at.y += dy / steps;
            platform.MoveTo(at.x, at.y);
            Frame();
        }
        platform.Release();
        Frame();
        platform.Leave();
        Frame();
    }
    // Until the search worker's answer for what is typed has arrived and is drawn.
    void WaitForSearch() {
        while (app->Search().Find(model, app->Config(), app->LocalNow()).waiting) WaitForWorker();
        Frame();
    }
    // A USB scanner: the digits and Enter within a millisecond, in one batch of events.
    void Scan(const std::string& text) {
        platform.Type(text);
        platform.Key(render::HeadlessPlatform::kKeyEnter);
        Frame();
        Frame();
    }
    // Until the check-in writer's outcome is on screen.
    void WaitForSave() {
        while (flow->Step() == CheckinStep::Saving) WaitForWorker();
        Frame();
    }
    // Staff: the three-second hold on the corner, then the PIN (the harness's is 2468).
    void OpenStaffPanel() {
        platform.Press(5, 5);
        for (int i = 0; i < 200 && model.Current() != Screen::Staff; ++i) Frame();
        platform.Release();
        platform.Leave();
        Frame();
        Frame();
        for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.8", "pin.enter"}) Tap(key);
        while (app->Staff().Step() == StaffStep::Checking) WaitForWorker();
        Frame();
        REQUIRE(app->Staff().Step() == StaffStep::Open);
    }
    // Two programs running all day; Maria is in both (she chooses), Lucas in one.
    void TwoPrograms() {
        storage::Program robotics{"robotics", "Robotics Club", "Trailblazers", "Room 12", "", {{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}};
        storage::Program art{"art", "Art Studio", "Trailblazers", "Room 3", "", {{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}};
        REQUIRE(checkins.ReplacePrograms({robotics, art}, "t2").Ok());
        REQUIRE(checkins.ReplaceRoster({{"123456", "Maria Garcia", {"robotics", "art"}}, {"654321", "Lucas Nguyen", {"robotics"}}}, "t2").Ok());
    }
};

} // namespace test
