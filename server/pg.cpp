// libpq, wrapped. See pg.h.
#include "server/pg.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>


namespace pg {

namespace {

[[noreturn]] void Throw(const std::string& message, const std::string& sql, const char* sqlstate = nullptr) {
    std::string text = message;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (sqlstate && *sqlstate) text += " (SQLSTATE " + std::string(sqlstate) + ")";
    throw Error("PostgreSQL: " + text, sql, sqlstate ? sqlstate : "");
}

} // namespace

Rows::~Rows() {
    if (m_result) PQclear(m_result);
}

Rows& Rows::operator=(Rows&& other) noexcept {
    if (this != &other) {
        if (m_result) PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}

int Rows::Count() const { return m_result ? PQntuples(m_result) : 0; }
bool Rows::IsNull(int row, int column) const { return PQgetisnull(m_result, row, column) != 0; }
std::string Rows::Text(int row, int column) const {
    if (IsNull(row, column)) return {};
    return std::string(PQgetvalue(m_result, row, column), static_cast<size_t>(PQgetlength(m_result, row, column)));
}
int64_t Rows::Int(int row, int column) const {
    if (IsNull(row, column)) return 0;
    return std::strtoll(PQgetvalue(m_result, row, column), nullptr, 10);
}
bool Rows::Bool(int row, int column) const {
    if (IsNull(row, column)) return false;
    const char* v = PQgetvalue(m_result, row, column);
    return v[0] == 't' || v[0] == '1';
}
std::string Rows::Bytes(int row, int column) const {
    if (IsNull(row, column)) return {};
    size_t length = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(m_result, row, column)), &length);
    if (!raw) throw storage::DbError(7, "PostgreSQL: out of memory decoding a bytea value", "");
    std::string out(reinterpret_cast<const char*>(raw), length);
    PQfreemem(raw);
    return out;
}
int64_t Rows::Affected() const {
    const char* n = PQcmdTuples(m_result);
    return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

Connection::Connection(const std::string& conninfo) {
    m_conn = PQconnectdb(conninfo.c_str());
    if (!m_conn) Throw("out of memory connecting", "");
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        Throw("cannot connect to " + Redacted(conninfo) + ": " + message, "");
    }
    // Times and dates as the SQLite store writes them, whatever the server's defaults.
    Exec("SET TIME ZONE 'UTC'");
    Exec("SET DateStyle = 'ISO, YMD'");
    Exec("SET client_min_messages = warning");
}

Connection::~Connection() {
    if (m_conn) PQfinish(m_conn);
}

bool Connection::Healthy() const { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }

std::string Connection::ServerVersion() const {
    const int v = PQserverVersion(m_conn);
    return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
}

Rows Connection::Check(pg_result* result, const std::string& sql) {
    if (!result) Throw(PQerrorMessage(m_conn), sql);
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
    const std::string message = PQresultErrorMessage(result);
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const std::string sqlstate = state ? state : "";
    PQclear(result);
    Throw(message, sql, sqlstate.c_str());
}

Rows Connection::Exec(const std::string& sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
    return Check(PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0), sql);
}

void Connection::ExecScript(const std::string& sql) { Check(PQexec(m_conn, sql.c_str()), sql); }

Rows Connection::ExecWithBytes(const std::string& sql, const std::vector<Param>& params, const std::string& bytes) {
    // The bytes are the last parameter, sent as binary so nothing escapes or copies them twice.
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const Param& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
        lengths.push_back(0);
        formats.push_back(0);
    }
    values.push_back(bytes.data());
    lengths.push_back(static_cast<int>(bytes.size()));
    formats.push_back(1);
    return Check(PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), lengths.data(),
                              formats.data(), 0),
                 sql);
}

Transaction::Transaction(Connection& db, const char* begin) : m_db(db) { m_db.Exec(begin); }

Transaction::~Transaction() {
    if (m_done) return;
    try {
        m_db.Exec("ROLLBACK");
    } catch (...) {
        // The connection is gone; the server rolled back for us.
    }
}

void Transaction::Commit() {
    m_db.Exec("COMMIT");
    m_done = true;
}

bool IsPostgresSetting(const std::string& setting) {
    if (setting.rfind("postgresql://", 0) == 0 || setting.rfind("postgres://", 0) == 0) return true;
    // key=value strings: "host=/run/postgresql dbname=district"
    return setting.find('=') != std::string::npos && setting.rfind("sqlite:", 0) != 0 &&
           (setting.find("dbname=") != std::string::npos || setting.find("host=") != std::string::npos ||
            setting.find("service=") != std::string::npos);
}

std::string Redacted(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        if (error) PQfreemem(error);
        return "(a database setting libpq cannot read)";
    }
    std::string out;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val || !*o->val) continue;
        if (!out.empty()) out += ' ';
        out += std::string(o->keyword) + "=" + (std::strcmp(o->keyword, "password") == 0 ? "(hidden)" : o->val);
    }
    PQconninfoFree(options);
    return out;
}

std::string CheckSetting(const std::string& conninfo, bool password_allowed) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        std::string why = error ? error : "not a PostgreSQL connection setting";
        if (error) PQfreemem(error);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        return why;
    }
    std::string why;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val && !password_allowed) {
            why = "the database setting carries a password: put it in ~/.pgpass (or a passfile= the setting names) "
                  "or in --database-file, readable by the service user only, never on a command line";
        }
    }
    PQconninfoFree(options);
    return why;
}

} // namespace pg
