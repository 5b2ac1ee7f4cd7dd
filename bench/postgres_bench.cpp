// The district server on PostgreSQL against SQLite, side by side in one run (issue 20):
//   figure 13: figure 8's ingest (200 simulated kiosks, 50-record batches, through nginx) with
//              one district-server instance on PostgreSQL; reference: the same on SQLite, here.
//   figure 14: the same with two instances on one PostgreSQL, each behind its own nginx, the
//              kiosks split between them; reference: SQLite again.
//   figure 15: the district's attendance report for a year, by program, computed in the
//              database over 10 million check-ins on PostgreSQL; reference: the same report on
//              SQLite. The partner's 12-week page (figure 11's question) is timed on both too.
// Each ingest must store every accepted record exactly once with zero 5xx.
// Runs inside tests/with_postgres.sh ($DISTRICT_TEST_DATABASE names the server; scripts/bench
// starts it with fsync on and the settings it prints).
// Usage: postgres_bench --dir DIR --certs DIR [--source DIR] [--smoke] [--only 13|15] [--year-rows N]
#include <cstdlib>
#include <iostream>

#include "bench/district_harness.h"
#include "server/pg.h"
#include "server/postgres_district_store.h"
#include "server/report.h"

namespace {

using bench::IngestResult;
using bench::Server;
namespace fs = std::filesystem;

std::string FreshDatabase(const std::string& server, const std::string& name) {
    pg::Connection admin(server);
    admin.Exec("DROP DATABASE IF EXISTS " + name);
    admin.Exec("CREATE DATABASE " + name);
    return server + " dbname=" + name;
}

std::string Setting(pg::Connection& db, const char* name) { return db.Exec(std::string("SHOW ") + name).Text(0, 0); }

struct Ingested {
    IngestResult result;
    int64_t stored = 0;
    double rate() const { return result.accepted / result.seconds; }
    bool ok() const { return result.server_errors == 0 && result.failures == 0 && result.other_status == 0 && stored == result.accepted; }
    nlohmann::json Details() const {
        return {{"records_per_second", rate()}, {"accepted", result.accepted}, {"stored", stored}, {"requests", result.requests},
                {"server_errors_5xx", result.server_errors}, {"no_reply", result.failures}, {"other_status", result.other_status},
                {"seconds", result.seconds}};
    }
};

Ingested Run(const std::vector<Server*>& servers, const std::string& certs, int kiosks, double seconds) {
    Ingested out;
    const int64_t before = servers.front()->store->CheckinCount();
    out.result = bench::Ingest(servers, certs, kiosks, seconds, 50, "k");
    out.stored = servers.front()->store->CheckinCount() - before;
    return out;
}

void IngestFigures(const std::string& dir, const std::string& certs, const std::string& source, const std::string& server, int kiosks,
                   double seconds) {
    district::ServerOptions options;  // the defaults a district runs with, behind nginx as shipped
    Ingested sqlite, one, two;
    {
        Server s(dir + "/sqlite", certs, source, options, true);
        sqlite = Run({&s}, certs, kiosks, seconds);
    }
    {
        const std::string db = FreshDatabase(server, "bench_one");
        Server p(dir + "/pg-one", certs, source, options, true, std::make_unique<district::PostgresDistrictStore>(db, dir + "/pg-one-cache"), true);
        one = Run({&p}, certs, kiosks, seconds);
    }
    {
        const std::string db = FreshDatabase(server, "bench_two");
        Server a(dir + "/pg-a", certs, source, options, true, std::make_unique<district::PostgresDistrictStore>(db, dir + "/pg-a-cache"), true);
        Server b(dir + "/pg-b", certs, source, options, true, std::make_unique<district::PostgresDistrictStore>(db, dir + "/pg-b-cache"));
        two = Run({&a, &b}, certs, kiosks, seconds);
    }
    pg::Connection db(server);
    const nlohmann::json settings = {{"server_version", Setting(db, "server_version")}, {"fsync", Setting(db, "fsync")},
                                     {"synchronous_commit", Setting(db, "synchronous_commit")},
                                     {"shared_buffers", Setting(db, "shared_buffers")}, {"work_mem", Setting(db, "work_mem")}};
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    for (int instances : {1, 2}) {
        const Ingested& pg_run = instances == 1 ? one : two;
        bench::Figure f;
        f.number = instances == 1 ? 13 : 14;
        f.name = "District server ingest on PostgreSQL, " + std::to_string(instances) + (instances == 1 ? " instance" : " instances") +
                 " behind nginx: " + std::to_string(kiosks) + " kiosks, 50-record batches, " + std::to_string(static_cast<int>(seconds)) + " s";
        f.value = pg_run.rate();
        f.unit = "records/s";
        f.reference = sqlite.rate();
        f.reference_name = "the same on SQLite (figure 8's set-up), this run";
        f.ratio_text = bench::Ratio(f.value, f.reference, "x SQLite's rate");
        f.goal = "over 5000 records/s, zero 5xx, each record stored exactly once";
        f.goal_met = f.value > 5000 && pg_run.ok();
        f.details = {{"postgresql", pg_run.Details()}, {"sqlite", sqlite.Details()}, {"settings", settings}, {"cores", cores},
                     {"note", "kiosks, nginx, the server instances and PostgreSQL all share this machine's cores"}};
        if (instances == 2) f.details["one_instance_records_per_second"] = one.rate();
        bench::Emit(f);
    }
}

// A year of check-ins written straight into each store (setting up is not measured), in the
// order they would arrive (day by day), `count` rows: 2 000 programs of 200 partners, 200
// schools, 150 000 students, an in and an out per visit.
constexpr char kSqliteYear[] = R"sql(
INSERT INTO checkin(id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time, received_unix,
                    corrected_unix, local_date, verified)
WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ?1 - 1),
t AS (SELECT x, x / 2 AS v, x % 2 AS o, ?2 - 364 + (x / 2) * 365 / (?1 / 2) AS day FROM n),
u AS (SELECT t.*, day * 86400 + 54000 + o * 5400 + v % 600 AS at FROM t)
SELECT 'r' || x, 'kiosk-' || (v % 200), CAST((v * 7919) % 150000 AS TEXT), 'prog-' || (v % 2000), CASE o WHEN 1 THEN 'out' ELSE 'in' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch'), at, 1, '', at, at, date(day * 86400, 'unixepoch'), 1
FROM u
)sql";

