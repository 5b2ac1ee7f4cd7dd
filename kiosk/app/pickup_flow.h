// Guardian pickup at the kiosk as a plain model. An adult taps "Pick up a child" and types the
// code the family was given; the kiosk hashes it off the UI thread (the roster keeps codes
// only as hashes, one salt a roster, so one hash finds every child a code may collect) and
// shows those children who are checked in now: first name and initial, program, room. The
// adult taps each child they are taking, then releases them: each release is a check-out
// naming the adult (their id, never the code), written by the check-in writer. A wrong code
// counts toward a lockout like the staff PIN's, kept in the kiosk's database. Everything it
// needs is on the kiosk, so it works offline. It never shows a staff-only note.
// Threads: the UI thread. The hash runs on a short-lived thread of its own and its answer
// comes back through the UI inbox; releases come back the same way from the writer.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "kiosk/app/checkin_writer.h"
#include "kiosk/app/staff_pin.h"
#include "kiosk/app/ui_inbox.h"
#include "storage/checkin_store.h"

namespace kiosk {

enum class PickupStep {
    EnterCode,  // the keypad (digits shown as dots)
    Checking,   // the code is being hashed
    Choose,     // the children this code may collect who are here: tap each one
    Saving,     // the releases are being written
    Done,       // "Maria G. and Lucas N. may go home with Ana Garcia" for a few seconds
};

struct PickupChild {
    std::string student_id;
    std::string name;            // "Maria G."
    std::string program_id;
    std::string program_name;    // "Robotics Club"
    std::string location;        // "Room 12"
    std::string adult_id;        // who this code is for this child
    bool selected = false;
};

struct PickupRules {
    int notice_seconds = 8;      // the Done notice
    int choice_seconds = 60;     // an untouched list goes away, releasing nobody
    int checked_in_hours = 16;   // a check-in older than this is not "here now"
};

class PickupFlow {
public:
    // `db` keeps the lockout; `store` reads the roster and the outbox on the UI thread.
    PickupFlow(storage::Database& db, storage::CheckinStore& store, UiInbox& inbox, PickupRules rules = {},
               LockoutRules lockout = {});
    ~PickupFlow();  // waits for a hash still running (its answer is then never drained)
    PickupFlow(const PickupFlow&) = delete;
    PickupFlow& operator=(const PickupFlow&) = delete;

    // Releases go through `writer` (on its own thread); without one, on this thread's store.
    // `now` tells the flow the time of a delivery (the loop's monotonic clock).
    void UseWriter(CheckinWriter* writer, std::function<double()> now) {
        m_writer = writer;
        m_now = std::move(now);
    }
    // Whether any child on this kiosk's roster has an authorized adult (the button shows only then).
    bool Available();

    void Begin();                     // a new adult: the keypad, nothing typed
    void Type(char digit);
    void Erase();
    size_t TypedLength() const { return m_typed.size(); }
    // Starts checking the code, unless locked or not 4 to 8 digits; the answer comes via the inbox.
    void Submit(const storage::ClockReading& clock, double now);
    void Toggle(size_t index);        // Choose: this child is coming, or not
    size_t Selected() const;
    // Choose: records a release for each selected child; the Done notice follows the commits.
    void Release(const storage::ClockReading& clock, double now);

    PickupStep Step() const { return m_step; }
    const std::vector<PickupChild>& Children() const { return m_children; }
    const std::string& AdultName() const { return m_adult_name; }   // "Ana Garcia"
    const std::string& Message() const { return m_message; }        // English; translated by the view
    int64_t SecondsLocked(int64_t wall_now) { return m_lockout.SecondsLocked(wall_now); }
    const std::vector<std::string>& ReleasedNames() const { return m_released; }  // Done: who went home
    // A Done notice after notice_seconds, or a list nobody touched for choice_seconds: the
    // caller goes back (nothing about the family stays on screen).
    bool Expired(double now) const;
    void Reset();
    uint64_t Releases() const { return m_release_count; }  // children released so far (tests)

private:
    void Checked(uint64_t check, std::vector<std::string> hashes, const storage::ClockReading& clock, double now);

    storage::Database& m_db;
    storage::CheckinStore& m_store;
    UiInbox& m_inbox;
    PickupRules m_rules;
    PinLockout m_lockout;
    CheckinWriter* m_writer = nullptr;
    std::function<double()> m_now;
    PickupStep m_step = PickupStep::EnterCode;
    std::string m_typed;
    std::string m_message;
    std::string m_adult_name;
    std::vector<PickupChild> m_children;
    std::vector<std::string> m_released;
    size_t m_waiting = 0;             // releases not yet written
    bool m_failed = false;
    uint64_t m_release_count = 0;
    double m_shown_at = 0;
    uint64_t m_checks = 0, m_current = 0;
    uint64_t m_session = 0;           // Begin/Reset: answers for an earlier adult change nothing on screen
    int m_in_flight = 0;
    std::vector<std::future<void>> m_threads;
};

} // namespace kiosk
