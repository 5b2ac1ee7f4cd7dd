// DistrictStore on PostgreSQL. See postgres_district_store.h.
#include "server/postgres_district_store.h"

#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/time_text.h"
#include "server/directory_reads.h"
#include "server/pg.h"
#include "server/report.h"
#include "server/server_schema.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "storage/migrations.h"

namespace district {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kEarliestCorrectedUnix = 946684800;  // 2000-01-01T00:00:00Z, as the SQLite store
constexpr int64_t kClockTolerance = 120;
// pg_advisory_lock keys: migrations, and making a month's partition.
constexpr char kMigrationLock[] = "SELECT pg_advisory_lock(74200001)";
constexpr char kMigrationUnlock[] = "SELECT pg_advisory_unlock(74200001)";
constexpr char kPartitionLock[] = "SELECT pg_advisory_xact_lock(74200002)";
constexpr int kBatchAttempts = 5;  // a batch that deadlocked with another instance's is run again

std::string NowText() { return base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0); }
std::string Num(int64_t n) { return std::to_string(n); }

std::string PartitionName(const std::string& month) {  // "2026-12" -> checkin_y2026m12
    return "checkin_y" + month.substr(0, 4) + "m" + month.substr(5, 2);
}

bool ValidMonth(const std::string& month) {
    if (month.size() != 7 || month[4] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6}) {
        if (month[i] < '0' || month[i] > '9') return false;
    }
    const int m = std::stoi(month.substr(5, 2));
    return m >= 1 && m <= 12;
}

std::string NextMonth(const std::string& month) {
    int year = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2)) + 1;
    if (m == 13) {
        m = 1;
        ++year;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", year, m);
    return text;
}

void WriteFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw storage::DbError(13, "cannot write " + path + " (is the disk full?)", "");
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) throw storage::DbError(10, "cannot read " + path, "");
    return bytes.str();
}

void RemoveDatabaseFiles(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ignored);
}

std::string UniquePath(const std::string& dir, const std::string& name, int64_t version) {
    static std::atomic<int> counter{0};
    return (fs::path(dir) / (name + "-" + Num(version) + "-" + Num(::getpid()) + "-" + Num(++counter) + ".db")).string();
}

// A text[] literal: every element quoted, quotes and backslashes escaped.
std::string TextArray(const std::vector<std::string>& items) {
    std::string array = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) array += ',';
        array += '"';
        for (char ch : items[i]) {
            if (ch == '"' || ch == '\\') array += '\\';
            array += ch;
        }
        array += '"';
    }
    return array + "}";
}

// The fields a repeat of a record is compared by, as one text.
std::string Content(const IncomingCheckin& r) {
    return nlohmann::json::array({r.student_id, r.program_id, r.kind, r.at, r.corrects, r.collected_by, r.released_by, r.release_reason}).dump();
}

} // namespace

// ---------------------------------------------------------------------------------------
// Connections and local copies
// ---------------------------------------------------------------------------------------

struct PostgresDistrictStore::LocalCopy {
    int64_t version = 0;
    std::string path;
    std::set<std::string> program_ids;   // for "programs": read once per version
    std::mutex lock;
    std::vector<std::unique_ptr<storage::Database>> pool;

    ~LocalCopy() {
        pool.clear();
        RemoveDatabaseFiles(path);
    }
    std::unique_ptr<storage::Database> Take() {
        {
            std::lock_guard guard(lock);
            if (!pool.empty()) {
                auto db = std::move(pool.back());
                pool.pop_back();
                return db;
            }
        }
        storage::DatabaseOptions options;
        options.read_only = true;
        options.create = false;
        return std::make_unique<storage::Database>(path, options);
    }
    void Give(std::unique_ptr<storage::Database> db) {
        std::lock_guard guard(lock);
        pool.push_back(std::move(db));
    }
};

namespace {

// A read-only connection to a local copy, kept alive (with its copy) while the lease lasts.
template <typename Copy>
class CopyReader {
public:
    explicit CopyReader(std::shared_ptr<Copy> copy) : m_copy(std::move(copy)), m_db(m_copy->Take()) {}
    ~CopyReader() { m_copy->Give(std::move(m_db)); }
    storage::Database& operator*() { return *m_db; }
    Copy& copy() { return *m_copy; }
private:
    std::shared_ptr<Copy> m_copy;
    std::unique_ptr<storage::Database> m_db;
};

} // namespace

PostgresDistrictStore::Lease::Lease(PostgresDistrictStore& store, std::unique_ptr<pg::Connection> db)
    : m_store(store), m_db(std::move(db)) {}

PostgresDistrictStore::Lease::~Lease() {
    if (!m_db || !m_db->Healthy()) return;  // a broken connection is dropped; the next lease makes a new one
    std::lock_guard lock(m_store.m_pool_lock);
    m_store.m_pool.push_back(std::move(m_db));
}

PostgresDistrictStore::Lease PostgresDistrictStore::Connect() {
    {
        std::lock_guard lock(m_pool_lock);
        if (!m_pool.empty()) {
            auto db = std::move(m_pool.back());
            m_pool.pop_back();
            return Lease(*this, std::move(db));
        }
    }
    return Lease(*this, std::make_unique<pg::Connection>(m_conninfo));
}

