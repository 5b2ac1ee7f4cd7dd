// The student check-in flow as a plain model: type or scan an id, the programs of today,
// check in at once when exactly one is running, the duplicate window, check-out, and the
// confirmation that shows only after the record is on disk.
// Threads: the UI thread only (it uses the UI thread's CheckinStore).
#pragma once

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "kiosk/app/checkin_writer.h"
#include "storage/checkin_store.h"

namespace kiosk {

enum class CheckinStep {
    EnterId,        // the keypad; a scanner types here too
    UnknownId,      // not on the roster: "check the number, or check in anyway"
    ChooseProgram,  // several programs (or none of the student's own), or leaving: big buttons
    Saving,         // handed to the writer thread; the confirmation waits for the commit
    Confirmed,      // "Welcome, Maria G.! ..." for 5 s or until a tap
    Already,        // a second scan inside the duplicate window: nothing recorded
    Problem,        // the record could not be saved: "please tell a staff member"
};

struct CheckinRules {
    int duplicate_window_seconds = 120;
    std::string student_id_pattern = "^[0-9]{3,12}$";
    int confirmation_seconds = 5;
    int choice_seconds = 20;  // a choice nobody makes goes away, recording nothing (the next in line)
    int early_minutes = 30;   // a program counts as running from this long before it starts
};

struct CheckinOption {
    storage::Program program;
    storage::CheckinKind kind = storage::CheckinKind::In;
    bool running_now = false;
};

struct Confirmation {
    std::string name;            // "Maria G."; "" when the student is not on the roster
    std::string program_name;
    std::string location;
    storage::CheckinKind kind = storage::CheckinKind::In;
    bool verified = true;
    int64_t at_unix = 0;         // when it was recorded (shown in the session's language)
};

class CheckinFlow {
public:
    CheckinFlow(storage::CheckinStore& store, CheckinRules rules);

    CheckinStep Step() const { return m_step; }
    const std::string& Typed() const { return m_typed; }
    void Type(const std::string& text);   // digits from the keypad or a scanner; junk is ignored
    void Erase();
    // Characters and Enter from the physical keyboard (a badge scanner) on the check-in screen,
    // each frame, even when nothing came. Someone typing there is the next person in line: a
    // notice or an untouched choice still on screen goes (recording nothing) and their id
    // starts; while a record is being saved, what they typed waits for it. Nothing typed is
    // dropped, however the keys fall across slow frames.
    void Keyboard(const std::string& text, bool enter, const storage::ClockReading& clock,
                  const storage::LocalTime& local, double now);
    // Enter: look the id up and either record at once, offer the choices, or (an id not on the
    // roster) ask whether to check the number.
    void Submit(const storage::ClockReading& clock, const storage::LocalTime& local, double now);
    // UnknownId: back to the keypad with the number to correct, or on as an unverified record.
    void CheckNumber();
    void CheckInAnyway(const storage::ClockReading& clock, const storage::LocalTime& local, double now);
    void Choose(size_t index, const storage::ClockReading& clock, double now);
    const std::vector<CheckinOption>& Options() const { return m_options; }
    bool Verified() const { return m_verified; }
    // "Maria G." while a roster student's check-in is on screen; "" for an unknown id.
    const std::string& Name() const { return m_short_name; }
    const std::string& StudentId() const { return m_student_id; }
    // The choice is about leaving a program the student is checked in to (it comes first).
    bool Leaving() const { return !m_options.empty() && m_options.front().kind == storage::CheckinKind::Out; }

    const std::string& Message() const { return m_message; }  // what to tell the student (English; translated by the view)
    const std::string& MessageDetail() const { return m_detail; }  // a time, a name: not translated
    int64_t MessageTime() const { return m_message_time; }         // for "{time}": 0 = none
    const Confirmation& Confirmed() const { return m_confirmation; }
    // After a confirmation or a notice (a few seconds), or a choice nobody made (choice_seconds):
    // the caller returns to the keypad or Welcome, recording nothing. Nothing about the student stays.
    bool Expired(double now) const;
    uint64_t Confirmations() const { return m_confirmations; }  // records confirmed on screen so far (tests)
    uint64_t Lookups() const { return m_lookups; }  // ids looked up so far: a scan was taken (tests)
    void Reset();
    // Records go through `writer` (on its own thread) instead of this thread's connection;
    // the confirmation shows when the writer's outcome arrives through the UI inbox.
    // `now` tells the flow the time of a delivery (the loop's monotonic clock).
    void UseWriter(CheckinWriter* writer, std::function<double()> now) {
        m_writer = writer;
        m_now = std::move(now);
    }
    // Called after each record is committed (the kiosk asks the sync thread to sync soon).
    // Runs on the UI thread for every check-in or check-out once it is on disk.
    void OnRecorded(std::function<void(const storage::CheckinRecord&)> callback) { m_on_recorded = std::move(callback); }

private:
    void RecordChoice(const CheckinOption& option, const storage::ClockReading& clock, double now);
    void Offer(const std::optional<storage::RosterStudent>& student, const std::optional<storage::CheckinRecord>& last,
               const storage::ClockReading& clock, const storage::LocalTime& local, double now);

    storage::CheckinStore& m_store;
    CheckinRules m_rules;
    std::regex m_pattern;
    CheckinStep m_step = CheckinStep::EnterId;
    std::string m_typed;
    std::string m_keyboard;        // typed on the physical keyboard while a record was saving
    bool m_keyboard_enter = false;
    std::string m_student_id;
    std::string m_display_name;
    std::string m_short_name;
    int64_t m_message_time = 0;
    uint64_t m_confirmations = 0;
    uint64_t m_lookups = 0;
    bool m_verified = false;
    std::vector<CheckinOption> m_options;
    std::string m_message, m_detail;
    Confirmation m_confirmation;
    double m_shown_at = 0;
    std::function<void(const storage::CheckinRecord&)> m_on_recorded;
    CheckinWriter* m_writer = nullptr;
    std::function<double()> m_now;
    uint64_t m_ticket = 0;  // which submission the Saving step waits for
    CheckinOption m_saving;
    void Written(uint64_t ticket, const RecordOutcome& outcome);
    void Finish(const std::optional<storage::CheckinRecord>& record, const std::string& error, const CheckinOption& option, double now);
};

const char* StepName(CheckinStep step);  // "enter-id", "choose-program", ... (logs and tests)
std::string LocalClock(int64_t unix_seconds);  // "15:05" in the kiosk's time zone (kioskctl, logs)

} // namespace kiosk
