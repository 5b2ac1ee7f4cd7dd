// When the kiosk draws a frame, and how long it sleeps between them. A kiosk stands idle most
// of the day: it draws only when something changed (input, a screen change, a worker's answer,
// the clock's minute, the idle rule) and otherwise sleeps, so it costs a Pi almost nothing
// (figure 6). The numbers are settings, not magic in the main loop.
// Threads: the UI thread.
#pragma once

#include <algorithm>

namespace kiosk {

struct FrameSettings {
    int frames_after_input = 3;          // input can change what is shown for a few frames
    int frames_after_screen_change = 2;  // a new screen is drawn until it has settled
    int frames_for_pending_input = 2;    // queued taps go in one button change a frame
    double longest_sleep_seconds = 1.0;  // the welcome screen's clock, the staff panel's figures
    double data_check_seconds = 2.0;     // how often to look for a directory replaced by a sync
};

class FrameScheduler {
public:
    explicit FrameScheduler(FrameSettings settings = {}) : m_settings(settings) {}

    // Something changed: draw at least `frames` more frames.
    void Request(int frames) { m_frames_left = std::max(m_frames_left, frames); }
    void InputArrived() { Request(m_settings.frames_after_input); }
    void ScreenChanged() { Request(m_settings.frames_after_screen_change); }
    void InputPending() { Request(m_settings.frames_for_pending_input); }

    // How long the loop may wait for events before the next decision: 0 while frames are owed
    // or something animates, else until the next idle-rule event, at most longest_sleep_seconds.
    double WaitSeconds(bool animating, double seconds_until_idle_event) const {
        if (m_frames_left > 0 || animating) return 0.0;
        return std::clamp(seconds_until_idle_event, 0.0, m_settings.longest_sleep_seconds);
    }
    bool ShouldDraw(bool animating) const { return m_frames_left > 0 || animating; }
    void Drew() {
        if (m_frames_left > 0) --m_frames_left;
    }
    // True once every data_check_seconds of `now` (monotonic seconds).
    bool DataCheckDue(double now) {
        if (now - m_data_checked < m_settings.data_check_seconds) return false;
        m_data_checked = now;
        return true;
    }
    int FramesLeft() const { return m_frames_left; }

private:
    FrameSettings m_settings;
    int m_frames_left = 3;  // the first frames, until the screen has settled
    double m_data_checked = 0;
};

} // namespace kiosk