PostgresDistrictStore::PostgresDistrictStore(const std::string& conninfo, const std::string& cache_dir, bool migrate)
    : m_conninfo(conninfo), m_cache_dir(cache_dir) {
    std::error_code error;
    fs::create_directories(m_cache_dir, error);
    if (error) throw storage::DbError(14, "cannot create the cache folder " + m_cache_dir + ": " + error.message(), "");
    // Copies a crashed instance left behind (this instance's names carry its pid).
    for (const auto& entry : fs::directory_iterator(m_cache_dir, error)) {
        const std::string file = entry.path().filename().string();
        if ((file.rfind("directory-", 0) == 0 || file.rfind("programs-", 0) == 0) && file.find(".db") != std::string::npos) {
            const auto dash = file.rfind('-');
            const auto pid_start = file.rfind('-', dash - 1) + 1;
            const int pid = std::atoi(file.substr(pid_start, dash - pid_start).c_str());
            if (pid > 0 && ::kill(pid, 0) != 0) fs::remove(entry.path(), error);
        }
    }
    if (migrate) {
        Migrate();
    } else {
        const int version = SchemaVersion();
        if (version != schema::kVersion) {
            throw storage::DbError(1, "the PostgreSQL database is at server schema version " + Num(version) + ", this program uses " +
                                          Num(schema::kVersion) + ": run `district-server db migrate` first",
                                   "");
        }
    }
    Lease db = Connect();
    pg::Rows rows = db->Exec("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                             "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'checkin' AND p.relnamespace = c.relnamespace");
    std::lock_guard lock(m_partition_lock);
    for (int i = 0; i < rows.Count(); ++i) {
        const std::string name = rows.Text(i, 0);  // checkin_y2026m12
        if (name.size() == 16) m_partitions.insert(name.substr(9, 4) + "-" + name.substr(14, 2));
    }
}

PostgresDistrictStore::~PostgresDistrictStore() = default;

void PostgresDistrictStore::Migrate() {
    Lease db = Connect();
    // Several instances starting at once: one migrates, the others wait and find it done.
    db->Exec(kMigrationLock);
    try {
        db->ExecScript("CREATE TABLE IF NOT EXISTS server_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        pg::Rows row = db->Exec("SELECT value FROM server_meta WHERE key = 'schema_version'");
        const int version = row.Count() ? std::atoi(row.Text(0, 0).c_str()) : 0;
        if (version > schema::kVersion) {
            throw storage::DbError(1, "the PostgreSQL database is at server schema version " + Num(version) +
                                          ", newer than this program knows (" + Num(schema::kVersion) + ")",
                                   "");
        }
        for (const schema::Step& step : schema::Steps()) {
            if (step.version <= version) continue;
            pg::Transaction tx(*db);
            db->ExecScript(step.postgres);
            db->Exec("INSERT INTO server_meta(key, value) VALUES('schema_version', $1) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     {Num(step.version)});
            tx.Commit();
        }
    } catch (...) {
        try {
            db->Exec(kMigrationUnlock);
        } catch (...) {
        }
        throw;
    }
    db->Exec(kMigrationUnlock);
    // This month's and next month's partitions exist before the first check-in needs them.
    const std::string month = base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0).substr(0, 7);
    EnsurePartitions({month, NextMonth(month)});
}

int PostgresDistrictStore::SchemaVersion() {
    Lease db = Connect();
    pg::Rows exists = db->Exec("SELECT to_regclass('server_meta') IS NOT NULL");
    if (!exists.Bool(0, 0)) return 0;
    pg::Rows row = db->Exec("SELECT value FROM server_meta WHERE key = 'schema_version'");
    return row.Count() ? std::atoi(row.Text(0, 0).c_str()) : 0;
}

std::string PostgresDistrictStore::Describe() {
    Lease db = Connect();
    return "PostgreSQL " + db->Exec("SHOW server_version").Text(0, 0) + " at " + pg::Redacted(m_conninfo);
}

std::vector<std::string> PostgresDistrictStore::CheckSchema() {
    Lease db = Connect();
    auto problems = schema::Problems([&](const char* table) {
        pg::Rows rows = db->Exec("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
                                 {std::string(table)});
        std::vector<std::string> columns;
        for (int i = 0; i < rows.Count(); ++i) columns.push_back(rows.Text(i, 0));
        return columns;
    });
    if (db->Exec("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_log_append_only%'").Int(0, 0) < 2) {
        problems.push_back("the audit log's append-only triggers are missing");
    }
    if (db->Exec("SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = 'checkin'").Int(0, 0) != 1) {
        problems.push_back("table checkin is not partitioned");
    }
    const std::string month = base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0).substr(0, 7);
    if (db->Exec("SELECT to_regclass($1) IS NULL", {PartitionName(month)}).Bool(0, 0)) {
        problems.push_back("this month's check-in partition " + PartitionName(month) + " is missing (any instance makes it on its next check-in)");
    }
    return problems;
}

void PostgresDistrictStore::EnsurePartitions(const std::set<std::string>& months) {
    std::vector<std::string> missing;
    {
        std::lock_guard lock(m_partition_lock);
        for (const auto& m : months) {
            if (!m_partitions.count(m)) missing.push_back(m);
        }
    }
    if (missing.empty()) return;
    Lease db = Connect();
    for (const std::string& month : missing) {
        if (!ValidMonth(month)) throw storage::DbError(1, "not a month: " + month, "");
        // One instance at a time: CREATE ... IF NOT EXISTS alone races with another instance's.
        pg::Transaction tx(*db);
        db->Exec(kPartitionLock);
        db->Exec("CREATE TABLE IF NOT EXISTS " + PartitionName(month) + " PARTITION OF checkin FOR VALUES FROM ('" + month +
                 "-01') TO ('" + NextMonth(month) + "-01')");
        tx.Commit();
        std::lock_guard lock(m_partition_lock);
        m_partitions.insert(month);
    }
}

void PostgresDistrictStore::CreatePartitions(const std::string& first, const std::string& last) {
    if (!ValidMonth(first) || !ValidMonth(last) || first > last) throw storage::DbError(1, "not a span of months: " + first + " to " + last, "");
    std::set<std::string> months;
    for (std::string m = first; m <= last; m = NextMonth(m)) months.insert(m);
    EnsurePartitions(months);
}

std::vector<std::string> PostgresDistrictStore::Partitions() {
    std::lock_guard lock(m_partition_lock);
    return {m_partitions.begin(), m_partitions.end()};
}

int PostgresDistrictStore::DropPartitionsBefore(const std::string& month) {
    if (!ValidMonth(month)) throw storage::DbError(1, "not a month (YYYY-MM): " + month, "");
    int dropped = 0;
    Lease db = Connect();
    for (const std::string& m : Partitions()) {
        if (m >= month) break;
        pg::Transaction tx(*db);
        db->Exec(kPartitionLock);
        db->Exec("DELETE FROM checkin_key WHERE local_date >= $1::date AND local_date < $2::date", {m + "-01", NextMonth(m) + "-01"});
        db->Exec("DROP TABLE IF EXISTS " + PartitionName(m));
        tx.Commit();
        std::lock_guard lock(m_partition_lock);
        m_partitions.erase(m);
        ++dropped;
    }
    return dropped;
}

std::shared_ptr<PostgresDistrictStore::LocalCopy> PostgresDistrictStore::Copy(const std::string& name) {
    Lease db = Connect();
    const int64_t current = db->Exec("SELECT version FROM reference WHERE name = $1", {name}).Int(0, 0);
    std::lock_guard lock(m_copy_lock);
    auto& copy = m_copies[name];
    if (copy && copy->version == current) return copy;
    pg::Rows row = db->Exec("SELECT version, image FROM reference WHERE name = $1", {name});
    auto fresh = std::make_shared<LocalCopy>();
    fresh->version = row.Int(0, 0);
    fresh->path = UniquePath(m_cache_dir, name, fresh->version);
    if (row.IsNull(0, 1)) {
        storage::Database empty(fresh->path);  // nothing imported yet: an empty directory or roster
        storage::Migrate(empty);
        empty.Exec("PRAGMA journal_mode=DELETE");
    } else {
        WriteFile(fresh->path, row.Bytes(0, 1));
    }
    if (name == "programs") {
        CopyReader<LocalCopy> reader(fresh);
        for (const auto& p : storage::CheckinStore(*reader).Programs()) fresh->program_ids.insert(p.id);
    }
    copy = fresh;
    return copy;
}

template <typename Result, typename Change>
Result PostgresDistrictStore::ChangeReference(const std::string& name, Change change) {
    Lease db = Connect();
    pg::Transaction tx(*db);
    pg::Rows row = db->Exec("SELECT version, image FROM reference WHERE name = $1 FOR UPDATE", {name});
    if (row.Count() != 1) throw storage::DbError(1, "PostgreSQL: the reference table has no row \"" + name + "\"", "");
    const std::string path = UniquePath(m_cache_dir, name + "-change", row.Int(0, 0));
    struct Cleanup {
        std::string path;
        ~Cleanup() { RemoveDatabaseFiles(path); }
    } cleanup{path};
    if (!row.IsNull(0, 1)) WriteFile(path, row.Bytes(0, 1));
    std::optional<Result> result;
    {
        storage::Database work(path);
        storage::Migrate(work);  // an image of an older kiosk schema is brought up to date
        result.emplace(change(work));
        if (*result) {
            work.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
            work.Exec("PRAGMA journal_mode=DELETE");
            work.Exec("VACUUM");
        }
    }
    if (!*result) return std::move(*result);  // nothing stored: the transaction rolls back
    db->ExecWithBytes("UPDATE reference SET version = version + 1, image = $2 WHERE name = $1", {name}, ReadFile(path));
    tx.Commit();
    return std::move(*result);
}

// ---------------------------------------------------------------------------------------
// Kiosks
// ---------------------------------------------------------------------------------------

base::Result<bool> PostgresDistrictStore::AddKiosk(const std::string& name, const std::string& school, const std::string& token_hash) {
    Lease db = Connect();
    pg::Transaction tx(*db);
    pg::Rows added = db->Exec("INSERT INTO kiosk(name, school, token_hash, created_at) VALUES($1, $2, $3, $4) ON CONFLICT(name) DO NOTHING",
                              {name, school, token_hash, NowText()});
    if (added.Affected() == 0) {
        pg::Rows existing = db->Exec("SELECT revoked_at IS NOT NULL FROM kiosk WHERE name = $1 FOR UPDATE", {name});
        if (existing.Count() && !existing.Bool(0, 0)) {
            return base::Result<bool>::Fail("a kiosk named \"" + name + "\" is already enrolled (revoke it first to re-enrol)");
        }
        db->Exec("UPDATE kiosk SET token_hash = $2, school = $3, revoked_at = NULL, created_at = $4 WHERE name = $1",
                 {name, token_hash, school, NowText()});
    }
    tx.Commit();
    return true;
}

std::vector<KioskInfo> PostgresDistrictStore::Kiosks() {
    Lease db = Connect();
    pg::Rows r = db->Exec(
        "SELECT name, school, created_at, revoked_at IS NOT NULL, COALESCE(last_seen,''), COALESCE(app_version,''), "
        "COALESCE(queue_depth,0), COALESCE(oldest_pending_at,''), COALESCE(directory_etag,''), COALESCE(clock_offset,0) "
        "FROM kiosk ORDER BY name COLLATE \"C\"");
    std::vector<KioskInfo> out;
    for (int i = 0; i < r.Count(); ++i) {
        KioskInfo k;
        k.name = r.Text(i, 0);
        k.school = r.Text(i, 1);
        k.created_at = r.Text(i, 2);
        k.revoked = r.Bool(i, 3);
        k.last_seen = r.Text(i, 4);
        k.app_version = r.Text(i, 5);
        k.queue_depth = r.Int(i, 6);
        k.oldest_pending_at = r.Text(i, 7);
        k.directory_etag = r.Text(i, 8);
        k.clock_offset_seconds = r.Int(i, 9);
        out.push_back(std::move(k));
    }
    return out;
}

bool PostgresDistrictStore::RevokeKiosk(const std::string& name) {
    Lease db = Connect();
    if (db->Exec("UPDATE kiosk SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL", {name, NowText()}).Affected() > 0) return true;
    return db->Exec("SELECT 1 FROM kiosk WHERE name = $1", {name}).Count() > 0;  // already revoked counts as done
}

std::optional<std::string> PostgresDistrictStore::KioskForToken(const std::string& token_hash) {
    Lease db = Connect();
    pg::Rows r = db->Exec("SELECT name FROM kiosk WHERE token_hash = $1 AND revoked_at IS NULL", {token_hash});
    if (!r.Count()) return std::nullopt;
    return r.Text(0, 0);
}

void PostgresDistrictStore::RecordHeartbeat(const std::string& kiosk, const Heartbeat& h) {
    Lease db = Connect();
    db->Exec("UPDATE kiosk SET last_seen = $2, app_version = $3, queue_depth = $4, oldest_pending_at = $5, directory_etag = $6, "
             "clock_offset = $7 WHERE name = $1",
             {kiosk, NowText(), h.app_version, Num(h.queue_depth), h.oldest_pending_at, h.directory_etag, Num(h.clock_offset_seconds)});
}

// ---------------------------------------------------------------------------------------
// Check-ins
// ---------------------------------------------------------------------------------------

std::set<std::string> PostgresDistrictStore::ProgramIds() { return Copy("programs")->program_ids; }

std::vector<CheckinResult> PostgresDistrictStore::StoreCheckins(const CheckinBatch& batch) {
    const bool correct = std::llabs(batch.clock_offset_seconds) > kClockTolerance;
    const size_t n = batch.records.size();
    // Each record's corrected time and local date, as the SQLite store computes them.
    std::vector<int64_t> corrected(n);
    std::vector<std::string> local_date(n), content(n);
    std::set<std::string> months;
    for (size_t i = 0; i < n; ++i) {
        const IncomingCheckin& r = batch.records[i];
        corrected[i] = r.at_unix;
        if (correct) {
            const int64_t shifted = r.at_unix + batch.clock_offset_seconds;
            if (shifted >= kEarliestCorrectedUnix && shifted <= batch.received_unix + kClockTolerance) corrected[i] = shifted;
        }
        local_date[i] = base::Rfc3339(corrected[i], r.at_offset_seconds).substr(0, 10);
        content[i] = Content(r);
        months.insert(local_date[i].substr(0, 7));
    }
    EnsurePartitions(months);
    const std::set<std::string> programs = ProgramIds();

    for (int attempt = 1;; ++attempt) {
        std::vector<CheckinResult> results(n);
        std::vector<bool> decided(n, false);
        for (size_t i = 0; i < n; ++i) {
            results[i].id = batch.records[i].id;
            if (!programs.count(batch.records[i].program_id)) {
                results[i] = {batch.records[i].id, "rejected", "unknown program \"" + batch.records[i].program_id + "\""};
                decided[i] = true;
            }
        }
        Lease db = Connect();
        try {
            pg::Transaction tx(*db);
            // 1. Every new id's key, in one statement, taken in id order: two instances storing
            //    overlapping batches wait for each other in the same order and never deadlock.
            //    A second instance storing the same id waits here for the first one's commit.
            std::vector<std::string> ids, kinds, dates, contents, corrects;
            std::set<std::string> offered;
            for (size_t i = 0; i < n; ++i) {
                const IncomingCheckin& r = batch.records[i];
                if (decided[i] || !offered.insert(r.id).second) continue;  // a repeat inside the batch is compared below
                ids.push_back(r.id);
                kinds.push_back(r.kind);
                dates.push_back(local_date[i]);
                contents.push_back(content[i]);
                corrects.push_back(r.corrects);
            }
            std::set<std::string> inserted;
            if (!ids.empty()) {
                pg::Rows keys = db->Exec(
                    "INSERT INTO checkin_key(id, kiosk, kind, local_date, content, corrects) "
                    "SELECT id, $1, kind, day::date, content, NULLIF(corrects, '') "
                    "FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, kind, day, content, corrects) "
                    "ORDER BY id COLLATE \"C\" ON CONFLICT(id) DO NOTHING RETURNING id",
                    {batch.kiosk, TextArray(ids), TextArray(kinds), TextArray(dates), TextArray(contents), TextArray(corrects)});
                for (int k = 0; k < keys.Count(); ++k) inserted.insert(keys.Text(k, 0));
            }
            // 2. What is stored under the ids this batch did not add: a duplicate, or an id reused.
            std::vector<std::string> existing_ids;
            std::vector<bool> mine(n, false);
            {
                std::set<std::string> claimed;
                for (size_t i = 0; i < n; ++i) {
                    if (decided[i]) continue;
                    mine[i] = inserted.count(batch.records[i].id) && claimed.insert(batch.records[i].id).second;
                    if (!mine[i]) existing_ids.push_back(batch.records[i].id);
                }
            }
            std::map<std::string, std::string> stored;
            if (!existing_ids.empty()) {
                pg::Rows rows = db->Exec("SELECT id, content FROM checkin_key WHERE id = ANY($1::text[])", {TextArray(existing_ids)});
                for (int k = 0; k < rows.Count(); ++k) stored[rows.Text(k, 0)] = rows.Text(k, 1);
            }
            // 3. Staff actions act on a record of the same kiosk that this server has (the kiosk
            //    sends its outbox in order, so the original comes first, even in the same batch).
            std::vector<std::string> originals_wanted;
            for (size_t i = 0; i < n; ++i) {
                if (mine[i] && !batch.records[i].corrects.empty()) originals_wanted.push_back(batch.records[i].corrects);
            }
            struct Original {
                std::string kiosk, kind, local_date;
            };
            std::map<std::string, Original> originals;
            if (!originals_wanted.empty()) {
                pg::Rows rows = db->Exec("SELECT id, kiosk, kind, local_date::text FROM checkin_key WHERE id = ANY($1::text[])",
                                         {TextArray(originals_wanted)});
                for (int k = 0; k < rows.Count(); ++k) originals[rows.Text(k, 0)] = {rows.Text(k, 1), rows.Text(k, 2), rows.Text(k, 3)};
            }
            std::vector<std::string> refused_keys;
            for (size_t i = 0; i < n; ++i) {
                if (decided[i]) continue;
                const IncomingCheckin& r = batch.records[i];
                decided[i] = true;
                if (!mine[i]) {
                    const auto it = stored.find(r.id);
                    if (it != stored.end() && it->second == content[i]) results[i] = {r.id, "duplicate", ""};
                    else results[i] = {r.id, "rejected", "id reused: another record with this id is already stored"};
                    continue;
                }
                if (!r.corrects.empty()) {
                    const auto original = originals.find(r.corrects);
                    const bool found = original != originals.end();
                    std::string why;
                    if (!found && r.kind == "correction") why = "corrects a record this server does not have";
                    else if (found && original->second.kiosk != batch.kiosk) why = "acts on another kiosk's record";
                    else if (found && original->second.kind != "in" && original->second.kind != "out") why = "acts on a staff action, not on a check-in";
                    if (!why.empty()) {
                        results[i] = {r.id, "rejected", why};
                        refused_keys.push_back(r.id);
                        mine[i] = false;
                        continue;
                    }
                    // A void or confirm of a record the server never stored (it was rejected) is
                    // kept and changes nothing.
                }
                results[i] = {r.id, "accepted", ""};
            }
            if (!refused_keys.empty()) db->Exec("DELETE FROM checkin_key WHERE id = ANY($1::text[])", {TextArray(refused_keys)});
            // 4. The accepted records, in one statement. A void or confirmation may have arrived
            //    before the record it acts on: it is applied as the record arrives. (Looked up
            //    here by the partial index of staff actions: an EXISTS inside the INSERT became a
            //    semi-join over every key, 150 ms a batch at 160 000 keys.)
            std::set<std::string> voided_ids, confirmed_ids;
            {
                std::vector<std::string> records;
                for (size_t i = 0; i < n; ++i) {
                    if (mine[i] && batch.records[i].corrects.empty()) records.push_back(batch.records[i].id);
                }
                if (!records.empty()) {
                    pg::Rows acted = db->Exec("SELECT corrects, kind FROM checkin_key WHERE corrects = ANY($1::text[]) AND kind IN ('void', 'confirm')",
                                              {TextArray(records)});
                    for (int k = 0; k < acted.Count(); ++k) (acted.Text(k, 1) == "void" ? voided_ids : confirmed_ids).insert(acted.Text(k, 0));
                }
            }
            std::vector<std::vector<std::string>> columns(17);
            for (size_t i = 0; i < n; ++i) {
                if (!mine[i]) continue;
                const IncomingCheckin& r = batch.records[i];
                const std::string values[17] = {r.id, r.student_id, r.program_id, r.kind, r.at, Num(r.at_unix), r.clock_trusted ? "t" : "f",
                                                Num(corrected[i]), local_date[i], r.verified ? "t" : "f", r.corrects, r.collected_by,
                                                r.released_by, r.release_reason, Num(static_cast<int64_t>(i)),
                                                voided_ids.count(r.id) ? "t" : "f", confirmed_ids.count(r.id) ? "t" : "f"};
                for (int c = 0; c < 17; ++c) columns[c].push_back(values[c]);
            }
            std::map<std::string, std::string> seq_of;
            if (!columns[0].empty()) {
                std::vector<pg::Param> params = {batch.kiosk, batch.kiosk_time, Num(batch.received_unix)};
                for (const auto& column : columns) params.push_back(TextArray(column));
                pg::Rows rows = db->Exec(
                    "INSERT INTO checkin(id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time, received_unix, "
                    "corrected_unix, local_date, verified, corrects, collected_by, released_by, release_reason, voided, confirmed) "
                    "SELECT t.id, $1, t.student_id, t.program_id, t.kind, t.at, t.at_unix::bigint, t.clock_trusted::boolean, $2, $3::bigint, "
                    "  t.corrected_unix::bigint, t.day::date, t.verified::boolean, NULLIF(t.corrects, ''), NULLIF(t.collected_by, ''), "
                    "  NULLIF(t.released_by, ''), NULLIF(t.release_reason, ''), t.voided::boolean, t.confirmed::boolean "
                    "FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], "
                    "            $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[]) "
                    "  AS t(id, student_id, program_id, kind, at, at_unix, clock_trusted, corrected_unix, day, verified, corrects, "
                    "       collected_by, released_by, release_reason, position, voided, confirmed) "
                    "ORDER BY t.position::int RETURNING id, seq",
                    params);
                for (int k = 0; k < rows.Count(); ++k) seq_of[rows.Text(k, 0)] = rows.Text(k, 1);
            }
            // 5. Each staff action written onto the record it acts on, in that record's partition,
            //    in the order the kiosk made them.
            for (size_t i = 0; i < n; ++i) {
                const IncomingCheckin& r = batch.records[i];
                if (!mine[i] || r.corrects.empty()) continue;
                const auto original = originals.find(r.corrects);
                if (original == originals.end()) continue;
                const std::string& day = original->second.local_date;
                if (r.kind == "void") {
                    db->Exec("UPDATE checkin SET voided = TRUE WHERE local_date = $2::date AND id = $1", {r.corrects, day});
                } else if (r.kind == "confirm") {
                    db->Exec("UPDATE checkin SET confirmed = TRUE WHERE local_date = $2::date AND id = $1", {r.corrects, day});
                } else if (r.kind == "correction") {
                    // The newest correction by arrival wins, however two instances interleave.
                    db->Exec("UPDATE checkin SET fix_seq = $3, fix_student = $4, fix_program = $5 "
                             "WHERE local_date = $2::date AND id = $1 AND (fix_seq IS NULL OR fix_seq < $3::bigint)",
                             {r.corrects, day, seq_of[r.id], r.student_id, r.program_id});
                }
            }
            // 6. Refusals are kept (once a kiosk and id) for the school's staff in the web console.
            for (size_t i = 0; i < n; ++i) {
                if (results[i].status != "rejected") continue;
                const IncomingCheckin& r = batch.records[i];
                db->Exec("INSERT INTO checkin_rejected(id, kiosk, student_id, program_id, kind, at, reason, received_unix) "
                         "VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(id, kiosk) DO NOTHING",
                         {r.id, batch.kiosk, r.student_id, r.program_id, r.kind, r.at, results[i].reason, Num(batch.received_unix)});
            }
            tx.Commit();  // the answer is sent only after this: an "accepted" record is committed
            return results;
        } catch (const pg::Error& error) {
            // Two corrections of one record crossing between instances can still deadlock: run again.
            if (!error.Retryable() || attempt >= kBatchAttempts) throw;
        }
    }
}

int64_t PostgresDistrictStore::CheckinCount() {
    Lease db = Connect();
    return db->Exec("SELECT count(*) FROM checkin_key").Int(0, 0);
}

std::vector<RejectedCheckin> PostgresDistrictStore::RejectedSince(int64_t received_unix) {
    Lease db = Connect();
    pg::Rows r = db->Exec(
        "SELECT r.id, r.kiosk, COALESCE(NULLIF(k.school,''), r.kiosk), r.student_id, r.program_id, r.kind, r.at, r.reason, r.received_unix "
        "FROM checkin_rejected r LEFT JOIN kiosk k ON k.name = r.kiosk WHERE r.received_unix >= $1 ORDER BY r.seq DESC LIMIT 1000",
        {Num(received_unix)});
    std::vector<RejectedCheckin> out;
    for (int i = 0; i < r.Count(); ++i) {
        out.push_back({r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5), r.Text(i, 6), r.Text(i, 7), r.Int(i, 8)});
    }
    return out;
}

