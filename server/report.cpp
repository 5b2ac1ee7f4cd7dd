// Attendance reports. See report.h.
#include "server/report.h"

#include "base/time_text.h"
#include "storage/checkin_store.h"
#include "storage/schedule.h"

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace district {

namespace {

const char* ByName(ReportBy by) {
    switch (by) {
        case ReportBy::Program: return "program";
        case ReportBy::Partner: return "partner";
        case ReportBy::School: return "school";
    }
    return "program";
}

std::string CsvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// Whether a release came after the end of the session its check-in belongs to (in the kiosk's
// wall-clock time, as written in `at`): yesterday's, or one running past midnight, included.
// Without its check-in, the session the release itself falls in.
bool ReleasedLate(const StoredCheckin& c, const StoredCheckin* checked_in, const std::map<std::string, const storage::Program*>& program_of) {
    const auto program = program_of.find(c.program_id);
    const auto at = base::ParseRfc3339(c.at);
    if (program == program_of.end() || !at) return false;
    const int64_t local = c.corrected_unix + at->utc_offset_seconds;
    const int minute = static_cast<int>(((local % 86400) + 86400) % 86400 / 60);
    const int weekday = static_cast<int>(((local / 86400 + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday; 0 = Sunday
    const int64_t since = checked_in ? std::max<int64_t>(0, c.corrected_unix - checked_in->corrected_unix) / 60 : 0;
    const auto end = storage::SessionEnd(program->second->sessions, minute - static_cast<int>(since), weekday);
    return end && minute > *end;
}

// The report's frame, before its rows.
AttendanceReport EmptyReport(ReportBy by, const std::string& from, const std::string& to, int min_students) {
    AttendanceReport report;
    report.from = from;
    report.to = to;
    report.by = by;
    report.min_students = min_students;
    return report;
}

// A group under the threshold: its name, and nothing that could single out a child (no
// counts, no minutes).
AttendanceRow Suppressed(const AttendanceRow& row) {
    AttendanceRow hidden;
    hidden.key = row.key;
    hidden.label = row.label;
    hidden.partner = row.partner;
    hidden.suppressed = true;
    return hidden;
}

struct Group {
    AttendanceRow row;
    std::set<std::string> students;
    double minutes = 0;
};

} // namespace

AttendanceReport Attendance(const std::vector<StoredCheckin>& checkins, const std::vector<storage::Program>& programs,
                            ReportBy by, const std::string& from, const std::string& to, int min_students) {
    std::map<std::string, const storage::Program*> program_of;
    for (const auto& p : programs) program_of[p.id] = &p;
    auto partner_of = [&](const std::string& program_id) {
        const auto it = program_of.find(program_id);
        return it == program_of.end() || it->second->organization_name.empty() ? std::string("(unknown partner)")
                                                                                 : it->second->organization_name;
    };
    std::map<std::string, Group> groups;
    auto group_for = [&](const StoredCheckin& c) -> Group& {
        std::string key;
        switch (by) {
            case ReportBy::Program: key = c.program_id; break;
            case ReportBy::Partner: key = partner_of(c.program_id); break;
            case ReportBy::School: key = c.school; break;
        }
        auto [it, fresh] = groups.try_emplace(key);
        if (fresh) {
            it->second.row.key = key;
            it->second.row.label = key;
            if (by == ReportBy::Program) {
                const auto p = program_of.find(key);
                if (p != program_of.end()) it->second.row.label = p->second->name;
                it->second.row.partner = partner_of(key);
            }
        }
        return it->second;
    };
    // Voided records count for nothing but the number voided; the rest, with staff
    // corrections already applied, are the attendance.
    std::vector<const StoredCheckin*> counted;
    counted.reserve(checkins.size());
    for (const StoredCheckin& c : checkins) {
        if (c.voided) ++group_for(c).row.voided_by_staff;
        else counted.push_back(&c);
    }
    // `checkins` come ordered by student, program and time: a check-in is matched with the
    // next counted record of the same student and program on the same day if that is a check-out.
    for (size_t i = 0; i < counted.size(); ++i) {
        const StoredCheckin& c = *counted[i];
        Group& group = group_for(c);
        group.students.insert(c.student_id);
        if (c.corrected_by_staff) ++group.row.corrected_by_staff;
        if (!c.verified) ++group.row.unverified;
        if (c.kind == "out" && (!c.collected_by.empty() || !c.released_by.empty())) {
            if (!c.collected_by.empty()) ++group.row.released_to_adults;
            else ++group.row.exception_releases;
            const StoredCheckin* in = i > 0 && counted[i - 1]->kind == "in" && counted[i - 1]->student_id == c.student_id &&
                                              counted[i - 1]->program_id == c.program_id ? counted[i - 1] : nullptr;
            if (ReleasedLate(c, in, program_of)) ++group.row.late_pickups;
        }
        if (c.kind != "in") continue;
        ++group.row.check_ins;
        if (i + 1 < counted.size()) {
            const StoredCheckin& next = *counted[i + 1];
            if (next.kind == "out" && next.student_id == c.student_id && next.program_id == c.program_id &&
                next.local_date == c.local_date && next.corrected_unix >= c.corrected_unix) {
                ++group.row.visits_with_checkout;
                group.minutes += static_cast<double>(next.corrected_unix - c.corrected_unix) / 60.0;
            }
        }
    }
    AttendanceReport report = EmptyReport(by, from, to, min_students);
    for (auto& [key, group] : groups) {
        AttendanceRow row = group.row;
        row.unique_students = static_cast<int64_t>(group.students.size());
        if (row.unique_students < min_students) {
            row = Suppressed(row);
        } else if (row.visits_with_checkout > 0) {
            row.average_minutes = std::round(group.minutes / static_cast<double>(row.visits_with_checkout) * 10.0) / 10.0;
        }
        report.rows.push_back(std::move(row));
    }
    return report;
}

AttendanceQuery AttendanceQueryFor(const std::vector<storage::Program>& programs, ReportBy by, const std::string& from,
                                   const std::string& to, bool all_programs) {
    AttendanceQuery query;
    query.from = from;
    query.to = to;
    if (by == ReportBy::School && all_programs) {
        query.by_school = true;
        return query;
    }
    for (const auto& p : programs) {
        const std::string partner = p.organization_name.empty() ? std::string("(unknown partner)") : p.organization_name;
        query.groups.emplace_back(p.id, by == ReportBy::Partner ? partner : p.id);
    }
    // The district's whole report also counts programs it no longer lists, as Attendance() does.
    query.keep_unmapped = all_programs;
    if (by == ReportBy::Partner) query.unmapped_key = "(unknown partner)";
    return query;
}

std::string AttendanceSql(const std::string& collate) {
    // Voided records count for nothing but the number voided: they are a partition of their
    // own, so a check-in is matched only with the next counted record of the same student and
    // program (and week), as Attendance() does. One pass over the rows (MATERIALIZED: both
    // stores compute `counted` once) gives the figures (part 0) and the releases (part 1).
    // `narrow` keeps only what the figures need, so the window's sort of a year's millions of
    // rows carries flags and keys, not every text column (figure 15: the sort spilled ~1 GB).
    return "narrow AS (SELECT voided, week, grp, student, program, kind, day, unix, corrected, verified, "
           "  collected_by <> '' AS collected, released_by <> '' AS released, "
           "  CASE WHEN kind = 'out' AND (collected_by <> '' OR released_by <> '') THEN at END AS at FROM mapped), "
           "counted AS MATERIALIZED (SELECT narrow.*, "
           "  lead(kind) OVER w AS next_kind, lead(day) OVER w AS next_day, lead(unix) OVER w AS next_unix, "
           "  lag(kind) OVER w AS prev_kind, lag(unix) OVER w AS prev_unix "
           "FROM narrow WINDOW w AS (PARTITION BY voided, week, student, program ORDER BY unix, kind" + collate + ")), "
           "visits AS (SELECT counted.*, CASE WHEN NOT voided AND kind = 'in' AND next_kind = 'out' AND next_day = day "
           "  AND next_unix >= unix THEN 1 ELSE 0 END AS visit FROM counted) "
           "SELECT 0 AS part, grp, week, "
           "  sum(CASE WHEN NOT voided AND kind = 'in' THEN 1 ELSE 0 END), "
           "  count(DISTINCT CASE WHEN NOT voided THEN student END), "
           "  sum(visit), sum(CASE WHEN visit = 1 THEN next_unix - unix ELSE 0 END), "
           "  sum(CASE WHEN NOT voided AND corrected THEN 1 ELSE 0 END), "
           "  sum(CASE WHEN voided THEN 1 ELSE 0 END), "
           "  sum(CASE WHEN NOT voided AND NOT verified THEN 1 ELSE 0 END), "
           "  sum(CASE WHEN NOT voided AND kind = 'out' AND collected THEN 1 ELSE 0 END), "
           "  sum(CASE WHEN NOT voided AND kind = 'out' AND NOT collected AND released THEN 1 ELSE 0 END), "
           "  NULL AS program, NULL AS at, NULL AS unix, NULL AS checked_in "
           "FROM visits GROUP BY grp, week "
           "UNION ALL "
           "SELECT 1, grp, week, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, program, at, unix, "
           "  CASE WHEN prev_kind = 'in' THEN prev_unix END "
           "FROM counted WHERE NOT voided AND kind = 'out' AND (collected OR released)";
}

AttendanceReport AttendanceFromAggregate(const AttendanceAggregate& aggregate, const std::vector<storage::Program>& programs,
                                         ReportBy by, const std::string& from, const std::string& to, int min_students,
                                         int64_t week) {
    std::map<std::string, const storage::Program*> program_of;
    for (const auto& p : programs) program_of[p.id] = &p;
    std::map<std::string, AttendanceRow> rows;
    std::map<std::string, int64_t> seconds;
    for (const AttendanceFigures& f : aggregate.figures) {
        if (f.week != week) continue;
        AttendanceRow& row = rows[f.key];
        row.key = f.key;
        row.label = f.key;
        if (by == ReportBy::Program) {
            const auto p = program_of.find(f.key);
            if (p != program_of.end()) row.label = p->second->name;
            row.partner = p == program_of.end() || p->second->organization_name.empty() ? std::string("(unknown partner)")
                                                                                          : p->second->organization_name;
        }
        row.check_ins = f.check_ins;
        row.unique_students = f.unique_students;
        row.visits_with_checkout = f.visits_with_checkout;
        row.corrected_by_staff = f.corrected_by_staff;
        row.voided_by_staff = f.voided_by_staff;
        row.unverified = f.unverified;
        row.released_to_adults = f.released_to_adults;
        row.exception_releases = f.exception_releases;
        seconds[f.key] = f.visit_seconds;
    }
    for (const AttendanceRelease& r : aggregate.releases) {
        if (r.week != week || !rows.count(r.key)) continue;
        StoredCheckin out;
        out.program_id = r.program_id;
        out.at = r.at;
        out.corrected_unix = r.corrected_unix;
        StoredCheckin in;
        if (r.checked_in_unix) in.corrected_unix = *r.checked_in_unix;
        if (ReleasedLate(out, r.checked_in_unix ? &in : nullptr, program_of)) ++rows[r.key].late_pickups;
    }
    AttendanceReport report = EmptyReport(by, from, to, min_students);
    for (auto& [key, row] : rows) {
        if (row.unique_students < min_students) {
            report.rows.push_back(Suppressed(row));
            continue;
        }
        if (row.visits_with_checkout > 0) {
            row.average_minutes = std::round(static_cast<double>(seconds[key]) / 60.0 / static_cast<double>(row.visits_with_checkout) * 10.0) / 10.0;
        }
        report.rows.push_back(std::move(row));
    }
    return report;
}

std::string ReportCsv(const AttendanceReport& report) {
    std::string out = std::string(report.by == ReportBy::Program ? "program_id,program,partner" : ByName(report.by)) +
                      ",check_ins,unique_students,visits_with_checkout,average_attended_minutes,"
                      "corrected_by_staff,voided_by_staff,unverified,released_to_adults,exception_releases,late_pickups\n";
    for (const auto& row : report.rows) {
        out += CsvField(row.key);
        if (report.by == ReportBy::Program) out += "," + CsvField(row.label) + "," + CsvField(row.partner);
        if (row.suppressed) {
            out += ",suppressed,<" + std::to_string(report.min_students) + ",suppressed,suppressed,suppressed,suppressed,suppressed,"
                   "suppressed,suppressed,suppressed\n";
            continue;
        }
        char minutes[32] = "";
        if (row.average_minutes) std::snprintf(minutes, sizeof minutes, "%.1f", *row.average_minutes);
        out += "," + std::to_string(row.check_ins) + "," + std::to_string(row.unique_students) + "," +
               std::to_string(row.visits_with_checkout) + "," + minutes + "," + std::to_string(row.corrected_by_staff) + "," +
               std::to_string(row.voided_by_staff) + "," + std::to_string(row.unverified) + "," + std::to_string(row.released_to_adults) + "," +
               std::to_string(row.exception_releases) + "," + std::to_string(row.late_pickups) + "\n";
    }
    return out;
}

std::string ReportJson(const AttendanceReport& report) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : report.rows) {
        nlohmann::json r = {{report.by == ReportBy::Program ? "program_id" : ByName(report.by), row.key}, {"suppressed", row.suppressed}};
        if (report.by == ReportBy::Program) {
            r["program"] = row.label;
            r["partner"] = row.partner;
        }
        if (row.suppressed) {
            r["check_ins"] = nullptr;
            r["unique_students"] = nullptr;
            r["visits_with_checkout"] = nullptr;
            r["average_attended_minutes"] = nullptr;
            r["corrected_by_staff"] = nullptr;
            r["voided_by_staff"] = nullptr;
            r["unverified"] = nullptr;
            r["released_to_adults"] = nullptr;
            r["exception_releases"] = nullptr;
            r["late_pickups"] = nullptr;
        } else {
            r["check_ins"] = row.check_ins;
            r["unique_students"] = row.unique_students;
            r["visits_with_checkout"] = row.visits_with_checkout;
            r["average_attended_minutes"] = row.average_minutes ? nlohmann::json(*row.average_minutes) : nlohmann::json(nullptr);
            r["corrected_by_staff"] = row.corrected_by_staff;
            r["voided_by_staff"] = row.voided_by_staff;
            r["unverified"] = row.unverified;
            r["released_to_adults"] = row.released_to_adults;
            r["exception_releases"] = row.exception_releases;
            r["late_pickups"] = row.late_pickups;
        }
        rows.push_back(std::move(r));
    }
    nlohmann::json out = {{"from", report.from}, {"to", report.to}, {"by", ByName(report.by)},
                          {"suppressed_below_students", report.min_students}, {"rows", std::move(rows)}};
    return out.dump(2) + "\n";
}

} // namespace district
