// search_rank(service_fts): the kiosk's FTS5 ranking function, registered on every connection.
// Internal to storage/ (database.cpp registers it; directory_store.cpp uses it in SQL).
#pragma once

struct sqlite3;

namespace storage {

// Column weights in service_fts order: name, alternate name, description, organization,
// categories.
inline constexpr double kSearchColumnWeights[] = {10.0, 5.0, 1.0, 3.0, 4.0};

// Registers search_rank() with the connection's FTS5. Returns an SQLite result code.
int RegisterSearchRank(sqlite3* db);

} // namespace storage
