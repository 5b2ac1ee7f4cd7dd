// Secrets stored as slow salted hashes: the staff PIN (kiosk/app/staff_pin.h) and the pickup
// codes families are given (the roster's authorized adults). PBKDF2-HMAC-SHA256 (OpenSSL),
// written "pbkdf2-sha256$ITERATIONS$SALT$HASH" with salt and hash in base64, compared in
// constant time. Plain C++ and libcrypto: the kiosk and the district server both use it.
// Threads: any; hashing is slow on purpose (run it off a UI thread).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace base {

struct SecretHash {
    int iterations = 0;
    std::vector<unsigned char> salt, hash;
    std::string prefix;  // "pbkdf2-sha256$ITERATIONS$SALT$": what a hash of another secret with the same salt shares
};

// Parses `text`; refuses an iteration count under `min_iterations`, a salt under 16 bytes or a
// hash that is not 32 bytes, saying which.
Result<SecretHash> ParseSecretHash(const std::string& text, int min_iterations);
// 16 random bytes in base64; throws if the system's random source fails.
std::string NewSalt();
// The hash of `secret` with `salt_base64` ("" = a new random salt).
std::string HashSecret(const std::string& secret, int iterations, const std::string& salt_base64 = "");
// The hash of `secret` with the iterations and salt of `prefix` ("pbkdf2-sha256$I$SALT$", as
// SecretHash::prefix): comparable with every hash made with that salt. Throws on a bad prefix.
std::string HashSecretLike(const std::string& secret, const std::string& prefix);
// Whether `secret` hashes to `stored` (false for a malformed `stored`).
bool VerifySecret(const std::string& secret, const std::string& stored, int min_iterations);
// Constant-time equality of two strings of the same length (false when the lengths differ).
bool SameSecretText(const std::string& a, const std::string& b);

} // namespace base
