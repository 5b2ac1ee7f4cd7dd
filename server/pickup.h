// Guardian pickup on the district side: kiosks receive only what releasing a child needs
// (the codes are hashed at import: storage/pickup_roster.h).
// Threads: pure functions, any thread (hashing is slow on purpose).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "storage/checkin_store.h"
#include "storage/pickup_roster.h"
#include "nlohmann/json.hpp"

namespace district {

// A roster as kiosks receive it (GET kiosk/v1/roster): each child's first name and last
// initial, programs, whether pickup is required, the adults' names, relationships and code
// hashes, and the staff-only note. Never a full name, a grade, an address or a code.
nlohmann::json RosterForKiosks(const std::vector<storage::RosterStudent>& students);

} // namespace district
