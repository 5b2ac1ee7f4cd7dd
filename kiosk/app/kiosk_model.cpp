// Screen flow and the idle rule. See kiosk_model.h.
#include "kiosk/app/kiosk_model.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace kiosk {

const char* ScreenName(Screen screen) {
    switch (screen) {
        case Screen::Welcome: return "welcome";
        case Screen::Categories: return "categories";
        case Screen::ServiceList: return "service-list";
        case Screen::ServiceDetail: return "service-detail";
        case Screen::Search: return "search";
        case Screen::CheckIn: return "check-in";
        case Screen::Staff: return "staff";
        case Screen::Pickup: return "pickup";
    }
    return "unknown";
}

KioskModel::KioskModel(SessionRules rules) : m_rules(std::move(rules)), m_language(m_rules.default_language) {}

void KioskModel::Go(Screen screen) {
    if (screen == m_screen) return;
    if (screen == m_home) {
        Home();
        return;
    }
    m_back.push_back(m_screen);
    m_screen = screen;
    m_visits[static_cast<size_t>(screen)] = ++m_entries;
}

void KioskModel::Back() {
    if (m_back.empty()) {
        m_screen = m_home;
        return;
    }
    m_screen = m_back.back();
    m_back.pop_back();
}

void KioskModel::Home() {
    // The next person at the kiosk must not find the last one's language, words or place.
    ResetSession();
}

void KioskModel::OpenCategory(const std::string& id, const std::string& name) {
    m_category_id = id;
    m_category_name = name;
    Go(Screen::ServiceList);
    m_visits[static_cast<size_t>(Screen::ServiceList)] = ++m_entries;  // another category starts at its top
}

void KioskModel::OpenService(const std::string& id) {
    m_service_id = id;
    Go(Screen::ServiceDetail);
    m_visits[static_cast<size_t>(Screen::ServiceDetail)] = ++m_entries;  // so does another service
}

void KioskModel::OpenSearch() {
    m_search_keyboard_hidden = false;  // a search begins with the keyboard
    Go(Screen::Search);
}

void KioskModel::OnInput(double now) {
    m_last_input = now;
    m_asking = false;
}

void KioskModel::Tick(double now) {
    const double idle = now - m_last_input;
    // The welcome screen in its first state has nothing to clear: it never asks.
    const bool pristine = m_screen == m_home && m_back.empty() && m_language == m_rules.default_language && m_search_text.empty() &&
                          !m_high_contrast && !m_larger_text;
    if (pristine) {
        m_asking = false;
        return;
    }
    if (idle >= m_rules.idle_timeout_seconds + m_rules.still_there_seconds) {
        ResetSession();
        m_last_input = now;
    } else if (idle >= m_rules.idle_timeout_seconds) {
        m_asking = true;
    }
}

int KioskModel::StillThereSecondsLeft(double now) const {
    const double left = m_rules.idle_timeout_seconds + m_rules.still_there_seconds - (now - m_last_input);
    return std::max(0, static_cast<int>(std::ceil(left)));
}

double KioskModel::SecondsUntilNextIdleEvent(double now) const {
    const double idle = now - m_last_input;
    if (m_asking) return std::min(1.0, std::max(0.05, m_rules.idle_timeout_seconds + m_rules.still_there_seconds - idle));
    return std::max(0.05, m_rules.idle_timeout_seconds - idle);
}

void KioskModel::ShowHome() {
    m_screen = m_home;
    m_back.clear();
    m_visits[static_cast<size_t>(m_home)] = ++m_entries;
}

void KioskModel::ResetSession() {
    m_screen = m_home;
    m_back.clear();
    m_category_id.clear();
    m_category_name.clear();
    m_service_id.clear();
    // Overwrite before clearing: what a person typed does not linger in the buffer.
    std::fill(m_search_text.begin(), m_search_text.end(), '\0');
    m_search_text.clear();
    m_search_pages = 1;
    m_search_pages_text = 0;
    m_search_keyboard_hidden = false;
    m_language = m_rules.default_language;
    m_high_contrast = false;
    m_larger_text = false;
    m_asking = false;
    for (auto& visit : m_visits) visit = ++m_entries;
    ++m_sessions_reset;
}

int KioskModel::SearchPages() {
    const size_t text = std::hash<std::string>{}(m_search_text);
    if (text != m_search_pages_text) {
        m_search_pages_text = text;
        m_search_pages = 1;
    }
    return m_search_pages;
}

} // namespace kiosk
