// Identifiers: random ones (a check-in's id is the server's dedupe key, so it must never
// collide between kiosks or across a power cut) and name-based ones (RFC 4122 version 5, so
// a directory record with no UUID of its own gets the same one at every import).
// Threads: any thread.
#pragma once

#include <string>
#include <string_view>

namespace base {

std::string NewUuid();  // random (version 4), from /dev/urandom

// The version 5 UUID of `name` in `namespace_uuid` (SHA-1, RFC 4122 section 4.3), lower case.
// `namespace_uuid` must be a UUID (IsUuid); an invalid one is read as the nil UUID.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

// "8-4-4-4-12" hexadecimal digits, either case (what JSON Schema's "uuid" format accepts).
bool IsUuid(std::string_view text);

} // namespace base
