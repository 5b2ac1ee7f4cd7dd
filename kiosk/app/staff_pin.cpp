// The staff PIN. See staff_pin.h.
#include "kiosk/app/staff_pin.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "storage/kiosk_state.h"

namespace kiosk {

namespace {

std::string Base64(const unsigned char* data, size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<size_t>(n));
    return out;
}

bool Unbase64(const std::string& text, std::vector<unsigned char>& out) {
    if (text.empty() || text.size() % 4 != 0) return false;
    out.assign(text.size() / 4 * 3, 0);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return false;
    size_t padding = 0;
    if (text.back() == '=') ++padding;
    if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
    out.resize(static_cast<size_t>(n) - padding);
    return true;
}

struct ParsedHash {
    int iterations = 0;
    std::vector<unsigned char> salt, hash;
};

base::Result<ParsedHash> Parse(const std::string& text) {
    using R = base::Result<ParsedHash>;
    const std::string prefix = "pbkdf2-sha256$";
    if (text.compare(0, prefix.size(), prefix) != 0) return R::Fail("must start with pbkdf2-sha256$ (make one with `kioskctl hash-pin`)");
    const size_t a = prefix.size();
    const size_t b = text.find('$', a);
    const size_t c = b == std::string::npos ? b : text.find('$', b + 1);
    if (b == std::string::npos || c == std::string::npos) return R::Fail("must be pbkdf2-sha256$ITERATIONS$SALT$HASH");
    ParsedHash parsed;
    const std::string iterations = text.substr(a, b - a);
    if (iterations.empty() || iterations.size() > 8 || !std::all_of(iterations.begin(), iterations.end(), ::isdigit)) {
        return R::Fail("its iteration count is not a number");
    }
    parsed.iterations = std::stoi(iterations);
    if (parsed.iterations < 100000) return R::Fail("its iteration count is below 100000, too fast to slow down a guesser");
    if (!Unbase64(text.substr(b + 1, c - b - 1), parsed.salt) || parsed.salt.size() < 16) return R::Fail("its salt is not 16+ bytes of base64");
    if (!Unbase64(text.substr(c + 1), parsed.hash) || parsed.hash.size() != 32) return R::Fail("its hash is not 32 bytes of base64");
    return parsed;
}

std::vector<unsigned char> Derive(const std::string& pin, const std::vector<unsigned char>& salt, int iterations) {
    std::vector<unsigned char> out(32);
    if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()), iterations,
                          EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1) {
        throw std::runtime_error("PBKDF2 failed in OpenSSL");
    }
    return out;
}

} // namespace

bool ValidPin(const std::string& pin) {
    return pin.size() >= 4 && pin.size() <= 12 && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string HashPin(const std::string& pin, int iterations) {
    std::vector<unsigned char> salt(16);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) throw std::runtime_error("the system's random source failed");
    const auto hash = Derive(pin, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + Base64(salt.data(), salt.size()) + "$" + Base64(hash.data(), hash.size());
}

base::Result<bool> CheckPinHash(const std::string& text) {
    auto parsed = Parse(text);
    if (!parsed) return base::Result<bool>::Fail(parsed.Error());
    return true;
}

bool VerifyPin(const std::string& pin, const std::string& stored_hash) {
    auto parsed = Parse(stored_hash);
    if (!parsed || !ValidPin(pin)) return false;
    const auto hash = Derive(pin, parsed->salt, parsed->iterations);
    return CRYPTO_memcmp(hash.data(), parsed->hash.data(), hash.size()) == 0;
}

int PinLockout::Failures() { return static_cast<int>(storage::ReadStateInt(m_db, "staff_pin_failures", 0)); }

int64_t PinLockout::SecondsLocked(int64_t now) {
    const int64_t until = storage::ReadStateInt(m_db, "staff_pin_locked_until", 0);
    // A clock set back must not turn a lock into a very long one: never more than the cap.
    return std::clamp<int64_t>(until - now, 0, m_rules.max_lock_seconds);
}

void PinLockout::Failed(int64_t now) {
    const int failures = Failures() + 1;
    storage::WriteState(m_db, "staff_pin_failures", std::to_string(failures));
    if (failures >= m_rules.free_attempts) {
        const int doublings = std::min(failures - m_rules.free_attempts, 20);
        const int64_t lock = std::min(m_rules.max_lock_seconds, m_rules.first_lock_seconds << doublings);
        storage::WriteState(m_db, "staff_pin_locked_until", std::to_string(now + lock));
    }
}

void PinLockout::Succeeded() {
    storage::WriteState(m_db, "staff_pin_failures", "0");
    storage::WriteState(m_db, "staff_pin_locked_until", "0");
}

int PinLockout::AttemptsBeforeLock() { return std::max(0, m_rules.free_attempts - Failures()); }

} // namespace kiosk
