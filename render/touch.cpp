// Touch widgets. See touch.h.
#include "render/touch.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace render {

namespace {

// A finger wobbles; travel under this many pixels is still a tap.
float TapSlop() { return std::max(12.0f, ImGui::GetFontSize() * 0.6f); }

} // namespace

bool PointerDragged() {
    const ImGuiIO& io = ImGui::GetIO();
    return io.MouseDragMaxDistanceSqr[0] > TapSlop() * TapSlop();
}

bool TapArea(const char* id, float width, float height) {
    const bool released_on_it = ImGui::InvisibleButton(id, ImVec2(width, height));
    return released_on_it && !PointerDragged();
}

bool LastItemPressed() { return ImGui::IsItemActive() && !PointerDragged(); }

void DrawCard(uint32_t fill, uint32_t pressed_fill, float rounding, float border, uint32_t border_color) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    draw->AddRectFilled(min, max, LastItemPressed() ? pressed_fill : fill, rounding);
    if (border > 0) draw->AddRect(min, max, border_color, rounding, 0, border);
}

void KineticScroll::Update() {
    const ImGuiIO& io = ImGui::GetIO();
    const float dt = std::max(io.DeltaTime, 1.0f / 240.0f);
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    if (io.MouseClicked[0] && hovered) {
        m_velocity = 0.0f;  // a finger on a gliding list stops it
        m_dragging = true;
    }
    if (m_dragging) {
        if (io.MouseDown[0]) {
            if (PointerDragged()) {
                ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
                // Smoothed finger speed, for the flick.
                m_velocity = 0.7f * m_velocity + 0.3f * (-io.MouseDelta.y / dt);
            }
        } else {
            m_dragging = false;
            if (std::fabs(m_velocity) < 60.0f) m_velocity = 0.0f;
        }
        return;
    }
    if (m_velocity != 0.0f) {
        float next = ImGui::GetScrollY() + m_velocity * dt;
        const float max_y = ImGui::GetScrollMaxY();
        if (next <= 0.0f || next >= max_y) {  // overscroll is clamped, and the glide ends there
            next = std::clamp(next, 0.0f, max_y);
            m_velocity = 0.0f;
        }
        ImGui::SetScrollY(next);
        m_velocity *= std::pow(0.05f, dt);  // loses 95% of its speed per second
        if (std::fabs(m_velocity) < 20.0f) m_velocity = 0.0f;
    }
}

void DrawQrCode(const std::vector<uint8_t>& modules, int size, float side) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(side, side));
    if (size <= 0 || modules.size() < static_cast<size_t>(size) * size) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), IM_COL32_WHITE);
    const int quiet = 4;  // modules of white border the QR specification asks for
    const float module = std::floor(side / static_cast<float>(size + 2 * quiet));
    const float offset = std::floor((side - module * size) / 2.0f);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            if (!modules[static_cast<size_t>(y) * size + x]) continue;
            const ImVec2 a(origin.x + offset + x * module, origin.y + offset + y * module);
            draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32_BLACK);
        }
    }
}

} // namespace render
