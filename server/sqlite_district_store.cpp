// DistrictStore on SQLite. See sqlite_district_store.h.
#include "server/sqlite_district_store.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <unordered_set>

#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "server/directory_reads.h"
#include "server/report.h"
#include "server/server_schema.h"

namespace district {

namespace {

constexpr int64_t kEarliestCorrectedUnix = 946684800;  // 2000-01-01T00:00:00Z
// A kiosk clock within this of the server's is taken as right; beyond it, times are corrected.
constexpr int64_t kClockTolerance = 120;

std::string NowText() { return base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0); }

std::string Meta(storage::Database& db, const char* key) {
    storage::Statement& s = db.Cached("SELECT value FROM server_meta WHERE key = ?1");
    s.Bind(1, key);
    std::string value = s.Step() ? s.Text(0) : std::string();
    s.Reset();
    return value;
}

void MigrateServer(storage::Database& db) {
    storage::Migrate(db);
    db.Exec("CREATE TABLE IF NOT EXISTS server_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    int version = 0;
    try {
        version = std::stoi(Meta(db, "schema_version"));
    } catch (...) {
    }
    if (version > schema::kVersion) {
        throw storage::DbError(1, "the district database is at server schema version " + std::to_string(version) +
                                      ", newer than this program knows (" + std::to_string(schema::kVersion) + ")",
                               "");
    }
    for (const schema::Step& step : schema::Steps()) {
        if (step.version <= version) continue;
        storage::Transaction tx(db);
        db.Exec(step.sqlite);
        db.Cached("INSERT OR REPLACE INTO server_meta(key, value) VALUES('schema_version', ?1)").Bind(1, std::to_string(step.version)).Run();
        tx.Commit();
    }
}

} // namespace

std::string SqliteDistrictStore::DatabasePath(const std::string& data_dir) {
    return (std::filesystem::path(data_dir) / "district.db").string();
}

SqliteDistrictStore::SqliteDistrictStore(const std::string& data_dir, bool create) : m_path(DatabasePath(data_dir)) {
    if (!create && !std::filesystem::exists(m_path)) {
        throw storage::DbError(14, "there is no district database in " + data_dir + " (run `district-server init --data " +
                                       data_dir + "` first)",
                               "");
    }
    storage::DatabaseOptions options;
    options.create = create;
    options.busy_timeout_ms = 30000;  // the admin CLI may write while the server runs
    m_writer = std::make_unique<storage::Database>(m_path, options);
    MigrateServer(*m_writer);
}

SqliteDistrictStore::~SqliteDistrictStore() = default;

SqliteDistrictStore::Lease::~Lease() {
    std::lock_guard lock(m_store.m_pool_lock);
    m_store.m_pool.push_back(std::move(m_db));
}

SqliteDistrictStore::Lease SqliteDistrictStore::Reader() {
    {
        std::lock_guard lock(m_pool_lock);
        if (!m_pool.empty()) {
            auto db = std::move(m_pool.back());
            m_pool.pop_back();
            return Lease(*this, std::move(db));
        }
    }
    storage::DatabaseOptions options;
    options.read_only = true;
    return Lease(*this, std::make_unique<storage::Database>(m_path, options));
}

void SqliteDistrictStore::BumpVersion(const char* key) {
    m_writer->Cached("UPDATE server_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = ?1").Bind(1, key).Run();
}

int64_t SqliteDistrictStore::ReadVersion(const char* key) {
    Lease db = Reader();
    try {
        return std::stoll(Meta(*db, key));
    } catch (...) {
        return 0;
    }
}

std::string SqliteDistrictStore::Describe() { return "SQLite " + m_path; }

int SqliteDistrictStore::SchemaVersion() {
    Lease db = Reader();
    try {
        return std::stoi(Meta(*db, "schema_version"));
    } catch (...) {
        return 0;
    }
}

std::vector<std::string> SqliteDistrictStore::CheckSchema() {
    Lease db = Reader();
    auto problems = schema::Problems([&](const char* table) {
        std::vector<std::string> columns;
        storage::Statement s(*db, "SELECT name FROM pragma_table_info(?1)");
        s.Bind(1, table);
        while (s.Step()) columns.push_back(s.Text(0));
        return columns;
    });
    storage::Statement check(*db, "PRAGMA quick_check");
    while (check.Step()) {
        if (check.Text(0) != "ok") problems.push_back("SQLite quick_check: " + check.Text(0));
    }
    return problems;
}

// ---------------------------------------------------------------------------------------
// Kiosks
// ---------------------------------------------------------------------------------------

base::Result<bool> SqliteDistrictStore::AddKiosk(const std::string& name, const std::string& school,
                                                    const std::string& token_hash) {
    std::lock_guard lock(m_write_lock);
    storage::Transaction tx(*m_writer);
    storage::Statement& exists = m_writer->Cached("SELECT revoked_at IS NOT NULL FROM kiosk WHERE name = ?1");
    exists.Bind(1, name);
    if (exists.Step()) {
        const bool revoked = exists.Int(0) != 0;
        exists.Reset();
        if (!revoked) return base::Result<bool>::Fail("a kiosk named \"" + name + "\" is already enrolled (revoke it first to re-enrol)");
        // Re-enrolling a revoked kiosk: new token, its history kept.
        m_writer->Cached("UPDATE kiosk SET token_hash = ?2, school = ?3, revoked_at = NULL, created_at = ?4 WHERE name = ?1")
            .Bind(1, name).Bind(2, token_hash).Bind(3, school).Bind(4, NowText()).Run();
    } else {
        exists.Reset();
        m_writer->Cached("INSERT INTO kiosk(name, school, token_hash, created_at) VALUES(?1, ?2, ?3, ?4)")
            .Bind(1, name).Bind(2, school).Bind(3, token_hash).Bind(4, NowText()).Run();
    }
    tx.Commit();
    return true;
}

std::vector<KioskInfo> SqliteDistrictStore::Kiosks() {
    Lease db = Reader();
    std::vector<KioskInfo> out;
    storage::Statement& s = (*db).Cached(
        "SELECT name, school, created_at, revoked_at IS NOT NULL, COALESCE(last_seen,''), COALESCE(app_version,''), "
        "COALESCE(queue_depth,0), COALESCE(oldest_pending_at,''), COALESCE(directory_etag,''), COALESCE(clock_offset,0) "
        "FROM kiosk ORDER BY name");
    while (s.Step()) {
        KioskInfo k;
        k.name = s.Text(0);
        k.school = s.Text(1);
        k.created_at = s.Text(2);
        k.revoked = s.Int(3) != 0;
        k.last_seen = s.Text(4);
        k.app_version = s.Text(5);
        k.queue_depth = s.Int(6);
        k.oldest_pending_at = s.Text(7);
        k.directory_etag = s.Text(8);
        k.clock_offset_seconds = s.Int(9);
        out.push_back(std::move(k));
    }
    return out;
}

bool SqliteDistrictStore::RevokeKiosk(const std::string& name) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("UPDATE kiosk SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL").Bind(1, name).Bind(2, NowText()).Run();
    if (m_writer->Changes() > 0) return true;
    storage::Statement& s = m_writer->Cached("SELECT 1 FROM kiosk WHERE name = ?1");
    s.Bind(1, name);
    const bool exists = s.Step();
    s.Reset();
    return exists;  // already revoked counts as done
}

