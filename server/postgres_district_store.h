// DistrictStore on PostgreSQL (libpq), for a statewide deployment or one that must survive the
// loss of a machine: any number of district-server processes share one database and behave as
// one server (README "Statewide or highly available: PostgreSQL"; docs/postgresql.md).
//
// - Check-ins: partitioned by month of their local date; each id stored once across every
//   instance (checkin_key and INSERT ... ON CONFLICT), a repeat compared by content to answer
//   duplicate or rejected. Staff actions are written onto the record they act on.
// - Directory, programs and roster: kept in PostgreSQL as the SQLite database the kiosks' own
//   search and import code work on (table `reference`, one image per kind and a version). Each
//   instance reads a local copy of the current version, fetched when the version moves, so
//   every instance answers the same ETag with the same bytes and searches exactly as kiosks do.
//   A change takes the row's lock, applies the import to the image and stores the next version.
// - Accounts, sessions and the audit log (append-only by trigger) are plain tables.
//
// Threads: any; each call leases a connection of its own from a pool.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "server/district_store.h"

namespace pg {
class Connection;
}
namespace storage {
class Database;
}

namespace district {

class PostgresDistrictStore final : public DistrictStore {
public:
    // `conninfo`: postgresql:// URL or libpq key=value string. `cache_dir`: where this instance
    // keeps its local copies of the directory and programs (created if missing). Migrates the
    // schema unless `migrate` is false (then a database behind this program's version refuses).
    // Throws storage::DbError with PostgreSQL's words.
    PostgresDistrictStore(const std::string& conninfo, const std::string& cache_dir, bool migrate = true);
    ~PostgresDistrictStore() override;

    std::string Describe() override;
    std::vector<std::string> CheckSchema() override;
    int SchemaVersion() override;
    // The months that have a partition, oldest first ("2026-11").
    std::vector<std::string> Partitions();
    // Drops the partitions of months before `month` ("2025-09") and their records' keys: the
    // retention policy's pruning, one statement per month instead of a row-by-row delete.
    int DropPartitionsBefore(const std::string& month);
    // Makes the partitions of months `first` to `last` ("2026-09", "2027-08") ahead of time
    // (a bulk load, or a school year's months before it starts).
    void CreatePartitions(const std::string& first, const std::string& last);

    base::Result<bool> AddKiosk(const std::string& name, const std::string& school, const std::string& token_hash) override;
    std::vector<KioskInfo> Kiosks() override;
    bool RevokeKiosk(const std::string& name) override;
    std::optional<std::string> KioskForToken(const std::string& token_hash) override;
    void RecordHeartbeat(const std::string& kiosk, const Heartbeat& heartbeat) override;

    std::vector<CheckinResult> StoreCheckins(const CheckinBatch& batch) override;
    int64_t CheckinCount() override;
    std::vector<RejectedCheckin> RejectedSince(int64_t received_unix) override;
    std::vector<StoredCheckin> CheckinsBetween(const std::string& from, const std::string& to,
                                               const std::vector<std::string>* programs = nullptr) override;
    AttendanceAggregate AggregateAttendance(const AttendanceQuery& query) override;
    // EXPLAIN (ANALYZE, BUFFERS) of that query: the profile scripts/bench reports.
    std::string ExplainAttendance(const AttendanceQuery& query);

    base::Result<int> ReplacePrograms(const std::vector<storage::Program>& programs) override;
    base::Result<int> ReplaceRoster(const std::vector<storage::RosterStudent>& students) override;
    std::vector<storage::Program> Programs() override;
    std::vector<storage::RosterStudent> Roster() override;
    int64_t ProgramsVersion() override;

    base::Result<hsds::ImportReport> ReplaceDirectory(const hsds::DirectoryFeed& feed,
                                                            const storage::ReplaceOptions& options) override;
    base::Result<hsds::ImportReport> ImportTranslation(const hsds::DirectoryFeed& feed,
                                                             const std::string& locale) override;
    int64_t DirectoryVersion() override;
    DirectorySnapshot ReadDirectory() override;
    std::vector<std::string> SearchServices(const std::string& text, const std::string& locale) override;
    std::vector<storage::StaleTranslation> StaleTranslations() override;

    base::Result<bool> AddAccount(const ConsoleAccount& account) override;
    std::optional<ConsoleAccount> FindAccount(const std::string& username) override;
    std::vector<ConsoleAccount> Accounts() override;
    void SetLoginState(const std::string& username, int failures, int64_t locked_until) override;
    void CreateSession(const ConsoleSession& session) override;
    std::optional<ConsoleSession> FindSession(const std::string& id_hash) override;
    void TouchSession(const std::string& id_hash, int64_t now) override;
    void DeleteSession(const std::string& id_hash) override;
    void DeleteSessionsBefore(int64_t last_seen_unix) override;
    void AppendAudit(const std::string& who, const std::string& action, const std::string& detail) override;
    std::vector<AuditEntry> Audit(int limit) override;

private:
    // A connection from the pool, returned when the lease ends (dropped if the server went away).
    class Lease {
    public:
        Lease(PostgresDistrictStore& store, std::unique_ptr<pg::Connection> db);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        pg::Connection& operator*() { return *m_db; }
        pg::Connection* operator->() { return m_db.get(); }
    private:
        PostgresDistrictStore& m_store;
        std::unique_ptr<pg::Connection> m_db;
    };
    Lease Connect();

    // This instance's read-only copy of one reference image at one version.
    struct LocalCopy;
    std::shared_ptr<LocalCopy> Copy(const std::string& name);
    // Applies `change` to the newest image of `name` under its row lock and stores the result
    // as the next version; nothing is stored when `change` fails.
    template <typename Result, typename Change>
    Result ChangeReference(const std::string& name, Change change);

    void Migrate();
    void EnsurePartitions(const std::set<std::string>& months);
    std::set<std::string> ProgramIds();

    std::string m_conninfo;
    std::string m_cache_dir;
    std::mutex m_pool_lock;
    std::vector<std::unique_ptr<pg::Connection>> m_pool;
    std::mutex m_copy_lock;
    std::map<std::string, std::shared_ptr<LocalCopy>> m_copies;
    std::mutex m_partition_lock;
    std::set<std::string> m_partitions;  // months known to have a partition
};

} // namespace district
