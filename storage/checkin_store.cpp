// Programs, roster and the check-in outbox. See checkin_store.h.
#include "storage/checkin_store.h"

#include "storage/schedule.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "base/uuid.h"
#include "storage/database.h"
#include "storage/kiosk_state.h"

namespace storage {

using base::NewUuid;
using base::ParseRfc3339;
using base::Rfc3339;

namespace {

// A clock this far behind the newest time seen is still trusted: NTP steps and a server's
// Date header a little ahead of ours are normal, a power cut that reset the clock is not.
constexpr int64_t kClockToleranceSeconds = 5 * 60;

constexpr char kRecordColumns[] =
    "seq, id, student_id, program_id, kind, at, at_unix, clock_trusted, verified, state, COALESCE(reason, ''), "
    "COALESCE(corrects, ''), EXISTS(SELECT 1 FROM checkin_outbox a WHERE a.corrects = checkin_outbox.id), "
    "COALESCE(collected_by, ''), COALESCE(released_by, ''), COALESCE(release_reason, '')";

CheckinRecord ReadRecord(Statement& s) {
    CheckinRecord r;
    r.seq = s.Int(0);
    r.id = s.Text(1);
    r.student_id = s.Text(2);
    r.program_id = s.Text(3);
    r.kind = KindFromText(s.Text(4)).value_or(CheckinKind::In);
    r.at = s.Text(5);
    r.at_unix = s.Int(6);
    r.clock_trusted = s.Int(7) != 0;
    r.verified = s.Int(8) != 0;
    r.state = s.Text(9);
    r.reason = s.Text(10);
    r.corrects = s.Text(11);
    r.reviewed = s.Int(12) != 0;
    r.collected_by = s.Text(13);
    r.released_by = s.Text(14);
    r.release_reason = s.Text(15);
    return r;
}

} // namespace

std::string KindText(CheckinKind kind) {
    switch (kind) {
        case CheckinKind::In: return "in";
        case CheckinKind::Out: return "out";
        case CheckinKind::Confirm: return "confirm";
        case CheckinKind::Correction: return "correction";
        case CheckinKind::Void: return "void";
    }
    return "in";
}

std::optional<CheckinKind> KindFromText(const std::string& text) {
    for (CheckinKind kind : {CheckinKind::In, CheckinKind::Out, CheckinKind::Confirm, CheckinKind::Correction, CheckinKind::Void}) {
        if (KindText(kind) == text) return kind;
    }
    return std::nullopt;
}

std::string ShortName(const std::string& display_name) {
    std::istringstream in(display_name);
    std::vector<std::string> words;
    std::string word;
    while (in >> word) words.push_back(word);
    if (words.empty()) return {};
    if (words.size() == 1) return words[0];
    // The first letter of the last name, whole UTF-8 character.
    const std::string& last = words.back();
    size_t length = 1;
    while (length < last.size() && (static_cast<unsigned char>(last[length]) & 0xC0) == 0x80) ++length;
    return words.front() + " " + last.substr(0, length) + ".";
}

Result<int> CheckinStore::ReplacePrograms(const std::vector<Program>& programs, const std::string& version) {
    try {
        Transaction transaction(m_db);
        m_db.Exec("DELETE FROM program_session; DELETE FROM program;");
        for (const Program& p : programs) {
            if (p.id.empty() || p.name.empty()) return Result<int>::Fail("a program has no id or no name; the old programs were kept");
            m_db.Cached("INSERT INTO program(id, name, organization_name, location, description) VALUES(?1, ?2, ?3, ?4, ?5)")
                .Bind(1, p.id).Bind(2, p.name).Bind(3, p.organization_name).Bind(4, p.location).Bind(5, p.description)
                .Run();
            for (const ProgramSession& s : p.sessions) {
                m_db.Cached("INSERT INTO program_session(program_id, byday, opens_at, closes_at) VALUES(?1, ?2, ?3, ?4)")
                    .Bind(1, p.id).Bind(2, s.byday).Bind(3, s.opens_at).Bind(4, s.closes_at)
                    .Run();
            }
        }
        WriteState(m_db, "programs_version", version);
        WriteState(m_db, "names_version", base::NewUuid());
        transaction.Commit();
    } catch (const DbError& error) {
        return Result<int>::Fail(std::string("the programs could not be stored; the old ones were kept: ") + error.what());
    }
    return static_cast<int>(programs.size());
}

Result<int> CheckinStore::ReplaceRoster(const std::vector<RosterStudent>& students, const std::string& version) {
    try {
        Transaction transaction(m_db);
        m_db.Exec("DELETE FROM roster_adult; DELETE FROM roster_enrollment; DELETE FROM roster_student;");
        for (const RosterStudent& s : students) {
            if (s.student_id.empty()) return Result<int>::Fail("a student has no id; the old roster was kept");
            m_db.Cached("INSERT OR REPLACE INTO roster_student(student_id, display_name, pickup_required, grade, do_not_release) "
                        "VALUES(?1, ?2, ?3, ?4, ?5)")
                .Bind(1, s.student_id).Bind(2, s.display_name).Bind(3, s.pickup_required).Bind(4, s.grade).Bind(5, s.do_not_release)
                .Run();
            for (const AuthorizedAdult& a : s.adults) {
                // A code in the clear never reaches a kiosk's disk: only its hash.
                if (!a.pickup_code.empty() || a.code_hash.empty()) {
                    return Result<int>::Fail("an authorized adult of student " + s.student_id +
                                             " has no hashed pickup code; the old roster was kept");
                }
                m_db.Cached("INSERT OR REPLACE INTO roster_adult(student_id, adult_id, display_name, relationship, code_hash) "
                            "VALUES(?1, ?2, ?3, ?4, ?5)")
                    .Bind(1, s.student_id).Bind(2, a.adult_id).Bind(3, a.display_name).Bind(4, a.relationship).Bind(5, a.code_hash)
                    .Run();
            }
            for (const std::string& program_id : s.program_ids) {
                m_db.Cached("INSERT OR IGNORE INTO roster_enrollment(student_id, program_id) VALUES(?1, ?2)")
                    .Bind(1, s.student_id).Bind(2, program_id)
                    .Run();
            }
        }
        WriteState(m_db, "roster_version", version);
        WriteState(m_db, "names_version", base::NewUuid());
        transaction.Commit();
    } catch (const DbError& error) {
        return Result<int>::Fail(std::string("the roster could not be stored; the old one was kept: ") + error.what());
    }
    return static_cast<int>(students.size());
}

std::vector<Program> CheckinStore::Programs() {
    std::vector<Program> out;
    {
        Statement& s = m_db.Cached("SELECT id, name, COALESCE(organization_name,''), COALESCE(location,''), "
                                   "COALESCE(description,'') FROM program ORDER BY name");
        while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), {}});
    }
    for (Program& p : out) {
        Statement& s = m_db.Cached("SELECT byday, opens_at, closes_at FROM program_session WHERE program_id = ?1 ORDER BY opens_at");
        s.Bind(1, p.id);
        while (s.Step()) p.sessions.push_back({s.Text(0), s.Text(1), s.Text(2)});
    }
    return out;
}