std::optional<std::string> SqliteDistrictStore::KioskForToken(const std::string& token_hash) {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached("SELECT name FROM kiosk WHERE token_hash = ?1 AND revoked_at IS NULL");
    s.Bind(1, token_hash);
    std::optional<std::string> name;
    if (s.Step()) name = s.Text(0);
    s.Reset();
    return name;
}

void SqliteDistrictStore::RecordHeartbeat(const std::string& kiosk, const Heartbeat& h) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("UPDATE kiosk SET last_seen = ?2, app_version = ?3, queue_depth = ?4, oldest_pending_at = ?5, "
                     "directory_etag = ?6, clock_offset = ?7 WHERE name = ?1")
        .Bind(1, kiosk).Bind(2, NowText()).Bind(3, h.app_version).Bind(4, h.queue_depth).Bind(5, h.oldest_pending_at)
        .Bind(6, h.directory_etag).Bind(7, h.clock_offset_seconds).Run();
}

// ---------------------------------------------------------------------------------------
// Check-ins
// ---------------------------------------------------------------------------------------

std::vector<CheckinResult> SqliteDistrictStore::StoreCheckins(const CheckinBatch& batch) {
    std::vector<CheckinResult> results;
    results.reserve(batch.records.size());
    const bool correct = std::llabs(batch.clock_offset_seconds) > kClockTolerance;
    std::lock_guard lock(m_write_lock);
    storage::Transaction tx(*m_writer);
    std::unordered_set<std::string> programs;  // read once a batch, not once a record
    {
        storage::Statement& all = m_writer->Cached("SELECT id FROM program");
        while (all.Step()) programs.insert(all.Text(0));
    }
    // The common case (a new id) costs one insert; only a conflict reads the stored record.
    storage::Statement& insert = m_writer->Cached(
        "INSERT INTO checkin(id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time, "
        "received_unix, corrected_unix, local_date, verified, corrects, collected_by, released_by, release_reason) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, NULLIF(?14, ''), NULLIF(?15, ''), NULLIF(?16, ''), NULLIF(?17, '')) "
        "ON CONFLICT(id) DO NOTHING");
    storage::Statement& existing =
        m_writer->Cached("SELECT student_id, program_id, kind, at, COALESCE(corrects, ''), COALESCE(collected_by, ''), "
                         "COALESCE(released_by, ''), COALESCE(release_reason, '') FROM checkin WHERE id = ?1");
    storage::Statement& original = m_writer->Cached("SELECT kiosk, kind FROM checkin WHERE id = ?1");
    for (const IncomingCheckin& r : batch.records) {
        if (!programs.count(r.program_id)) {
            results.push_back({r.id, "rejected", "unknown program \"" + r.program_id + "\""});
            continue;
        }
        if (!r.corrects.empty()) {
            // A staff action acts on a record of the same kiosk that this server has (the kiosk
            // sends its outbox in order, so the original comes first, even in the same batch).
            original.Bind(1, r.corrects);
            const bool found = original.Step();
            const std::string kiosk = found ? original.Text(0) : std::string();
            const std::string kind = found ? original.Text(1) : std::string();
            original.Reset();
            std::string why;
            if (!found && r.kind == "correction") why = "corrects a record this server does not have";
            else if (found && kiosk != batch.kiosk) why = "acts on another kiosk's record";
            else if (found && kind != "in" && kind != "out") why = "acts on a staff action, not on a check-in";
            if (!why.empty()) {
                results.push_back({r.id, "rejected", why});
                continue;
            }
            // A void or confirm of a record the server never stored (it was rejected) is kept
            // and changes nothing.
        }
        // A correction is believed only when it lands between 2000 and the moment the batch
        // arrived: a kiosk whose clock jumped (to 1970, say) after it made a record would
        // otherwise "correct" that record decades into the future.
        int64_t corrected = r.at_unix;
        if (correct) {
            const int64_t shifted = r.at_unix + batch.clock_offset_seconds;
            if (shifted >= kEarliestCorrectedUnix && shifted <= batch.received_unix + kClockTolerance) corrected = shifted;
        }
        const std::string local_date = base::Rfc3339(corrected, r.at_offset_seconds).substr(0, 10);
        insert.Bind(1, r.id).Bind(2, batch.kiosk).Bind(3, r.student_id).Bind(4, r.program_id).Bind(5, r.kind)
            .Bind(6, r.at).Bind(7, r.at_unix).Bind(8, r.clock_trusted).Bind(9, batch.kiosk_time)
            .Bind(10, batch.received_unix).Bind(11, corrected).Bind(12, local_date).Bind(13, r.verified).Bind(14, r.corrects)
            .Bind(15, r.collected_by).Bind(16, r.released_by).Bind(17, r.release_reason).Run();
        insert.Reset();
        if (m_writer->Changes() > 0) {
            results.push_back({r.id, "accepted", ""});
            continue;
        }
        existing.Bind(1, r.id);
        const bool found = existing.Step();
        const bool same = found && existing.Text(0) == r.student_id && existing.Text(1) == r.program_id &&
                          existing.Text(2) == r.kind && existing.Text(3) == r.at && existing.Text(4) == r.corrects &&
                          existing.Text(5) == r.collected_by && existing.Text(6) == r.released_by && existing.Text(7) == r.release_reason;
        existing.Reset();
        if (same) results.push_back({r.id, "duplicate", ""});
        else results.push_back({r.id, "rejected", "id reused: another record with this id is already stored"});
    }
    // Refusals are kept (once a kiosk and id) for the school's staff in the web console.
    storage::Statement& refused = m_writer->Cached(
        "INSERT INTO checkin_rejected(id, kiosk, student_id, program_id, kind, at, reason, received_unix) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id, kiosk) DO NOTHING");
    for (size_t i = 0; i < results.size() && i < batch.records.size(); ++i) {
        if (results[i].status != "rejected") continue;
        const IncomingCheckin& r = batch.records[i];
        refused.Bind(1, r.id).Bind(2, batch.kiosk).Bind(3, r.student_id).Bind(4, r.program_id).Bind(5, r.kind).Bind(6, r.at)
            .Bind(7, results[i].reason).Bind(8, batch.received_unix).Run();
        refused.Reset();
    }
    tx.Commit();  // the answer is sent only after this: an "accepted" record is on disk
    return results;
}

