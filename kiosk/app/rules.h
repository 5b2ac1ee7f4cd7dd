// The one place the config becomes the rules the kiosk's models follow, so the screen,
// kioskctl and the tests cannot drift apart.
// Threads: pure functions, any thread.
#pragma once

#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/config.h"
#include "kiosk/app/kiosk_model.h"

namespace kiosk {

inline CheckinRules CheckinRulesFrom(const KioskConfig& config) {
    CheckinRules rules;
    rules.duplicate_window_seconds = config.duplicate_window_seconds;
    rules.student_id_pattern = config.student_id_pattern;
    rules.choice_seconds = config.checkin_choice_seconds;
    return rules;
}

inline SessionRules SessionRulesFrom(const KioskConfig& config) {
    SessionRules rules;
    rules.idle_timeout_seconds = config.idle_timeout_seconds;
    rules.still_there_seconds = config.still_there_seconds;
    rules.default_language = config.default_language;
    return rules;
}

} // namespace kiosk
