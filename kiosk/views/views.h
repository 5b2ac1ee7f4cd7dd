// The kiosk's screens: one draw function per screen, all drawing from the same Ui state.
// [SECTION] Ui: what every view reads and writes
// [SECTION] Shared pieces: top bar, buttons, targets
// [SECTION] Screens
// Threads: the UI thread, inside an ImGui frame.
#pragma once

#include <map>
#include <string>

#include "kiosk/checkin_flow.h"
#include "kiosk/config.h"
#include "kiosk/directory_cache.h"
#include "kiosk/i18n.h"
#include "kiosk/keyboard_model.h"
#include "kiosk/kiosk_model.h"
#include <imgui.h>

#include "render/fonts.h"
#include "render/touch.h"

namespace kiosk {

// ---------------------------------------------------------------------------------------
// [SECTION] Ui
// ---------------------------------------------------------------------------------------

struct TargetRect {
    float x = 0, y = 0, w = 0, h = 0;  // screen pixels
};

struct Ui {
    Ui(KioskModel& m, Translator& t, DirectoryCache& d, const KioskConfig& c) : model(m), tr(t), directory(d), config(c) {}

    KioskModel& model;
    Translator& tr;
    DirectoryCache& directory;
    const KioskConfig& config;
    render::FontSet fonts;               // rebuilt with the atlas
    float em = 24.0f;
    double now = 0;                      // monotonic seconds
    storage::LocalTime local_now;        // the kiosk's wall clock, broken down
    KeyboardModel keyboard;
    CheckinFlow* checkin = nullptr;      // null where check-in is not available (tests of browsing)
    storage::ClockReading clock;         // the wall clock this frame, for check-in records
    render::KineticScroll categories_scroll, list_scroll, detail_scroll, search_scroll;
    bool animating = false;              // a view wants another frame soon
    // Every tappable thing drawn this frame, by a stable name ("welcome.find_help"), so tests
    // and the Xvfb end-to-end test know where to tap.
    std::map<std::string, TargetRect> targets;

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
// Text clipped to a width with an ellipsis.
void EllipsisText(ImFont* font, uint32_t color, float x, float y, float max_x, const std::string& text);
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
// A list of service cards (service list and search results) inside the current child.
void DrawServiceCards(Ui& ui, const std::vector<storage::ServiceSummary>& services, const std::string& name_prefix);

} // namespace kiosk
