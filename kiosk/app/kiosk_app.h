// The kiosk application: the composition root that owns the database, the models, the workers
// and the visitor's session, and runs the loop one turn at a time (Frame). The kiosk's main,
// the headless UI tests and the UI benchmark all drive this same Frame, through a
// render::Platform (the GLFW window, or the headless one) and a FrameView (the screens, drawn
// with ImGui by kiosk/ui); nothing here sees ImGui.
//
// One turn: sleep until input, a worker's delivery or the next timed event; drain the UI
// inbox (the one way results cross from the workers); run the idle rule; draw when anything
// changed. A kiosk stands idle most of the day, so an idle turn draws nothing and sleeps.
// Threads: the UI thread. Workers reach it only through Inbox().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "base/result.h"
#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/pickup_flow.h"
#include "kiosk/app/checkin_writer.h"
#include "kiosk/app/config.h"
#include "kiosk/app/directory_cache.h"
#include "kiosk/app/frame_scheduler.h"
#include "kiosk/app/i18n.h"
#include "kiosk/app/kiosk_model.h"
#include "kiosk/app/read_aloud.h"
#include "kiosk/app/scan_detector.h"
#include "kiosk/app/search_model.h"
#include "kiosk/app/search_worker.h"
#include "kiosk/app/service_list_model.h"
#include "kiosk/app/staff_model.h"
#include "kiosk/app/ui_inbox.h"
#include "print/label_printer.h"
#include "render/platform.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"

namespace netsync {
class SyncWorker;
}

namespace kiosk {

struct AppOptions {
    std::string db_path;                 // "" = <data_dir>/kiosk.db
    std::string assets_dir;              // translations live in <assets_dir>/i18n
    int64_t build_epoch = 0;             // the trusted-clock floor (the build's date)
    std::string version = "dev";
    bool sync = true;                    // start the sync thread when the config names a server
    bool search_worker = true;           // false: search runs in the frame (a screenshot must be complete)
    bool continuous = false;             // draw every turn even when idle (screenshots, a benchmark reference)
    int frame_delay_ms = 0;              // make every frame this much slower (tests input on slow hardware)
    bool hold_session = false;           // input is not a touch: a screenshot shows the state asked for
    FrameSettings frames;
};

// The screens as the loop knows them; kiosk/ui implements it with ImGui.
class FrameView {
public:
    virtual ~FrameView() = default;
    // Before the frame begins: rebuild what depends on the screen size and the session's
    // display modes (the font atlas), uploading it through the platform.
    virtual void Prepare(render::Platform& platform) = 0;
    // Between Platform::BeginFrame and EndFrame: the whole kiosk.
    virtual void Draw() = 0;
    virtual bool Animating() const = 0;      // wants another frame soon (a fling, a hold)
    virtual bool ExitRequested() const = 0;  // staff confirmed "Exit kiosk"
};

class KioskApp {
public:
    // Loads translations, opens and migrates the database, purges acknowledged check-ins past
    // retention. Fails with a plain message (the kiosk exits 2 with it).
    static base::Result<std::unique_ptr<KioskApp>> Open(KioskConfig config, AppOptions options);
    ~KioskApp();  // stops the workers; what they post afterwards is never run
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // Starts the workers, which wake `platform` when they deliver. Call once, before Frame.
    void Start(render::Platform& platform);
    // Stops the workers (the writer first writes what it was given). Call before the
    // platform goes away; the destructor calls it too.
    void Stop();
    // One turn of the loop (see the header comment). Returns whether a frame was drawn.
    bool Frame(render::Platform& platform, FrameView& view);

    // A badge scan (ScanDetector found an id typed by the physical keyboard, then Enter). When
    // `text` can be a student id, it ends whatever session is on screen (a family browsing is
    // returned home: the screen is not theirs to keep when a student scans) and starts that
    // student's check-in; returns true. Otherwise (letters typed somewhere) returns false and
    // the screen keeps the keys — except on the check-in screen, which says it is not an id.
    bool Scan(const std::string& text);
    ScanDetector& Scanner() { return m_scanner; }
    // Whether the kiosk is a check-in station now (station_mode and today's programs).
    bool StationNow() const { return m_station; }

    // The clocks the loop reads (tests and the benchmark drive time themselves).
    void SetClocks(std::function<double()> monotonic, std::function<storage::ClockReading()> wall,
                   std::function<storage::LocalTime()> local);
    double Now() const { return m_now; }                       // this turn's monotonic seconds
    const storage::ClockReading& Clock() const { return m_clock; }  // this turn's wall clock
    const storage::LocalTime& LocalNow() const { return m_local; }