std::vector<StoredCheckin> PostgresDistrictStore::CheckinsBetween(const std::string& from, const std::string& to,
                                                                  const std::vector<std::string>* programs) {
    Lease db = Connect();
    // The same rows in the same order as the SQLite store (byte order: COLLATE "C").
    std::string sql =
        "SELECT c.id, c.kiosk, COALESCE(NULLIF(k.school,''), c.kiosk), "
        "  COALESCE(c.fix_student, c.student_id) COLLATE \"C\" AS student, COALESCE(c.fix_program, c.program_id) COLLATE \"C\" AS program, "
        "  c.kind, c.at, c.corrected_unix, c.local_date::text, c.fix_seq IS NOT NULL, c.voided, "
        "  c.verified OR c.fix_seq IS NOT NULL OR c.confirmed, COALESCE(c.collected_by, ''), COALESCE(c.released_by, '') "
        "FROM checkin c LEFT JOIN kiosk k ON k.name = c.kiosk "
        "WHERE c.local_date BETWEEN $1::date AND $2::date AND c.kind IN ('in', 'out') ";
    std::vector<pg::Param> params = {from, to};
    if (programs) {
        sql += "AND (c.program_id = ANY($3::text[]) OR c.fix_program = ANY($3::text[])) ";
        params.push_back(TextArray(*programs));
    }
    sql += "ORDER BY student, program, c.corrected_unix, c.kind COLLATE \"C\"";
    pg::Rows r = db->Exec(sql, params);
    std::vector<StoredCheckin> out;
    out.reserve(static_cast<size_t>(r.Count()));
    for (int i = 0; i < r.Count(); ++i) {
        StoredCheckin c{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5), r.Text(i, 6), r.Int(i, 7), r.Text(i, 8)};
        c.corrected_by_staff = r.Bool(i, 9);
        c.voided = r.Bool(i, 10);
        c.verified = r.Bool(i, 11);
        c.collected_by = r.Text(i, 12);
        c.released_by = r.Text(i, 13);
        out.push_back(std::move(c));
    }
    return out;
}

