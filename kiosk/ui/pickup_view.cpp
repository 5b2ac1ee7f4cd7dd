// Guardian pickup: the adult's code on a keypad (shown as dots), then the children that code
// may collect who are here now, each a big button to tap, then "Confirm pickup" and a
// goodbye. The logic is PickupFlow's (kiosk/app/pickup_flow.h); this only draws it.
#include <imgui.h>

#include <array>

#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

namespace {

void DrawCode(Ui& ui, PickupFlow& flow) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 row = ImGui::GetCursorPos();
    const bool side_by_side = avail.x > avail.y * 1.25f;
    const float gap = ui.em;
    const float left_width = side_by_side ? avail.x * 0.42f : avail.x;
    const float words_x = side_by_side ? MirrorX(ui, row.x, left_width, row.x, row.x + avail.x) : row.x;
    const float keypad_x = side_by_side ? MirrorX(ui, row.x + left_width + gap, avail.x - left_width - gap, row.x, row.x + avail.x) : row.x;
    ImGui::SetCursorPos(ImVec2(words_x, row.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(words_x + left_width);
    // The code as dots: someone behind in the line never reads it.
    ImGui::PushFont(ui.fonts.title);
    std::string dots;
    for (size_t i = 0; i < flow.TypedLength(); ++i) dots += i ? " •" : "•";
    TextBlock(ui, dots.empty() ? std::string(" ") : dots);
    ImGui::PopFont();
    if (flow.Step() == PickupStep::Checking) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, ui.Tr("Checking the code…"));
        ImGui::PopStyleColor();
        ui.animating = true;
    } else if (!flow.Message().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.closed);
        ImGui::PushFont(ui.fonts.heading);
        TextBlock(ui, ui.Tr(flow.Message()));
        ImGui::PopFont();
        ImGui::PopStyleColor();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, ui.Tr("Type the pickup code your family was given."));
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (side_by_side) ImGui::SetCursorPos(ImVec2(keypad_x, row.y));
    const KeypadPress press = DigitKeypad(ui, "pickup.key", side_by_side ? avail.x - left_width - gap : avail.x);
    if (press.digit) flow.Type(press.digit);
    if (press.erase) flow.Erase();
    if (press.enter) flow.Submit(ui.clock, ui.now);
}

void DrawChildren(Ui& ui, PickupFlow& flow) {
    const auto& children = flow.Children();
    const float width = ImGui::GetContentRegionAvail().x;
    const float button_height = std::max(ui.em * 2.6f, 56.0f);
    if (children.empty()) {
        ImGui::PushFont(ui.fonts.heading);
        TextBlock(ui, ui.Tr(flow.Message()));
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, ui.em));
        if (BigButton(ui, "pickup.cancel", nullptr, ui.Tr("Back"), std::min(width, ui.em * 14), button_height, true)) {
            flow.Reset();
            ui.model.Home();
        }
        return;
    }
    ImGui::PushFont(ui.fonts.heading);
    TextBlock(ui, Fill(ui.Tr("{adult}, tap each child going home with you:"), "{adult}", flow.AdultName()));
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, ui.em * 0.3f));
    // The children in a list that scrolls when they do not all fit; Cancel and Confirm pinned
    // under it.
    const float height = std::max(ui.em * 3.2f, 64.0f);
    const float list_h = std::max(ImGui::GetContentRegionAvail().y - button_height - ui.em * 0.6f, height);
    ImGui::BeginChild("pickup.children", ImVec2(width, list_h), false);
    for (size_t i = 0; i < children.size(); ++i) {
        const PickupChild& child = children[i];
        std::string label = child.name + " — " + child.program_name;
        if (!child.location.empty()) label += " · " + child.location;
        if (BigButton(ui, "pickup.child." + std::to_string(i), child.selected ? render::icon::kCheckCircle : nullptr, label,
                      ImGui::GetContentRegionAvail().x, height, child.selected)) {
            flow.Toggle(i);
        }
    }
    ImGui::EndChild();
    const float half = (width - ui.em) / 2;
    const ImVec2 at = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(MirrorX(ui, at.x, half, at.x, at.x + width), at.y));
    if (BigButton(ui, "pickup.cancel", nullptr, ui.Tr("Cancel"), half, button_height, false)) {
        flow.Reset();
        ui.model.Home();
        return;
    }
    ImGui::SetCursorPos(ImVec2(MirrorX(ui, at.x + half + ui.em, half, at.x, at.x + width), at.y));
    const bool ready = flow.Selected() > 0;
    if (!ready) ImGui::BeginDisabled();
    if (BigButton(ui, "pickup.confirm", render::icon::kExit, ui.Tr("Confirm pickup"), half, button_height, ready, ui.palette->checkout)) {
        flow.Release(ui.clock, ui.now);
    }
    if (!ready) ImGui::EndDisabled();
}

void DrawGoodbye(Ui& ui, PickupFlow& flow) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    if (Tap(ui, "pickup.done", avail.x, avail.y)) {  // a tap anywhere: back at once
        flow.Reset();
        ui.model.Home();
        return;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool failed = !flow.Message().empty();
    const float r = std::min(avail.x, avail.y) * 0.16f;
    const ImVec2 center(origin.x + avail.x / 2, origin.y + r + ui.em);
    draw->AddCircleFilled(center, r, failed ? p.closed : p.checkout, 48);
    if (!failed) {
        draw->AddPolyline(std::array<ImVec2, 3>{ImVec2(center.x - r * 0.45f, center.y + r * 0.02f),
                                                ImVec2(center.x - r * 0.1f, center.y + r * 0.38f),
                                                ImVec2(center.x + r * 0.5f, center.y - r * 0.35f)}.data(),
                          3, IM_COL32_WHITE, 0, r * 0.16f);
    }
    std::string names;
    for (const std::string& name : flow.ReleasedNames()) names += (names.empty() ? "" : ", ") + name;
    std::string text = names.empty() ? std::string() : Fill(Fill(ui.Tr("{names} can go home with {adult}. Goodbye!"), "{names}", names),
                                                            "{adult}", flow.AdultName());
    if (failed) text += (text.empty() ? "" : "\n") + ui.Tr(flow.Message());
    const float wrap = avail.x - 2 * ui.em;
    const ImVec2 size = MeasureText(ui, ui.fonts.title, text, wrap);
    (void)size;
    DrawText(ui, draw, ui.fonts.title, ImVec2(origin.x + ui.em, center.y + r + ui.em), p.text, text, wrap, true, TextAlign::Center);
}

} // namespace

void DrawPickup(Ui& ui) {
    TopBar(ui, ui.Tr("Pick up a child"));
    PickupFlow& flow = ui.app.Pickup();
    if (flow.Expired(ui.now)) {  // nothing about the family stays on screen
        flow.Reset();
        ui.model.Home();
        return;
    }
    switch (flow.Step()) {
        case PickupStep::EnterCode:
        case PickupStep::Checking: DrawCode(ui, flow); break;
        case PickupStep::Choose: DrawChildren(ui, flow); break;
        case PickupStep::Saving: ui.animating = true; break;  // a few milliseconds: the goodbye follows
        case PickupStep::Done: DrawGoodbye(ui, flow); break;
    }
}

} // namespace kiosk
