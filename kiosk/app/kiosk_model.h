// The kiosk's screen state and flow, as a plain model: which screen, what was chosen, what
// was typed, the session's language, and the idle rule that clears it all. Views draw from
// it every frame; tests drive it without a GPU.
// Threads: the UI thread only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

enum class Screen { Welcome, Categories, ServiceList, ServiceDetail, Search, CheckIn, Staff, Pickup };
constexpr size_t kScreenCount = 8;

const char* ScreenName(Screen screen);  // "welcome", "categories", ... (logs and tests)

struct SessionRules {
    double idle_timeout_seconds = 60;   // no touch this long: ask "Are you still there?"
    double still_there_seconds = 10;    // no answer this long: a new session
    std::string default_language = "en";
};

class KioskModel {
public:
    explicit KioskModel(SessionRules rules = {});

    Screen Current() const { return m_screen; }
    bool CanGoBack() const { return !m_back.empty(); }
    void Go(Screen screen);                 // forward; Back returns here
    void Back();
    void Home();                            // the home screen, and the visitor's session ends (ResetSession)

    // Where a session starts: Welcome, or the check-in keypad while the kiosk is a check-in
    // station (KioskApp decides). ShowHome goes there without ending a session (an idle kiosk
    // whose home changed).
    Screen HomeScreen() const { return m_home; }
    void SetHomeScreen(Screen screen) { m_home = screen; }
    void ShowHome();

    void OpenCategory(const std::string& id, const std::string& name);
    void OpenService(const std::string& id);
    void OpenSearch();

    const std::string& CategoryId() const { return m_category_id; }
    const std::string& CategoryName() const { return m_category_name; }
    const std::string& ServiceId() const { return m_service_id; }

    std::string& SearchText() { return m_search_text; }
    const std::string& SearchText() const { return m_search_text; }
    // Search results come a page at a time; "Show more" adds a page. A new text starts over.
    int SearchPages();
    void ShowMoreResults() { SearchPages(); ++m_search_pages; }
    // "See N results": the keyboard set aside so the results have the screen; typing or a
    // tap on the search field brings it back. A new session starts with the keyboard.
    bool SearchKeyboardHidden() const { return m_search_keyboard_hidden; }
    void HideSearchKeyboard(bool hidden) { m_search_keyboard_hidden = hidden; }

    const std::string& Language() const { return m_language; }
    void SetLanguage(const std::string& code) { m_language = code; }

    bool HighContrast() const { return m_high_contrast; }
    void ToggleHighContrast() { m_high_contrast = !m_high_contrast; }
    bool LargerText() const { return m_larger_text; }
    void ToggleLargerText() { m_larger_text = !m_larger_text; }

    // Idle handling. `now` is seconds on a monotonic clock.
    void OnInput(double now);
    void Tick(double now);
    bool AskingStillThere() const { return m_asking; }
    int StillThereSecondsLeft(double now) const;
    void StillHere(double now) { OnInput(now); }
    // When the next idle event is due (for the loop's sleep), in seconds from `now`.
    double SecondsUntilNextIdleEvent(double now) const;

    // A new session: Welcome, default language, nothing typed or chosen, display modes off,
    // every screen back at its top. Home, the idle reset and a new scan all end a session.
    void ResetSession();
    int SessionsReset() const { return m_sessions_reset; }

    // Which entry into `screen` this is: it changes each time the screen is entered going
    // forward (another category, another service) and at every new session, and stays on
    // Back, so a view starts at the top exactly when the visitor expects it to.
    uint64_t Visit(Screen screen) const { return m_visits[static_cast<size_t>(screen)]; }

private:
    SessionRules m_rules;
    Screen m_screen = Screen::Welcome;
    Screen m_home = Screen::Welcome;
    std::vector<Screen> m_back;
    std::string m_category_id, m_category_name, m_service_id, m_search_text;
    std::string m_language;
    int m_search_pages = 1;
    bool m_search_keyboard_hidden = false;
    size_t m_search_pages_text = 0;  // hash of the text the pages are for (not the text itself)
    bool m_high_contrast = false;
    bool m_larger_text = false;
    double m_last_input = 0;
    bool m_asking = false;
    int m_sessions_reset = 0;
    std::array<uint64_t, kScreenCount> m_visits{};
    uint64_t m_entries = 0;
};

} // namespace kiosk
