// The kiosk application and its loop. See kiosk_app.h.
#include "kiosk/app/kiosk_app.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "kiosk/app/rules.h"
#include "kiosk/app/service_text.h"
#include "kiosk/app/sync_settings.h"
#include "render/font_paths.h"
#include "storage/kiosk_state.h"
#include "storage/migrations.h"
#include "sync/https_client.h"
#include "sync/sync_worker.h"

namespace kiosk {

namespace {

double SteadySeconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

storage::ClockReading WallClock() {
    const std::time_t wall = std::time(nullptr);
    std::tm tm{};
    localtime_r(&wall, &tm);
    return {static_cast<int64_t>(wall), static_cast<int>(tm.tm_gmtoff)};
}

} // namespace

base::Result<std::unique_ptr<KioskApp>> KioskApp::Open(KioskConfig config, AppOptions options) {
    if (options.db_path.empty()) {
        std::error_code ignored;
        std::filesystem::create_directories(config.data_dir, ignored);
        options.db_path = config.data_dir + "/kiosk.db";
    }
    std::unique_ptr<storage::Database> db;
    try {
        db = std::make_unique<storage::Database>(options.db_path);
        storage::Migrate(*db);
    } catch (const storage::DbError& error) {
        return base::Result<std::unique_ptr<KioskApp>>::Fail(std::string("cannot use the database: ") + error.what());
    }
    std::unique_ptr<KioskApp> app(new KioskApp(std::move(config), std::move(options), std::move(db)));
    return app;
}

KioskApp::KioskApp(KioskConfig config, AppOptions options, std::unique_ptr<storage::Database> db)
    : m_config(std::move(config)),
      m_options(std::move(options)),
      m_db_path(m_options.db_path),
      m_db(std::move(db)),
      m_store(*m_db),
      m_directory(m_store),
      m_checkins(*m_db, m_options.build_epoch),
      m_checkin(m_checkins, CheckinRulesFrom(m_config)),
      m_pickup(*m_db, m_checkins, m_inbox),
      m_search(m_directory),
      m_service_list(m_directory),
      m_model(SessionRulesFrom(m_config)),
      m_staff(*m_db, m_config.staff_pin_hash, m_inbox),
      m_frames(m_options.frames),
      m_id_pattern(m_config.student_id_pattern),
      m_monotonic(SteadySeconds),
      m_wall(WallClock),
      m_local_clock(storage::LocalTimeNow) {
    m_translator.Load(m_options.assets_dir + "/i18n", m_config.languages);
    {
        ReadAloud::Options speech;
        speech.enabled = m_config.read_aloud;
        speech.device = m_config.audio_device;
        speech.languages = m_config.languages;
        m_read_aloud = std::make_unique<ReadAloud>(speech);
        if (m_options.hold_session) m_read_aloud->WaitProbed();  // a screenshot shows the finished screen
    }
    for (const auto& warning : m_translator.Warnings()) std::cerr << "kiosk: warning: " << warning << "\n";
    {
        std::string error;
        auto synonyms = std::make_shared<storage::Synonyms>(storage::Synonyms::Load(m_options.assets_dir + "/i18n/synonyms.txt", &error));
        if (!error.empty()) std::cerr << "kiosk: warning: search works without synonyms: " << error << "\n";
        m_search.UseSynonyms(std::move(synonyms));
    }
    try {
        // Acknowledged records older than the retention period go; unacknowledged ones never.
        const int purged = m_checkins.PurgeAcknowledged(m_config.retention_days, m_wall().unix_seconds);
        if (purged > 0) std::cerr << "kiosk: removed " << purged << " acknowledged check-ins older than " << m_config.retention_days << " days\n";
    } catch (const storage::DbError& error) {
        std::cerr << "kiosk: warning: could not purge old check-ins: " << error.what() << "\n";
    }
    m_data_version = m_db->DataVersion();
    try {
        m_pickup_available = m_pickup.Available();
    } catch (const std::exception& error) {
        std::cerr << "kiosk: warning: cannot read the roster's pickup codes: " << error.what() << "\n";
    }
}

KioskApp::~KioskApp() { Stop(); }

void KioskApp::Stop() {
    m_printer.reset();  // drops labels still waiting: their check-ins are on disk already
    if (m_sync) m_sync->Stop();
    m_sync.reset();
    m_search.UseWorker(nullptr);
    m_search_worker.reset();
    m_checkin.UseWriter(nullptr, {});
    m_pickup.UseWriter(nullptr, {});
    m_writer.reset();  // writes everything already submitted
    m_inbox.SetWake({});  // the platform may go next
}

void KioskApp::SetClocks(std::function<double()> monotonic, std::function<storage::ClockReading()> wall,
                         std::function<storage::LocalTime()> local) {
    m_monotonic = std::move(monotonic);
    m_wall = std::move(wall);
    m_local_clock = std::move(local);
}

void KioskApp::Start(render::Platform& platform) {
    if (m_started) return;
    m_started = true;
    m_inbox.SetWake([&platform] { platform.Wake(); });
    // Records are committed on a writer thread with its own connection: a slow disk never
    // stalls a frame, and the confirmation shows once the commit is done.
    m_writer = std::make_unique<CheckinWriter>(m_db_path, m_options.build_epoch, m_inbox);
    m_checkin.UseWriter(m_writer.get(), [this] { return m_monotonic(); });
    m_pickup.UseWriter(m_writer.get(), [this] { return m_monotonic(); });
    m_checkin.OnRecorded([this](const storage::CheckinRecord& record) {
        m_staff_status_stale = true;  // the queue grew
        if (m_sync) m_sync->CheckinRecorded();
        PrintLabel(record);
    });
    // Check-in labels, where a printer is configured: on a thread of their own, so a printer
    // that is off or jammed never holds up a check-in.
    if (!m_config.label_printer.empty()) {
        print::PrinterSettings settings;
        settings.destination = m_config.label_printer;
        settings.server = m_config.label_printer_server;
        settings.size.width_mm = m_config.label_width_mm;
        settings.size.height_mm = m_config.label_height_mm;
        const render::FontPaths fonts = render::DefaultFontPaths();
        std::error_code ignored;
        auto first = [&](const std::vector<std::string>& paths) {
            for (const auto& path : paths) {
                if (std::filesystem::exists(path, ignored)) return path;
            }
            return std::string();
        };
        settings.fonts.bold = m_config.font_bold.empty() ? first(fonts.bold) : m_config.font_bold;
        settings.fonts.fallback = first(fonts.cjk_bold.empty() ? fonts.cjk : fonts.cjk_bold);
        settings.fonts.fallback_index = render::FontPaths::kCjkSimplifiedIndex;
        settings.changed = [this] { m_inbox.Post([this] { m_staff_status_stale = true; }); };
        m_printer = std::make_unique<print::LabelPrinter>(std::move(settings));
    }
    // Search as you type runs on its own thread.
    if (m_options.search_worker) {
        m_search_worker = std::make_unique<SearchWorker>(
            m_db_path, m_inbox, [this](std::shared_ptr<const SearchWorker::Answer> answer) { m_search.Receive(std::move(answer)); });
        m_search.UseWorker(m_search_worker.get());
    }
    // Sync runs on its own thread with its own connection; without a server or a token the
    // kiosk still works fully offline and says why it does not sync.
    if (m_options.sync && !m_config.server_url.empty()) {
        auto configured = SyncSettingsFrom(m_config, m_options.version);
        if (!configured) {
            // Check-ins go on; staff see why nothing is sent (the panel's "Last problem",
            // kioskctl status) as well as the journal.
            std::cerr << "kiosk: not syncing: " << configured.Error() << "\n";
            try {
                storage::WriteState(*m_db, "last_error", "not syncing: " + configured.Error());
            } catch (const storage::DbError&) {
            }
        } else {
            netsync::GlobalInit();  // before the sync thread starts
            m_sync = std::make_unique<netsync::SyncWorker>(m_db_path, configured.Value(), m_config.sync_interval_seconds);
            // A finished sync may have changed the panel's figures and replaced the directory.
            m_sync->OnFinished([this] {
                m_inbox.Post([this] {
                    m_staff_status_stale = true;
                    DirectoryMayHaveChanged();
                });
            });
            m_sync->Start();
        }
    }
    m_now = m_monotonic();
    m_clock = m_wall();
    m_local = m_local_clock();
    m_model.OnInput(m_now);
    m_seen_input = platform.InputEvents();
    (void)m_frames.DataCheckDue(m_now);
}

void KioskApp::DirectoryMayHaveChanged() {
    const int64_t version = m_db->DataVersion();
    if (version == m_data_version) return;
    m_data_version = version;
    m_directory.Invalidate();
    m_search.Invalidate();
    m_staff_status_stale = true;
    m_names_version_read = false;
    try {
        m_pickup_available = m_pickup.Available();  // the roster may have come with the directory's sync
    } catch (const std::exception&) {
    }
    m_frames.Request(1);
}

void KioskApp::CatchUpWithSession() {
    if (m_session_seen == m_model.SessionsReset()) return;
    m_session_seen = m_model.SessionsReset();
    m_checkin.Reset();  // a record being saved still lands (and syncs); only the screen forgets it
    m_pickup.Reset();   // so does a release; a wrong code being checked still counts
    m_staff.Close();
    m_review.Close();
    m_staff_release.Close();
    m_scanner.Clear();
}

void KioskApp::UpdateStation() {
    bool station = m_config.station_mode == "always";
    if (m_config.station_mode == "auto") {
        try {
            for (const auto& program : m_checkins.ProgramsOn(m_local)) {
                for (const auto& session : program.sessions) {
                    const auto opens = storage::MinutesOfDay(session.opens_at);
                    if (opens && m_local.minute_of_day >= *opens - m_config.station_minutes_before &&
                        m_local.minute_of_day <= *opens + m_config.station_minutes_after) {
                        station = true;
                    }
                }
            }
        } catch (const std::exception& error) {
            std::cerr << "kiosk: warning: cannot read today's programs: " << error.what() << "\n";
        }
    }
    m_station = station;
    const Screen home = station ? Screen::CheckIn : Screen::Welcome;
    if (home == m_model.HomeScreen()) return;
    // Nobody is using the kiosk (it shows the old home, untouched): it moves to the new one.
    const bool untouched = m_model.Current() == m_model.HomeScreen() && !m_model.CanGoBack() &&
                           m_checkin.Step() == CheckinStep::EnterId && m_checkin.Typed().empty();
    m_model.SetHomeScreen(home);
    if (untouched && !m_options.hold_session) {  // a screenshot shows the screen it was asked for
        m_model.ShowHome();
        m_frames.ScreenChanged();
    }
}

bool KioskApp::Scan(const std::string& text) {
    const bool id = std::regex_match(text, m_id_pattern);
    if (!id && m_model.Current() != Screen::CheckIn) return false;  // words typed on another screen
    // A new person: whatever was on screen, and whatever the last student left unfinished
    // (a choice, a question), goes.
    m_model.ResetSession();
    CatchUpWithSession();
    if (m_model.Current() != Screen::CheckIn) m_model.Go(Screen::CheckIn);
    m_model.OnInput(m_now);
    m_checkin.Type(text);
    m_checkin.Submit(m_clock, m_local, m_now);
    m_frames.ScreenChanged();
    return true;
}

void KioskApp::ReadShownService(const std::string& text) {
    m_reading_service = m_model.ServiceId();
    m_reading_language = m_model.Language();
    m_reading_session = m_model.SessionsReset();
    m_read_aloud->Speak(text, m_reading_language);
    m_was_speaking = true;
}

const std::string& KioskApp::NamesVersion() {
    if (!m_names_version_read) {
        try {
            m_names_version = m_checkins.NamesVersion();
            m_names_version_read = true;
        } catch (const std::exception&) {  // unreadable now: the last one read stands, asked again next time
        }
    }
    return m_names_version;
}

void KioskApp::DirectoryReplaced() {
    m_data_version = m_db->DataVersion();
    m_directory.Invalidate();
    m_search.Invalidate();
    m_staff_status_stale = true;
    m_frames.Request(1);
}

bool KioskApp::Frame(render::Platform& platform, FrameView& view) {
    Start(platform);
    const bool animating = view.Animating() || m_options.continuous || platform.InputPending();
    // Sleep until input, a delivery, the next idle-rule event, or at most a second (the clock).
    platform.WaitForEvents(m_frames.WaitSeconds(animating, m_model.SecondsUntilNextIdleEvent(m_monotonic())));
    const double now = m_monotonic();
    if (platform.InputEvents() != m_seen_input) {
        m_seen_input = platform.InputEvents();
        if (!m_options.hold_session) m_model.OnInput(now);
        m_frames.InputArrived();
    }
    m_now = now;
    m_clock = m_wall();
    m_local = m_local_clock();
    // Everything the workers finished since the last turn, on this thread.
    if (m_inbox.Drain() > 0) m_frames.Request(1);
    CatchUpWithSession();  // Home tapped last frame, or the idle reset below

    const bool was_asking = m_model.AskingStillThere();
    const int resets = m_model.SessionsReset();
    m_model.Tick(now);
    if (m_model.AskingStillThere() != was_asking || m_model.SessionsReset() != resets) m_frames.ScreenChanged();
    CatchUpWithSession();
    // Reading aloud belongs to the page it was started on: leaving it (Back, Home, another
    // service or language, the idle reset) silences it.
    if (m_read_aloud->Speaking() &&
        (m_model.Current() != Screen::ServiceDetail || m_model.ServiceId() != m_reading_service ||
         m_model.Language() != m_reading_language || m_model.SessionsReset() != m_reading_session)) {
        m_read_aloud->Stop();
    }
    if (!m_read_aloud_probed && m_read_aloud->Probed()) {
        m_read_aloud_probed = true;
        m_frames.Request(1);  // the speaker button may now show
    }
    if (m_read_aloud->Speaking() != m_was_speaking) {
        m_was_speaking = m_read_aloud->Speaking();
        m_frames.Request(1);  // the button's Read aloud / Stop
    }
    if (m_model.AskingStillThere()) m_frames.Request(1);                   // the countdown ticks
    if (m_model.Current() == Screen::Staff) m_frames.Request(1);          // the panel's "ago" figures
    if (m_model.Current() == Screen::Pickup && m_pickup.Step() != PickupStep::EnterCode) m_frames.Request(1);  // its notice ends by itself
    if (m_model.Current() == Screen::CheckIn && m_checkin.Step() != CheckinStep::EnterId) {
        m_frames.Request(1);  // the confirmation returns to Welcome by itself
    }
    // Another process (kioskctl import-directory) may have replaced the directory: the one
    // thing a delivery cannot tell us. A cheap PRAGMA, every few seconds.
    if (m_frames.DataCheckDue(now)) DirectoryMayHaveChanged();
    if (m_local.minute_of_day != m_last_minute) {
        m_last_minute = m_local.minute_of_day;
        UpdateStation();
        m_frames.Request(1);  // the clock on the welcome screen
    }
    // Queued pointer events go in one button change a frame: draw until they are all in.
    if (platform.InputPending()) m_frames.InputPending();
    if (!m_frames.ShouldDraw(view.Animating() || m_options.continuous)) return false;

    view.Prepare(platform);
    if (m_options.frame_delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(m_options.frame_delay_ms));
    platform.BeginFrame();
    view.Draw();
    platform.EndFrame();
    m_frames.Drew();
    if (m_model.Current() != m_last_screen || m_model.SessionsReset() != m_last_sessions) {
        // A new screen, or the same one for a new session (the station's keypad after a
        // confirmation): draw it settled.
        if (m_model.Current() == Screen::Staff) m_staff_status_stale = true;
        m_last_screen = m_model.Current();
        m_last_sessions = m_model.SessionsReset();
        m_frames.ScreenChanged();
    }
    return true;
}

void KioskApp::PrintLabel(const storage::CheckinRecord& record) {
    if (!m_printer || record.kind != storage::CheckinKind::In || !record.corrects.empty()) return;
    const auto student = m_checkins.FindStudent(record.student_id);
    if (m_config.print_labels_for == "pickup" && !(student && student->pickup_required)) return;
    print::CheckinLabel label;
    label.child = student ? storage::ShortName(student->display_name) : record.student_id;
    label.program = record.program_id;
    if (const auto program = m_checkins.FindProgram(record.program_id)) {
        label.program = program->name;
        label.room = program->location;
    }
    const std::string& language = m_config.default_language;
    label.when = record.at.substr(0, 10) + " " + ClockTimeAt(record.at_unix, language);
    label.code = print::NewSecurityCode();
    label.school = m_config.school_name;
    label.stub_heading = m_translator.TrIn(language, "Pick-up stub: keep it");
    m_printer->Submit(std::move(label));
}

std::optional<print::PrinterStatus> KioskApp::Printer() const {
    if (!m_printer) return std::nullopt;
    return m_printer->Status();
}

const StaffStatus& KioskApp::StaffStatusNow() {
    if (m_staff_status_stale) {
        m_staff_status_stale = false;
        try {
            m_staff_status = ReadStaffStatus(*m_db, m_clock.unix_seconds, m_options.build_epoch, m_local);
        } catch (const std::exception& error) {
            m_staff_status.last_error = std::string("cannot read the kiosk's state: ") + error.what();
        }
        m_staff_status.app_version = m_options.version;
        m_staff_status.server_url = m_config.server_url;
    }
    return m_staff_status;
}

void KioskApp::ActOnRecord(storage::StaffAction action) {
    if (!m_writer || !m_review.IsOpen() || m_review.Saving()) return;
    RecordRequest request;
    request.acts_on = m_review.Record().id;
    request.action = action;
    if (action == storage::StaffAction::Correct) {
        request.student_id = m_review.Student();
        request.program_id = m_review.Program();
    }
    request.clock = m_clock;
    m_review.SetSaving(true);
    m_review.SetMessage({});
    const std::string record = request.acts_on;
    m_writer->Submit(std::move(request), [this, record](const RecordOutcome& outcome) {
        m_staff_status_stale = true;
        if (!m_review.IsOpen() || m_review.Record().id != record) return;  // the panel was closed meanwhile
        m_review.SetSaving(false);
        if (outcome.record) {
            m_review.Close();
            if (m_sync) m_sync->CheckinRecorded();  // the district sees it at the next sync
        } else {
            m_review.SetMessage(outcome.error);
        }
    });
}

void KioskApp::ReleaseByStaff() {
    if (!m_writer || !m_staff_release.Ready() || m_staff_release.Saving()) return;
    const storage::AwaitingPickup& child = m_staff_release.Child();
    RecordRequest request;
    request.student_id = child.student_id;
    request.program_id = child.program_id;
    request.kind = storage::CheckinKind::Out;
    request.clock = m_clock;
    request.release = storage::ReleaseBy{{}, m_staff_release.StaffName(), StaffRelease::Reasons()[static_cast<size_t>(m_staff_release.Reason())]};
    m_staff_release.SetSaving(true);
    m_staff_release.SetMessage({});
    const std::string student = child.student_id;
    m_writer->Submit(std::move(request), [this, student](const RecordOutcome& outcome) {
        m_staff_status_stale = true;
        if (!m_staff_release.IsOpen() || m_staff_release.Child().student_id != student) return;  // closed meanwhile
        m_staff_release.SetSaving(false);
        if (outcome.record) {
            m_staff_release.Close();
            if (m_sync) m_sync->CheckinRecorded();
        } else {
            m_staff_release.SetMessage(outcome.error);
        }
    });
}

void KioskApp::SyncNow() {
    if (m_sync) m_sync->SyncNow();
}

int KioskApp::SyncRuns() const { return m_sync ? m_sync->Runs() : 0; }

bool KioskApp::SyncBusy() const { return m_sync && m_sync->Busy(); }

bool KioskApp::WaitForDelivery(render::Platform& platform, FrameView& view, double seconds) {
    if (!m_inbox.WaitForPost(seconds)) return false;
    for (int i = 0; i < 4; ++i) Frame(platform, view);
    return true;
}

} // namespace kiosk