namespace {

// The attendance SQL for `q` and its parameters.
std::pair<std::string, std::vector<pg::Param>> AttendanceStatement(const AttendanceQuery& q) {
    std::vector<std::string> ids, groups;
    for (const auto& [program, group] : q.groups) {
        ids.push_back(program);
        groups.push_back(group);
    }
    const bool mapped = !q.by_school, some = mapped && !q.keep_unmapped;
    // The partitions of [from, to] only; staff actions are already written onto each record.
    std::string sql =
        "WITH base AS (SELECT COALESCE(c.fix_student, c.student_id) COLLATE \"C\" AS student, "
        "  COALESCE(c.fix_program, c.program_id) COLLATE \"C\" AS program, c.kind, c.at, c.corrected_unix AS unix, c.local_date AS day, c.fix_seq IS NOT NULL AS corrected, c.voided, "
        "  (c.verified OR c.fix_seq IS NOT NULL OR c.confirmed) AS verified, "
        "  COALESCE(c.collected_by, '') AS collected_by, COALESCE(c.released_by, '') AS released_by, " +
        // The kiosks' schools only for a report by school: joined to every row otherwise for nothing.
        std::string(q.by_school ? "COALESCE(NULLIF(k.school,''), c.kiosk) AS school FROM checkin c LEFT JOIN kiosk k ON k.name = c.kiosk "
                                : "'' AS school FROM checkin c ") +
        "WHERE c.local_date BETWEEN $1::date AND $2::date AND c.kind IN ('in', 'out') ";
    std::vector<pg::Param> params = {q.from, q.to};
    if (mapped) {
        if (some) sql += "AND (c.program_id = ANY($3::text[]) OR c.fix_program = ANY($3::text[])) ";
        params.push_back(TextArray(ids));
        params.push_back(TextArray(groups));
    }
    // Byte order for every text the report sorts by: the database's own collation (en_US.UTF-8,
    // say) would sort millions of rows through strcoll.
    std::string group = "base.school COLLATE \"C\"";
    if (mapped) group = "m.grp COLLATE \"C\"";
    if (mapped && q.keep_unmapped) {
        group = "COALESCE(m.grp, base.program) COLLATE \"C\"";
        if (!q.unmapped_key.empty()) {
            group = "COALESCE(m.grp, $" + std::to_string(params.size() + 1) + "::text) COLLATE \"C\"";
            params.push_back(q.unmapped_key);
        }
    }
    std::string week = "0";
    if (q.week_zero_day >= 0) {
        week = "((base.day - DATE '1970-01-01') - $" + std::to_string(params.size() + 1) + "::int) / 7";
        params.push_back(Num(q.week_zero_day));
    }
    sql += "), mapped AS (SELECT base.*, " + group + " AS grp, " + week + " AS week FROM base ";
    if (mapped) sql += std::string(q.keep_unmapped ? "LEFT " : "") + "JOIN unnest($3::text[], $4::text[]) AS m(program, grp) ON m.program = base.program";
    sql += "), ";
    return {sql + AttendanceSql(" COLLATE \"C\""), params};
}

// For this one reporting query: no JIT (EXPLAIN ANALYZE of a year's report spent 8.7 s of 25.7 s
// compiling it) and sorts in memory where they fit (a year of a state's rows spilled to disk
// three times at the default work_mem).
void ReportSettings(pg::Connection& db) {
    db.Exec("SET LOCAL jit = off");
    db.Exec("SET LOCAL work_mem = '256MB'");
}

} // namespace

