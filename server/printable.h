// Text from a client (a path, a heartbeat's app_version) made safe to print on a terminal or
// in a log line: a byte that is not printable ASCII could move the cursor, rewrite the line
// or forge another one. Threads: a pure function, any thread.
#pragma once

#include <cstddef>
#include <string>

namespace district {

// Control characters (C0, DEL and C1), backslash and bytes that are not well-formed UTF-8
// become \xNN; other UTF-8 text ("Escuela Peña") stays as it is. The result is cut at about `limit` bytes.
std::string Printable(const std::string& text, size_t limit = 200);

} // namespace district
