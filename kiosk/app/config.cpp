// Config loading. See config.h.
#include "kiosk/app/config.h"

#include "kiosk/app/staff_pin.h"
#include "sync/https_client.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace kiosk {

using nlohmann::json;

namespace {

struct Field {
    std::function<std::string(const json&, KioskConfig&)> read;  // "" or the error
};


Field Text(std::string KioskConfig::*member) {
    return {[member](const json& v, KioskConfig& c) -> std::string {
        if (!v.is_string()) return "must be a string";
        c.*member = v.get<std::string>();
        return {};
    }};
}

Field Int(int KioskConfig::*member, int min, int max) {
    return {[member, min, max](const json& v, KioskConfig& c) -> std::string {
        if (!v.is_number_integer()) return "must be a whole number";
        const auto n = v.get<int64_t>();
        if (n < min || n > max) return "must be between " + std::to_string(min) + " and " + std::to_string(max);
        c.*member = static_cast<int>(n);
        return {};
    }};
}

Field Bool(bool KioskConfig::*member) {
    return {[member](const json& v, KioskConfig& c) -> std::string {
        if (!v.is_boolean()) return "must be true or false";
        c.*member = v.get<bool>();
        return {};
    }};
}

bool IsLanguageCode(const std::string& code) {
    return code.size() >= 2 && code.size() <= 8 &&
           std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || ch == '-'; });
}


// True when `pattern` repeats a group that itself repeats or alternates, as in "(a*)*b" or
// "(a|a)+": std::regex backtracks, and such a pattern takes exponential time on a long id.
bool HasNestedRepetition(const std::string& pattern) {
    struct Group {
        bool repeats_inside = false;
    };
    std::vector<Group> open;
    bool last_group_repeats = false;  // the group that just closed held a repetition
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        const bool after_group = last_group_repeats;
        last_group_repeats = false;
        if (c == '\\') {
            ++i;
            continue;
        }
        if (c == '[') {  // a character class: its ] and quantifier characters are literal
            ++i;
            if (i < pattern.size() && pattern[i] == '^') ++i;
            if (i < pattern.size() && pattern[i] == ']') ++i;
            while (i < pattern.size() && pattern[i] != ']') i += pattern[i] == '\\' ? 2 : 1;
            continue;
        }
        const bool quantifier = c == '*' || c == '+' || (c == '{' && pattern.find(',', i) < pattern.find('}', i));
        if (quantifier && after_group) return true;
        if (c == '(') {
            open.push_back({});
        } else if (c == ')') {
            if (open.empty()) continue;
            const bool repeats = open.back().repeats_inside;
            open.pop_back();
            if (!open.empty()) open.back().repeats_inside |= repeats;
            last_group_repeats = repeats;
        } else if (!open.empty() && (quantifier || c == '|')) {
            open.back().repeats_inside = true;
        }
    }
    return false;
}

// "sha256//" and the base64 of a 32-byte SHA-256, several joined by ';' as libcurl takes them.
bool IsPinList(const std::string& pins) {
    size_t start = 0;
    while (start <= pins.size()) {
        const size_t end = std::min(pins.find(';', start), pins.size());
        const std::string pin = pins.substr(start, end - start);
        if (pin.rfind("sha256//", 0) != 0 || pin.size() != 8 + 44 || pin.back() != '=') return false;
        for (size_t i = 8; i < pin.size() - 1; ++i) {
            const char ch = pin[i];
            if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '/') return false;
        }
        start = end + 1;
    }
    return true;
}

} // namespace