std::string PostgresDistrictStore::ExplainAttendance(const AttendanceQuery& q) {
    Lease db = Connect();
    const auto [sql, params] = AttendanceStatement(q);
    pg::Transaction tx(*db);
    ReportSettings(*db);
    pg::Rows plan = db->Exec("EXPLAIN (ANALYZE, BUFFERS) " + sql, params);
    tx.Commit();
    std::string out;
    for (int i = 0; i < plan.Count(); ++i) out += plan.Text(i, 0) + "\n";
    return out;
}

AttendanceAggregate PostgresDistrictStore::AggregateAttendance(const AttendanceQuery& q) {
    Lease db = Connect();
    const auto [sql, params] = AttendanceStatement(q);
    AttendanceAggregate out;
    pg::Transaction tx(*db);
    ReportSettings(*db);
    pg::Rows rows = db->Exec(sql, params);
    tx.Commit();
    struct Row {
        const pg::Rows& rows;
        int i;
        std::string text(int c) const { return rows.Text(i, c); }
        int64_t number(int c) const { return rows.Int(i, c); }
        bool is_null(int c) const { return rows.IsNull(i, c); }
    };
    for (int i = 0; i < rows.Count(); ++i) ReadAttendanceRow(Row{rows, i}, out);
    return out;
}