int64_t SqliteDistrictStore::CheckinCount() {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached("SELECT count(*) FROM checkin");
    s.Step();
    const int64_t n = s.Int(0);
    s.Reset();
    return n;
}

std::vector<RejectedCheckin> SqliteDistrictStore::RejectedSince(int64_t received_unix) {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached(
        "SELECT r.id, r.kiosk, COALESCE(NULLIF(k.school,''), r.kiosk), r.student_id, r.program_id, r.kind, r.at, r.reason, r.received_unix "
        "FROM checkin_rejected r LEFT JOIN kiosk k ON k.name = r.kiosk WHERE r.received_unix >= ?1 ORDER BY r.seq DESC LIMIT 1000");
    s.Bind(1, received_unix);
    std::vector<RejectedCheckin> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7), s.Int(8)});
    return out;
}

std::vector<StoredCheckin> SqliteDistrictStore::CheckinsBetween(const std::string& from, const std::string& to,
                                                             const std::vector<std::string>* programs) {
    Lease db = Reader();
    std::vector<StoredCheckin> out;
    // Attendance records with what staff did to them applied: the newest correction's student
    // and program, voids (kept, flagged, counted by the report), confirmations.
    static const std::string kSelect =
        "SELECT c.id, c.kiosk, COALESCE(NULLIF(k.school,''), c.kiosk), "
        "  COALESCE(fix.student_id, c.student_id) AS student, COALESCE(fix.program_id, c.program_id) AS program, c.kind, c.at, "
        "  c.corrected_unix, c.local_date, fix.id IS NOT NULL, "
        "  EXISTS(SELECT 1 FROM checkin v WHERE v.corrects = c.id AND v.kind = 'void'), "
        "  c.verified OR fix.id IS NOT NULL OR EXISTS(SELECT 1 FROM checkin f WHERE f.corrects = c.id AND f.kind = 'confirm'), "
        "  COALESCE(c.collected_by, ''), COALESCE(c.released_by, '') "
        "FROM checkin c LEFT JOIN kiosk k ON k.name = c.kiosk "
        "LEFT JOIN checkin fix ON fix.seq = (SELECT max(x.seq) FROM checkin x WHERE x.corrects = c.id AND x.kind = 'correction') "
        "WHERE c.local_date BETWEEN ?1 AND ?2 AND c.kind IN ('in', 'out') ";
    static const std::string kOrder = "ORDER BY student, program, c.corrected_unix, c.kind";
    // Some programs: their records by the (program_id, local_date) index, and those a staff
    // correction moved into them (the caller drops records corrected out of them).
    // The date range is repeated inside the first branch so that SQLite's OR optimization
    // searches the (program_id, local_date) index by both columns, not every date of those
    // programs; the corrections come from the small partial index of staff actions.
    static const std::string kSome =
        "AND ((c.program_id IN (SELECT value FROM json_each(?3)) AND c.local_date BETWEEN ?1 AND ?2) "
        "     OR c.id IN (SELECT x.corrects FROM checkin x INDEXED BY checkin_corrects WHERE x.corrects IS NOT NULL "
        "                 AND x.kind = 'correction' AND x.program_id IN (SELECT value FROM json_each(?3)))) ";
    storage::Statement& s = (*db).Cached(programs ? kSelect + kSome + kOrder : kSelect + kOrder);
    s.Bind(1, from).Bind(2, to);
    if (programs) s.Bind(3, nlohmann::json(*programs).dump());
    while (s.Step()) {
        StoredCheckin c{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7), s.Text(8)};
        c.corrected_by_staff = s.Int(9) != 0;
        c.voided = s.Int(10) != 0;
        c.verified = s.Int(11) != 0;
        c.collected_by = s.Text(12);
        c.released_by = s.Text(13);
        out.push_back(std::move(c));
    }
    return out;
}

