// See kiosk_requests.h and docs/sync-protocol.md.
#include "server/kiosk_requests.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

#include "storage/checkin_store.h"

namespace district {

using nlohmann::json;

namespace {

// Times a school kiosk can have made a record at: RFC 3339 in the years 2000 to 2099.
// Year 0000 or 9999 is a broken clock or a forged record, never a check-in. A kiosk's own
// clock may read 1970 (a Pi without a clock battery, before NTP).
constexpr int64_t kEarliestRecordUnix = 946684800;   // 2000-01-01T00:00:00Z
constexpr int64_t kLatestRecordUnix = 4102444800;    // 2100-01-01T00:00:00Z

bool Fail(RequestError& error, std::string message, std::string field, int status = 400) {
    error = {status, std::move(message), std::move(field)};
    return false;
}

// One string field of a JSON object: present, a string, no control characters, not empty
// (unless allowed), at most `max_length` bytes.
bool StringField(const json& object, const char* key, const std::string& where, std::string& out, RequestError& error,
                 size_t max_length, bool allow_empty = false) {
    const std::string field = where + key;
    const auto it = object.find(key);
    if (it == object.end()) return Fail(error, field + " is missing", field);
    if (!it->is_string()) return Fail(error, field + " must be a string, not " + std::string(it->type_name()), field);
    out = it->get<std::string>();
    if (std::any_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        return Fail(error, field + " must not contain control characters", field);
    }
    if (out.empty() && !allow_empty) return Fail(error, field + " is empty", field);
    if (out.size() > max_length) return Fail(error, field + " is longer than " + std::to_string(max_length) + " characters", field);
    return true;
}

// `kiosk_time`: RFC 3339, 1970 to 2099; the kiosk clock's offset from `received_unix`.
bool KioskTime(const json& body, int64_t received_unix, std::string& text, int64_t& offset, RequestError& error) {
    if (!StringField(body, "kiosk_time", "", text, error, 40)) return false;
    const auto time = base::ParseRfc3339(text);
    if (!time) return Fail(error, "kiosk_time is not an RFC 3339 time", "kiosk_time");
    if (time->unix_seconds < 0 || time->unix_seconds >= kLatestRecordUnix) {
        return Fail(error, "kiosk_time must lie in the years 1970 to 2099", "kiosk_time");
    }
    offset = received_unix - time->unix_seconds;
    return true;
}

} // namespace

bool ParseCheckinBatch(const std::string& text, int max_batch, int64_t received_unix, CheckinBatch& batch, RequestError& error) {
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) return Fail(error, "the body is not JSON", "");
    if (!body.is_object()) return Fail(error, "the body must be a JSON object", "");
    batch.received_unix = received_unix;
    if (!KioskTime(body, received_unix, batch.kiosk_time, batch.clock_offset_seconds, error)) return false;
    const auto records = body.find("records");
    if (records == body.end()) return Fail(error, "records is missing", "records");
    if (!records->is_array()) return Fail(error, "records must be an array", "records");
    if (static_cast<int64_t>(records->size()) > max_batch) {
        return Fail(error, "at most " + std::to_string(max_batch) + " records a request", "records", 413);
    }
    batch.records.clear();
    batch.records.reserve(records->size());
    for (size_t i = 0; i < records->size(); ++i) {
        const json& r = (*records)[i];
        const std::string item = "records[" + std::to_string(i) + "]";
        const std::string where = item + ".";
        if (!r.is_object()) return Fail(error, item + " must be an object", item);
        IncomingCheckin record;
        if (!StringField(r, "id", where, record.id, error, 64) || !StringField(r, "student_id", where, record.student_id, error, 64) ||
            !StringField(r, "program_id", where, record.program_id, error, 64) || !StringField(r, "kind", where, record.kind, error, 12) ||
            !StringField(r, "at", where, record.at, error, 40)) {
            return false;
        }
        const bool attendance = record.kind == "in" || record.kind == "out";
        const bool staff_action = record.kind == "confirm" || record.kind == "correction" || record.kind == "void";
        if (!attendance && !staff_action) {
            return Fail(error, where + "kind must be \"in\", \"out\", \"confirm\", \"correction\" or \"void\"", where + "kind");
        }
        // A staff action names the record it acts on; attendance names none.
        if (r.contains("corrects") && !StringField(r, "corrects", where, record.corrects, error, 64)) return false;
        if (staff_action && record.corrects.empty()) return Fail(error, where + "corrects is missing (a " + record.kind + " names the record it acts on)", where + "corrects");
        if (attendance && !record.corrects.empty()) return Fail(error, where + "corrects is only for confirm, correction and void", where + "corrects");
        if (record.corrects == record.id) return Fail(error, where + "a record cannot act on itself", where + "corrects");
        // A release names who collected the child, or the staff member who released them and why.
        if (r.contains("collected_by") && !StringField(r, "collected_by", where, record.collected_by, error, 64)) return false;
        if (r.contains("released_by") && !StringField(r, "released_by", where, record.released_by, error, 100)) return false;
        if (r.contains("release_reason") && !StringField(r, "release_reason", where, record.release_reason, error, 300)) return false;
        const bool release = !record.collected_by.empty() || !record.released_by.empty() || !record.release_reason.empty();
        if (release && record.kind != "out") return Fail(error, where + "collected_by, released_by and release_reason are only for a check-out", where + "kind");
        if (!record.collected_by.empty() && !record.released_by.empty()) {
            return Fail(error, where + "a release names the adult who collected the child or the staff member who released them, not both", where + "released_by");
        }
        if (!record.released_by.empty() && record.release_reason.empty()) return Fail(error, where + "release_reason is missing (staff say why they released a child)", where + "release_reason");
        if (record.released_by.empty() && !record.release_reason.empty()) return Fail(error, where + "release_reason is only for a release by staff", where + "release_reason");
        if (const auto verified = r.find("verified"); verified != r.end()) {
            if (!verified->is_boolean()) return Fail(error, where + "verified must be true or false", where + "verified");
            record.verified = verified->get<bool>();
        }
        const auto at = base::ParseRfc3339(record.at);
        if (!at) return Fail(error, where + "at is not an RFC 3339 time", where + "at");
        if (at->unix_seconds < kEarliestRecordUnix || at->unix_seconds >= kLatestRecordUnix) {
            return Fail(error, where + "at must lie in the years 2000 to 2099", where + "at");
        }
        record.at_unix = at->unix_seconds;
        record.at_offset_seconds = at->utc_offset_seconds;
        const auto trusted = r.find("clock_trusted");
        if (trusted == r.end()) return Fail(error, where + "clock_trusted is missing", where + "clock_trusted");
        if (!trusted->is_boolean()) return Fail(error, where + "clock_trusted must be true or false", where + "clock_trusted");
        record.clock_trusted = trusted->get<bool>();
        batch.records.push_back(std::move(record));
    }
    return true;
}

