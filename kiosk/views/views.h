// The kiosk's screens: one draw function per screen, all drawing from the same Ui state.
// [SECTION] Ui: what every view reads and writes
// [SECTION] Shared pieces: top bar, buttons, targets
// [SECTION] Screens
// Threads: the UI thread, inside an ImGui frame.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "kiosk/checkin_flow.h"
#include "kiosk/config.h"
#include "kiosk/directory_cache.h"
#include "kiosk/i18n.h"
#include "kiosk/keyboard_model.h"
#include "kiosk/kiosk_model.h"
#include "kiosk/search_worker.h"
#include "kiosk/service_text.h"
#include "kiosk/staff_model.h"
#include <imgui.h>

#include "render/fonts.h"
#include "render/theme.h"
#include "render/touch.h"

namespace kiosk {

// ---------------------------------------------------------------------------------------
// [SECTION] Ui
// ---------------------------------------------------------------------------------------

struct TargetRect {
    float x = 0, y = 0, w = 0, h = 0;  // screen pixels
};

// A screen's scroll: kinetic, and back at its top whenever the screen is entered anew (another
// category, another service, a new visitor); Back keeps the place.
struct ScreenScroll {
    render::KineticScroll kinetic;
    uint64_t visit = ~uint64_t{0};
    // Inside the screen's child window, once a frame, with KioskModel::Visit of the screen.
    // Returns true on the frame the position was reset (the change shows from the next one).
    bool Update(uint64_t current_visit);
    bool Animating() const { return kinetic.Animating(); }
};

struct Ui {
    Ui(KioskModel& m, Translator& t, DirectoryCache& d, const KioskConfig& c) : model(m), tr(t), directory(d), config(c) {}

    KioskModel& model;
    Translator& tr;
    DirectoryCache& directory;
    const KioskConfig& config;
    render::FontSet fonts;               // rebuilt with the atlas
    const render::Palette* palette = &render::PaletteFor(false);  // the session's mode, set each frame
    float em = 24.0f;
    double now = 0;                      // monotonic seconds
    storage::LocalTime local_now;        // the kiosk's wall clock, broken down
    KeyboardModel keyboard;
    CheckinFlow* checkin = nullptr;      // null where check-in is not available (tests of browsing)
    SearchWorker* search = nullptr;      // null: search runs in the frame (tests)
    storage::ClockReading clock;         // the wall clock this frame, for check-in records
    ScreenScroll categories_scroll, list_scroll, detail_scroll, search_scroll;
    std::string qr_card;                 // the vCard the service screen's QR code holds
    QrModules qr;
    bool animating = false;              // a view wants another frame soon
    // Every tappable thing drawn this frame, by a stable name ("welcome.find_help"), so tests
    // and the Xvfb end-to-end test know where to tap.
    std::map<std::string, TargetRect> targets;
    std::vector<std::string> clipped;    // every text drawn cut short with an ellipsis this frame

    // Staff panel: hold the top-left corner for 3 s, then the PIN. `staff` is null where there
    // is no panel (tests of browsing); the callbacks are set by the kiosk's main.
    StaffGate* staff = nullptr;
    CornerHold staff_hold;
    ScreenScroll staff_scroll_left, staff_scroll_right;
    int session_seen = 0;                // KioskModel::SessionsReset() when the Ui last caught up
    StaffStatus staff_status;
    double staff_status_read = -1e9;     // ui.now when staff_status was read
    std::function<StaffStatus()> read_staff_status;
    std::function<void()> sync_now;      // null: this kiosk does not sync
    std::function<bool()> sync_busy;
    std::string app_version;
    std::string server_url;
    bool exit_requested = false;         // "Exit kiosk" confirmed: main closes the window
    double exit_armed_until = -1;        // the first tap on Exit arms it for a few seconds

    // A copy, so it can never outlive the English text it may fall back to.
    std::string Tr(const std::string& english) const { return tr.Tr(english); }
};

// Draws the whole kiosk for one frame.
void DrawKiosk(Ui& ui);

// ---------------------------------------------------------------------------------------
// [SECTION] Shared pieces
// ---------------------------------------------------------------------------------------

// A tap target that records itself in ui.targets under `name`.
bool Tap(Ui& ui, const std::string& name, float width, float height);
// A big rounded button with an optional icon and a label, in the accent colour or on a card.
bool BigButton(Ui& ui, const std::string& name, const char* icon, const std::string& label, float width, float height,
               bool primary);
// The top bar: Back on the left, a title, Home on the right, always in the same places.
void TopBar(Ui& ui, const std::string& title);
float TopBarHeight(const Ui& ui);
// A 3x4 keypad (1-9, Erase, 0, Enter) filling the rest of the content height; targets are
// named PREFIX.0 .. PREFIX.9, PREFIX.erase, PREFIX.enter.
struct KeypadPress {
    char digit = 0;
    bool erase = false;
    bool enter = false;
};
KeypadPress DigitKeypad(Ui& ui, const std::string& prefix, float width);
// Text clipped to a width with an ellipsis; what was clipped is listed in ui.clipped.
void EllipsisText(Ui& ui, ImFont* font, uint32_t color, float x, float y, float max_x, const std::string& text);
const char* CategoryIcon(const std::string& code);
// "Starting over in {seconds} seconds" with {seconds} replaced.
std::string Fill(std::string text, const std::string& placeholder, const std::string& value);

// ---------------------------------------------------------------------------------------
// [SECTION] Screens
// ---------------------------------------------------------------------------------------

void DrawWelcome(Ui& ui);
void DrawCategories(Ui& ui);
void DrawServiceList(Ui& ui);
void DrawServiceDetail(Ui& ui);
void DrawSearch(Ui& ui);
void DrawCheckIn(Ui& ui);
void DrawStillThere(Ui& ui);
void DrawStaff(Ui& ui);
// A list of service cards (service list and search results) inside the current child.
void DrawServiceCards(Ui& ui, const std::vector<storage::ServiceSummary>& services, const std::string& name_prefix);

} // namespace kiosk
