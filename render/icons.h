// Material Icons code points (fonts-material-design-icons-iconfont), as UTF-8 strings.
// Threads: constants.
#pragma once

namespace render::icon {
constexpr const char* kHome = "\xee\xa2\x8a";            // U+E88A home
constexpr const char* kBack = "\xee\x97\x84";            // U+E5C4 arrow_back
constexpr const char* kSearch = "\xee\xa2\xb6";          // U+E8B6 search
constexpr const char* kSchool = "\xee\xa0\x8c";          // U+E80C school
constexpr const char* kFood = "\xee\x95\xac";            // U+E56C restaurant
constexpr const char* kHouse = "\xee\xa9\x84";           // U+EA44 house
constexpr const char* kHealth = "\xee\x95\x88";          // U+E548 local_hospital
constexpr const char* kPsychology = "\xee\xa9\x8a";      // U+EA4A psychology
constexpr const char* kSavings = "\xee\x8b\xab";         // U+E2EB savings
constexpr const char* kGroups = "\xef\x88\xb3";          // U+F233 groups
constexpr const char* kBus = "\xee\x94\xb0";             // U+E530 directions_bus
constexpr const char* kComputer = "\xee\x8c\x8a";        // U+E30A computer
constexpr const char* kWork = "\xee\xa3\xb9";            // U+E8F9 work
constexpr const char* kHandshake = "\xee\xaf\x8b";       // U+EBCB handshake
constexpr const char* kFamily = "\xef\x86\xa2";          // U+F1A2 family_restroom
constexpr const char* kCheckIn = "\xee\x85\xb4";         // U+E174 how_to_reg
constexpr const char* kTranslate = "\xee\xa3\xa2";       // U+E8E2 translate
constexpr const char* kQr = "\xee\x80\x8a";              // U+E00A qr_code_2
constexpr const char* kPhone = "\xee\x83\x8d";           // U+E0CD phone
constexpr const char* kPlace = "\xee\x95\x9f";           // U+E55F place
constexpr const char* kSchedule = "\xee\xa2\xb5";        // U+E8B5 schedule
constexpr const char* kLanguage = "\xee\xa2\x94";        // U+E894 language
constexpr const char* kCheckCircle = "\xee\xa1\xac";     // U+E86C check_circle
constexpr const char* kBackspace = "\xee\x85\x8a";       // U+E14A backspace
constexpr const char* kEnter = "\xee\x8c\x9b";           // U+E31B keyboard_return
constexpr const char* kClose = "\xee\x97\x8d";           // U+E5CD close
constexpr const char* kBook = "\xee\xa8\x99";            // U+EA19 menu_book
constexpr const char* kSupport = "\xef\x83\xa2";         // U+F0E2 support_agent
constexpr const char* kSync = "\xee\x98\xa7";            // U+E627 sync
constexpr const char* kExit = "\xee\xa1\xb9";            // U+E879 exit_to_app
constexpr const char* kLock = "\xee\xa2\x97";            // U+E897 lock
constexpr const char* kForward = "\xee\x97\x88";         // U+E5C8 arrow_forward (Back, right to left)
constexpr const char* kVolume = "\xee\x81\x90";          // U+E050 volume_up (read aloud)
constexpr const char* kStop = "\xee\x81\x87";            // U+E047 stop
// Every icon above: the font atlas holds these glyphs only, not the whole icon font (which at
// five sizes would make a texture of hundreds of megabytes and seconds of start-up).
constexpr const char* kAll[] = {kHome, kBack, kSearch, kSchool, kFood, kHouse, kHealth, kPsychology, kSavings, kGroups, kBus, kComputer, kWork, kHandshake, kFamily, kCheckIn, kTranslate, kQr, kPhone, kPlace, kSchedule, kLanguage, kCheckCircle, kBackspace, kEnter, kClose, kBook, kSupport, kSync, kExit, kLock, kForward, kVolume, kStop};
} // namespace render::icon