std::vector<Program> CheckinStore::ProgramsOn(const LocalTime& day) {
    std::vector<Program> out;
    for (Program& p : Programs()) {
        std::vector<ProgramSession> today;
        for (const ProgramSession& s : p.sessions) {
            const auto days = ParseByDay(s.byday);
            if (std::find(days.begin(), days.end(), day.weekday) != days.end()) today.push_back(s);
        }
        if (today.empty()) continue;
        p.sessions = std::move(today);
        out.push_back(std::move(p));
    }
    std::stable_sort(out.begin(), out.end(), [](const Program& a, const Program& b) {
        // An unreadable start sorts last.
        return MinutesOfDay(a.sessions.front().opens_at).value_or(24 * 60 + 1) <
               MinutesOfDay(b.sessions.front().opens_at).value_or(24 * 60 + 1);
    });
    return out;
}

std::optional<Program> CheckinStore::FindProgram(const std::string& id) {
    for (Program& p : Programs()) {
        if (p.id == id) return p;
    }
    return std::nullopt;
}

std::optional<RosterStudent> CheckinStore::FindStudent(const std::string& student_id) {
    RosterStudent student;
    {
        Statement& s = m_db.Cached("SELECT student_id, display_name, pickup_required, grade, do_not_release FROM roster_student "
                                   "WHERE student_id = ?1");
        s.Bind(1, student_id);
        if (!s.Step()) return std::nullopt;
        student.student_id = s.Text(0);
        student.display_name = s.Text(1);
        student.pickup_required = s.Int(2) != 0;
        student.grade = s.Text(3);
        student.do_not_release = s.Text(4);
        s.Reset();
    }
    {
        Statement& s = m_db.Cached("SELECT adult_id, display_name, relationship, code_hash FROM roster_adult WHERE student_id = ?1 "
                                   "ORDER BY display_name, adult_id");
        s.Bind(1, student_id);
        while (s.Step()) student.adults.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), {}});
    }
    Statement& s = m_db.Cached("SELECT program_id FROM roster_enrollment WHERE student_id = ?1 ORDER BY program_id");
    s.Bind(1, student_id);
    while (s.Step()) student.program_ids.push_back(s.Text(0));
    return student;
}

