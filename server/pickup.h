// Guardian pickup on the district side: a roster's pickup codes are hashed before anything
// stores them, and kiosks receive only what releasing a child needs.
// Threads: pure functions, any thread (hashing is slow on purpose).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "storage/checkin_store.h"
#include "nlohmann/json.hpp"

namespace district {

// PBKDF2 iterations for pickup codes. Fewer than the staff PIN's 600 000: a kiosk hashes a
// typed code while an adult waits (about 10 ms here, some 50 ms on a Raspberry Pi 4) and the
// server hashes every adult's code at each roster import. A 4-digit code cannot be made safe
// against someone holding a copy of a kiosk's database by any hash; the hash keeps codes out
// of plain sight, and the kiosk's lockout guards the keypad.
constexpr int kPickupIterations = 20000;

// Hashes every adult's pickup code with one new salt for the whole roster (so a kiosk hashes
// a typed code once) and clears the codes; marks students in `pickup_grades` as requiring
// pickup. Refuses (nothing stored) when two different adults have the same code (one code
// would show another family's children) or one adult has two codes.
base::Result<std::vector<storage::RosterStudent>> PrepareRoster(std::vector<storage::RosterStudent> students,
                                                                const std::vector<std::string>& pickup_grades);

// A roster as kiosks receive it (GET kiosk/v1/roster): each child's first name and last
// initial, programs, whether pickup is required, the adults' names, relationships and code
// hashes, and the staff-only note. Never a full name, a grade, an address or a code.
nlohmann::json RosterForKiosks(const std::vector<storage::RosterStudent>& students);

} // namespace district
