// Kiosk tokens: made from the system's random source, shown once, and kept only as a hash.
// A token is 256 random bits, so a plain SHA-256 is enough to make a stolen database useless
// (no slow hash is needed for a secret nobody could guess or brute-force).
// Threads: pure functions, any thread.
#pragma once

#include <string>

namespace district {

std::string NewToken();                            // 43 characters, base64url, no padding
std::string HashToken(const std::string& token);   // "sha256:" + hex
std::string Sha256Hex(const std::string& data);

} // namespace district
