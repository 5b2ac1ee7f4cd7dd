// Student check-in: a big numeric keypad (a USB barcode scanner types here too, no field to
// tap first), program buttons, and a confirmation that appears only once the record is on disk.
#include <imgui.h>

#include <array>

#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

namespace {

// Digits and Enter from a physical keyboard or a keyboard-wedge scanner, which sends the
// whole id and Enter within milliseconds, often inside one frame.
void TakeScannerInput(Ui& ui, CheckinFlow& flow) {
    ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned int c = io.InputQueueCharacters[i];
        if (c >= 0x20 && c < 0x7F) typed += static_cast<char>(c);
        else if (c >= 0x80) typed += '?';  // anything else is junk, judged as such on Enter
    }
    io.InputQueueCharacters.resize(0);
    if (!typed.empty()) flow.Type(typed);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) flow.Erase();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))) {
        flow.Submit(ui.clock, ui.local_now, ui.now);
    }
}

void DrawKeypad(Ui& ui, CheckinFlow& flow) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The id typed so far, large, with what went wrong beneath it.
    ImGui::PushFont(ui.fonts.title);
    const std::string shown = flow.Typed().empty() ? std::string(" ") : flow.Typed();
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopFont();
    if (!flow.Message().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.closed);
        ImGui::PushFont(ui.fonts.heading);
        ImGui::TextWrapped("%s", ui.Tr(flow.Message()).c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::TextWrapped("%s", ui.Tr("Type your student ID or scan your badge.").c_str());
        ImGui::PopStyleColor();
    }
    const KeypadPress press = DigitKeypad(ui, "keypad", avail.x);
    if (press.digit) flow.Type(std::string(1, press.digit));
    if (press.erase) flow.Erase();
    if (press.enter) flow.Submit(ui.clock, ui.local_now, ui.now);
}

void DrawChoices(Ui& ui, CheckinFlow& flow) {
    const render::Palette& p = *ui.palette;
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextWrapped("%s", ui.Tr(flow.Verified() ? "Choose your program:" : "Choose the program you are here for:").c_str());
    ImGui::PopFont();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::max(ui.em * 3.6f, 72.0f);
    const auto& options = flow.Options();
    for (size_t i = 0; i < options.size(); ++i) {
        const auto& o = options[i];
        const std::string verb = o.kind == storage::CheckinKind::Out ? ui.Tr("Check out of") : ui.Tr("Check in to");
        std::string label = verb + " " + o.program.name;
        if (!o.program.location.empty()) label += " · " + o.program.location;
        if (!o.program.sessions.empty()) label += " · " + o.program.sessions.front().opens_at + "–" + o.program.sessions.front().closes_at;
        const bool primary = i == 0 && (o.running_now || o.kind == storage::CheckinKind::Out);
        if (BigButton(ui, "checkin.option." + std::to_string(i), nullptr, label, width, height, primary)) {
            flow.Choose(i, ui.clock, ui.now);
        }
    }
    (void)p;
}

void DrawNotice(Ui& ui, CheckinFlow& flow) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool confirmed = flow.Step() == CheckinStep::Confirmed;
    const bool problem = flow.Step() == CheckinStep::Problem;
    // The whole area is one tap target: a tap returns to Welcome at once.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    if (Tap(ui, "checkin.done", avail.x, avail.y)) {
        flow.Reset();
        ui.model.Home();
        return;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const uint32_t color = confirmed ? p.open : problem ? p.closed : p.soon;
    const float r = std::min(avail.x, avail.y) * 0.16f;
    const ImVec2 center(origin.x + avail.x / 2, origin.y + r + ui.em);
    draw->AddCircleFilled(center, r, color, 48);
    if (confirmed) {  // a tick, drawn, so it needs no font and no sound
        draw->AddPolyline(std::array<ImVec2, 3>{ImVec2(center.x - r * 0.45f, center.y + r * 0.02f),
                                                ImVec2(center.x - r * 0.1f, center.y + r * 0.38f),
                                                ImVec2(center.x + r * 0.5f, center.y - r * 0.35f)}.data(),
                          3, IM_COL32_WHITE, 0, r * 0.16f);
    } else {
        const char* mark = "!";
        const ImVec2 size = ui.fonts.title->CalcTextSizeA(ui.fonts.title->FontSize, FLT_MAX, 0, mark);
        draw->AddText(ui.fonts.title, ui.fonts.title->FontSize, ImVec2(center.x - size.x / 2, center.y - size.y / 2), IM_COL32_WHITE, mark);
    }
    std::string headline, detail;
    if (confirmed) {
        const Confirmation& c = flow.Confirmed();
        headline = c.name.empty() ? ui.Tr("Thank you!") : Fill(ui.Tr("Welcome, {name}!"), "{name}", c.name);
        if (c.kind == storage::CheckinKind::Out) headline = c.name.empty() ? ui.Tr("Goodbye!") : Fill(ui.Tr("Goodbye, {name}!"), "{name}", c.name);
        detail = Fill(ui.Tr(c.kind == storage::CheckinKind::Out ? "You're checked out of {program}." : "You're checked in to {program}."),
                      "{program}", c.program_name + (c.location.empty() ? "" : ", " + c.location));
        if (!c.verified) detail += "\n" + ui.Tr("A staff member will confirm your check-in.");
    } else {
        headline = Fill(ui.Tr(flow.Message()), "{time}", flow.MessageDetail());
    }
    const float wrap = avail.x - 2 * ui.em;
    float y = center.y + r + ui.em;
    for (const auto& [font, text] : {std::pair<ImFont*, std::string>{ui.fonts.title, headline}, {ui.fonts.heading, detail}}) {
        if (text.empty()) continue;
        const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.c_str());
        draw->AddText(font, font->FontSize, ImVec2(origin.x + (avail.x - size.x) / 2, y), p.text, text.c_str(), nullptr, wrap);
        y += size.y + ui.em * 0.5f;
    }
}

} // namespace

void DrawCheckIn(Ui& ui) {
    TopBar(ui, ui.Tr("Student check-in"));
    if (!ui.checkin) {
        ImGui::TextWrapped("%s", ui.Tr("Check-in is not set up on this kiosk yet. Please check in at the front desk.").c_str());
        return;
    }
    CheckinFlow& flow = *ui.checkin;
    if (flow.Expired(ui.now)) {  // nothing about the student stays on screen
        flow.Reset();
        ui.model.Home();
        return;
    }
    switch (flow.Step()) {
        case CheckinStep::EnterId:
            TakeScannerInput(ui, flow);
            if (flow.Step() == CheckinStep::EnterId) DrawKeypad(ui, flow);
            break;
        case CheckinStep::ChooseProgram: DrawChoices(ui, flow); break;
        case CheckinStep::Saving: break;  // a few milliseconds: the confirmation follows
        default: DrawNotice(ui, flow); break;
    }
}

} // namespace kiosk
