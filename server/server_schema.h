// The district server's own tables, described once for both stores (README "Statewide or
// highly available: PostgreSQL"): one list of numbered steps, each with what it does in SQLite
// and in PostgreSQL, recorded in the same version key (server_meta.schema_version), and one
// list of the tables and columns both stores must end up with, which `district-server db check`
// and the tests hold each store to. A new step is added to both dialects at once, or the
// schema test fails.
// Threads: constant data.
#pragma once

#include <string>
#include <vector>

namespace district::schema {

constexpr int kVersion = 6;

struct Step {
    int version;
    const char* what;
    const char* sqlite;     // run by SqliteDistrictStore, in a transaction
    const char* postgres;   // run by PostgresDistrictStore, in a transaction
};
const std::vector<Step>& Steps();

// The columns a table has in both stores (a store may keep more: PostgreSQL's check-ins carry
// the staff actions applied to them).
struct Table {
    const char* name;
    std::vector<const char*> columns;
};
const std::vector<Table>& Tables();

// What is missing from a store, given each table's columns as the store lists them ("" = fine).
template <typename ColumnsOf>
std::vector<std::string> Problems(ColumnsOf columns_of) {
    std::vector<std::string> problems;
    for (const Table& table : Tables()) {
        const std::vector<std::string> have = columns_of(table.name);
        if (have.empty()) {
            problems.push_back("table " + std::string(table.name) + " is missing");
            continue;
        }
        for (const char* column : table.columns) {
            bool found = false;
            for (const auto& h : have) found = found || h == column;
            if (!found) problems.push_back("table " + std::string(table.name) + " has no column " + column);
        }
    }
    return problems;
}

} // namespace district::schema
