// The staff panel's models. See staff_model.h.
#include "kiosk/app/staff_model.h"

#include <algorithm>
#include <ctime>

#include "storage/directory_store.h"
#include "storage/kiosk_state.h"
#include "sync/sync_engine.h"

namespace kiosk {

bool CornerHold::Update(bool pressed, bool in_corner, double now) {
    const bool went_down = pressed && !m_was_pressed;
    m_was_pressed = pressed;
    if (!pressed || !in_corner) {
        // Lifted, or slid out of the corner: start over (and fire again only after a new press).
        m_started = -1;
        if (!pressed) m_fired = false;
        return false;
    }
    if (went_down) m_started = now;   // only a press that begins in the corner counts
    if (m_started < 0 || m_fired) return false;
    if (now - m_started >= m_hold) {
        m_fired = true;
        m_started = -1;
        return true;
    }
    return false;
}

double CornerHold::Progress(double now) const {
    if (m_started < 0) return 0;
    return std::clamp((now - m_started) / m_hold, 0.0, 1.0);
}

StaffGate::StaffGate(storage::Database& db, std::string pin_hash, UiInbox& inbox, LockoutRules rules)
    : m_db(db), m_hash(std::move(pin_hash)), m_inbox(inbox), m_lockout(db, rules) {}

StaffGate::~StaffGate() {
    for (auto& thread : m_threads) thread.wait();
}

void StaffGate::Begin() {
    Close();
    if (!Configured()) m_message = "No staff PIN is set on this kiosk. District IT sets staff_pin_hash in the config.";
}

void StaffGate::Type(char digit) {
    if (m_step != StaffStep::EnterPin || digit < '0' || digit > '9' || m_typed.size() >= 12) return;
    m_typed += digit;
}

void StaffGate::Erase() {
    if (m_step == StaffStep::EnterPin && !m_typed.empty()) m_typed.pop_back();
}

void StaffGate::Submit(int64_t wall_now) {
    if (m_step != StaffStep::EnterPin || !Configured()) return;
    if (m_in_flight > 0) {  // a closed panel's check still counts before a new one starts
        m_message = "Checking the last PIN. Please try again in a moment.";
        return;
    }
    if (const int64_t locked = m_lockout.SecondsLocked(wall_now); locked > 0) {
        m_typed.clear();
        m_message = "Too many wrong PINs. Try again in {seconds} seconds.";
        return;
    }
    if (!ValidPin(m_typed)) {
        m_message = "A PIN is 4 to 12 digits.";
        return;
    }
    m_step = StaffStep::Checking;
    m_message.clear();
    // The hash is slow on purpose (about a second on a Pi): never on the UI thread.
    const uint64_t check = ++m_checks_started;
    m_current = check;
    ++m_in_flight;
    std::erase_if(m_threads, [](const std::future<void>& t) { return t.wait_for(std::chrono::seconds(0)) == std::future_status::ready; });
    m_threads.push_back(std::async(std::launch::async, [this, check, wall_now, pin = m_typed, hash = m_hash] {
        const bool right = VerifyPin(pin, hash);
        m_inbox.Post([this, check, right, wall_now] { Checked(check, right, wall_now); });
    }));
    m_typed.assign(m_typed.size(), '\0');
    m_typed.clear();
}

void StaffGate::Checked(uint64_t check, bool right, int64_t wall_now) {
    --m_in_flight;
    if (check != m_current || m_step != StaffStep::Checking) {
        // The panel was closed meanwhile: a wrong PIN still counts toward the lockout, a
        // right one opens nothing.
        if (!right) m_lockout.Failed(wall_now);
        return;
    }
    m_current = 0;
    if (right) {
        m_lockout.Succeeded();
        m_step = StaffStep::Open;
        return;
    }
    m_lockout.Failed(wall_now);
    m_step = StaffStep::EnterPin;
    const int left = m_lockout.AttemptsBeforeLock();
    if (m_lockout.SecondsLocked(wall_now) > 0) m_message = "Too many wrong PINs. Try again in {seconds} seconds.";
    else if (left == 1) m_message = "Wrong PIN. One more wrong PIN locks the panel.";
    else m_message = "Wrong PIN. Please try again.";
}

void StaffGate::Close() {
    m_current = 0;  // a check in flight goes on and counts when its answer arrives
    m_typed.assign(m_typed.size(), '\0');
    m_typed.clear();
    m_message.clear();
    m_step = StaffStep::EnterPin;
}

const std::vector<std::string>& StaffRelease::Reasons() {
    static const std::vector<std::string> reasons = {
        "No code: ID checked",
        "A parent called the school",
        "Sent home by the school",
    };
    return reasons;
}

bool StaffRelease::Ready() const {
    size_t letters = 0;
    for (unsigned char c : m_staff) letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80 ? 1 : 0;
    return m_open && letters >= 2 && m_reason >= 0 && m_reason < static_cast<int>(Reasons().size());
}

StaffStatus ReadStaffStatus(storage::Database& db, int64_t wall_now, int64_t build_epoch, const storage::LocalTime& local) {
    StaffStatus status;
    status.read_at = wall_now;
    const netsync::SyncStatus sync = netsync::ReadSyncStatus(db);
    status.last_success = sync.last_success;
    status.last_attempt = sync.last_attempt;
    status.last_error = sync.last_error;
    status.needs_enrollment = sync.needs_enrollment;
    status.clock_offset_seconds = sync.clock_offset_seconds;
    storage::CheckinStore checkins(db, build_epoch);
    status.clock_trusted = checkins.ClockTrusted(wall_now);
    const storage::OutboxCounts counts = checkins.Counts();
    status.queue_depth = counts.pending;
    status.rejected = counts.rejected;
    status.unverified = counts.unverified;
    if (auto oldest = base::ParseRfc3339(counts.oldest_pending_at)) {
        status.oldest_pending_age_seconds = std::max<int64_t>(0, wall_now - oldest->unix_seconds);
    }
    status.rejected_records = checkins.ForReview(true, 20);
    status.unverified_records = checkins.ForReview(false, 20);
    for (const auto* list : {&status.rejected_records, &status.unverified_records}) {
        for (const auto& r : *list) {
            if (auto student = checkins.FindStudent(r.student_id)) status.names[r.student_id] = storage::ShortName(student->display_name);
        }
    }
    for (const auto& p : checkins.Programs()) status.program_names[p.id] = p.name;
    status.programs = static_cast<int64_t>(checkins.Programs().size());
    status.roster_students = checkins.RosterSize();
    status.awaiting_pickup = checkins.AwaitingPickups(wall_now, local);
    const storage::DirectoryInfo info = storage::DirectoryStore(db).Info();
    status.directory_version = info.version;
    status.directory_services = info.services;
    status.directory_imported_at = info.imported_at;
    return status;
}

std::string Ago(const std::string& rfc3339, int64_t wall_now, const std::function<std::string(const std::string&)>& tr) {
    auto say = [&](const std::string& english, int64_t n) {
        std::string text = tr ? tr(english) : english;
        if (const auto at = text.find("{n}"); at != std::string::npos) text.replace(at, 3, std::to_string(n));
        return text;
    };
    const auto t = base::ParseRfc3339(rfc3339);
    if (!t) return say("never", 0);
    const int64_t seconds = wall_now - t->unix_seconds;
    if (seconds < 0) return say("in the future (clock?)", 0);
    if (seconds < 60) return say("just now", 0);
    if (seconds < 3600) return say("{n} min ago", seconds / 60);
    if (seconds < 48 * 3600) return say("{n} h ago", seconds / 3600);
    return say("{n} days ago", seconds / 86400);
}

} // namespace kiosk
