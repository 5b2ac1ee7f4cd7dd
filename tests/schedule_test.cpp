// storage/schedule.h: open now, closes soon, closed.
#include <doctest/doctest.h>

#include "storage/schedule.h"

using namespace storage;
using namespace hsds;

namespace {

Schedule Weekly(const char* byday, const char* opens, const char* closes) {
    Schedule s;
    s.freq = "WEEKLY";
    s.byday = byday;
    s.opens_at = opens;
    s.closes_at = closes;
    return s;
}

LocalTime At(const char* text) {
    auto t = ParseLocalTime(text);
    REQUIRE(t.has_value());
    return *t;
}

} // namespace

TEST_CASE("weekdays are computed from the date") {
    CHECK(At("2026-11-23 10:00").weekday == 1);  // Monday
    CHECK(At("2026-11-29 10:00").weekday == 0);  // Sunday
    CHECK(At("2024-02-29 10:00").weekday == 4);  // Thursday, leap day
    CHECK_FALSE(ParseLocalTime("yesterday").has_value());
}

TEST_CASE("a weekly schedule is open, closing soon or closed") {
    const std::vector<Schedule> hours = {Weekly("MO,WE", "15:00", "18:00")};
    CHECK(EvaluateOpenState(hours, At("2026-11-23 15:00")) == OpenState::Open);
    CHECK(EvaluateOpenState(hours, At("2026-11-23 17:30")) == OpenState::ClosesSoon);
    CHECK(EvaluateOpenState(hours, At("2026-11-23 18:00")) == OpenState::Closed);
    CHECK(EvaluateOpenState(hours, At("2026-11-23 14:59")) == OpenState::Closed);
    CHECK(EvaluateOpenState(hours, At("2026-11-24 16:00")) == OpenState::Closed);  // Tuesday
    CHECK(EvaluateOpenState(hours, At("2026-11-23 17:30"), 15) == OpenState::Open);
}

TEST_CASE("no usable hours means unknown, not closed") {
    CHECK(EvaluateOpenState({}, At("2026-11-23 15:00")) == OpenState::Unknown);
    CHECK(EvaluateOpenState({Weekly("MO", "", "")}, At("2026-11-23 15:00")) == OpenState::Unknown);
}

TEST_CASE("hours past midnight belong to the day they started") {
    const std::vector<Schedule> hours = {Weekly("FR", "20:00", "02:00")};
    CHECK(EvaluateOpenState(hours, At("2026-11-27 23:00")) == OpenState::Open);       // Friday night
    CHECK(EvaluateOpenState(hours, At("2026-11-28 01:30")) == OpenState::ClosesSoon); // Saturday early
    CHECK(EvaluateOpenState(hours, At("2026-11-28 03:00")) == OpenState::Closed);
    CHECK(EvaluateOpenState(hours, At("2026-11-27 01:00")) == OpenState::Closed);     // Friday early: Thursday had none
}

TEST_CASE("a schedule outside its valid dates does not count") {
    Schedule s = Weekly("MO", "09:00", "17:00");
    s.valid_from = "2005-01-01";
    s.valid_to = "2005-01-01";
    CHECK(EvaluateOpenState({s}, At("2026-11-23 10:00")) == OpenState::Closed);
    s.valid_to = "2027-01-01";
    CHECK(EvaluateOpenState({s}, At("2026-11-23 10:00")) == OpenState::Open);
}

TEST_CASE("monthly schedules by day of month and by n-th weekday") {
    Schedule by_date;
    by_date.freq = "MONTHLY";
    by_date.bymonthday = "1,15";
    by_date.opens_at = "10:00";
    by_date.closes_at = "16:00";
    CHECK(EvaluateOpenState({by_date}, At("2026-11-15 11:00")) == OpenState::Open);
    CHECK(EvaluateOpenState({by_date}, At("2026-11-16 11:00")) == OpenState::Closed);
    Schedule first_monday = by_date;
    first_monday.bymonthday.clear();
    first_monday.byday = "1MO";
    CHECK(EvaluateOpenState({first_monday}, At("2026-11-02 11:00")) == OpenState::Open);
    CHECK(EvaluateOpenState({first_monday}, At("2026-11-09 11:00")) == OpenState::Closed);
    Schedule last_friday = first_monday;
    last_friday.byday = "-1FR";
    CHECK(EvaluateOpenState({last_friday}, At("2026-11-27 11:00")) == OpenState::Open);
    CHECK(EvaluateOpenState({last_friday}, At("2026-11-20 11:00")) == OpenState::Closed);
}

TEST_CASE("every other week, counted from dtstart") {
    Schedule s = Weekly("MO", "09:00", "17:00");
    s.interval = 2;
    s.dtstart = "2026-11-02";
    CHECK(EvaluateOpenState({s}, At("2026-11-16 10:00")) == OpenState::Open);
    CHECK(EvaluateOpenState({s}, At("2026-11-23 10:00")) == OpenState::Closed);
}

TEST_CASE("a daily schedule with no days listed is open every day") {
    Schedule s;
    s.freq = "DAILY";
    s.opens_at = "08:00";
    s.closes_at = "20:00";
    CHECK(EvaluateOpenState({s}, At("2026-11-29 12:00")) == OpenState::Open);
}

TEST_CASE("one reading of HH:MM for schedules, programs and check-in: unreadable times are nullopt") {
    using storage::MinutesOfDay;
    CHECK(MinutesOfDay("00:00") == 0);
    CHECK(MinutesOfDay("15:15") == 915);
    CHECK(MinutesOfDay("09:00:00") == 540);  // HSDS feeds write seconds
    CHECK(MinutesOfDay("24:00") == 1440);
    for (const char* bad : {"", "25:00", "12:60", "24:01", "-1:00", "noon", "12"}) {
        CAPTURE(bad);
        CHECK_FALSE(MinutesOfDay(bad).has_value());
    }
}
