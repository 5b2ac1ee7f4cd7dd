// Attendance reports: what partners and the district share to measure their collective
// impact. Check-ins, unique students and average attended minutes per program, partner
// organization or school; a group with fewer than `min_students` students is suppressed so
// that no child can be singled out.
// Threads: pure functions, any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/district_store.h"

namespace district {

enum class ReportBy { Program, Partner, School };

struct AttendanceRow {
    std::string key;                     // program id, partner name, school
    std::string label;                   // what a person reads (the program's name)
    std::string partner;                 // for programs: the organization that runs it
    bool suppressed = false;             // fewer students than the threshold: no figures shown
    int64_t check_ins = 0;
    int64_t unique_students = 0;
    int64_t visits_with_checkout = 0;    // check-ins matched with a check-out the same day
    std::optional<double> average_minutes;  // over those visits
    // What staff put right at the kiosks, so partners see the figures were reviewed:
    int64_t corrected_by_staff = 0;      // check-ins and -outs counted under a corrected student or program
    int64_t voided_by_staff = 0;         // records staff voided (not counted above)
    int64_t unverified = 0;              // counted, but the student was not on the roster and no one confirmed them
    // Guardian pickup: children released to an authorized adult with their code, released by
    // staff without one (an exception), and releases after the program's session had ended.
    int64_t released_to_adults = 0;
    int64_t exception_releases = 0;
    int64_t late_pickups = 0;
};

struct AttendanceReport {
    std::string from, to;
    ReportBy by = ReportBy::Program;
    int min_students = 5;
    std::vector<AttendanceRow> rows;
};

AttendanceReport Attendance(const std::vector<StoredCheckin>& checkins, const std::vector<storage::Program>& programs,
                            ReportBy by, const std::string& from, const std::string& to, int min_students = 5);
// The same report from the figures the database computed (DistrictStore::AggregateAttendance):
// the rows of week `week` (0 when the query was not split by week), suppressed alike.
AttendanceReport AttendanceFromAggregate(const AttendanceAggregate& aggregate, const std::vector<storage::Program>& programs,
                                         ReportBy by, const std::string& from, const std::string& to, int min_students = 5,
                                         int64_t week = 0);
// The question to ask the store for a report `by` over `programs` (every one the district has,
// or the ones a partner may see).
AttendanceQuery AttendanceQueryFor(const std::vector<storage::Program>& programs, ReportBy by, const std::string& from,
                                   const std::string& to, bool all_programs);
// The SQL both stores run over a CTE named `mapped` with the columns (student, program, kind, at,
// unix, day, corrected, voided, verified, collected_by, released_by, grp, week): rows of part 0
// are the figures per (grp, week), rows of part 1 the releases and the check-in before each.
// `collate` orders text as the SQLite store's CheckinsBetween does ("" in SQLite,
// " COLLATE \"C\"" in PostgreSQL).
std::string AttendanceSql(const std::string& collate);
// Adds one row of AttendanceSql's answer to `aggregate`; `text`/`number`/`is_null` read a column.
template <typename Row>
void ReadAttendanceRow(const Row& row, AttendanceAggregate& aggregate) {
    if (row.number(0) == 0) {
        aggregate.figures.push_back({row.text(1), row.number(2), row.number(3), row.number(4), row.number(5), row.number(6), row.number(7),
                                     row.number(8), row.number(9), row.number(10), row.number(11)});
    } else {
        AttendanceRelease r{row.text(1), row.number(2), row.text(12), row.text(13), row.number(14), std::nullopt};
        if (!row.is_null(15)) r.checked_in_unix = row.number(15);
        aggregate.releases.push_back(std::move(r));
    }
}

std::string ReportCsv(const AttendanceReport& report);
std::string ReportJson(const AttendanceReport& report);

} // namespace district
