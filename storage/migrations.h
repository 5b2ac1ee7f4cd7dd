// Schema migrations, keyed on PRAGMA user_version. Each step runs in its own transaction,
// so a crash or a full disk part-way leaves the database at the previous version.
// Threads: whichever thread owns the Database passed in.
#pragma once

#include <string>

namespace storage {

class Database;

constexpr int kSchemaVersion = 10;  // the newest version Migrate() produces

// Brings the database to `target` (default: newest). Throws DbError on failure; a database
// newer than this program knows is refused with a message saying so.
void Migrate(Database& db, int target = kSchemaVersion);

std::string DescribeSchema(Database& db);  // "schema version 3", for status output

} // namespace storage
