// Slow salted hashes of secrets. See secret_hash.h.
#include "base/secret_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace base {

namespace {

constexpr char kPrefix[] = "pbkdf2-sha256$";

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

std::vector<unsigned char> Derive(const std::string& secret, const std::vector<unsigned char>& salt, int iterations) {
    std::vector<unsigned char> out(32);
    if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), salt.data(), static_cast<int>(salt.size()), iterations,
                          EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1) {
        throw std::runtime_error("PBKDF2 failed in OpenSSL");
    }
    return out;
}

} // namespace

Result<SecretHash> ParseSecretHash(const std::string& text, int min_iterations) {
    using R = Result<SecretHash>;
    const std::string prefix = kPrefix;
    if (text.compare(0, prefix.size(), prefix) != 0) return R::Fail("must start with pbkdf2-sha256$");
    const size_t a = prefix.size();
    const size_t b = text.find('$', a);
    const size_t c = b == std::string::npos ? b : text.find('$', b + 1);
    if (b == std::string::npos || c == std::string::npos) return R::Fail("must be pbkdf2-sha256$ITERATIONS$SALT$HASH");
    SecretHash parsed;
    const std::string iterations = text.substr(a, b - a);
    if (iterations.empty() || iterations.size() > 8 || !std::all_of(iterations.begin(), iterations.end(), ::isdigit)) {
        return R::Fail("its iteration count is not a number");
    }
    parsed.iterations = std::stoi(iterations);
    if (parsed.iterations < min_iterations) {
        return R::Fail("its iteration count is below " + std::to_string(min_iterations) + ", too fast to slow down a guesser");
    }
    if (!Unbase64(text.substr(b + 1, c - b - 1), parsed.salt) || parsed.salt.size() < 16) return R::Fail("its salt is not 16+ bytes of base64");
    if (!Unbase64(text.substr(c + 1), parsed.hash) || parsed.hash.size() != 32) return R::Fail("its hash is not 32 bytes of base64");
    parsed.prefix = text.substr(0, c + 1);
    return parsed;
}

std::string NewSalt() {
    std::vector<unsigned char> salt(16);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) throw std::runtime_error("the system's random source failed");
    return Base64(salt.data(), salt.size());
}

std::string HashSecret(const std::string& secret, int iterations, const std::string& salt_base64) {
    const std::string salt_text = salt_base64.empty() ? NewSalt() : salt_base64;
    std::vector<unsigned char> salt;
    if (!Unbase64(salt_text, salt) || salt.size() < 16) throw std::invalid_argument("the salt is not 16+ bytes of base64");
    const auto hash = Derive(secret, salt, iterations);
    return kPrefix + std::to_string(iterations) + "$" + salt_text + "$" + Base64(hash.data(), hash.size());
}

std::string HashSecretLike(const std::string& secret, const std::string& prefix) {
    const std::string head = kPrefix;
    if (prefix.compare(0, head.size(), head) != 0 || prefix.empty() || prefix.back() != '$') throw std::invalid_argument("not a hash prefix");
    const size_t a = head.size();
    const size_t b = prefix.find('$', a);
    if (b == std::string::npos || b + 1 >= prefix.size()) throw std::invalid_argument("not a hash prefix");
    const std::string iterations = prefix.substr(a, b - a);
    if (iterations.empty() || iterations.size() > 8 || !std::all_of(iterations.begin(), iterations.end(), ::isdigit)) {
        throw std::invalid_argument("not a hash prefix");
    }
    return HashSecret(secret, std::stoi(iterations), prefix.substr(b + 1, prefix.size() - b - 2));
}

bool VerifySecret(const std::string& secret, const std::string& stored, int min_iterations) {
    auto parsed = ParseSecretHash(stored, min_iterations);
    if (!parsed) return false;
    const auto hash = Derive(secret, parsed->salt, parsed->iterations);
    return CRYPTO_memcmp(hash.data(), parsed->hash.data(), hash.size()) == 0;
}

bool SameSecretText(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace base
