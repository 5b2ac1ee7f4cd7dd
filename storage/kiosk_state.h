// The kiosk's small key-value state (the sync_state table): sync outcomes, ETags, the newest
// time seen, the staff PIN lockout. One row per key; values are text.
// Threads: whichever thread owns the Database passed in.
#pragma once

#include <cstdint>
#include <string>

namespace storage {

class Database;

std::string ReadState(Database& db, const std::string& key);            // "" when unset
void WriteState(Database& db, const std::string& key, const std::string& value);
int64_t ReadStateInt(Database& db, const std::string& key, int64_t fallback = 0);  // fallback when unset or not a number

} // namespace storage
