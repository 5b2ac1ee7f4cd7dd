// The services of one category, as cards: name, organization, languages, open now.
#include <imgui.h>

#include "kiosk/app/service_text.h"
#include "kiosk/ui/views.h"

#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

float OpenChip(Ui& ui, storage::OpenState state, ImFont* font, float right, float middle_y, bool draw) {
    const OpenLabel open = OpenStateLabel(*ui.palette, state);
    if (!open.english[0]) return 0;
    const std::string text = ui.Tr(open.english);
    const float pad = ui.em * 0.4f;
    const float width = MeasureText(ui, font, text).x + pad * 2;
    if (draw) {
        const float height = font->FontSize + ui.em * 0.35f;
        const ImVec2 min(right - width, middle_y - height / 2);
        ImDrawList* list = ImGui::GetWindowDrawList();
        list->AddRectFilled(min, ImVec2(right, min.y + height), open.color, ui.em * 0.3f);
        DrawText(ui, list, font, ImVec2(min.x + pad, min.y + (height - font->FontSize) / 2), IM_COL32_WHITE, text);
    }
    return width;
}

OpenLabel OpenStateLabel(const render::Palette& p, storage::OpenState state) {
    switch (state) {
        case storage::OpenState::Open: return {"Open now", p.open};
        case storage::OpenState::ClosesSoon: return {"Closes soon", p.soon};
        case storage::OpenState::Closed: return {"Closed now", p.closed};
        default: return {"", p.muted};
    }
}

void DrawServiceCards(Ui& ui, const std::vector<storage::ServiceSummary>& services, const std::string& name_prefix) {
    const render::Palette& p = *ui.palette;
    const float gap = ui.em * 0.6f;
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = ui.em * 0.8f;
    ImFont* name_font = ui.fonts.heading;
    ImFont* org_font = ui.fonts.body;
    // Names and organizations wrap rather than being cut (Larger text, long translations):
    // every card of the list as tall as its longest needs, up to three lines of name and two
    // of organization, so the list keeps one card height and scrolls as one.
    float widest_chip = 0;
    for (storage::OpenState state : {storage::OpenState::Open, storage::OpenState::ClosesSoon, storage::OpenState::Closed}) {
        widest_chip = std::max(widest_chip, OpenChip(ui, state, ui.fonts.body, 0, 0, false));
    }
    const float name_width = width - 2 * pad - widest_chip - ui.em * 0.3f;
    const float org_width = width - 2 * pad;
    int name_lines = 1, org_lines = 1;
    for (const auto& s : services) {
        name_lines = std::max(name_lines, static_cast<int>(MeasureText(ui, name_font, s.name, name_width).y / name_font->FontSize + 0.5f));
        org_lines = std::max(org_lines, static_cast<int>(MeasureText(ui, org_font, s.organization_name, org_width).y / org_font->FontSize + 0.5f));
    }
    name_lines = std::min(name_lines, 3);
    org_lines = std::min(org_lines, 2);
    const float card_height = ui.em * 4.6f + (name_lines - 1) * name_font->FontSize + (org_lines - 1) * org_font->FontSize;
    ImGuiListClipper clipper;  // only the cards on screen are drawn: long lists stay smooth
    clipper.Begin(static_cast<int>(services.size()), card_height + gap);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& s = services[static_cast<size_t>(i)];
            ImGui::PushID(i);
            if (Tap(ui, name_prefix + std::to_string(i), width, card_height)) ui.model.OpenService(s.id);
            render::DrawCard(p.surface, p.surface_down, ui.em * 0.5f, ImGui::GetStyle().FrameBorderSize + 1.0f, p.border);
            const ImVec2 min = ImGui::GetItemRectMin();
            const float right = min.x + width - pad;
            const float chip_middle = min.y + ui.em * 0.5f + (ui.fonts.body->FontSize + ui.em * 0.35f) / 2;
            // The open-state chip at the end of the first line (the left, right to left).
            const float chip_width = OpenChip(ui, s.open_state, ui.fonts.body, right, chip_middle, false);
            OpenChip(ui, s.open_state, ui.fonts.body, MirrorX(ui, right - chip_width, chip_width, min.x, min.x + width) + chip_width,
                     chip_middle);
            ImDrawList* draw = ImGui::GetWindowDrawList();
            const float name_x = MirrorX(ui, min.x + pad, name_width, min.x, min.x + width);
            const float name_y = min.y + ui.em * 0.45f;
            if (MeasureText(ui, name_font, s.name, name_width).y <= name_lines * name_font->FontSize + 0.5f) {
                DrawText(ui, draw, name_font, ImVec2(name_x, name_y), p.text, s.name, name_width);
            } else {
                EllipsisText(ui, name_font, p.text, name_x, name_y, name_x + name_width, s.name);
            }
            const float org_y = name_y + name_lines * name_font->FontSize + ui.em * 0.1f;
            if (MeasureText(ui, org_font, s.organization_name, org_width).y <= org_lines * org_font->FontSize + 0.5f) {
                DrawText(ui, draw, org_font, ImVec2(min.x + pad, org_y), p.muted, s.organization_name, org_width);
            } else {
                EllipsisText(ui, org_font, p.muted, min.x + pad, org_y, right, s.organization_name);
            }
            const std::string languages = LanguagesLine(s.languages, ui.tr);
            if (!languages.empty()) {
                EllipsisText(ui, ui.fonts.small, p.muted, min.x + pad, min.y + card_height - ui.fonts.small->FontSize - ui.em * 0.5f,
                             right, ui.Tr("Languages") + ": " + languages);
            }
            ImGui::Dummy(ImVec2(1, gap - ImGui::GetStyle().ItemSpacing.y));
            ImGui::PopID();
        }
    }
}

void DrawServiceList(Ui& ui) {
    TopBar(ui, ui.model.CategoryName());
    const auto& services = ui.service_list.Services(ui.model, ui.config, ui.local_now);
    if (services.empty()) {
        ImGui::PushFont(ui.fonts.heading);
        TextBlock(ui, ui.Tr("No services in this category right now."));
        ImGui::PopFont();
        return;
    }
    ImGui::BeginChild("services", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.list_scroll.Update(ui.model.Visit(Screen::ServiceList));
    DrawServiceCards(ui, services, "service.");
    ui.animating |= ui.list_scroll.Animating();
    ImGui::EndChild();
}

} // namespace kiosk