AttendanceAggregate SqliteDistrictStore::AggregateAttendance(const AttendanceQuery& q) {
    Lease db = Reader();
    // The rows CheckinsBetween reads, staff actions applied, then each mapped to its group.
    nlohmann::json ids = nlohmann::json::array(), map = nlohmann::json::array();
    for (const auto& [program, group] : q.groups) {
        ids.push_back(program);
        map.push_back({program, group});
    }
    const bool mapped = !q.by_school, some = mapped && !q.keep_unmapped;
    // Staff actions, gathered once per record they act on (few), then joined: not three
    // correlated subqueries for each of millions of rows.
    std::string sql =
        "WITH actions AS MATERIALIZED (SELECT corrects, max(CASE WHEN kind = 'correction' THEN seq END) AS fix_seq, "
        "  max(kind = 'void') AS voided, max(kind = 'confirm') AS confirmed FROM checkin WHERE corrects IS NOT NULL GROUP BY corrects), "
        "base AS (SELECT COALESCE(fix.student_id, c.student_id) AS student, COALESCE(fix.program_id, c.program_id) AS program, "
        "  c.kind AS kind, c.at AS at, c.corrected_unix AS unix, c.local_date AS day, fix.id IS NOT NULL AS corrected, "
        "  COALESCE(a.voided, 0) AS voided, (c.verified OR fix.id IS NOT NULL OR COALESCE(a.confirmed, 0)) AS verified, "
        "  COALESCE(c.collected_by, '') AS collected_by, COALESCE(c.released_by, '') AS released_by, "
        "  COALESCE(NULLIF(k.school,''), c.kiosk) AS school "
        "FROM checkin c LEFT JOIN kiosk k ON k.name = c.kiosk LEFT JOIN actions a ON a.corrects = c.id "
        "LEFT JOIN checkin fix ON fix.seq = a.fix_seq "
        "WHERE c.local_date BETWEEN ?1 AND ?2 AND c.kind IN ('in', 'out') ";
    if (some) {
        // As CheckinsBetween's filter: both index columns searched, corrections from the staff actions' index.
        sql += "AND ((c.program_id IN (SELECT value FROM json_each(?3)) AND c.local_date BETWEEN ?1 AND ?2) "
               "     OR c.id IN (SELECT x.corrects FROM checkin x INDEXED BY checkin_corrects WHERE x.corrects IS NOT NULL "
               "                 AND x.kind = 'correction' AND x.program_id IN (SELECT value FROM json_each(?3)))) ";
    }
    const std::string week = q.week_zero_day >= 0 ? "(CAST(julianday(base.day) - 2440587.5 AS INTEGER) - ?5) / 7" : "0";
    const std::string group = !mapped ? "base.school" : q.keep_unmapped ? (q.unmapped_key.empty() ? "COALESCE(m.grp, base.program)" : "COALESCE(m.grp, ?6)") : "m.grp";
    sql += "), mapped AS (SELECT base.*, " + group + " AS grp, " + week + " AS week FROM base ";
    if (mapped) {
        sql += std::string(q.keep_unmapped ? "LEFT " : "") +
               "JOIN (SELECT json_extract(value, '$[0]') AS program, json_extract(value, '$[1]') AS grp FROM json_each(?4)) m ON m.program = base.program";
    }
    sql += "), ";
    AttendanceAggregate out;
    storage::Statement s(*db, sql + AttendanceSql(""));
    s.Bind(1, q.from).Bind(2, q.to);
    if (some) s.Bind(3, ids.dump());
    if (mapped) s.Bind(4, map.dump());
    if (q.week_zero_day >= 0) s.Bind(5, q.week_zero_day);
    if (mapped && q.keep_unmapped && !q.unmapped_key.empty()) s.Bind(6, q.unmapped_key);
    struct Row {
        storage::Statement& s;
        std::string text(int c) const { return s.Text(c); }
        int64_t number(int c) const { return s.Int(c); }
        bool is_null(int c) const { return s.IsNull(c); }
    } row{s};
    while (s.Step()) ReadAttendanceRow(row, out);
    return out;
}

