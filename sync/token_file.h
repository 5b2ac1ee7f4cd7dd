// The kiosk's bearer token, read from a file only the kiosk user may read.
// Threads: a pure function, any thread.
#pragma once

#include <string>

#include "base/result.h"

namespace netsync {

// Refuses a file that others can read (group or world bits set), an empty file, or one that
// is not there; the message names the file and says how to fix it, never the token.
base::Result<std::string> LoadToken(const std::string& path);

} // namespace netsync