std::vector<RosterStudent> CheckinStore::Roster() {
    std::vector<RosterStudent> out;
    std::map<std::string, size_t> index;
    {
        Statement& s = m_db.Cached("SELECT student_id, display_name, pickup_required, grade, do_not_release FROM roster_student "
                                   "ORDER BY student_id");
        while (s.Step()) {
            index[s.Text(0)] = out.size();
            RosterStudent student;
            student.student_id = s.Text(0);
            student.display_name = s.Text(1);
            student.pickup_required = s.Int(2) != 0;
            student.grade = s.Text(3);
            student.do_not_release = s.Text(4);
            out.push_back(std::move(student));
        }
    }
    {
        Statement& s = m_db.Cached("SELECT student_id, program_id FROM roster_enrollment ORDER BY student_id, program_id");
        while (s.Step()) {
            if (auto it = index.find(s.Text(0)); it != index.end()) out[it->second].program_ids.push_back(s.Text(1));
        }
    }
    Statement& s = m_db.Cached("SELECT student_id, adult_id, display_name, relationship, code_hash FROM roster_adult "
                               "ORDER BY student_id, display_name, adult_id");
    while (s.Step()) {
        if (auto it = index.find(s.Text(0)); it != index.end()) out[it->second].adults.push_back({s.Text(1), s.Text(2), s.Text(3), s.Text(4), {}});
    }
    return out;
}

std::string CheckinStore::NamesVersion() { return ReadState(m_db, "names_version"); }

std::string CheckinStore::ShownNames() {
    std::string out;
    static constexpr const char* kQueries[] = {
        "SELECT name || char(10) || COALESCE(organization_name, '') || char(10) || COALESCE(location, '') || char(10) || "
        "COALESCE(description, '') FROM program",
        "SELECT display_name || char(10) || COALESCE(do_not_release, '') FROM roster_student",
        "SELECT display_name || char(10) || COALESCE(relationship, '') FROM roster_adult",
    };
    for (const char* sql : kQueries) {
        Statement& statement = m_db.Cached(sql);
        while (statement.Step()) out += statement.Text(0) + "\n";
    }
    return out;
}

std::vector<std::string> CheckinStore::PickupHashPrefixes() {
    // "pbkdf2-sha256$ITERATIONS$SALT$" is everything up to the last '$'.
    std::set<std::string> prefixes;
    Statement& s = m_db.Cached("SELECT DISTINCT code_hash FROM roster_adult");
    while (s.Step()) {
        const std::string hash = s.Text(0);
        const size_t last = hash.rfind('$');
        if (last != std::string::npos) prefixes.insert(hash.substr(0, last + 1));
    }
    return {prefixes.begin(), prefixes.end()};
}

