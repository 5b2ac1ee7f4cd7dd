// `kioskctl doctor`: what a field technician checks first, each with a verdict and, when
// something is wrong, what to do about it. Never changes anything.
// Threads: any (files, the kiosk database read-only, one HTTPS request).
#pragma once

#include <string>
#include <vector>

#include "kiosk/app/config.h"

namespace kiosk {

enum class Verdict { Ok, Warn, Fail };

struct Check {
    std::string name;      // "token file"
    Verdict verdict = Verdict::Ok;
    std::string detail;    // what was found, and what to do when it is not ok
};

// `config_error`: LoadConfig's message when the config could not be read ("" when it was).
std::vector<Check> RunDoctor(const KioskConfig& config, const std::string& config_path, const std::string& config_error,
                             const std::string& db_path, int64_t build_unix_seconds, const std::string& app_version);

const char* VerdictWord(Verdict verdict);   // "ok", "warn", "FAIL"

} // namespace kiosk
