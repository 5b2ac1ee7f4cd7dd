// Kiosk theme. See theme.h.
#include "render/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace render {

namespace {

constexpr uint32_t Rgb(uint8_t r, uint8_t g, uint8_t b) { return IM_COL32(r, g, b, 255); }

// Calm: a warm off-white, deep blue-green accent, text well past WCAG AA contrast.
const Palette kCalm = {
    Rgb(246, 244, 239), Rgb(255, 255, 255), Rgb(226, 236, 235), Rgb(28, 32, 36), Rgb(84, 92, 99),
    Rgb(14, 94, 96), Rgb(255, 255, 255), Rgb(20, 120, 60), Rgb(160, 84, 0), Rgb(150, 40, 40), Rgb(134, 130, 122),
    Rgb(72, 52, 150),
};
const Palette kHighContrast = {
    Rgb(255, 255, 255), Rgb(255, 255, 255), Rgb(220, 220, 220), Rgb(0, 0, 0), Rgb(0, 0, 0),
    Rgb(0, 0, 0), Rgb(255, 255, 255), Rgb(0, 90, 0), Rgb(120, 60, 0), Rgb(140, 0, 0), Rgb(0, 0, 0),
    Rgb(48, 0, 120),
};
ImVec4 Color(uint32_t c) { return ImGui::ColorConvertU32ToFloat4(c); }

} // namespace

const Palette& PaletteFor(bool high_contrast) { return high_contrast ? kHighContrast : kCalm; }

const Palette& ApplyTheme(const ThemeOptions& options) {
    const Palette& p = PaletteFor(options.high_contrast);
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    const float em = options.em;
    style.WindowPadding = ImVec2(em, em);
    style.FramePadding = ImVec2(em * 0.6f, em * 0.5f);
    style.ItemSpacing = ImVec2(em * 0.6f, em * 0.6f);
    style.ItemInnerSpacing = ImVec2(em * 0.4f, em * 0.4f);
    style.ScrollbarSize = em * 0.5f;
    style.GrabMinSize = em;
    style.WindowRounding = 0;
    style.ChildRounding = em * 0.4f;
    style.FrameRounding = em * 0.4f;
    style.ScrollbarRounding = em * 0.25f;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameBorderSize = options.high_contrast ? 3.0f : 0.0f;
    style.TouchExtraPadding = ImVec2(4, 4);
    style.Colors[ImGuiCol_WindowBg] = Color(p.background);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_PopupBg] = Color(p.surface);
    style.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.45f);
    style.Colors[ImGuiCol_Text] = Color(p.text);
    style.Colors[ImGuiCol_TextDisabled] = Color(p.muted);
    style.Colors[ImGuiCol_Border] = Color(p.border);
    style.Colors[ImGuiCol_Button] = Color(p.surface);
    style.Colors[ImGuiCol_ButtonHovered] = Color(p.surface);  // a touchscreen has no hover
    style.Colors[ImGuiCol_ButtonActive] = Color(p.surface_down);
    style.Colors[ImGuiCol_FrameBg] = Color(p.surface);
    style.Colors[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_ScrollbarGrab] = Color(p.border);
    style.Colors[ImGuiCol_ScrollbarGrabHovered] = Color(p.border);
    style.Colors[ImGuiCol_ScrollbarGrabActive] = Color(p.muted);
    style.Colors[ImGuiCol_Separator] = Color(p.border);
    ImGui::GetStyle() = style;
    return p;
}

float EmForScreen(int width, int height, bool larger_text) {
    // 800x480 -> 21 px, 1280x800 -> 35 px, 1920x1080 -> 47 px.
    const float base = std::clamp(std::min(width / 1.6f, static_cast<float>(height)) / 23.0f, 18.0f, 64.0f);
    return larger_text ? base * 1.25f : base;
}

double ContrastRatio(uint32_t a, uint32_t b) {
    // WCAG 2.x relative luminance of an IM_COL32 colour (red in the low byte).
    auto luminance = [](uint32_t c) {
        auto channel = [](uint32_t v) {
            const double s = static_cast<double>(v & 0xFF) / 255.0;
            return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c) + 0.7152 * channel(c >> 8) + 0.0722 * channel(c >> 16);
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace render