std::optional<int> SessionEnd(const std::vector<ProgramSession>& sessions, int checked_in_minute, int today_weekday) {
    constexpr int kDay = 1440;
    constexpr int kEarly = 120;  // a child may arrive up to two hours before their session
    const int day = checked_in_minute >= 0 ? checked_in_minute / kDay : -((-checked_in_minute + kDay - 1) / kDay);
    std::optional<int> best;
    int best_wait = 0;
    std::optional<int> ended_before;  // a session of that day that was over when they came
    for (int d : {day - 1, day}) {
        const int weekday = ((today_weekday + d) % 7 + 7) % 7;
        for (const ProgramSession& session : sessions) {
            const auto days = ParseByDay(session.byday);
            if (std::find(days.begin(), days.end(), weekday) == days.end()) continue;
            const auto opens = MinutesOfDay(session.opens_at);
            const auto closes = MinutesOfDay(session.closes_at);
            if (!opens || !closes) continue;
            const int start = d * kDay + *opens;
            const int end = d * kDay + *closes + (*closes <= *opens ? kDay : 0);  // past midnight
            if (checked_in_minute > end) {
                if (d == day) ended_before = std::max(ended_before.value_or(end), end);
                continue;
            }
            if (checked_in_minute < start - kEarly) continue;
            const int wait = std::max(0, start - checked_in_minute);
            if (!best || wait < best_wait || (wait == best_wait && end > *best)) {
                best = end;
                best_wait = wait;
            }
        }
    }
    // Checked in after that day's sessions ended: late from the moment they came.
    if (!best && ended_before) best = checked_in_minute;
    return best;
}

std::vector<AwaitingPickup> CheckinStore::AwaitingPickups(int64_t now_unix, const LocalTime& local, int checked_in_hours) {
    std::vector<std::string> required;
    {
        Statement& s = m_db.Cached("SELECT student_id FROM roster_student WHERE pickup_required = 1 ORDER BY student_id");
        while (s.Step()) required.push_back(s.Text(0));
    }
    std::vector<AwaitingPickup> out;
    for (const std::string& id : required) {
        const auto last = LastRecordOf(id);
        if (!last || last->kind != CheckinKind::In || now_unix - last->at_unix >= static_cast<int64_t>(checked_in_hours) * 3600) continue;
        const auto student = FindStudent(id);
        if (!student) continue;
        AwaitingPickup child;
        child.student_id = id;
        child.name = ShortName(student->display_name);
        child.program_id = last->program_id;
        child.program_name = last->program_id;
        child.checked_in_at = last->at_unix;
        child.do_not_release = student->do_not_release;
        for (AuthorizedAdult adult : student->adults) {
            adult.code_hash.clear();
            child.adults.push_back(std::move(adult));
        }
        if (const auto program = FindProgram(last->program_id)) {
            child.program_name = program->name;
            child.location = program->location;
            // Late past the end of the session the child checked in to, which may have been
            // yesterday's, or one that runs past midnight. Minutes count from today's local
            // midnight (a change to or from summer time in between is an hour off).
            const auto elapsed = static_cast<int>(std::max<int64_t>(0, now_unix - last->at_unix) / 60);
            if (const auto end = SessionEnd(program->sessions, local.minute_of_day - elapsed, local.weekday)) {
                if (local.minute_of_day > *end) child.minutes_late = local.minute_of_day - *end;
            }
        }
        out.push_back(std::move(child));
    }
    std::stable_sort(out.begin(), out.end(), [](const AwaitingPickup& a, const AwaitingPickup& b) { return a.minutes_late > b.minutes_late; });
    return out;
}

std::vector<PickupMatch> CheckinStore::ChildrenForCode(const std::string& code_hash) {
    std::vector<PickupMatch> out;
    Statement& s = m_db.Cached("SELECT a.adult_id, a.display_name, a.relationship, a.student_id, r.display_name "
                               "FROM roster_adult a JOIN roster_student r ON r.student_id = a.student_id "
                               "WHERE a.code_hash = ?1 ORDER BY r.display_name, a.student_id");
    s.Bind(1, code_hash);
    while (s.Step()) {
        PickupMatch match;
        match.adult = {s.Text(0), s.Text(1), s.Text(2), {}, {}};
        match.student_id = s.Text(3);
        match.display_name = ShortName(s.Text(4));
        out.push_back(std::move(match));
    }
    return out;
}

