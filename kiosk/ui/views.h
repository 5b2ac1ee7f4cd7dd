// The kiosk's screens: one draw function per screen, all drawing from the models KioskApp
// owns (kiosk/app/) through the same Ui state; KioskUi is the FrameView the loop draws.
// [SECTION] Ui: what every view reads and writes
// [SECTION] Shared pieces: top bar, buttons, targets
// [SECTION] Screens
// Threads: the UI thread, inside an ImGui frame.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/config.h"
#include "kiosk/app/directory_cache.h"
#include "kiosk/app/i18n.h"
#include "kiosk/app/keyboard_model.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/kiosk_model.h"
#include "kiosk/app/search_model.h"
#include "kiosk/app/service_list_model.h"
#include "kiosk/app/service_text.h"
#include "kiosk/app/staff_model.h"
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
    explicit Ui(KioskApp& a)
        : app(a), model(a.Model()), tr(a.Tr()), directory(a.Directory()), config(a.Config()), search(a.Search()),
          service_list(a.ServiceList()), checkin(&a.Checkin()), staff(&a.Staff()) {}

    KioskApp& app;
    KioskModel& model;
    Translator& tr;
    DirectoryCache& directory;
    const KioskConfig& config;
    SearchModel& search;
    ServiceListModel& service_list;
    render::FontSet fonts;               // rebuilt with the atlas
    int atlas_width = 0, atlas_height = 0;  // the font atlas texture (the start-up profile)
    const render::Palette* palette = &render::PaletteFor(false);  // the session's mode, set each frame
    float em = 24.0f;
    double now = 0;                      // monotonic seconds
    storage::LocalTime local_now;        // the kiosk's wall clock, broken down
    KeyboardModel keyboard;
    CheckinFlow* checkin = nullptr;      // the app's check-in
    storage::ClockReading clock;         // the wall clock this frame, for check-in records
    ScreenScroll categories_scroll, list_scroll, detail_scroll, search_scroll;
    std::string qr_card;                 // the vCard the service screen's QR code holds
    QrModules qr;
    bool animating = false;              // a view wants another frame soon
    // Every tappable thing drawn this frame, by a stable name ("welcome.find_help"), so tests
    // and the Xvfb end-to-end test know where to tap.
    std::map<std::string, TargetRect> targets;     // the part of each target a finger can reach
    std::map<std::string, TargetRect> target_sizes;  // each target whole, scrolled away or not
    std::vector<std::string> clipped;    // every text drawn cut short with an ellipsis this frame
    std::vector<std::string> missing_glyphs;  // "U+XXXX text": characters the fonts lack (drawn as '?')

    // Staff panel: hold the top-left corner for 3 s, then the PIN.
    StaffGate* staff = nullptr;
    CornerHold staff_hold;
    ScreenScroll staff_scroll_left, staff_scroll_right, review_programs_scroll;
    int session_seen = 0;                // KioskModel::SessionsReset() when the Ui last caught up
    bool keys_taken = false;             // a badge scan took this frame's keys: screens leave them
    bool exit_requested = false;         // "Exit kiosk" confirmed: main closes the window
    double exit_armed_until = -1;        // the first tap on Exit arms it for a few seconds

    // A copy, so it can never outlive the English text it may fall back to.
    std::string Tr(const std::string& english) const { return tr.Tr(english); }
};

// Draws the whole kiosk for one frame.
void DrawKiosk(Ui& ui);

// The screens as the loop draws them: the font atlas for the screen size and the session's
// display modes, then DrawKiosk with this turn's clocks.
class KioskUi final : public FrameView {
public:
    explicit KioskUi(KioskApp& app) : m_ui(app) {}
    void Prepare(render::Platform& platform) override;
    void Draw() override;
    bool Animating() const override { return m_ui.animating; }
    bool ExitRequested() const override { return m_ui.exit_requested; }
    Ui& State() { return m_ui; }
    const std::vector<std::string>& FontWarnings() const { return m_ui.fonts.warnings; }
    double LastFontBuildMs() const { return m_font_build_ms; }  // the start-up profile

private:
    Ui m_ui;
    std::string m_font_key;
    double m_font_build_ms = 0;
};

// ---------------------------------------------------------------------------------------
// [SECTION] Shared pieces
// ---------------------------------------------------------------------------------------

// A tap target that records itself in ui.targets under `name`.
bool Tap(Ui& ui, const std::string& name, float width, float height);
// A big rounded button with an optional icon and a label, in the accent colour or on a card.
bool BigButton(Ui& ui, const std::string& name, const char* icon, const std::string& label, float width, float height,
               bool primary);