// ---------------------------------------------------------------------------------------
// Programs and roster
// ---------------------------------------------------------------------------------------

base::Result<int> SqliteDistrictStore::ReplacePrograms(const std::vector<storage::Program>& programs) {
    std::lock_guard lock(m_write_lock);
    auto result = storage::CheckinStore(*m_writer).ReplacePrograms(programs, "");
    if (result) BumpVersion("programs_version");
    return result;
}

base::Result<int> SqliteDistrictStore::ReplaceRoster(const std::vector<storage::RosterStudent>& students) {
    std::lock_guard lock(m_write_lock);
    auto result = storage::CheckinStore(*m_writer).ReplaceRoster(students, "");
    if (result) BumpVersion("programs_version");
    return result;
}

std::vector<storage::Program> SqliteDistrictStore::Programs() {
    Lease db = Reader();
    return storage::CheckinStore(*db).Programs();
}

std::vector<storage::RosterStudent> SqliteDistrictStore::Roster() {
    Lease db = Reader();
    return storage::CheckinStore(*db).Roster();
}

int64_t SqliteDistrictStore::ProgramsVersion() { return ReadVersion("programs_version"); }

// ---------------------------------------------------------------------------------------
// Directory
// ---------------------------------------------------------------------------------------

base::Result<hsds::ImportReport> SqliteDistrictStore::ReplaceDirectory(const hsds::DirectoryFeed& feed,
                                                                             const storage::ReplaceOptions& options) {
    std::lock_guard lock(m_write_lock);
    auto result = storage::DirectoryStore(*m_writer).ReplaceDirectory(feed, options);
    if (result) BumpVersion("directory_version");
    return result;
}