int64_t CheckinStore::RosterSize() {
    Statement& s = m_db.Cached("SELECT count(*) FROM roster_student");
    s.Step();
    const int64_t n = s.Int(0);
    s.Reset();
    return n;
}

int64_t CheckinStore::NewestTimeSeen() {
    const std::string value = ReadState(m_db, "newest_time_seen");
    try {
        return value.empty() ? 0 : std::stoll(value);
    } catch (...) {
        return 0;
    }
}

void CheckinStore::SawTime(int64_t unix_seconds) {
    if (unix_seconds > NewestTimeSeen()) WriteState(m_db, "newest_time_seen", std::to_string(unix_seconds));
}

bool CheckinStore::ClockTrusted(int64_t unix_seconds) {
    if (m_build_time > 0 && unix_seconds < m_build_time) return false;
    return unix_seconds + kClockToleranceSeconds >= NewestTimeSeen();
}

Result<CheckinRecord> CheckinStore::Record(const std::string& student_id, const std::string& program_id, CheckinKind kind,
                                           bool verified, const ClockReading& clock) {
    return Append(student_id, program_id, kind, verified, clock, ReleaseBy{});
}

Result<CheckinRecord> CheckinStore::Release(const std::string& student_id, const std::string& program_id, const ReleaseBy& by,
                                            bool verified, const ClockReading& clock) {
    if (by.adult_id.empty() == by.staff_name.empty()) {
        return Result<CheckinRecord>::Fail("a release names either the adult who collected the child or the staff member who released them");
    }
    if (!by.staff_name.empty() && by.reason.empty()) return Result<CheckinRecord>::Fail("a release by staff says why");
    return Append(student_id, program_id, CheckinKind::Out, verified, clock, by);
}

Result<CheckinRecord> CheckinStore::Append(const std::string& student_id, const std::string& program_id, CheckinKind kind,
                                           bool verified, const ClockReading& clock, const ReleaseBy& by) {
    CheckinRecord record;
    record.collected_by = by.adult_id;
    record.released_by = by.staff_name;
    record.release_reason = by.reason;
    record.id = NewUuid();
    record.student_id = student_id;
    record.program_id = program_id;
    record.kind = kind;
    record.at_unix = clock.unix_seconds;
    record.at = Rfc3339(clock.unix_seconds, clock.utc_offset_seconds);
    record.verified = verified;
    record.state = "pending";
    try {
        Transaction transaction(m_db);
        record.clock_trusted = ClockTrusted(clock.unix_seconds);
        auto optional = [](const std::string& text) { return text.empty() ? std::optional<std::string>() : text; };
        m_db.Cached("INSERT INTO checkin_outbox(id, student_id, program_id, kind, at, at_unix, clock_trusted, verified, "
                    "collected_by, released_by, release_reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
            .Bind(1, record.id).Bind(2, student_id).Bind(3, program_id).Bind(4, KindText(kind)).Bind(5, record.at)
            .Bind(6, record.at_unix).Bind(7, record.clock_trusted).Bind(8, verified)
            .Bind(9, optional(by.adult_id)).Bind(10, optional(by.staff_name)).Bind(11, optional(by.reason))
            .Run();
        record.seq = m_db.LastInsertRowid();
        SawTime(clock.unix_seconds);
        transaction.Commit();  // synchronous=FULL: on disk when this returns
    } catch (const DbError& error) {
        std::string why = error.IsDiskFull() ? "the disk is full" : error.IsBusy() ? "the database is busy" :
                          error.IsCorrupt() ? "the database is damaged" : "the database failed";
        return Result<CheckinRecord>::Fail(why + ": " + error.what());
    }
    return record;
}

std::optional<CheckinRecord> CheckinStore::LastRecordOf(const std::string& student_id) {
    Statement& s = m_db.Cached(std::string("SELECT ") + kRecordColumns +
                               " FROM checkin_outbox WHERE student_id = ?1 AND kind IN ('in', 'out') AND NOT EXISTS("
                               "SELECT 1 FROM checkin_outbox v WHERE v.corrects = checkin_outbox.id AND v.kind IN ('void', 'correction')) "
                               "ORDER BY seq DESC LIMIT 1");
    s.Bind(1, student_id);
    if (!s.Step()) return std::nullopt;
    CheckinRecord r = ReadRecord(s);
    s.Reset();
    return r;
}

std::vector<CheckinRecord> CheckinStore::Pending(int limit) {
    Statement& s = m_db.Cached(std::string("SELECT ") + kRecordColumns +
                               " FROM checkin_outbox WHERE state = 'pending' ORDER BY seq LIMIT ?1");
    s.Bind(1, limit);
    std::vector<CheckinRecord> out;
    while (s.Step()) out.push_back(ReadRecord(s));
    return out;
}

void CheckinStore::MarkAcknowledged(const std::vector<std::string>& ids, int64_t now_unix) {
    if (ids.empty()) return;
    // One statement for the whole batch (ids as a JSON array), in one transaction.
    std::string list = "[";
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i) list += ',';
        list += nlohmann::json(ids[i]).dump();
    }
    list += ']';
    Transaction transaction(m_db);
    m_db.Cached("UPDATE checkin_outbox SET state = 'acknowledged', acknowledged_at = ?2 "
                "WHERE id IN (SELECT value FROM json_each(?1)) AND +state = 'pending'")  // + : look up by id, never scan the queue
        .Bind(1, list).Bind(2, std::to_string(now_unix))
        .Run();
    transaction.Commit();
}