constexpr char kPostgresYear[] = R"sql(
INSERT INTO checkin_key(id, kiosk, kind, local_date, content)
SELECT 'r' || x, 'kiosk-' || ((x / 2) % 200), CASE x % 2 WHEN 1 THEN 'out' ELSE 'in' END,
       DATE '1970-01-01' + ($2::bigint - 364 + (x / 2) * 365 / ($1::bigint / 2))::int, ''
FROM generate_series(0, $1::bigint - 1) AS x;
)sql";

constexpr char kPostgresYearRows[] = R"sql(
INSERT INTO checkin(id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time, received_unix,
                    corrected_unix, local_date, verified)
SELECT 'r' || x, 'kiosk-' || (v % 200), ((v * 7919) % 150000)::text, 'prog-' || (v % 2000), CASE o WHEN 1 THEN 'out' ELSE 'in' END,
       to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), at, TRUE, '', at, at,
       DATE '1970-01-01' + day::int, TRUE
FROM (SELECT x, v, o, day, day * 86400 + 54000 + o * 5400 + v % 600 AS at
      FROM (SELECT x, x / 2 AS v, x % 2 AS o, $2::bigint - 364 + (x / 2) * 365 / ($1::bigint / 2) AS day FROM generate_series(0, $1::bigint - 1) AS x) t) u
)sql";

std::vector<storage::Program> YearPrograms() {
    std::vector<storage::Program> list;
    for (int p = 0; p < 2000; ++p) {
        list.push_back({"prog-" + std::to_string(p), "Program " + std::to_string(p), "Partner " + std::to_string(p % 200), "Room 1", "",
                        {{"MO,TU,WE,TH,FR", "15:00", "17:00"}}});
    }
    return list;
}

