// Config loading. See config.h.
#include "kiosk/config.h"

#include "kiosk/staff_pin.h"

#include <algorithm>
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
        {"retention_days", Int(&KioskConfig::retention_days, 1, 3650)},
        {"staff_pin_hash", Text(&KioskConfig::staff_pin_hash)},
    };
    return fields;
}

} // namespace

storage::Result<KioskConfig> ParseConfig(const std::string& text, const std::string& source) {
    using R = storage::Result<KioskConfig>;
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
    if (!config.pinned_pubkey.empty() && config.pinned_pubkey.rfind("sha256//", 0) != 0) {
        return R::Fail(source + ": \"pinned_pubkey\" must look like sha256//BASE64");
    }
    try {
        std::regex check(config.student_id_pattern);
    } catch (const std::regex_error&) {
        return R::Fail(source + ": \"student_id_pattern\" is not a valid regular expression");
    }
    if (!config.staff_pin_hash.empty()) {
        if (auto checked = CheckPinHash(config.staff_pin_hash); !checked) {
            return R::Fail(source + ": \"staff_pin_hash\" " + checked.Error());
        }
    }
    if (config.school_name.empty()) return R::Fail(source + ": \"school_name\" must not be empty");
    return config;
}

storage::Result<KioskConfig> LoadConfig(const std::string& path) {
    if (path.empty()) return KioskConfig{};
    std::ifstream in(path);
    if (!in) return storage::Result<KioskConfig>::Fail(path + ": cannot read the config file");
    std::stringstream text;
    text << in.rdbuf();
    return ParseConfig(text.str(), path);
}

} // namespace kiosk
