// Tells a badge scan from everything else. A USB barcode scanner is a keyboard: it types the
// id and Enter within milliseconds. A kiosk has no other physical keyboard, and taps on the
// on-screen keyboard or keypad never come this way, so a word from the physical keyboard
// followed by Enter is a candidate scan on every screen; KioskApp::Scan takes it when it
// looks like a student id (the config's pattern), and it then ends whatever session is on
// the screen and starts that student's check-in.
// A stray key long before does not prefix the next scan: the characters must come without a
// pause of more than kMaxPauseSeconds (frames on a slow Pi batch keys, so this is generous).
// Threads: the UI thread. Plain C++: tests drive it without a window.
#pragma once

#include <optional>
#include <string>

namespace kiosk {

class ScanDetector {
public:
    static constexpr double kMaxPauseSeconds = 1.0;
    static constexpr size_t kMaxLength = 64;

    // Characters from the physical keyboard, arriving at `now` (monotonic seconds).
    void Typed(const std::string& text, double now) {
        if (!m_digits.empty() && now - m_last > kMaxPauseSeconds) Clear();
        m_last = now;
        for (char c : text) {
            if (static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F) {
                if (m_digits.size() < kMaxLength) m_digits += c;
                else m_other = true;
            } else {
                m_other = true;  // spaces, accents: words being typed, not a badge
            }
        }
    }
    // Enter at `now`: what was typed just before, if it can be a scan; nothing otherwise.
    std::optional<std::string> Enter(double now) {
        std::optional<std::string> scan;
        if (!m_other && !m_digits.empty() && now - m_last <= kMaxPauseSeconds) scan = m_digits;
        Clear();
        return scan;
    }
    void Erase() { Clear(); }  // Backspace: a person correcting, not a scanner
    void Clear() {
        m_digits.assign(m_digits.size(), '\0');
        m_digits.clear();
        m_other = false;
    }

private:
    std::string m_digits;
    bool m_other = false;
    double m_last = 0;
};

} // namespace kiosk