struct ReportTimes {
    double year_seconds = 0;       // the district's year, by program
    double partner_ms_p50 = 0;     // a partner's 12 weeks, week by week and whole
    size_t rows = 0;
    int64_t check_ins = 0;
    std::string csv;               // the year's report, to hold the two stores to the same figures
};

ReportTimes TimeReports(district::DistrictStore& store, int64_t today, int runs) {
    const auto programs = store.Programs();
    const std::string from = base::Rfc3339((today - 364) * 86400, 0).substr(0, 10), to = base::Rfc3339(today * 86400, 0).substr(0, 10);
    ReportTimes out;
    std::vector<double> year;
    for (int i = 0; i < runs; ++i) {
        const double start = bench::NowSeconds();
        const auto report = district::AttendanceFromAggregate(
            store.AggregateAttendance(district::AttendanceQueryFor(programs, district::ReportBy::Program, from, to, true)), programs,
            district::ReportBy::Program, from, to);
        year.push_back(bench::NowSeconds() - start);
        out.rows = report.rows.size();
        out.csv = district::ReportCsv(report);
        out.check_ins = 0;
        for (const auto& r : report.rows) out.check_ins += r.check_ins;
    }
    out.year_seconds = bench::Percentile(year, 50);
    // A partner's ten programs over 12 weeks, as the console's attendance page asks.
    std::vector<storage::Program> mine;
    for (const auto& p : programs) {
        if (p.organization_name == "Partner 7") mine.push_back(p);
    }
    const std::string weeks_from = base::Rfc3339((today - 83) * 86400, 0).substr(0, 10);
    std::vector<double> partner;
    for (int i = 0; i < runs * 5; ++i) {
        const double start = bench::NowSeconds();
        auto query = district::AttendanceQueryFor(mine, district::ReportBy::Program, weeks_from, to, false);
        query.week_zero_day = today - 83;
        (void)store.AggregateAttendance(query);
        query.week_zero_day = -1;
        (void)store.AggregateAttendance(query);
        partner.push_back((bench::NowSeconds() - start) * 1000.0);
    }
    out.partner_ms_p50 = bench::Percentile(partner, 50);
    return out;
}