base::Result<hsds::ImportReport> SqliteDistrictStore::ImportTranslation(const hsds::DirectoryFeed& feed,
                                                                              const std::string& locale) {
    std::lock_guard lock(m_write_lock);
    auto result = storage::DirectoryStore(*m_writer).ImportTranslation(feed, locale);
    if (result) BumpVersion("directory_version");
    return result;
}

int64_t SqliteDistrictStore::DirectoryVersion() { return ReadVersion("directory_version"); }

DistrictStore::DirectorySnapshot SqliteDistrictStore::ReadDirectory() {
    Lease db = Reader();
    // One read transaction: every locale comes from the same committed directory.
    storage::Transaction tx(*db, storage::TransactionKind::Deferred);
    int64_t version = 0;
    try {
        version = std::stoll(Meta(*db, "directory_version"));
    } catch (...) {
    }
    DirectorySnapshot snapshot = ReadDirectorySnapshot(*db, version);
    tx.Commit();
    return snapshot;
}

std::vector<std::string> SqliteDistrictStore::SearchServices(const std::string& text, const std::string& locale) {
    Lease db = Reader();
    return SearchDirectory(*db, text, locale);
}

std::vector<storage::StaleTranslation> SqliteDistrictStore::StaleTranslations() {
    Lease db = Reader();
    return storage::DirectoryStore(*db).StaleTranslations();
}

} // namespace district

