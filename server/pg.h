// A small RAII layer over libpq for the PostgreSQL store: one Connection per thread at a
// time (PGconn is not shared), statements with text parameters, results read by row and
// column. Every failure throws storage::DbError with PostgreSQL's own message and SQLSTATE,
// so the server reports a PostgreSQL failure exactly as it reports a SQLite one.
// Threads: a Connection belongs to one thread while it is leased (postgres_district_store.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

#include "storage/database.h"

namespace pg {

// A PostgreSQL failure: storage::DbError (so callers handle both stores alike) plus SQLSTATE.
class Error : public storage::DbError {
public:
    Error(const std::string& message, std::string sql, std::string sqlstate)
        : storage::DbError(1, message, std::move(sql)), m_sqlstate(std::move(sqlstate)) {}
    const std::string& SqlState() const { return m_sqlstate; }
    // A deadlock or serialization failure: the transaction may simply be run again.
    bool Retryable() const { return m_sqlstate == "40P01" || m_sqlstate == "40001"; }
private:
    std::string m_sqlstate;
};

using Param = std::optional<std::string>;  // nullopt = SQL NULL

// The rows of one statement. Columns are 0-based like libpq's.
class Rows {
public:
    explicit Rows(pg_result* result) : m_result(result) {}
    ~Rows();
    Rows(Rows&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Rows& operator=(Rows&& other) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    int Count() const;
    bool IsNull(int row, int column) const;
    std::string Text(int row, int column) const;     // "" for NULL
    int64_t Int(int row, int column) const;          // 0 for NULL
    bool Bool(int row, int column) const;            // PostgreSQL's 't'
    std::string Bytes(int row, int column) const;    // a bytea column, decoded
    int64_t Affected() const;                        // rows an INSERT/UPDATE/DELETE touched
private:
    pg_result* m_result = nullptr;
};

class Connection {
public:
    // `conninfo`: a postgresql:// URL or a libpq "key=value" string. Throws storage::DbError.
    explicit Connection(const std::string& conninfo);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Rows Exec(const std::string& sql, const std::vector<Param>& params = {});
    void ExecScript(const std::string& sql);   // several statements, no parameters (migrations)
    // A bytea parameter sent as binary (a SQLite image of the directory, say).
    Rows ExecWithBytes(const std::string& sql, const std::vector<Param>& params, const std::string& bytes);
    bool Healthy() const;     // false after the server went away: the pool drops it
    std::string ServerVersion() const;
private:
    Rows Check(pg_result* result, const std::string& sql);
    pg_conn* m_conn = nullptr;
};

// BEGIN ... COMMIT; rolled back unless committed (an exception on the way out).
class Transaction {
public:
    explicit Transaction(Connection& db, const char* begin = "BEGIN");
    ~Transaction();
    void Commit();
private:
    Connection& m_db;
    bool m_done = false;
};

// Whether a setting names PostgreSQL ("postgresql://...", "postgres://...", or key=value with
// host/dbname) rather than a SQLite path.
bool IsPostgresSetting(const std::string& setting);
// The setting with any password removed, for messages and logs.
std::string Redacted(const std::string& conninfo);
// "" when libpq accepts the setting and it carries no password; otherwise why not. A password
// belongs in ~/.pgpass or the passfile= the setting names, never on a command line.
std::string CheckSetting(const std::string& conninfo, bool password_allowed);

} // namespace pg