bool ParseHeartbeat(const std::string& text, int64_t received_unix, Heartbeat& h, RequestError& error) {
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return Fail(error, "the body must be a JSON object", "");
    std::string kiosk_time;
    if (!StringField(body, "app_version", "", h.app_version, error, 40) ||
        !StringField(body, "oldest_pending_at", "", h.oldest_pending_at, error, 40, true) ||
        !StringField(body, "directory_etag", "", h.directory_etag, error, 200, true)) {
        return false;
    }
    const auto depth = body.find("queue_depth");
    if (depth == body.end() || !depth->is_number_integer() || depth->get<int64_t>() < 0) {
        return Fail(error, "queue_depth must be a whole number", "queue_depth");
    }
    h.queue_depth = depth->get<int64_t>();
    return KioskTime(body, received_unix, kiosk_time, h.clock_offset_seconds, error);
}

std::string BearerToken(const std::string& header) {
    constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size() || header.size() > 512) return {};
    for (size_t i = 0; i < kScheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
    }
    size_t start = kScheme.size();
    if (header[start] != ' ' && header[start] != '\t') return {};
    while (start < header.size() && (header[start] == ' ' || header[start] == '\t')) ++start;
    size_t end = header.size();
    while (end > start && (header[end - 1] == ' ' || header[end - 1] == '\t')) --end;
    return header.substr(start, end - start);
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
    if (if_none_match.empty()) return false;
    if (if_none_match == "*") return true;
    size_t start = 0;
    while (start < if_none_match.size()) {
        size_t end = if_none_match.find(',', start);
        if (end == std::string::npos) end = if_none_match.size();
        std::string candidate = if_none_match.substr(start, end - start);
        candidate.erase(0, candidate.find_first_not_of(' '));
        candidate.erase(candidate.find_last_not_of(' ') + 1);
        if (candidate == etag) return true;
        start = end + 1;
    }
    return false;
}

std::optional<int> WholeNumber(const std::string& text) {
    if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const int value = std::stoi(text);
    return value >= 1 ? std::optional<int>(value) : std::nullopt;
}

} // namespace district
