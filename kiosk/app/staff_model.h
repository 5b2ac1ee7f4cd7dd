// The staff panel as plain models: the three-second hold on the top-left corner that opens
// it, the PIN gate in front of it (slow hash checked off the UI thread, growing lockout), and
// what the panel shows about the kiosk's sync state. Tests drive these without a GPU.
// Threads: the UI thread only. The PIN check runs on a short-lived thread of its own and its
// answer comes back through the UI inbox.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <future>
#include <string>
#include <vector>

#include "kiosk/app/staff_pin.h"
#include "kiosk/app/ui_inbox.h"
#include "storage/checkin_store.h"

namespace storage {
class Database;
}

namespace kiosk {

// A press that starts in the corner and stays there for `hold_seconds`.
class CornerHold {
public:
    explicit CornerHold(double hold_seconds = 3.0) : m_hold(hold_seconds) {}
    // Every frame, with the pointer's state. True once, on the frame the hold completes.
    bool Update(bool pressed, bool in_corner, double now);
    bool Holding() const { return m_started >= 0; }
    double Progress(double now) const;   // 0..1 while holding

private:
    double m_hold;
    double m_started = -1;
    bool m_was_pressed = false;
    bool m_fired = false;
};

enum class StaffStep { EnterPin, Checking, Open };

class StaffGate {
public:
    // `pin_hash` from the config; "" = no PIN set (the panel then stays shut and says why).
    // The check's answer is posted to `inbox` (declare the inbox before the gate).
    StaffGate(storage::Database& db, std::string pin_hash, UiInbox& inbox, LockoutRules rules = {});
    ~StaffGate();  // waits for checks still running (their answers are then never drained)
    StaffGate(const StaffGate&) = delete;
    StaffGate& operator=(const StaffGate&) = delete;

    bool Configured() const { return !m_hash.empty(); }
    void Begin();                       // the hold completed: ask for the PIN
    void Type(char digit);
    void Erase();
    void Submit(int64_t wall_now);      // starts the check, unless locked; the answer comes via the inbox
    // Forgets what was typed; the next visit asks again. Never waits: a check in flight goes
    // on in the background and still counts (a wrong PIN toward the lockout) when it ends;
    // no new check starts before it has.
    void Close();

    StaffStep Step() const { return m_step; }
    size_t TypedLength() const { return m_typed.size(); }   // shown as dots, never as digits
    const std::string& Message() const { return m_message; }  // English; translated by the view
    int64_t SecondsLocked(int64_t wall_now) { return m_lockout.SecondsLocked(wall_now); }

private:
    void Checked(uint64_t check, bool right, int64_t wall_now);  // on the UI thread, from the inbox

    storage::Database& m_db;
    std::string m_hash;
    UiInbox& m_inbox;
    PinLockout m_lockout;
    StaffStep m_step = StaffStep::EnterPin;
    std::string m_typed;
    std::string m_message;
    uint64_t m_checks_started = 0;
    uint64_t m_current = 0;                      // the check the panel waits for; 0 = none
    int m_in_flight = 0;                         // checks whose answer has not arrived
    std::vector<std::future<void>> m_threads;    // joined by the destructor
};

// Staff putting one record right, from the panel: confirm it, void it, or correct its student
// id or program. The action itself is written by the check-in writer (KioskApp::ActOnRecord).
class RecordReview {
public:
    void Open(const storage::CheckinRecord& record) {
        *this = RecordReview{};
        m_record = record;
        m_open = true;
        m_student = record.student_id;
        m_program = record.program_id;
    }
    void Close() { *this = RecordReview{}; }
    bool IsOpen() const { return m_open; }
    const storage::CheckinRecord& Record() const { return m_record; }
    bool Correcting() const { return m_correcting; }
    void StartCorrecting() { m_correcting = true; }
    std::string& Student() { return m_student; }
    std::string& Program() { return m_program; }
    bool Saving() const { return m_saving; }
    void SetSaving(bool saving) { m_saving = saving; }
    const std::string& Message() const { return m_message; }
    void SetMessage(std::string message) { m_message = std::move(message); }

private:
    storage::CheckinRecord m_record;
    bool m_open = false;
    bool m_correcting = false;
    bool m_saving = false;
    std::string m_student, m_program, m_message;
};

// Staff releasing a child who must be picked up when no code is at hand (the adult forgot
// it, a parent called the school): who releases them and why, written as a check-out naming
// the staff member (KioskApp::ReleaseByStaff).
class StaffRelease {
public:
    // The reasons staff choose from (English; translated by the view).
    static const std::vector<std::string>& Reasons();
    void Open(const storage::AwaitingPickup& child) {
        *this = StaffRelease{};
        m_child = child;
        m_open = true;
    }
    void Close() { *this = StaffRelease{}; }
    bool IsOpen() const { return m_open; }
    const storage::AwaitingPickup& Child() const { return m_child; }
    std::string& StaffName() { return m_staff; }
    int Reason() const { return m_reason; }    // index into Reasons(), -1 = none chosen
    void ChooseReason(int reason) { m_reason = reason; }
    // A name of at least two letters and a reason.
    bool Ready() const;
    bool Saving() const { return m_saving; }
    void SetSaving(bool saving) { m_saving = saving; }
    const std::string& Message() const { return m_message; }
    void SetMessage(std::string message) { m_message = std::move(message); }

private:
    storage::AwaitingPickup m_child;
    bool m_open = false;
    std::string m_staff;
    int m_reason = -1;
    bool m_saving = false;
    std::string m_message;
};

// What the panel shows.
struct StaffStatus {
    std::string app_version;
    std::string server_url;              // "" = this kiosk does not sync
    std::string last_success;            // RFC 3339, "" = never
    std::string last_attempt;
    std::string last_error;              // plain words
    bool needs_enrollment = false;
    int64_t clock_offset_seconds = 0;
    bool clock_trusted = true;
    int64_t queue_depth = 0;
    int64_t oldest_pending_age_seconds = -1;  // at read_at; -1 = nothing pending
    int64_t read_at = 0;                      // the wall clock when this was read
    int64_t rejected = 0;
    int64_t unverified = 0;
    std::string directory_version;
    int directory_services = 0;
    std::string directory_imported_at;
    int64_t programs = 0;
    int64_t roster_students = 0;
    std::vector<storage::CheckinRecord> rejected_records;    // newest first, at most 20, not yet reviewed
    std::vector<storage::CheckinRecord> unverified_records;  // newest first, at most 20, not yet reviewed
    std::map<std::string, std::string> names;                // student id -> "Maria G." (roster students)
    std::map<std::string, std::string> program_names;        // program id -> "Robotics Club"
    std::vector<storage::AwaitingPickup> awaiting_pickup;    // children still here who must be picked up, latest first
};

StaffStatus ReadStaffStatus(storage::Database& db, int64_t wall_now, int64_t build_epoch, const storage::LocalTime& local = {});

// "3 min ago", "2 h ago", "just now"; "never" for "". `tr` translates the English templates.
std::string Ago(const std::string& rfc3339, int64_t wall_now,
                const std::function<std::string(const std::string&)>& tr = {});

} // namespace kiosk
