// A small RAII layer over SQLite: Database, Statement, Transaction.
// Threads: a Database (and every Statement and Transaction made from it) belongs to the one
// thread that opened it. Open one Database per thread; WAL lets them work side by side.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace storage {

// Every failure of SQLite surfaces as this, carrying SQLite's own message, its extended
// result code and the SQL that failed, so a log line is enough to find the cause.
class DbError : public std::runtime_error {
public:
    DbError(int code, const std::string& message, std::string sql);
    int Code() const { return m_code; }           // SQLite extended result code
    const std::string& Sql() const { return m_sql; }
    bool IsBusy() const;                          // SQLITE_BUSY / SQLITE_LOCKED
    bool IsDiskFull() const;                      // SQLITE_FULL
    bool IsCorrupt() const;                       // SQLITE_CORRUPT / SQLITE_NOTADB
private:
    int m_code;
    std::string m_sql;
};

class Database;

// One prepared statement. Move-only; bind parameters are 1-based like SQLite's.
// Step() returns true while there is a row to read.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(int index, std::string_view text);
    Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
    Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
    Statement& Bind(int index, int64_t value);
    Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
    Statement& Bind(int index, double value);
    Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value ? 1 : 0)); }
    Statement& BindNull(int index);
    template <typename T>
    Statement& Bind(int index, const std::optional<T>& value) {
        return value ? Bind(index, *value) : BindNull(index);
    }

    bool Step();                 // true: a row is ready; false: done
    void Run();                  // step to completion, for statements that return no rows
    void Reset();                // ready to run again; clears bindings

    bool IsNull(int column) const;
    std::string Text(int column) const;           // "" for NULL
    std::optional<std::string> OptionalText(int column) const;
    int64_t Int(int column) const;
    std::optional<int64_t> OptionalInt(int column) const;
    double Real(int column) const;
    std::optional<double> OptionalReal(int column) const;

    const std::string& Sql() const { return m_sql; }

private:
    void Check(int rc) const;
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    std::string m_sql;
};

struct DatabaseOptions {
    bool read_only = false;             // open without write access (reports, status)
    int busy_timeout_ms = 5000;         // how long a writer waits for another before SQLITE_BUSY
    bool create = true;                 // create the file when it does not exist
};

// One connection. Opens with WAL, synchronous=FULL, foreign_keys=ON and a busy timeout.
class Database {
public:
    explicit Database(const std::string& path, DatabaseOptions options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void Exec(std::string_view sql);             // one or more statements, no results
    // A statement prepared once and kept for the life of the connection. The reference
    // stays valid; it is Reset() before it is handed out again.
    Statement& Cached(std::string_view sql);
    int64_t LastInsertRowid() const;
    int Changes() const;
    int UserVersion();
    // Changes whenever another connection commits to this database (PRAGMA data_version):
    // a cheap way to notice that a sync or an import replaced data under us.
    int64_t DataVersion();
    void SetUserVersion(int version);
    const std::string& Path() const { return m_path; }
    sqlite3* Handle() const { return m_db; }

private:
    friend class Statement;
    sqlite3* m_db = nullptr;
    std::string m_path;
    std::unordered_map<std::string, std::unique_ptr<Statement>> m_cache;
};

enum class TransactionKind { Deferred, Immediate };

// BEGIN in the constructor, ROLLBACK in the destructor unless Commit() ran.
// Writers use Immediate so that a lock conflict shows up at BEGIN (where the busy timeout
// waits for it) and never half-way through the work.
class Transaction {
public:
    explicit Transaction(Database& db, TransactionKind kind = TransactionKind::Immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace storage
