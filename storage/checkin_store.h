// After-school programs, the roster, and the check-in outbox: every check-in or check-out
// is one row, committed to disk (WAL, synchronous=FULL) before the kiosk confirms it, and
// kept until the district server acknowledges it.
// Threads: a CheckinStore uses the Database it is given, so it belongs to that connection's
// thread. The UI thread and the sync thread each make their own on their own connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/time_text.h"
#include "base/uuid.h"
#include "storage/schedule.h"

namespace storage {

using base::Result;

class Database;

struct ProgramSession {
    std::string byday;      // "MO,WE"
    std::string opens_at;   // "15:15"
    std::string closes_at;  // "17:00"
};

// The end of the session a check-in belongs to: the one it falls in, or the first to begin
// within two hours after it, on the day it happened or (past midnight) the day before; a
// session whose closing time is before its opening time ends the next day. Minutes count from
// today's local midnight: `checked_in_minute` is negative for a check-in on an earlier day,
// and so may the answer be. A check-in after every session of its day "ends" when it happened;
// nullopt: no session of the program is near it.
std::optional<int> SessionEnd(const std::vector<ProgramSession>& sessions, int checked_in_minute, int today_weekday);

struct Program {
    std::string id;
    std::string name;                    // "Robotics Club"
    std::string organization_name;       // the partner that runs it
    std::string location;                // "Room 12"
    std::string description;
    std::vector<ProgramSession> sessions;
};

// An adult a family authorized to collect a child (guardian pickup). The code they were given
// is kept only as a slow salted hash (base/secret_hash.h), the same salt for a whole roster so
// one hash of a typed code finds every child it may collect.
struct AuthorizedAdult {
    std::string adult_id;                // the district's id: what a check-out records, never the code
    std::string display_name;            // "Ana Garcia", as the family gave it
    std::string relationship;            // "mother", "grandfather", "neighbor"
    std::string code_hash;               // "pbkdf2-sha256$..."
    std::string pickup_code{};           // import only: the district server hashes it and clears it; never stored or sent
};

struct RosterStudent {
    std::string student_id;
    std::string display_name;            // "Maria Garcia" on the server; kiosks get "Maria G." only
    std::vector<std::string> program_ids;
    bool pickup_required = false;        // released only to an authorized adult (or by staff)
    std::string grade{};                 // "K", "3", "11": the district's text (a grade can require pickup)
    std::vector<AuthorizedAdult> adults{};
    std::string do_not_release{};        // a note for staff only ("not to her uncle, court order on file")
};

// In and Out are attendance. Confirm, Correction and Void are what staff do to a record
// (`corrects` names it); they never edit or delete it.
enum class CheckinKind { In, Out, Confirm, Correction, Void };
enum class StaffAction { Confirm, Correct, Void };

struct CheckinRecord {
    int64_t seq = 0;                     // local sequence number
    std::string id;                      // random UUID, the server's dedupe key
    std::string student_id;
    std::string program_id;
    CheckinKind kind = CheckinKind::In;
    std::string at;                      // RFC 3339 with UTC offset, the kiosk's wall clock
    int64_t at_unix = 0;                 // the same instant, seconds since 1970
    bool clock_trusted = true;
    bool verified = true;                // false: the student was not on the roster
    std::string state;                   // pending, acknowledged, rejected
    std::string reason;                  // why the server rejected it
    std::string corrects;                // a staff action: the id of the record it acts on
    bool reviewed = false;               // staff have confirmed, corrected or voided this record
    // A check-out releasing a child who must be picked up: the authorized adult who collected
    // them (their id, never the code), or else the staff member who released them and why.
    std::string collected_by{};
    std::string released_by{};
    std::string release_reason{};
};

// Who a child was released to, for Release().
struct ReleaseBy {
    std::string adult_id;                // an authorized adult with their code
    std::string staff_name;              // or staff, when no code is at hand: their name
    std::string reason;                  //   and why
};

// A child who must be picked up and is still checked in (the staff panel's list).
struct AwaitingPickup {
    std::string student_id;
    std::string name;                    // "Maria G."
    std::string program_id, program_name, location;
    int64_t checked_in_at = 0;
    int minutes_late = -1;               // past the end of the program's session today; -1: not over yet
    std::string do_not_release;          // the staff-only note
    std::vector<AuthorizedAdult> adults; // who may collect them (names and relationships)
};

// A child an adult's code may collect.
struct PickupMatch {
    AuthorizedAdult adult;               // without the hash
    std::string student_id;
    std::string display_name;            // "Maria G."
}; 

// What the kiosk knows about its clock when it records something.
struct ClockReading {
    int64_t unix_seconds = 0;            // the wall clock now
    int utc_offset_seconds = 0;          // the local offset, for the RFC 3339 text
};

struct OutboxCounts {
    int64_t pending = 0;
    int64_t rejected = 0;
    int64_t unverified = 0;              // unverified records still on this kiosk
    std::string oldest_pending_at;       // "" when nothing is pending
};

class CheckinStore {
public:
    // `build_unix_seconds`: when this software was built. A clock earlier than that is wrong.
    explicit CheckinStore(Database& db, int64_t build_unix_seconds = 0) : m_db(db), m_build_time(build_unix_seconds) {}

