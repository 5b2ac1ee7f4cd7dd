// A child's check-in tag and the matching stub for the adult who collects them, as the
// check-in products schools compare do it: the child wears the tag (first name and initial,
// program, room, the time), the adult keeps the stub, and both carry the same short security
// code, which staff compare at pickup. Nothing else about the child is printed.
// The labels are drawn here with FreeType into a grey image and sent as PNG, so any name a
// roster holds prints in the kiosk's own fonts (Latin, Vietnamese, Chinese through the
// fallback font) whatever the printer's driver knows.
// Threads: pure functions, any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace print {

struct CheckinLabel {
    std::string child;    // "Maria G."
    std::string program;  // "Robotics Club"
    std::string room;     // "Room 12"
    std::string when;     // "Mon 23 Nov, 3:30 pm"
    std::string code;     // "7KQ": the same on the tag and the stub
    std::string school;   // on the stub: where the child is
    std::string stub_heading = "Pick-up stub: keep it";  // in the kiosk's language
};

struct LabelSize {
    double width_mm = 57;   // a common label roll: 57 x 32 mm (2.25 x 1.25 in)
    double height_mm = 32;
    int dpi = 300;
};

struct LabelFonts {
    std::string bold;      // drawn with this where it has the letter
    std::string fallback;  // else this (a CJK collection: face `fallback_index`)
    int fallback_index = 0;
};

struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // row by row, 0 = black, 255 = white
};

// Three letters or digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S, 2/Z).
std::string NewSecurityCode();

// The child's tag: their name large, program and room, the time, and the code.
base::Result<GrayImage> RenderTag(const CheckinLabel& label, const LabelSize& size, const LabelFonts& fonts);
// The adult's stub: "Pick-up stub", the child's name, the school, and the code large.
base::Result<GrayImage> RenderStub(const CheckinLabel& label, const LabelSize& size, const LabelFonts& fonts);

// The image as a PNG file's bytes (8-bit grey).
std::string EncodePng(const GrayImage& image);

} // namespace print
