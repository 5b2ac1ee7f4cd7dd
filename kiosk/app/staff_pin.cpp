// The staff PIN. See staff_pin.h.
#include "kiosk/app/staff_pin.h"

#include <algorithm>

#include "base/secret_hash.h"
#include "storage/kiosk_state.h"

namespace kiosk {

bool ValidPin(const std::string& pin) {
    return pin.size() >= 4 && pin.size() <= 12 && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string HashPin(const std::string& pin, int iterations) { return base::HashSecret(pin, iterations); }

base::Result<bool> CheckPinHash(const std::string& text) {
    auto parsed = base::ParseSecretHash(text, 100000);
    if (!parsed) return base::Result<bool>::Fail(parsed.Error() + " (make one with `kioskctl hash-pin`)");
    return true;
}

bool VerifyPin(const std::string& pin, const std::string& stored_hash) {
    return ValidPin(pin) && base::VerifySecret(pin, stored_hash, 100000);
}

int PinLockout::Failures() { return static_cast<int>(storage::ReadStateInt(m_db, m_key + "_failures", 0)); }

int64_t PinLockout::SecondsLocked(int64_t now) {
    const int64_t until = storage::ReadStateInt(m_db, m_key + "_locked_until", 0);
    // A clock set back must not turn a lock into a very long one: never more than the cap.
    return std::clamp<int64_t>(until - now, 0, m_rules.max_lock_seconds);
}

void PinLockout::Failed(int64_t now) {
    const int failures = Failures() + 1;
    storage::WriteState(m_db, m_key + "_failures", std::to_string(failures));
    if (failures >= m_rules.free_attempts) {
        const int doublings = std::min(failures - m_rules.free_attempts, 20);
        const int64_t lock = std::min(m_rules.max_lock_seconds, m_rules.first_lock_seconds << doublings);
        storage::WriteState(m_db, m_key + "_locked_until", std::to_string(now + lock));
    }
}

void PinLockout::Succeeded() {
    storage::WriteState(m_db, m_key + "_failures", "0");
    storage::WriteState(m_db, m_key + "_locked_until", "0");
}

int PinLockout::AttemptsBeforeLock() { return std::max(0, m_rules.free_attempts - Failures()); }

} // namespace kiosk