// ---------------------------------------------------------------------------------------
// Programs, roster and directory: the reference images
// ---------------------------------------------------------------------------------------

base::Result<int> PostgresDistrictStore::ReplacePrograms(const std::vector<storage::Program>& programs) {
    return ChangeReference<base::Result<int>>("programs", [&](storage::Database& db) { return storage::CheckinStore(db).ReplacePrograms(programs, ""); });
}

base::Result<int> PostgresDistrictStore::ReplaceRoster(const std::vector<storage::RosterStudent>& students) {
    return ChangeReference<base::Result<int>>("programs", [&](storage::Database& db) { return storage::CheckinStore(db).ReplaceRoster(students, ""); });
}

std::vector<storage::Program> PostgresDistrictStore::Programs() {
    CopyReader<LocalCopy> db(Copy("programs"));
    return storage::CheckinStore(*db).Programs();
}

std::vector<storage::RosterStudent> PostgresDistrictStore::Roster() {
    CopyReader<LocalCopy> db(Copy("programs"));
    return storage::CheckinStore(*db).Roster();
}

int64_t PostgresDistrictStore::ProgramsVersion() {
    Lease db = Connect();
    return db->Exec("SELECT version FROM reference WHERE name = 'programs'").Int(0, 0);
}

base::Result<hsds::ImportReport> PostgresDistrictStore::ReplaceDirectory(const hsds::DirectoryFeed& feed, const storage::ReplaceOptions& options) {
    return ChangeReference<base::Result<hsds::ImportReport>>(
        "directory", [&](storage::Database& db) { return storage::DirectoryStore(db).ReplaceDirectory(feed, options); });
}

