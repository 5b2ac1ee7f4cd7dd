// Touch widgets: areas a finger taps, lists it drags with inertia, and a QR code.
// A tap is a press and a release close together; a drag that started on a button never
// activates it. No widget relies on hover.
// Threads: the UI thread, inside an ImGui frame.
#pragma once

#include <cstdint>
#include <vector>

struct ImVec2;

namespace render {

// An invisible tap target of `size` at the cursor. True on the frame a tap lands on it.
// The caller draws its look with DrawCard / the draw list (ItemRect is the last item's rect).
bool TapArea(const char* id, float width, float height);
// Whether the last TapArea is being pressed right now (for a pressed look).
bool LastItemPressed();

// A filled, rounded card in the last item's rectangle, darker while pressed.
void DrawCard(uint32_t fill, uint32_t pressed_fill, float rounding, float border = 0.0f, uint32_t border_color = 0);

// Kinetic scrolling for the current child window: drag anywhere to scroll, flick to keep
// gliding, clamped at both ends. Call once per frame between BeginChild and EndChild.
class KineticScroll {
public:
    void Update();
    bool Animating() const { return m_velocity != 0.0f || m_dragging; }  // keep rendering frames
    void Stop() { m_velocity = 0.0f; m_dragging = false; }

private:
    float m_velocity = 0.0f;    // pixels per second
    bool m_dragging = false;
};

// True when the pointer travelled far enough since it went down that this is a drag.
bool PointerDragged();

// Draws a QR code's modules (1 = dark, row-major, `size` x `size`) as a square of `side`
// pixels at the cursor, with the quiet zone around it that scanners need.
void DrawQrCode(const std::vector<uint8_t>& modules, int size, float side);

} // namespace render