namespace district {

namespace {

ConsoleAccount ReadAccount(storage::Statement& s) {
    ConsoleAccount a;
    a.username = s.Text(0);
    a.role = s.Text(1);
    a.scope = s.Text(2);
    a.password_hash = s.Text(3);
    a.created_at = s.Text(4);
    a.failures = static_cast<int>(s.Int(5));
    a.locked_until = s.Int(6);
    return a;
}

constexpr char kAccountColumns[] = "username, role, scope, password_hash, created_at, failures, locked_until";

} // namespace

base::Result<bool> SqliteDistrictStore::AddAccount(const ConsoleAccount& account) {
    std::lock_guard lock(m_write_lock);
    storage::Statement& s = m_writer->Cached(
        "INSERT INTO console_account(username, role, scope, password_hash, created_at) VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(username) DO NOTHING");
    s.Bind(1, account.username).Bind(2, account.role).Bind(3, account.scope).Bind(4, account.password_hash).Bind(5, NowText()).Run();
    return m_writer->Changes() > 0;
}

std::optional<ConsoleAccount> SqliteDistrictStore::FindAccount(const std::string& username) {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached(std::string("SELECT ") + kAccountColumns + " FROM console_account WHERE username = ?1");
    s.Bind(1, username);
    std::optional<ConsoleAccount> out;
    if (s.Step()) out = ReadAccount(s);
    s.Reset();
    return out;
}

std::vector<ConsoleAccount> SqliteDistrictStore::Accounts() {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached(std::string("SELECT ") + kAccountColumns + " FROM console_account ORDER BY role, username");
    std::vector<ConsoleAccount> out;
    while (s.Step()) out.push_back(ReadAccount(s));
    return out;
}

void SqliteDistrictStore::SetLoginState(const std::string& username, int failures, int64_t locked_until) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("UPDATE console_account SET failures = ?2, locked_until = ?3 WHERE username = ?1")
        .Bind(1, username).Bind(2, failures).Bind(3, locked_until).Run();
}

void SqliteDistrictStore::CreateSession(const ConsoleSession& session) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("INSERT INTO console_session(id_hash, username, csrf_token, created_unix, last_seen_unix) VALUES(?1, ?2, ?3, ?4, ?5)")
        .Bind(1, session.id_hash).Bind(2, session.username).Bind(3, session.csrf_token).Bind(4, session.created_unix)
        .Bind(5, session.last_seen_unix).Run();
}

std::optional<ConsoleSession> SqliteDistrictStore::FindSession(const std::string& id_hash) {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached("SELECT id_hash, username, csrf_token, created_unix, last_seen_unix FROM console_session WHERE id_hash = ?1");
    s.Bind(1, id_hash);
    std::optional<ConsoleSession> out;
    if (s.Step()) out = ConsoleSession{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)};
    s.Reset();
    return out;
}

void SqliteDistrictStore::TouchSession(const std::string& id_hash, int64_t now) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("UPDATE console_session SET last_seen_unix = ?2 WHERE id_hash = ?1").Bind(1, id_hash).Bind(2, now).Run();
}

void SqliteDistrictStore::DeleteSession(const std::string& id_hash) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("DELETE FROM console_session WHERE id_hash = ?1").Bind(1, id_hash).Run();
}

void SqliteDistrictStore::DeleteSessionsBefore(int64_t last_seen_unix) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("DELETE FROM console_session WHERE last_seen_unix < ?1").Bind(1, last_seen_unix).Run();
}

void SqliteDistrictStore::AppendAudit(const std::string& who, const std::string& action, const std::string& detail) {
    std::lock_guard lock(m_write_lock);
    m_writer->Cached("INSERT INTO audit_log(at, who, action, detail) VALUES(?1, ?2, ?3, ?4)")
        .Bind(1, NowText()).Bind(2, who).Bind(3, action).Bind(4, detail).Run();
}

std::vector<AuditEntry> SqliteDistrictStore::Audit(int limit) {
    Lease db = Reader();
    storage::Statement& s = (*db).Cached("SELECT seq, at, who, action, detail FROM audit_log ORDER BY seq DESC LIMIT ?1");
    s.Bind(1, limit);
    std::vector<AuditEntry> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
    return out;
}

} // namespace district
