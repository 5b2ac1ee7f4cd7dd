// The palettes against WCAG 2: text AA (4.5:1) in the calm palette and AAA (7:1) in high
// contrast; the outlines of keys and cards 3:1 (1.4.11, non-text contrast).
#include <doctest/doctest.h>

#include <imgui.h>

#include <initializer_list>

#include "render/theme.h"

TEST_CASE("every colour pair the screens draw text with meets AA, and AAA in high contrast") {
    const uint32_t white = IM_COL32(255, 255, 255, 255);
    for (const bool high : {false, true}) {
        CAPTURE(high);
        const render::Palette& p = render::PaletteFor(high);
        const double text = high ? 7.0 : 4.5;
        struct Pair {
            const char* what;
            uint32_t ink, paper;
            double needed;
        };
        const Pair pairs[] = {
            {"text on the screen", p.text, p.background, text},
            {"text on a card", p.text, p.surface, text},
            {"text on a pressed card", p.text, p.surface_down, text},
            {"secondary text on the screen", p.muted, p.background, text},
            {"secondary text on a card", p.muted, p.surface, text},
            {"a primary button's label", p.accent_text, p.accent, text},
            {"\"open now\" chip", white, p.open, text},
            {"\"closes soon\" chip", white, p.soon, high ? 7.0 : 4.5},
            {"\"closed\" chip", white, p.closed, text},
            {"\"open now, until\" on the service page", p.open, p.background, text},
            {"warnings in the staff panel", p.soon, p.background, text},
            {"a heading in the accent colour", p.accent, p.background, text},
            {"leaving (check-out) screen", white, p.checkout, text},
            {"outline of a key or card on the screen", p.border, p.background, 3.0},
            {"outline of a key or card on a card", p.border, p.surface, 3.0},
            {"outline of a pressed key", p.border, p.surface_down, 3.0},
        };
        for (const Pair& pair : pairs) {
            CAPTURE(pair.what);
            CHECK(render::ContrastRatio(pair.ink, pair.paper) >= pair.needed);
        }
    }
    CHECK(render::ContrastRatio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(21.0));
    CHECK(render::ContrastRatio(IM_COL32(119, 119, 119, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(4.48).epsilon(0.01));
}