    KioskModel& Model() { return m_model; }
    const KioskConfig& Config() const { return m_config; }
    Translator& Tr() { return m_translator; }
    storage::Database& Db() { return *m_db; }
    storage::DirectoryStore& Store() { return m_store; }
    DirectoryCache& Directory() { return m_directory; }
    storage::CheckinStore& Checkins() { return m_checkins; }
    CheckinFlow& Checkin() { return m_checkin; }
    // The label printer's state for the staff panel; nullopt without one configured.
    std::optional<print::PrinterStatus> Printer() const;
    PickupFlow& Pickup() { return m_pickup; }
    // Whether this kiosk's roster has authorized adults: "Pick up a child" shows only then.
    bool PickupAvailable() const { return m_pickup_available; }
    // The roster's and programs' names version (CheckinStore::NamesVersion), read again only
    // when another connection changed the database: the fonts follow it without a query a frame.
    const std::string& NamesVersion();
    SearchModel& Search() { return m_search; }
    ServiceListModel& ServiceList() { return m_service_list; }
    StaffGate& Staff() { return m_staff; }
    UiInbox& Inbox() { return m_inbox; }
    const std::string& DbPath() const { return m_db_path; }
    const AppOptions& Options() const { return m_options; }

    // The staff panel's figures, read from the database again only when a worker delivered
    // something that changes them (a sync finished, a check-in was written) or the panel
    // opened. Sync state otherwise never needs polling.
    const StaffStatus& StaffStatusNow();
    // Staff put a record right (from the panel's review); written by the check-in writer, the
    // outcome shown in Review() when it arrives.
    RecordReview& Review() { return m_review; }
    void ActOnRecord(storage::StaffAction action);
    // Staff release the child open in StaffReleaseForm() (a check-out naming them and the
    // reason), on the writer; the form closes when it is on disk, or shows why not.
    StaffRelease& StaffReleaseForm() { return m_staff_release; }
    void ReleaseByStaff();
    // Read aloud (espeak-ng): whether the shown service can be read in the shown language, and
    // reading it. It stops by itself when the visitor leaves the page (Back, Home, another
    // service or language, the idle reset).
    ReadAloud& Speech() { return *m_read_aloud; }
    void ReadShownService(const std::string& text);
    bool Syncs() const { return m_sync != nullptr; }
    int SyncRuns() const;  // syncs finished since start (tests)
    void SyncNow();
    bool SyncBusy() const;

    // This process replaced the directory through Store(): show the new one (another
    // process's import is noticed by itself).
    void DirectoryReplaced();

    // Tests: wait (really) until a worker delivers something, then run turns until it is
    // drained and drawn. False if nothing arrived within `seconds`.
    bool WaitForDelivery(render::Platform& platform, FrameView& view, double seconds);

private:
    KioskApp(KioskConfig config, AppOptions options, std::unique_ptr<storage::Database> db);
    void DirectoryMayHaveChanged();
    void CatchUpWithSession();   // a new session: no check-in, PIN or panel of the last visitor
    void UpdateStation();        // once a minute: Welcome or the keypad as home
    void PrintLabel(const storage::CheckinRecord& record);  // queued: never waits for the printer

    KioskConfig m_config;
    AppOptions m_options;
    std::string m_db_path;
    Translator m_translator;
    // The inbox comes before every worker that posts to it, so it outlives them.
    UiInbox m_inbox;
    std::unique_ptr<storage::Database> m_db;
    storage::DirectoryStore m_store;
    DirectoryCache m_directory;
    storage::CheckinStore m_checkins;
    CheckinFlow m_checkin;
    PickupFlow m_pickup;
    bool m_pickup_available = false;
    std::string m_names_version;
    bool m_names_version_read = false;
    SearchModel m_search;
    ServiceListModel m_service_list;
    KioskModel m_model;
    StaffGate m_staff;
    StaffStatus m_staff_status;
    RecordReview m_review;
    StaffRelease m_staff_release;
    bool m_staff_status_stale = true;
    FrameScheduler m_frames;
    ScanDetector m_scanner;
    std::regex m_id_pattern;
    int m_session_seen = 0;
    bool m_station = false;

    std::unique_ptr<CheckinWriter> m_writer;
    std::unique_ptr<SearchWorker> m_search_worker;
    std::unique_ptr<ReadAloud> m_read_aloud;
    std::string m_reading_service, m_reading_language;
    int m_reading_session = -1;
    bool m_was_speaking = false;
    bool m_read_aloud_probed = false;
    std::unique_ptr<netsync::SyncWorker> m_sync;
    std::unique_ptr<print::LabelPrinter> m_printer;  // set only when a label printer is configured

    std::function<double()> m_monotonic;
    std::function<storage::ClockReading()> m_wall;
    std::function<storage::LocalTime()> m_local_clock;
    double m_now = 0;
    storage::ClockReading m_clock;
    storage::LocalTime m_local;
    uint64_t m_seen_input = 0;
    int64_t m_data_version = 0;
    int m_last_minute = -1;
    Screen m_last_screen = Screen::Welcome;
    int m_last_sessions = 0;
    bool m_started = false;
};

} // namespace kiosk
