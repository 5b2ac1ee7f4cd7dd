// Fuzz target: the programs and roster readers (kioskctl import-programs/import-roster,
// district-server programs/roster import and the kiosk's sync all use them). The first byte
// picks the reader. Beyond crashes it checks the promises an import depends on: every record
// kept has an id and a name, no id twice, and a feed with no valid record is always refused
// without --allow-empty (an "emptying" input is a finding like a crash).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "storage/program_import.h"

namespace {

void Require(bool condition) {
    if (!condition) std::abort();
}

template <typename Feed, typename Records>
void CheckFeed(const base::Result<Feed>& feed, Records Feed::*records, const char* what) {
    if (!feed) {
        Require(!feed.Error().empty());
        return;
    }
    const auto& kept = feed.Value().*records;
    const auto refused = storage::RefuseEmptyImport(kept.size(), feed->skipped, what, "fuzz", false);
    Require(kept.empty() == !refused.empty());
    Require(storage::RefuseEmptyImport(kept.size(), feed->skipped, what, "fuzz", true).empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
    case 0: {
        const auto feed = storage::ParsePrograms(input, "fuzz");
        CheckFeed(feed, &storage::ProgramsFeed::programs, "programs");
        if (feed) {
            std::set<std::string> ids;
            for (const auto& p : feed->programs) Require(!p.id.empty() && !p.name.empty() && ids.insert(p.id).second);
        }
        break;
    }
    case 1:
    case 2: {
        const auto feed = data[0] % 3 == 1 ? storage::ParseRosterJson(input, "fuzz") : storage::ParseRosterCsv(input, "fuzz");
        CheckFeed(feed, &storage::RosterFeed::students, "students");
        if (feed) {
            std::set<std::string> ids;
            for (const auto& s : feed->students) Require(!s.student_id.empty() && ids.insert(s.student_id).second);
        }
        break;
    }
    }
    return 0;
}