base::Result<hsds::ImportReport> PostgresDistrictStore::ImportTranslation(const hsds::DirectoryFeed& feed, const std::string& locale) {
    return ChangeReference<base::Result<hsds::ImportReport>>(
        "directory", [&](storage::Database& db) { return storage::DirectoryStore(db).ImportTranslation(feed, locale); });
}

int64_t PostgresDistrictStore::DirectoryVersion() {
    Lease db = Connect();
    return db->Exec("SELECT version FROM reference WHERE name = 'directory'").Int(0, 0);
}

DistrictStore::DirectorySnapshot PostgresDistrictStore::ReadDirectory() {
    CopyReader<LocalCopy> db(Copy("directory"));
    return ReadDirectorySnapshot(*db, db.copy().version);  // the copy is one version, whole: no transaction needed
}

std::vector<std::string> PostgresDistrictStore::SearchServices(const std::string& text, const std::string& locale) {
    CopyReader<LocalCopy> db(Copy("directory"));
    return SearchDirectory(*db, text, locale);
}

std::vector<storage::StaleTranslation> PostgresDistrictStore::StaleTranslations() {
    CopyReader<LocalCopy> db(Copy("directory"));
    return storage::DirectoryStore(*db).StaleTranslations();
}

// ---------------------------------------------------------------------------------------
// The web console
// ---------------------------------------------------------------------------------------