void CheckinStore::MarkRejected(const std::string& id, const std::string& reason) {
    m_db.Cached("UPDATE checkin_outbox SET state = 'rejected', reason = ?2 WHERE id = ?1 AND state = 'pending'")
        .Bind(1, id).Bind(2, reason)
        .Run();
}

int CheckinStore::PurgeAcknowledged(int days, int64_t now_unix) {
    m_db.Cached("DELETE FROM checkin_outbox WHERE state = 'acknowledged' AND CAST(acknowledged_at AS INTEGER) < ?1")
        .Bind(1, now_unix - static_cast<int64_t>(days) * 86400)
        .Run();
    return m_db.Changes();
}

OutboxCounts CheckinStore::Counts() {
    OutboxCounts counts;
    Statement& s = m_db.Cached(
        "SELECT (SELECT count(*) FROM checkin_outbox WHERE state = 'pending'), "
        "(SELECT count(*) FROM checkin_outbox o WHERE state = 'rejected' AND NOT EXISTS(SELECT 1 FROM checkin_outbox a WHERE a.corrects = o.id)), "
        "(SELECT count(*) FROM checkin_outbox o WHERE verified = 0 AND kind IN ('in', 'out') "
        " AND NOT EXISTS(SELECT 1 FROM checkin_outbox a WHERE a.corrects = o.id)), "
        "(SELECT COALESCE(min(at), '') FROM checkin_outbox WHERE seq = (SELECT min(seq) FROM checkin_outbox WHERE state = 'pending'))");
    s.Step();
    counts.pending = s.Int(0);
    counts.rejected = s.Int(1);
    counts.unverified = s.Int(2);
    counts.oldest_pending_at = s.Text(3);
    s.Reset();
    return counts;
}

std::vector<CheckinRecord> CheckinStore::ForReview(bool rejected, int limit) {
    Statement& s = m_db.Cached(std::string("SELECT ") + kRecordColumns + " FROM checkin_outbox WHERE " +
                               (rejected ? "state = 'rejected'" : "verified = 0 AND kind IN ('in', 'out') AND state != 'rejected'") +
                               " AND NOT EXISTS(SELECT 1 FROM checkin_outbox a WHERE a.corrects = checkin_outbox.id)"
                               " ORDER BY seq DESC LIMIT ?1");
    s.Bind(1, limit);
    std::vector<CheckinRecord> out;
    while (s.Step()) out.push_back(ReadRecord(s));
    return out;
}

