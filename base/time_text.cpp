// RFC 3339 time text. See time_text.h.
#include "base/time_text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace base {

std::string Rfc3339(int64_t unix_seconds, int utc_offset_seconds) {
    const std::time_t local = static_cast<std::time_t>(unix_seconds + utc_offset_seconds);
    std::tm tm{};
    gmtime_r(&local, &tm);
    char out[40];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
    const int offset = std::abs(utc_offset_seconds) / 60;
    char zone[16];
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", utc_offset_seconds < 0 ? '-' : '+', offset / 60, offset % 60);
    return std::string(out) + zone;
}

std::optional<ParsedTime> ParseRfc3339(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); 't' and 'z' as RFC 3339 allows.
    auto digits = [&](size_t at, size_t n, int& out) {
        if (at + n > text.size()) return false;
        out = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int year, month, day, hour, minute, second;
    if (!digits(0, 4, year) || text.size() < 20 || text[4] != '-' || !digits(5, 2, month) || text[7] != '-' ||
        !digits(8, 2, day) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(11, 2, hour) ||
        text[13] != ':' || !digits(14, 2, minute) || text[16] != ':' || !digits(17, 2, second)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        ++at;
        const size_t start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
        if (at == start) return std::nullopt;
    }
    ParsedTime parsed;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int oh, om;
        if (!digits(at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' || !digits(at + 4, 2, om) || oh > 23 ||
            om > 59) {
            return std::nullopt;
        }
        parsed.utc_offset_seconds = (text[at] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != text.size()) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = std::min(second, 59);
    const int64_t local = static_cast<int64_t>(timegm(&tm));
    if (tm.tm_mday != day) return std::nullopt;  // 31 February rolled over: not a date
    parsed.unix_seconds = local - parsed.utc_offset_seconds;
    return parsed;
}

} // namespace base
