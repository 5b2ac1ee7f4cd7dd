// Guardian pickup, the roster's side: a district's pickup codes are hashed before anything
// stores them (the district server at import, or kioskctl for a kiosk without one).
// Threads: pure functions, any thread (hashing is slow on purpose).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "storage/checkin_store.h"
#include "storage/program_import.h"

namespace storage {

// PBKDF2 iterations for pickup codes. Fewer than the staff PIN's 600 000: a kiosk hashes a
// typed code while an adult waits (about 10 ms here, some 50 ms on a Raspberry Pi 4) and the
// server hashes every adult's code at each roster import. A 4-digit code cannot be made safe
// against someone holding a copy of a kiosk's database by any hash; the hash keeps codes out
// of plain sight, and the kiosk's lockout guards the keypad.
constexpr int kPickupIterations = 20000;

// Hashes every adult's pickup code with one new salt for the whole roster (so a kiosk hashes
// a typed code once) and clears the codes; marks students in `pickup_grades` as requiring
// pickup. Refuses (nothing stored) when two different adults have the same code (one code
// would show another family's children) or one adult has two codes. The message never
// contains a code.
Result<std::vector<RosterStudent>> PrepareRoster(std::vector<RosterStudent> students, const std::vector<std::string>& pickup_grades);

// A district's roster file as `roster import` and `kioskctl import-roster` read it: the
// roster (CSV or JSON), its adults CSV ("" = none), the grades whose children must be picked
// up ("K,1,2"); refused when it holds no student unless `allow_empty`; codes hashed.
struct RosterImport {
    std::vector<RosterStudent> students;
    std::vector<SkippedRecord> skipped;
};
Result<RosterImport> ReadRosterImport(const std::string& path, const std::string& adults_path, const std::string& pickup_grades,
                                      bool allow_empty);
// The same from text already in memory (the web console's upload): `csv` or JSON; `source`
// names it in messages.
Result<RosterImport> ParseRosterImport(const std::string& roster_text, bool csv, const std::string& adults_csv, const std::string& pickup_grades,
                                       bool allow_empty, const std::string& source);

} // namespace storage