std::optional<CheckinRecord> CheckinStore::FindRecord(const std::string& id) {
    Statement& s = m_db.Cached(std::string("SELECT ") + kRecordColumns + " FROM checkin_outbox WHERE id = ?1");
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    CheckinRecord r = ReadRecord(s);
    s.Reset();
    return r;
}

Result<CheckinRecord> CheckinStore::ActOn(const std::string& record_id, StaffAction action, const std::string& student_id,
                                          const std::string& program_id, const ClockReading& clock) {
    using R = Result<CheckinRecord>;
    try {
        Transaction transaction(m_db);
        const auto original = FindRecord(record_id);
        if (!original) return R::Fail("there is no record " + record_id + " on this kiosk");
        if (!IsAttendance(original->kind)) return R::Fail("that record is itself a staff action");
        if (original->reviewed) return R::Fail("staff have already put that record right");
        auto insert = [&](const std::string& student, const std::string& program, CheckinKind kind, const std::string& at,
                          int64_t at_unix, bool verified, const std::string& corrects) {
            CheckinRecord r;
            r.id = NewUuid();
            r.student_id = student;
            r.program_id = program;
            r.kind = kind;
            r.at = at;
            r.at_unix = at_unix;
            r.clock_trusted = ClockTrusted(clock.unix_seconds);
            r.verified = verified;
            r.state = "pending";
            r.corrects = corrects;
            m_db.Cached("INSERT INTO checkin_outbox(id, student_id, program_id, kind, at, at_unix, clock_trusted, verified, corrects) "
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, ''))")
                .Bind(1, r.id).Bind(2, r.student_id).Bind(3, r.program_id).Bind(4, KindText(kind)).Bind(5, r.at)
                .Bind(6, r.at_unix).Bind(7, r.clock_trusted).Bind(8, r.verified).Bind(9, r.corrects)
                .Run();
            r.seq = m_db.LastInsertRowid();
            return r;
        };
        const std::string now_text = Rfc3339(clock.unix_seconds, clock.utc_offset_seconds);
        CheckinRecord done;
        switch (action) {
            case StaffAction::Confirm:
                done = insert(original->student_id, original->program_id, CheckinKind::Confirm, now_text, clock.unix_seconds, true, original->id);
                break;
            case StaffAction::Void:
                done = insert(original->student_id, original->program_id, CheckinKind::Void, now_text, clock.unix_seconds, true, original->id);
                break;
            case StaffAction::Correct: {
                if (student_id.empty() || program_id.empty()) return R::Fail("a correction needs a student id and a program");
                if (!FindProgram(program_id)) return R::Fail("there is no program \"" + program_id + "\" on this kiosk");
                if (student_id == original->student_id && program_id == original->program_id) {
                    return R::Fail("the correction changes nothing");
                }
                if (original->state == "rejected") {
                    // The server will never have the original: the attendance is recorded anew,
                    // at the original's time, and the original is voided here.
                    done = insert(student_id, program_id, original->kind, original->at, original->at_unix, true, "");
                    insert(original->student_id, original->program_id, CheckinKind::Void, now_text, clock.unix_seconds, true, original->id);
                } else {
                    done = insert(student_id, program_id, CheckinKind::Correction, now_text, clock.unix_seconds, true, original->id);
                }
                break;
            }
        }
        SawTime(clock.unix_seconds);
        transaction.Commit();
        return done;
    } catch (const DbError& error) {
        return R::Fail(std::string("the staff action could not be saved: ") + error.what());
    }
}

std::vector<CheckinRecord> CheckinStore::Since(int64_t since_unix) {
    Statement& s = m_db.Cached(std::string("SELECT ") + kRecordColumns + " FROM checkin_outbox WHERE at_unix >= ?1 ORDER BY seq");
    s.Bind(1, since_unix);
    std::vector<CheckinRecord> out;
    while (s.Step()) out.push_back(ReadRecord(s));
    return out;
}

} // namespace storage
