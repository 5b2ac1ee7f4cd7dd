// RAII wrappers over the SQLite C API. See database.h.
#include "storage/database.h"

#include "storage/search_rank.h"
#include "storage/search_text.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <utility>

namespace storage {

namespace {

std::string Describe(sqlite3* db, int rc) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db) {
        const int offset = sqlite3_error_offset(db);
        if (offset >= 0) message += " (at character " + std::to_string(offset) + ")";
    }
    return message;
}

} // namespace

DbError::DbError(int code, const std::string& message, std::string sql)
    : std::runtime_error(sql.empty() ? message : message + " [SQL: " + sql.substr(0, 200) + "]"),
      m_code(code),
      m_sql(std::move(sql)) {}

bool DbError::IsBusy() const {
    const int primary = m_code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}
bool DbError::IsDiskFull() const { return (m_code & 0xff) == SQLITE_FULL; }
bool DbError::IsCorrupt() const {
    const int primary = m_code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Statement
// ---------------------------------------------------------------------------------------

Statement::Statement(Database& db, std::string_view sql) : m_db(&db), m_sql(sql) {
    const int rc = sqlite3_prepare_v3(db.m_db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        throw DbError(sqlite3_extended_errcode(db.m_db), Describe(db.m_db, rc), m_sql);
    }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)), m_sql(std::move(other.m_sql)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_sql = std::move(other.m_sql);
    }
    return *this;
}

void Statement::Check(int rc) const {
    if (rc != SQLITE_OK) throw DbError(sqlite3_extended_errcode(m_db->m_db), Describe(m_db->m_db, rc), m_sql);
}

Statement& Statement::Bind(int index, std::string_view text) {
    Check(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}
Statement& Statement::Bind(int index, int64_t value) {
    Check(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}
Statement& Statement::Bind(int index, double value) {
    Check(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}
Statement& Statement::BindNull(int index) {
    Check(sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::Step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const int code = sqlite3_extended_errcode(m_db->m_db);
    std::string message = Describe(m_db->m_db, rc);
    sqlite3_reset(m_stmt);  // leave the statement reusable after an error
    throw DbError(code, message, m_sql);
}

void Statement::Run() {
    while (Step()) {
    }
}

void Statement::Reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

std::string Statement::Text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    if (!text) return {};
    return std::string(text, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<std::string> Statement::OptionalText(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Text(column);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::optional<int64_t> Statement::OptionalInt(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
}

double Statement::Real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::optional<double> Statement::OptionalReal(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Real(column);
}

// ---------------------------------------------------------------------------------------
// [SECTION] Database
// ---------------------------------------------------------------------------------------

Database::Database(const std::string& path, DatabaseOptions options) : m_path(path) {
    int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!options.read_only && options.create) flags |= SQLITE_OPEN_CREATE;
    // NOMUTEX: a connection is used by one thread only (see the header), so SQLite's
    // per-connection mutex is pure cost.
    flags |= SQLITE_OPEN_NOMUTEX;
    if (!options.read_only && options.create && path != ":memory:" && path.rfind("file:", 0) != 0) {
        // Student ids and attendance: a new database is its owner's alone (0600), whatever the
        // umask. SQLite gives the -wal and -shm files the database file's mode.
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) ::close(fd);
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " + Describe(m_db, rc);
        const int code = m_db ? sqlite3_extended_errcode(m_db) : rc;
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw DbError(code, message, "");
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, options.busy_timeout_ms);
    int registered = RegisterSearchRank(m_db);
    if (registered == SQLITE_OK) registered = RegisterSearchFold(m_db);
    if (registered != SQLITE_OK) {
        const std::string message = "cannot set up search on " + path + ": " + sqlite3_errstr(registered);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw DbError(registered, message, "");
    }
    try {
        if (!options.read_only) Exec("PRAGMA journal_mode=WAL");
        Exec("PRAGMA synchronous=FULL");
        Exec("PRAGMA foreign_keys=ON");
        // Up to 16 MiB of pages kept per connection (SQLite's default is 2 MiB): a 10 000-service
        // directory's search index then stays in memory instead of being re-read per query.
        Exec("PRAGMA cache_size=-16384");
        // Reading the schema here makes a file that is not a database fail at open, with
        // SQLite's own words, instead of at the first query deep inside some feature.
        Exec("SELECT count(*) FROM sqlite_schema");
    } catch (...) {
        m_cache.clear();
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw;
    }
}

Database::~Database() {
    m_cache.clear();  // finalize cached statements before the connection closes
    sqlite3_close_v2(m_db);
}

void Database::Exec(std::string_view sql) {
    std::string owned(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, owned.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw DbError(sqlite3_extended_errcode(m_db), message, owned);
    }
}

Statement& Database::Cached(std::string_view sql) {
    auto it = m_cache.find(std::string(sql));
    if (it == m_cache.end()) {
        auto statement = std::make_unique<Statement>(*this, sql);
        it = m_cache.emplace(std::string(sql), std::move(statement)).first;
    } else {
        it->second->Reset();
    }
    return *it->second;
}

int64_t Database::LastInsertRowid() const { return sqlite3_last_insert_rowid(m_db); }
int Database::Changes() const { return sqlite3_changes(m_db); }

int Database::UserVersion() {
    Statement& statement = Cached("PRAGMA user_version");
    statement.Step();
    const int version = static_cast<int>(statement.Int(0));
    statement.Reset();
    return version;
}

int64_t Database::DataVersion() {
    Statement& statement = Cached("PRAGMA data_version");
    statement.Step();
    const int64_t version = statement.Int(0);
    statement.Reset();
    return version;
}

void Database::SetUserVersion(int version) { Exec("PRAGMA user_version=" + std::to_string(version)); }

// ---------------------------------------------------------------------------------------
// [SECTION] Transaction
// ---------------------------------------------------------------------------------------

Transaction::Transaction(Database& db, TransactionKind kind) : m_db(db) {
    m_db.Exec(kind == TransactionKind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (m_done) return;
    // A failed ROLLBACK leaves nothing to do: SQLite already rolled back (for example after
    // SQLITE_FULL), and a destructor must not throw.
    sqlite3_exec(m_db.Handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
    m_db.Exec("COMMIT");
    m_done = true;
}

} // namespace storage
