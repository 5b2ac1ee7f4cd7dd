// Time as text on the wire and in the database: RFC 3339 with the offset it was written in.
// Threads: pure functions, any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace base {

// "2026-11-23T15:30:00-08:00": the moment, written in the wall-clock offset it was seen in.
std::string Rfc3339(int64_t unix_seconds, int utc_offset_seconds);

// The other way: "2026-11-23T15:30:00-08:00" (or "...Z", fractions of a second ignored) to
// unix seconds and the offset it was written with. nullopt for anything else.
struct ParsedTime {
    int64_t unix_seconds = 0;
    int utc_offset_seconds = 0;
};
std::optional<ParsedTime> ParseRfc3339(std::string_view text);

} // namespace base
