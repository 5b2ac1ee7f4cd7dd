// What the district server reads from a directory database, whichever store holds it: the
// SQLite store reads its own file, the PostgreSQL store its local copy of the directory image.
// Threads: the caller's connection, on the caller's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/district_store.h"

namespace storage {
class Database;
}

namespace district {

// Every service, active or not (the API is how other systems receive the directory, and a
// service's status is part of what they receive), in every locale, default first. The caller
// holds one snapshot of `db` (a read transaction, or a copy nobody writes).
DistrictStore::DirectorySnapshot ReadDirectorySnapshot(storage::Database& db, int64_t version);

// The ids of the active services matching `text`, best first: the kiosk's own search.
std::vector<std::string> SearchDirectory(storage::Database& db, const std::string& text, const std::string& locale);

} // namespace district
