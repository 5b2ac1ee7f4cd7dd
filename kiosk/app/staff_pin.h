// The staff PIN: stored only as a slow salted hash (PBKDF2-HMAC-SHA256, OpenSSL), checked in
// constant time, and guarded by a lockout that grows with every wrong PIN after the fifth and
// survives a restart (it lives in the kiosk database).
// Threads: HashPin and VerifyPin are pure and slow (run VerifyPin off the UI thread);
// PinLockout belongs to the thread that owns its Database.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"

namespace storage {
class Database;
}

namespace kiosk {

constexpr int kPinIterations = 600000;  // OWASP's 2023 figure for PBKDF2-HMAC-SHA256

// 4 to 12 digits.
bool ValidPin(const std::string& pin);
// "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash in base64); throws if the system's
// random source fails.
std::string HashPin(const std::string& pin, int iterations = kPinIterations);
// Whether `text` has that form (for config checking); a message saying what is wrong if not.
base::Result<bool> CheckPinHash(const std::string& text);
bool VerifyPin(const std::string& pin, const std::string& stored_hash);

struct LockoutRules {
    int free_attempts = 5;            // wrong PINs before the first lock
    int64_t first_lock_seconds = 30;  // then 60, 120, ... for each further wrong PIN
    int64_t max_lock_seconds = 3600;
};

class PinLockout {
public:
    // `key` names what is guarded in the kiosk's state ("staff_pin", "pickup_code").
    explicit PinLockout(storage::Database& db, LockoutRules rules = {}, std::string key = "staff_pin")
        : m_db(db), m_rules(rules), m_key(std::move(key)) {}
    // Seconds until a PIN may be tried again (0 = now). `now` is the wall clock.
    int64_t SecondsLocked(int64_t now);
    void Failed(int64_t now);
    void Succeeded();
    int Failures();
    int AttemptsBeforeLock();         // wrong PINs left before a lock, 0 when locked or beyond

private:
    storage::Database& m_db;
    LockoutRules m_rules;
    std::string m_key;
};

} // namespace kiosk
