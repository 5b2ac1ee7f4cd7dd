// UUIDs, random and name-based. See uuid.h.
#include "base/uuid.h"

#include <cctype>

#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

#include <openssl/evp.h>

namespace base {

namespace {

std::string Format(const unsigned char* bytes) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 15];
    }
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
}

} // namespace

std::string NewUuid() {
    // /dev/urandom, not a seeded PRNG: ids from two kiosks, or from one kiosk before and
    // after a power cut, must never collide.
    unsigned char bytes[16];
    std::ifstream random("/dev/urandom", std::ios::binary);
    if (!random.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
        std::random_device device;
        for (unsigned char& b : bytes) b = static_cast<unsigned char>(device());
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
    return Format(bytes);
}

bool IsUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
}

std::string UuidV5(std::string_view namespace_uuid, std::string_view name) {
    unsigned char space[16] = {};
    if (IsUuid(namespace_uuid)) {
        size_t at = 0;
        for (size_t i = 0; i < namespace_uuid.size() && at < 16; ++i) {
            if (namespace_uuid[i] == '-') continue;
            space[at] = static_cast<unsigned char>(HexValue(namespace_uuid[i]) << 4 | HexValue(namespace_uuid[i + 1]));
            ++at;
            ++i;
        }
    }
    // SHA-1 fetched once and one context per thread: an import derives hundreds of thousands.
    static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE] = {};
    unsigned int length = 0;
    if (!sha1 || !context || EVP_DigestInit_ex(context.get(), sha1, nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), space, sizeof space) != 1 || EVP_DigestUpdate(context.get(), name.data(), name.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), digest, &length) != 1) {
        throw std::runtime_error("SHA-1 is not available from OpenSSL");
    }
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
    return Format(digest);
}

} // namespace base
