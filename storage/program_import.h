// Reading programs and rosters: the wire JSON of the sync contract (kiosk/v1/programs,
// kiosk/v1/roster) and the roster CSV a district exports (student_id, display_name,
// program_ids separated by ';', and optionally grade, pickup_required, do_not_release), with
// the authorized adults of guardian pickup in the JSON ("adults") or in a CSV of their own
// (student_id, adult_id, display_name, relationship, pickup_code). Bad records are skipped
// with a reason; a file that is not one of these is refused. A pickup code (4 to 8 digits)
// is read only from a district's import; what kiosks receive carries code_hash instead.
// Threads: pure functions, any thread.
#pragma once

#include <string>
#include <vector>

#include "storage/checkin_store.h"
#include "storage/directory_model.h"
#include "base/result.h"

namespace storage {

using base::Result;

struct ProgramsFeed {
    std::vector<Program> programs;
    std::vector<SkippedRecord> skipped;
};

struct RosterFeed {
    std::vector<RosterStudent> students;
    std::vector<SkippedRecord> skipped;
};

Result<ProgramsFeed> ParsePrograms(const std::string& json_text, const std::string& source);
Result<RosterFeed> ParseRosterJson(const std::string& json_text, const std::string& source);
Result<RosterFeed> ParseRosterCsv(const std::string& csv_text, const std::string& source);
// Adds the authorized adults of an adults CSV to `feed`'s students (rows naming a student not
// in it are skipped with a reason).
Result<size_t> ParseAdultsCsv(const std::string& csv_text, const std::string& source, RosterFeed& feed);
Result<size_t> ReadAdultsFile(const std::string& path, RosterFeed& feed);
bool ValidPickupCode(const std::string& code);  // 4 to 8 digits
// By extension: .csv, else JSON.
Result<RosterFeed> ReadRosterFile(const std::string& path);
Result<ProgramsFeed> ReadProgramsFile(const std::string& path);

// The rule every import shares with the directory's: a file with no valid record never
// replaces what is there (the next sync would leave every kiosk unable to check anyone in)
// unless `allow_empty`. "" when the import may go ahead, else the one line to show.
std::string RefuseEmptyImport(size_t valid, const std::vector<SkippedRecord>& skipped, const std::string& what,
                              const std::string& source, bool allow_empty);

} // namespace storage