void ReportFigure(const std::string& dir, const std::string& server, int64_t count, int runs) {
    const int64_t today = static_cast<int64_t>(std::time(nullptr)) / 86400;
    const auto programs = YearPrograms();
    // SQLite.
    const double s0 = bench::NowSeconds();
    fs::remove_all(dir + "/year-sqlite");
    fs::create_directories(dir + "/year-sqlite");
    district::SqliteDistrictStore sqlite(dir + "/year-sqlite", true);
    (void)sqlite.ReplacePrograms(programs);
    {
        storage::Database db(district::SqliteDistrictStore::DatabasePath(dir + "/year-sqlite"));
        db.Exec("PRAGMA synchronous = OFF");
        storage::Transaction tx(db);
        db.Cached(kSqliteYear).Bind(1, count).Bind(2, today).Run();
        tx.Commit();
        db.Exec("ANALYZE");
    }
    const double sqlite_load = bench::NowSeconds() - s0;
    // PostgreSQL: a partition per month of the year, then the same rows.
    const double p0 = bench::NowSeconds();
    const std::string conninfo = FreshDatabase(server, "bench_year");
    district::PostgresDistrictStore postgres(conninfo, dir + "/year-pg-cache");
    (void)postgres.ReplacePrograms(programs);
    postgres.CreatePartitions(base::Rfc3339((today - 400) * 86400, 0).substr(0, 7), base::Rfc3339(today * 86400, 0).substr(0, 7));
    {
        pg::Connection db(conninfo);
        db.Exec(kPostgresYear, {std::to_string(count), std::to_string(today)});
        db.Exec(kPostgresYearRows, {std::to_string(count), std::to_string(today)});
        db.Exec("VACUUM ANALYZE");
    }
    const double postgres_load = bench::NowSeconds() - p0;

    const ReportTimes on_sqlite = TimeReports(sqlite, today, runs);
    const ReportTimes on_postgres = TimeReports(postgres, today, runs);
    // The profile: PostgreSQL's own plan of the year's report, with the time of each step.
    const std::string from = base::Rfc3339((today - 364) * 86400, 0).substr(0, 10), to = base::Rfc3339(today * 86400, 0).substr(0, 10);
    const std::string plan = postgres.ExplainAttendance(district::AttendanceQueryFor(programs, district::ReportBy::Program, from, to, true));
    nlohmann::json plan_lines = nlohmann::json::array();
    for (size_t start = 0, end; start < plan.size(); start = end + 1) {
        end = plan.find('\n', start);
        if (end == std::string::npos) end = plan.size();
        if (end > start) plan_lines.push_back(plan.substr(start, end - start));
    }
    bench::Figure f;
    f.number = 15;
    f.name = "Attendance report for a year by program, computed in the database, " + std::to_string(count) + " check-ins, on PostgreSQL";
    f.value = on_postgres.year_seconds;
    f.unit = "s";
    f.reference = on_sqlite.year_seconds;
    f.reference_name = "the same report on SQLite, this run";
    f.ratio_text = bench::Ratio(on_sqlite.year_seconds, on_postgres.year_seconds, "x SQLite's speed");
    f.goal = "on PostgreSQL: a year's report under 60 s and a partner's 12 weeks under 250 ms; the same report as SQLite's";
    f.goal_met = on_postgres.year_seconds < 60 && on_postgres.csv == on_sqlite.csv && on_postgres.partner_ms_p50 < 250;
    f.details = {{"postgresql_year_seconds", on_postgres.year_seconds}, {"sqlite_year_seconds", on_sqlite.year_seconds},
                 {"postgresql_partner_12_weeks_ms_p50", on_postgres.partner_ms_p50}, {"sqlite_partner_12_weeks_ms_p50", on_sqlite.partner_ms_p50},
                 {"report_rows", on_postgres.rows}, {"check_ins_counted_postgresql", on_postgres.check_ins},
                 {"check_ins_counted_sqlite", on_sqlite.check_ins}, {"same_report_on_both", on_postgres.csv == on_sqlite.csv},
                 {"load_seconds_sqlite", sqlite_load},
                 {"load_seconds_postgresql", postgres_load}, {"runs", runs}, {"postgresql_plan", plan_lines}};
    bench::Emit(f);
}

} // namespace

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const bool smoke = bench::Smoke(argc, argv);
    const std::string dir = bench::Arg(argc, argv, "--dir", "bench-tmp") + "/postgres";
    const std::string certs = bench::Arg(argc, argv, "--certs");
    const std::string source = bench::Arg(argc, argv, "--source", KIOSK_SOURCE_DIR);
    const std::string only = bench::Arg(argc, argv, "--only");
    const char* server = std::getenv("DISTRICT_TEST_DATABASE");
    if (certs.empty() || !server || !*server) {
        std::cerr << "postgres_bench: needs --certs DIR and a PostgreSQL in $DISTRICT_TEST_DATABASE (run it through tests/with_postgres.sh)\n";
        return 2;
    }
    fs::create_directories(dir);
    netsync::GlobalInit();
    try {
        if (only.empty() || only == "13") IngestFigures(dir, certs, source, server, smoke ? 8 : 200, smoke ? 2 : 30);
        // --year-rows N: figure 15 at another size (to look at its profile quickly).
        const std::string year_rows = bench::Arg(argc, argv, "--year-rows");
        if (only.empty() || only == "15") ReportFigure(dir, server, !year_rows.empty() ? std::stoll(year_rows) : smoke ? 20000 : 10000000, smoke ? 1 : 3);
    } catch (const std::exception& error) {
        std::cerr << "postgres_bench: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