    // Atomic replacements: the new list entirely, or (on failure) the old one.
    Result<int> ReplacePrograms(const std::vector<Program>& programs, const std::string& version);
    Result<int> ReplaceRoster(const std::vector<RosterStudent>& students, const std::string& version);
    std::vector<Program> Programs();
    // Programs with a session on the weekday of `day`, ordered by start time.
    std::vector<Program> ProgramsOn(const LocalTime& day);
    std::optional<Program> FindProgram(const std::string& id);
    std::optional<RosterStudent> FindStudent(const std::string& student_id);
    int64_t RosterSize();
    std::vector<RosterStudent> Roster();   // every student, by id (with adults and notes)
    // Every name and word of the programs and the roster a screen may show (programs, rooms,
    // partners, students, authorized adults, staff notes), one per line: the kiosk's fonts take
    // their letters. NamesVersion changes whenever either list is replaced.
    std::string ShownNames();
    std::string NamesVersion();

    // Guardian pickup. The distinct "pbkdf2-sha256$ITERATIONS$SALT$" of the roster's codes
    // (one, normally): hash a typed code with each and look the result up.
    std::vector<std::string> PickupHashPrefixes();
    // Children who must be picked up and are still checked in (within `checked_in_hours`),
    // the latest past their program's end first.
    std::vector<AwaitingPickup> AwaitingPickups(int64_t now_unix, const LocalTime& local, int checked_in_hours = 16);
    // Every child whose authorized adults include one with this code hash.
    std::vector<PickupMatch> ChildrenForCode(const std::string& code_hash);

    // Appends one record and commits it (the caller confirms only after this returns).
    // Decides whether the clock is trusted (not earlier than the newest time this kiosk has
    // seen, nor than the build) and remembers the newest time seen.
    Result<CheckinRecord> Record(const std::string& student_id, const std::string& program_id, CheckinKind kind,
                                 bool verified, const ClockReading& clock);
    // A check-out releasing a child: `by` says to whom (recorded with it, synced with it).
    Result<CheckinRecord> Release(const std::string& student_id, const std::string& program_id, const ReleaseBy& by,
                                  bool verified, const ClockReading& clock);
    // The student's newest record, if any.
    std::optional<CheckinRecord> LastRecordOf(const std::string& student_id);

    // For the sync engine: oldest first.
    std::vector<CheckinRecord> Pending(int limit);
    void MarkAcknowledged(const std::vector<std::string>& ids, int64_t now_unix);
    void MarkRejected(const std::string& id, const std::string& reason);
    // Deletes acknowledged records older than `days`; pending and rejected ones never.
    int PurgeAcknowledged(int days, int64_t now_unix);
    OutboxCounts Counts();
    std::vector<CheckinRecord> Since(int64_t since_unix);  // every record from then on, any state
    // For staff review, newest first: records the server rejected, or (rejected = false)
    // records of students who were not on the roster; those staff have acted on are left out.
    std::vector<CheckinRecord> ForReview(bool rejected, int limit);
    std::optional<CheckinRecord> FindRecord(const std::string& id);

    // Staff put a record right. Confirm (an unverified student is real), Void (it should not
    // count) or Correct (another student id or program). Each is a new outbox record naming
    // the original, which is never changed. Correcting a record the server rejected (it will
    // never have it) records the corrected attendance as a new record, at the original's time,
    // and voids the original. Fails on an unknown record, one already acted on, or an action
    // on an action.
    Result<CheckinRecord> ActOn(const std::string& record_id, StaffAction action, const std::string& student_id,
                                const std::string& program_id, const ClockReading& clock);

    // The newest wall-clock time this kiosk has ever seen (records, server Date headers).
    int64_t NewestTimeSeen();
    void SawTime(int64_t unix_seconds);
    bool ClockTrusted(int64_t unix_seconds);

private:
    Result<CheckinRecord> Append(const std::string& student_id, const std::string& program_id, CheckinKind kind, bool verified,
                                 const ClockReading& clock, const ReleaseBy& by);

    Database& m_db;
    int64_t m_build_time;
};

std::string KindText(CheckinKind kind);               // "in", "out", "confirm", "correction", "void"
std::optional<CheckinKind> KindFromText(const std::string& text);
inline bool IsAttendance(CheckinKind kind) { return kind == CheckinKind::In || kind == CheckinKind::Out; }
// "Maria Garcia" -> "Maria G."; privacy: first name and last initial only.
std::string ShortName(const std::string& display_name);

} // namespace storage
