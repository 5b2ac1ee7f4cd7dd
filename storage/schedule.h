// Opening hours: whether a service is open at a given local time, from its HSDS schedules.
// Pure functions over plain values; any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/directory_model.h"

namespace storage {

// A moment in the kiosk's own time zone, broken down. The caller gets it from the clock
// (LocalTimeNow) or makes one up in tests.
struct LocalTime {
    int year = 2026;
    int month = 1;            // 1..12
    int day = 1;              // 1..31
    int weekday = 1;          // 0 = Sunday .. 6 = Saturday
    int minute_of_day = 0;    // 0..1439
};

LocalTime LocalTimeNow();                                   // the process's time zone (TZ)
std::optional<LocalTime> ParseLocalTime(const std::string& text);  // "2026-11-23 15:05"

enum class OpenState {
    Unknown,     // no usable schedule: say nothing rather than something wrong
    Open,
    ClosesSoon,  // open now, closing within the "closes soon" window
    Closed,
};

// How long before closing a service counts as "closes soon", unless a kiosk's config says.
constexpr int kDefaultClosesSoonMinutes = 60;

// Minutes since midnight of "HH:MM" (or "HH:MM:SS", as HSDS feeds write it); "24:00" is 1440.
// nullopt for anything else: each caller says what an unreadable time means to it.
std::optional<int> MinutesOfDay(const std::string& hhmm);

// Whether any schedule has the service open at `now`. Schedules outside valid_from..valid_to
// do not count. A schedule whose closing time is before its opening time runs past midnight.
OpenState EvaluateOpenState(const std::vector<Schedule>& schedules, const LocalTime& now,
                            int closes_soon_minutes = kDefaultClosesSoonMinutes);

// Whether one schedule has an opening on the calendar day of `day` (ignoring the hour).
bool OccursOn(const Schedule& schedule, const LocalTime& day);

// "MO,WE,FR" -> {1,3,5}; ordinals ("1MO") are reduced to their weekday.
std::vector<int> ParseByDay(const std::string& byday);

} // namespace storage
