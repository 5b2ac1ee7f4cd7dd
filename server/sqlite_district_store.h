// DistrictStore on SQLite (through storage/): WAL, one writer connection behind a mutex,
// and a pool of read-only connections so that readers never wait for the writer.
// Threads: any; see district_store.h.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/district_store.h"

namespace storage {
class Database;
}

namespace district {

class SqliteDistrictStore final : public DistrictStore {
public:
    // Opens (creating when `create`) `data_dir`/district.db and migrates it. Throws
    // storage::DbError with SQLite's words when the database cannot be used.
    explicit SqliteDistrictStore(const std::string& data_dir, bool create = false);
    ~SqliteDistrictStore() override;

    static std::string DatabasePath(const std::string& data_dir);

    std::string Describe() override;
    std::vector<std::string> CheckSchema() override;
    int SchemaVersion() override;

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
    // A read-only connection from the pool, returned when the lease ends.
    class Lease {
    public:
        Lease(SqliteDistrictStore& store, std::unique_ptr<storage::Database> db) : m_store(store), m_db(std::move(db)) {}
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        storage::Database& operator*() { return *m_db; }
    private:
        SqliteDistrictStore& m_store;
        std::unique_ptr<storage::Database> m_db;
    };
    Lease Reader();
    void BumpVersion(const char* key);   // on the writer, with m_write_lock held
    int64_t ReadVersion(const char* key);

    std::string m_path;
    std::mutex m_write_lock;
    std::unique_ptr<storage::Database> m_writer;
    std::mutex m_pool_lock;
    std::vector<std::unique_ptr<storage::Database>> m_pool;
};

} // namespace district