namespace {

constexpr char kAccountColumns[] = "username, role, scope, password_hash, created_at, failures, locked_until";

ConsoleAccount ReadAccount(const pg::Rows& r, int i) {
    ConsoleAccount a;
    a.username = r.Text(i, 0);
    a.role = r.Text(i, 1);
    a.scope = r.Text(i, 2);
    a.password_hash = r.Text(i, 3);
    a.created_at = r.Text(i, 4);
    a.failures = static_cast<int>(r.Int(i, 5));
    a.locked_until = r.Int(i, 6);
    return a;
}

} // namespace

base::Result<bool> PostgresDistrictStore::AddAccount(const ConsoleAccount& account) {
    Lease db = Connect();
    return db->Exec("INSERT INTO console_account(username, role, scope, password_hash, created_at) VALUES($1, $2, $3, $4, $5) "
                    "ON CONFLICT(username) DO NOTHING",
                    {account.username, account.role, account.scope, account.password_hash, NowText()})
               .Affected() > 0;
}

std::optional<ConsoleAccount> PostgresDistrictStore::FindAccount(const std::string& username) {
    Lease db = Connect();
    pg::Rows r = db->Exec(std::string("SELECT ") + kAccountColumns + " FROM console_account WHERE username = $1", {username});
    if (!r.Count()) return std::nullopt;
    return ReadAccount(r, 0);
}

std::vector<ConsoleAccount> PostgresDistrictStore::Accounts() {
    Lease db = Connect();
    pg::Rows r = db->Exec(std::string("SELECT ") + kAccountColumns + " FROM console_account ORDER BY role COLLATE \"C\", username COLLATE \"C\"");
    std::vector<ConsoleAccount> out;
    for (int i = 0; i < r.Count(); ++i) out.push_back(ReadAccount(r, i));
    return out;
}

void PostgresDistrictStore::SetLoginState(const std::string& username, int failures, int64_t locked_until) {
    Lease db = Connect();
    db->Exec("UPDATE console_account SET failures = $2, locked_until = $3 WHERE username = $1", {username, Num(failures), Num(locked_until)});
}

void PostgresDistrictStore::CreateSession(const ConsoleSession& s) {
    Lease db = Connect();
    db->Exec("INSERT INTO console_session(id_hash, username, csrf_token, created_unix, last_seen_unix) VALUES($1, $2, $3, $4, $5)",
             {s.id_hash, s.username, s.csrf_token, Num(s.created_unix), Num(s.last_seen_unix)});
}

std::optional<ConsoleSession> PostgresDistrictStore::FindSession(const std::string& id_hash) {
    Lease db = Connect();
    pg::Rows r = db->Exec("SELECT id_hash, username, csrf_token, created_unix, last_seen_unix FROM console_session WHERE id_hash = $1", {id_hash});
    if (!r.Count()) return std::nullopt;
    return ConsoleSession{r.Text(0, 0), r.Text(0, 1), r.Text(0, 2), r.Int(0, 3), r.Int(0, 4)};
}

void PostgresDistrictStore::TouchSession(const std::string& id_hash, int64_t now) {
    Lease db = Connect();
    db->Exec("UPDATE console_session SET last_seen_unix = $2 WHERE id_hash = $1", {id_hash, Num(now)});
}

void PostgresDistrictStore::DeleteSession(const std::string& id_hash) {
    Lease db = Connect();
    db->Exec("DELETE FROM console_session WHERE id_hash = $1", {id_hash});
}

void PostgresDistrictStore::DeleteSessionsBefore(int64_t last_seen_unix) {
    Lease db = Connect();
    db->Exec("DELETE FROM console_session WHERE last_seen_unix < $1", {Num(last_seen_unix)});
}

void PostgresDistrictStore::AppendAudit(const std::string& who, const std::string& action, const std::string& detail) {
    Lease db = Connect();
    db->Exec("INSERT INTO audit_log(at, who, action, detail) VALUES($1, $2, $3, $4)", {NowText(), who, action, detail});
}

std::vector<AuditEntry> PostgresDistrictStore::Audit(int limit) {
    Lease db = Connect();
    pg::Rows r = db->Exec("SELECT seq, at, who, action, detail FROM audit_log ORDER BY seq DESC LIMIT $1", {Num(limit)});
    std::vector<AuditEntry> out;
    for (int i = 0; i < r.Count(); ++i) out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4)});
    return out;
}

} // namespace district