std::string CheckTimezone(const std::string& name) {
    if (name.empty()) return {};
    const bool well_formed = name.size() < 64 && name.find("..") == std::string::npos && name.front() != '/' &&
                             std::all_of(name.begin(), name.end(), [](char ch) {
                                 return std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' || ch == '+';
                             });
    const char* tzdir = std::getenv("TZDIR");
    const std::string path = std::string(tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo") + "/" + name;
    std::ifstream file(path, std::ios::binary);
    char magic[4] = {};
    if (!well_formed || !file.read(magic, 4) || std::string(magic, 4) != "TZif") {
        return "\"" + name + "\" is not a time zone this system knows (an IANA name like \"America/Los_Angeles\"; see timedatectl list-timezones)";
    }
    return {};
}

void ApplyTimezone(const KioskConfig& config) {
    if (config.timezone.empty()) return;
    setenv("TZ", config.timezone.c_str(), 1);
    tzset();
}

namespace {

const std::map<std::string, Field>& Fields() {
    static const std::map<std::string, Field> fields = {
        {"school_name", Text(&KioskConfig::school_name)},
        {"timezone", Text(&KioskConfig::timezone)},
        {"idle_timeout_seconds", Int(&KioskConfig::idle_timeout_seconds, 10, 3600)},
        {"still_there_seconds", Int(&KioskConfig::still_there_seconds, 3, 120)},
        {"languages", {[](const json& v, KioskConfig& c) -> std::string {
             if (!v.is_array() || v.empty()) return "must be a non-empty list of language codes like [\"en\", \"es\"]";
             c.languages.clear();
             for (const json& item : v) {
                 if (!item.is_string() || !IsLanguageCode(item.get<std::string>())) return "must hold language codes like \"es\"";
                 c.languages.push_back(item.get<std::string>());
             }
             return {};
         }}},
        {"default_language", Text(&KioskConfig::default_language)},
        {"font_regular", Text(&KioskConfig::font_regular)},
        {"font_bold", Text(&KioskConfig::font_bold)},
        {"font_icons", Text(&KioskConfig::font_icons)},
        {"fullscreen", Bool(&KioskConfig::fullscreen)},
        {"read_aloud", Bool(&KioskConfig::read_aloud)},
        {"audio_device", Text(&KioskConfig::audio_device)},
        {"window_width", Int(&KioskConfig::window_width, 320, 8192)},
        {"window_height", Int(&KioskConfig::window_height, 240, 8192)},
        {"data_dir", Text(&KioskConfig::data_dir)},
        {"assets_dir", Text(&KioskConfig::assets_dir)},
        {"closes_soon_minutes", Int(&KioskConfig::closes_soon_minutes, 0, 240)},
        {"server_url", Text(&KioskConfig::server_url)},
        {"ca_file", Text(&KioskConfig::ca_file)},
        {"pinned_pubkey", Text(&KioskConfig::pinned_pubkey)},
        {"token_file", Text(&KioskConfig::token_file)},
        {"sync_interval_seconds", Int(&KioskConfig::sync_interval_seconds, 5, 86400)},
        {"duplicate_window_seconds", Int(&KioskConfig::duplicate_window_seconds, 0, 86400)},
        {"student_id_pattern", Text(&KioskConfig::student_id_pattern)},
        {"checkin_choice_seconds", Int(&KioskConfig::checkin_choice_seconds, 5, 300)},
        {"station_mode", {[](const json& v, KioskConfig& c) -> std::string {
             if (!v.is_string() || (v != "auto" && v != "always" && v != "off")) {
                 return "must be \"auto\" (the keypad around program start times), \"always\" or \"off\"";
             }
             c.station_mode = v.get<std::string>();
             return {};
         }}},
        {"station_minutes_before", Int(&KioskConfig::station_minutes_before, 0, 240)},
        {"station_minutes_after", Int(&KioskConfig::station_minutes_after, 0, 240)},
        {"retention_days", Int(&KioskConfig::retention_days, 1, 3650)},
        {"staff_pin_hash", Text(&KioskConfig::staff_pin_hash)},
        {"label_printer", Text(&KioskConfig::label_printer)},
        {"label_printer_server", Text(&KioskConfig::label_printer_server)},
        {"label_width_mm", Int(&KioskConfig::label_width_mm, 20, 300)},
        {"label_height_mm", Int(&KioskConfig::label_height_mm, 10, 300)},
        {"print_labels_for", {[](const json& v, KioskConfig& c) -> std::string {
             if (!v.is_string() || (v != "pickup" && v != "all")) {
                 return "must be \"pickup\" (children who must be picked up) or \"all\" (every check-in)";
             }
             c.print_labels_for = v.get<std::string>();
             return {};
         }}},
    };
    return fields;
}

} // namespace

base::Result<KioskConfig> ParseConfig(const std::string& text, const std::string& source) {
    using R = base::Result<KioskConfig>;
    json root = json::parse(text, nullptr, false, /*ignore_comments=*/true);
    if (root.is_discarded()) return R::Fail(source + ": not valid JSON");
    if (!root.is_object()) return R::Fail(source + ": must be a JSON object of settings");
    KioskConfig config;
    for (const auto& [key, value] : root.items()) {
        auto it = Fields().find(key);
        if (it == Fields().end()) return R::Fail(source + ": unknown key \"" + key + "\"");
        const std::string error = it->second.read(value, config);
        if (!error.empty()) return R::Fail(source + ": \"" + key + "\" " + error);
    }
    if (std::find(config.languages.begin(), config.languages.end(), config.default_language) == config.languages.end()) {
        return R::Fail(source + ": \"default_language\" must be one of \"languages\"");
    }
    if (!config.server_url.empty() && config.server_url.rfind("https://", 0) != 0) {
        return R::Fail(source + ": \"server_url\" must start with https:// (the kiosk never sends records unencrypted)");
    }
    if (!config.server_url.empty()) {
        if (auto url = netsync::ValidateServerUrl(config.server_url); !url) return R::Fail(source + ": " + url.Error());
    }
    if (!config.pinned_pubkey.empty() && !IsPinList(config.pinned_pubkey)) {
        return R::Fail(source + ": \"pinned_pubkey\" must look like sha256//BASE64 (the base64 of the key's SHA-256, "
                                "44 characters; several joined by ';')");
    }
    try {
        std::regex check(config.student_id_pattern);
    } catch (const std::regex_error&) {
        return R::Fail(source + ": \"student_id_pattern\" is not a valid regular expression");
    }
    if (HasNestedRepetition(config.student_id_pattern)) {
        return R::Fail(source + ": \"student_id_pattern\" repeats a group that itself repeats or alternates (like (a*)* or (a|b)+): matching it "
                                "can take minutes on one scan; write it without nested repetition, e.g. ^[0-9]{3,12}$");
    }
    if (auto zone = CheckTimezone(config.timezone); !zone.empty()) return R::Fail(source + ": \"timezone\" " + zone);
    if (!config.staff_pin_hash.empty()) {
        if (auto checked = CheckPinHash(config.staff_pin_hash); !checked) {
            return R::Fail(source + ": \"staff_pin_hash\" " + checked.Error());
        }
    }
    if (config.school_name.empty()) return R::Fail(source + ": \"school_name\" must not be empty");
    return config;
}

base::Result<KioskConfig> LoadConfig(const std::string& path) {
    if (path.empty()) return KioskConfig{};
    std::ifstream in(path);
    if (!in) return base::Result<KioskConfig>::Fail(path + ": cannot read the config file");
    std::stringstream text;
    text << in.rdbuf();
    return ParseConfig(text.str(), path);
}

} // namespace kiosk
