// Opening-hours evaluation. See schedule.h.
#include "storage/schedule.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace storage {

namespace {

// Days since 1970-01-01 for a civil date (proleptic Gregorian).
long DaysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::string DateKey(const LocalTime& t) {
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", t.year, t.month, t.day);
    return out;
}

LocalTime PreviousDay(const LocalTime& t) {
    std::tm tm{};
    tm.tm_year = t.year - 1900;
    tm.tm_mon = t.month - 1;
    tm.tm_mday = t.day - 1;
    tm.tm_hour = 12;
    timegm(&tm);  // normalises the day before the first of a month
    LocalTime out = t;
    out.year = tm.tm_year + 1900;
    out.month = tm.tm_mon + 1;
    out.day = tm.tm_mday;
    out.weekday = tm.tm_wday;
    return out;
}

bool WithinValidity(const Schedule& schedule, const LocalTime& day) {
    const std::string key = DateKey(day);
    if (!schedule.valid_from.empty() && key < schedule.valid_from) return false;
    if (!schedule.valid_to.empty() && key > schedule.valid_to) return false;
    return true;
}

std::vector<int> ParseNumbers(const std::string& list) {
    std::vector<int> out;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            out.push_back(std::stoi(item));
        } catch (...) {
        }
    }
    return out;
}

} // namespace

LocalTime LocalTimeNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    LocalTime out;
    out.year = tm.tm_year + 1900;
    out.month = tm.tm_mon + 1;
    out.day = tm.tm_mday;
    out.weekday = tm.tm_wday;
    out.minute_of_day = tm.tm_hour * 60 + tm.tm_min;
    return out;
}

std::optional<LocalTime> ParseLocalTime(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) != 5 &&
        std::sscanf(text.c_str(), "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) != 5) {
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return std::nullopt;
    LocalTime out;
    out.year = y;
    out.month = mo;
    out.day = d;
    out.minute_of_day = h * 60 + mi;
    const long days = DaysFromCivil(y, mo, d);
    out.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    return out;
}

std::vector<int> ParseByDay(const std::string& byday) {
    static const char* kNames[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    std::vector<int> out;
    std::stringstream in(byday);
    std::string item;
    while (std::getline(in, item, ',')) {
        item.erase(std::remove_if(item.begin(), item.end(), [](char c) { return c == ' '; }), item.end());
        if (item.size() < 2) continue;
        const std::string name = item.substr(item.size() - 2);
        for (int i = 0; i < 7; ++i) {
            if (name == kNames[i] && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
        }
    }
    return out;
}

bool OccursOn(const Schedule& schedule, const LocalTime& day) {
    if (!WithinValidity(schedule, day)) return false;
    const std::vector<int> weekdays = ParseByDay(schedule.byday);
    const bool weekday_ok = weekdays.empty() || std::find(weekdays.begin(), weekdays.end(), day.weekday) != weekdays.end();
    if (schedule.freq == "MONTHLY") {
        const std::vector<int> monthdays = ParseNumbers(schedule.bymonthday);
        if (!monthdays.empty()) return std::find(monthdays.begin(), monthdays.end(), day.day) != monthdays.end();
        if (weekdays.empty()) return false;
        // "1MO,3MO": the n-th such weekday of the month; a bare "MO" is every Monday.
        std::stringstream in(schedule.byday);
        std::string item;
        while (std::getline(in, item, ',')) {
            const auto ordinals = ParseByDay(item);
            if (ordinals.empty() || ordinals[0] != day.weekday) continue;
            const std::string count = item.substr(0, item.size() - 2);
            if (count.empty()) return true;
            try {
                const int n = std::stoi(count);
                if (n > 0 && (day.day - 1) / 7 + 1 == n) return true;
                if (n < 0) {  // -1MO: the last Monday
                    static const int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                    int days_in_month = kDaysIn[day.month - 1];
                    const bool leap = (day.year % 4 == 0 && day.year % 100 != 0) || day.year % 400 == 0;
                    if (day.month == 2 && leap) days_in_month = 29;
                    if ((days_in_month - day.day) / 7 + 1 == -n) return true;
                }
            } catch (...) {
            }
        }
        return false;
    }
    if (!weekday_ok) return false;
    if (schedule.freq == "WEEKLY" && schedule.interval > 1 && !schedule.dtstart.empty()) {
        const auto start = ParseLocalTime(schedule.dtstart + " 00:00");
        if (start) {
            const long weeks = (DaysFromCivil(day.year, day.month, day.day) -
                                DaysFromCivil(start->year, start->month, start->day)) / 7;
            if (weeks < 0 || weeks % schedule.interval != 0) return false;
        }
    }
    return true;  // WEEKLY, DAILY or unspecified, on one of its days
}

std::optional<int> MinutesOfDay(const std::string& hhmm) {
    int h = -1, m = -1;
    if (std::sscanf(hhmm.c_str(), "%d:%d", &h, &m) != 2) return std::nullopt;
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

OpenState EvaluateOpenState(const std::vector<Schedule>& schedules, const LocalTime& now, int closes_soon_minutes) {
    bool any_usable = false;
    int best_minutes_left = -1;  // the longest the service stays open from now
    for (const Schedule& schedule : schedules) {
        const auto opens_at = MinutesOfDay(schedule.opens_at), closes_at = MinutesOfDay(schedule.closes_at);
        if (!opens_at || !closes_at) continue;  // an unreadable time says nothing
        const int opens = *opens_at;
        int closes = *closes_at;
        any_usable = true;
        if (closes == 0) closes = 24 * 60;  // "until midnight"
        if (closes > opens) {
            if (OccursOn(schedule, now) && now.minute_of_day >= opens && now.minute_of_day < closes) {
                best_minutes_left = std::max(best_minutes_left, closes - now.minute_of_day);
            }
        } else {
            // Overnight: open from `opens` on its day until `closes` the next morning.
            if (OccursOn(schedule, now) && now.minute_of_day >= opens) {
                best_minutes_left = std::max(best_minutes_left, 24 * 60 - now.minute_of_day + closes);
            }
            if (OccursOn(schedule, PreviousDay(now)) && now.minute_of_day < closes) {
                best_minutes_left = std::max(best_minutes_left, closes - now.minute_of_day);
            }
        }
    }
    if (!any_usable) return OpenState::Unknown;
    if (best_minutes_left < 0) return OpenState::Closed;
    return best_minutes_left <= closes_soon_minutes ? OpenState::ClosesSoon : OpenState::Open;
}

} // namespace storage
