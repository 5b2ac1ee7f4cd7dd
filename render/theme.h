// The kiosk's look: a calm, high-contrast palette, sizes in em units, and a high-contrast
// mode and a larger-text mode a family can toggle.
// Threads: the UI thread.
#pragma once

#include <cstdint>

namespace render {

struct Palette {
    uint32_t background;    // the screen
    uint32_t surface;       // cards and tiles
    uint32_t surface_down;  // a card while a finger is on it
    uint32_t text;
    uint32_t muted;         // secondary text
    uint32_t accent;        // primary buttons
    uint32_t accent_text;
    uint32_t open;          // "open now"
    uint32_t soon;          // "closes soon"
    uint32_t closed;
    uint32_t border;
    uint32_t checkout;      // leaving a program: never to be mistaken for checking in
};

struct ThemeOptions {
    bool high_contrast = false;   // black on white, thick borders
    float em = 24.0f;             // body text size in pixels
};

// The palette of a mode. Screens take it from the session's mode each frame (no global).
const Palette& PaletteFor(bool high_contrast);
// Sets ImGui's style for the kiosk and returns the palette screens draw with.
const Palette& ApplyTheme(const ThemeOptions& options);

// The em size for a screen: text stays readable from 800x480 to 1920x1080, and
// `larger_text` scales it by a quarter.
float EmForScreen(int width, int height, bool larger_text);

// The WCAG 2 contrast ratio of two opaque colours (1 to 21).
double ContrastRatio(uint32_t a, uint32_t b);

} // namespace render
