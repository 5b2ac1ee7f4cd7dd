// An ImGui context with no window and no GPU: the real fonts, theme and draw code, driven by
// tests and benchmarks frame by frame. Key codes are mapped as GLFW's backend maps them, so
// simulated Enter and Backspace reach the screens as they would on the kiosk.
// Threads: the thread that creates it, for its whole life (one ImGui context at a time).
#pragma once

#include "render/fonts.h"

namespace render {

class HeadlessContext {
public:
    // `request.text` holds the strings to be shown; its em is set from the screen size.
    HeadlessContext(float width, float height, FontRequest request);
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    const FontSet& Fonts() const { return m_fonts; }
    float Em() const { return m_em; }

private:
    FontSet m_fonts;
    float m_em = 24.0f;
};

} // namespace render