// The same, a primary button in a colour of its own (check-out's).
bool BigButton(Ui& ui, const std::string& name, const char* icon, const std::string& label, float width, float height,
               bool primary, uint32_t primary_fill);
// The top bar: Back on the left, a title, Home on the right, always in the same places.
// Back on the left, Home on the right, `title` between them. Returns the rectangle between
// the two buttons (where the title is drawn), for a screen that puts something else there.
struct BarSlot {
    ImVec2 min, max;
};
BarSlot TopBar(Ui& ui, const std::string& title);
float TopBarHeight(const Ui& ui);
// A 3x4 keypad (1-9, Erase, 0, Enter) filling the rest of the content height; targets are
// named PREFIX.0 .. PREFIX.9, PREFIX.erase, PREFIX.enter.
struct KeypadPress {
    char digit = 0;
    bool erase = false;
    bool enter = false;
};
KeypadPress DigitKeypad(Ui& ui, const std::string& prefix, float width);
// The on-screen keyboard (ui.keyboard's layout) at the cursor, the whole content width; keys
// type into `text`. `matched` labels the results key (search; elsewhere 0). `max_height`
// (0: none) makes keys shorter to fit, never under the 52 px touch target.
// `results_key` false leaves out search's "See N" / "Hide keyboard" key (a form has no results).
void DrawKeyboard(Ui& ui, std::string& text, int matched, float max_height = 0, bool results_key = true);
float KeyboardHeight(const Ui& ui, float max_height = 0);
// --- Text and direction ------------------------------------------------------------------
// Every string the screens draw goes through these: they break lines, then order and shape
// each line (render/complex_text.h), so Arabic joins and reads right to left, and they align
// each line to the start of its box: the left edge, or the right edge when the shown
// language is written right to left (Rtl). Positions are boxes in screen pixels.
bool Rtl(const Ui& ui);
// x of an item `w` wide that sits at `x` in a left-to-right layout of [left, right], mirrored
// when the shown language is written right to left.
float MirrorX(const Ui& ui, float x, float w, float left, float right);
enum class TextAlign { Start, Center, End };
// Size of `text` in `font`, wrapped at `wrap` pixels (0: never wrapped).
ImVec2 MeasureText(Ui& ui, ImFont* font, const std::string& text, float wrap = 0);
// Draws `text` in the box from `pos` `box_width` wide (0: as wide as the text), wrapped to the
// box when `wrap`. Returns the size drawn.
ImVec2 DrawText(Ui& ui, ImDrawList* draw, ImFont* font, ImVec2 pos, uint32_t color, const std::string& text, float box_width = 0,
                bool wrap = true, TextAlign align = TextAlign::Start);
// ImGui::TextWrapped's place: the current font and colour, at the cursor, as wide as `width`
// (0: the rest of the line), then the cursor below it.
void TextBlock(Ui& ui, const std::string& text, float width = 0);
// Text on one line in the box [x, max_x], cut with an ellipsis when longer; what was cut is
// listed in ui.clipped.
void EllipsisText(Ui& ui, ImFont* font, uint32_t color, float x, float y, float max_x, const std::string& text);
const char* CategoryIcon(const std::string& code);
// (Fill, for "{count}" placeholders, is in kiosk/app/i18n.h.)

// ---------------------------------------------------------------------------------------
// [SECTION] Screens
// ---------------------------------------------------------------------------------------

void DrawWelcome(Ui& ui);
void DrawPickup(Ui& ui);
void DrawCategories(Ui& ui);
void DrawServiceList(Ui& ui);
void DrawServiceDetail(Ui& ui);
void DrawSearch(Ui& ui);
void DrawCheckIn(Ui& ui);
void DrawStillThere(Ui& ui);
void DrawStaff(Ui& ui);
// A list of service cards (service list and search results) inside the current child.
void DrawServiceCards(Ui& ui, const std::vector<storage::ServiceSummary>& services, const std::string& name_prefix);

// "Open now", "Closes soon", "Closed now" (English, for Tr) and the chip's colour.
struct OpenLabel {
    const char* english;
    uint32_t color;
};
OpenLabel OpenStateLabel(const render::Palette& p, storage::OpenState state);
// The open-state chip of a service ("Open now" on green), in `font`, right-aligned at `right`
// and vertically centred on `middle_y`. Returns its width (0: nothing to say, nothing drawn);
// with `draw` false it only measures.
float OpenChip(Ui& ui, storage::OpenState state, ImFont* font, float right, float middle_y, bool draw = true);

} // namespace kiosk
