// Pointer events, one button change per frame.
//
// A touchscreen sends move, press and release at once, and a slow frame (a Pi with software
// GL, a language switch that rebuilds the font atlas) can gather two whole taps into one
// batch of events. ImGui 1.86's GLFW backend reads only the pointer's latest position and
// whether the button went down since the last frame, so the two taps become one press on the
// first target that is dragged to the second and released there: neither button fires.
// (ImGui 1.87 added an input queue for this; Debian ships 1.86.) The window records every
// event here and hands ImGui one button change per frame, with the moves before it, asking
// for another frame while any are left. Plain C++: tests drive it without a window.
#pragma once

#include <cstddef>
#include <deque>

namespace render {

class PointerQueue {
public:
    static constexpr int kButtons = 3;

    void Move(double x, double y) {
        m_events.push_back({false, 0, false, x, y});
        m_position_queued = true;
    }
    void Button(int button, bool down) {
        if (button >= 0 && button < kButtons) m_events.push_back({true, button, down, 0, 0});
    }
    void Leave() {  // the pointer left the window
        m_events.push_back({false, -1, false, 0, 0});
        m_position_queued = false;
    }
    // Whether the events so far say where the pointer is (a move since it last left).
    bool PositionQueued() const { return m_position_queued; }

    // Applies events up to and including the next button change; later ones wait for the
    // next frame. Returns whether anything was applied.
    bool NextFrame() {
        bool applied = false;
        while (!m_events.empty()) {
            const Event e = m_events.front();
            if (e.is_button && m_down[e.button] == e.down) {  // no change (a repeated release)
                m_events.pop_front();
                continue;
            }
            m_events.pop_front();
            applied = true;
            if (e.is_button) {
                m_down[e.button] = e.down;
                break;
            }
            if (e.button < 0) {
                m_inside = false;
            } else {
                m_x = e.x;
                m_y = e.y;
                m_inside = true;
            }
        }
        return applied;
    }

    bool Pending() const { return !m_events.empty(); }
    bool Inside() const { return m_inside; }  // a position is known and in the window
    double X() const { return m_x; }
    double Y() const { return m_y; }
    bool Down(int button) const { return button >= 0 && button < kButtons && m_down[button]; }

private:
    struct Event {
        bool is_button;
        int button;  // for a move: 0, or -1 for "left the window"
        bool down;
        double x, y;
    };
    std::deque<Event> m_events;
    double m_x = 0, m_y = 0;
    bool m_inside = false;
    bool m_position_queued = false;
    bool m_down[kButtons] = {};
};

} // namespace render
