// Reading Open Referral HSDS 3.0 directory feeds into a DirectoryFeed.
// Accepts one fully nested service, a JSON array of services, the paginated list envelope
// (`total_items`, ..., `contents`), NDJSON (one record per line), the HSDS tabular form (a
// folder of CSVs described by datapackage.json), and for completeness the other nested
// records HSDS publishes (an organization with its services, a service_at_location, a
// location, a taxonomy). Values are read field by field and leniently; a record that is
// structurally wrong is skipped with a reason; a file that is not HSDS at all is refused.
// Threads: pure functions, any thread.
#pragma once

#include <string>
#include <string_view>

#include "hsds/model.h"
#include "base/result.h"

namespace hsds {

using base::Result;

// A file (JSON or NDJSON), a CSV package folder, or the datapackage.json inside one.
Result<DirectoryFeed> ReadHsdsPath(const std::string& path);

// JSON or NDJSON text, as read from a file or received over the network. `source` names
// it in messages ("page 3 of https://...").
Result<DirectoryFeed> ParseHsdsText(std::string_view text, const std::string& source);

// Adds everything of `page` to `feed` (used when a directory arrives in pages). A service
// id seen before is skipped with a reason, as within one file.
void MergeFeed(DirectoryFeed& feed, DirectoryFeed&& page);

// "spa", "Spanish", "ES" -> "es". Unknown codes come back lower-cased and trimmed.
std::string NormalizeLanguageCode(std::string_view code_or_name);

} // namespace hsds
