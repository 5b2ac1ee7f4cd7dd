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
// whole id and Enter within milliseconds, often inside one frame, sometimes split across
// slow ones. Taken on every step: the flow decides what they mean (the next in line).
void TakeScannerInput(Ui& ui, CheckinFlow& flow) {
    if (ui.keys_taken) return;  // a badge scan: KioskApp::Scan has submitted it already
    ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned int c = io.InputQueueCharacters[i];
        if (c >= 0x20 && c < 0x7F) typed += static_cast<char>(c);
        else if (c >= 0x80) typed += '?';  // anything else is junk, judged as such on Enter
    }
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && flow.Step() == CheckinStep::EnterId) {
        if (!typed.empty()) flow.Type(typed);
        typed.clear();
        flow.Erase();
    }
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
    flow.Keyboard(typed, enter, ui.clock, ui.local_now, ui.now);
}

void DrawKeypad(Ui& ui, CheckinFlow& flow) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 row = ImGui::GetCursorPos();
    // On a landscape screen (the 7" display is one) the id and the words sit on the left and
    // the keypad takes the whole height on the right: its keys stay large with Larger text.
    // On a portrait screen the keypad goes under them.
    const bool side_by_side = avail.x > avail.y * 1.25f;
    const float gap = ui.em;
    const float left_width = side_by_side ? avail.x * 0.42f : avail.x;
    // Right to left, the words take the right and the keypad the left (its digits stay in
    // their usual order, as on any phone).
    const float words_x = side_by_side ? MirrorX(ui, row.x, left_width, row.x, row.x + avail.x) : row.x;
    const float keypad_x = side_by_side ? MirrorX(ui, row.x + left_width + gap, avail.x - left_width - gap, row.x, row.x + avail.x) : row.x;
    ImGui::SetCursorPos(ImVec2(words_x, row.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(words_x + left_width);
    // The id typed so far, large, with what went wrong beneath it.
    ImGui::PushFont(ui.fonts.title);
    const std::string shown = flow.Typed().empty() ? std::string(" ") : flow.Typed();
    TextBlock(ui, shown);
    ImGui::PopFont();
    if (!flow.Message().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.closed);
        ImGui::PushFont(ui.fonts.heading);
        TextBlock(ui, ui.Tr(flow.Message()));
        ImGui::PopFont();
        ImGui::PopStyleColor();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, ui.Tr("Type your student ID or scan your badge."));
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    // On a check-in station, families still find help from here: at the foot of the left
    // column beside the keypad, or at the right of the id's row above it.
    // At dismissal the adults collecting young children come here too: their way in sits
    // above it (or beside it on a portrait screen).
    const float foot_h = std::max(ui.fonts.title->FontSize + ui.em * 0.2f, 56.0f);
    const float foot_w = side_by_side ? left_width : std::min(avail.x * 0.5f, ui.em * 13);
    int foot = 0;
    auto foot_button = [&](const std::string& name, const char* icon, const std::string& label) {
        const ImVec2 at = side_by_side ? ImVec2(words_x, row.y + avail.y - foot_h - foot * (foot_h + ui.em * 0.5f))
                                       : ImVec2(MirrorX(ui, row.x + avail.x - foot_w, foot_w, row.x, row.x + avail.x),
                                                row.y + foot * (foot_h + ui.em * 0.5f));
        ++foot;
        const ImVec2 back = ImGui::GetCursorPos();
        ImGui::SetCursorPos(at);
        const bool pressed = BigButton(ui, name, icon, label, foot_w, foot_h, false);
        ImGui::SetCursorPos(back);
        return pressed;
    };
    if (ui.app.StationNow() && foot_button("checkin.families", render::icon::kSearch, ui.Tr("Families: find help"))) {
        ui.model.Go(Screen::Welcome);
    }
    if (ui.app.PickupAvailable() && foot_button("checkin.pickup", render::icon::kFamily, ui.Tr("Pick up a child"))) {
        ui.app.Pickup().Begin();
        ui.model.Go(Screen::Pickup);
    }
    ImGui::EndGroup();
    if (side_by_side) ImGui::SetCursorPos(ImVec2(keypad_x, row.y));
    const KeypadPress press = DigitKeypad(ui, "keypad", side_by_side ? avail.x - left_width - gap : avail.x);
    if (press.digit) flow.Type(std::string(1, press.digit));
    if (press.erase) flow.Erase();
    if (press.enter) flow.Submit(ui.clock, ui.local_now, ui.now);
}

// "Robotics Club · Room 12 · 3:15 pm – 5:00 pm", in the session's language.
std::string ProgramLine(const Ui& ui, const storage::Program& program) {
    std::string line = program.name;
    if (!program.location.empty()) line += " · " + program.location;
    if (!program.sessions.empty()) {
        const auto& first = program.sessions.front();
        line += " · " + ClockTime(first.opens_at, ui.model.Language()) + " – " + ClockTime(first.closes_at, ui.model.Language());
    }
    return line;
}

void Heading(Ui& ui, const std::string& text) {
    ImGui::PushFont(ui.fonts.heading);
    TextBlock(ui, text);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, ui.em * 0.3f));
}

void DrawChoices(Ui& ui, CheckinFlow& flow) {
    const render::Palette& p = *ui.palette;
    const auto& options = flow.Options();
    const std::string& name = flow.Name();
    // The student's first name and initial on every step, so the next in line never answers
    // someone else's question.
    if (flow.Leaving()) {
        Heading(ui, Fill(Fill(ui.Tr(name.empty() ? "You're leaving {program}?" : "{name}, you're leaving {program}?"), "{name}", name),
                         "{program}", options.front().program.name));
    } else if (!name.empty()) {
        Heading(ui, Fill(ui.Tr("{name}, choose your program:"), "{name}", name));
    } else {
        Heading(ui, ui.Tr("Choose the program you are here for:"));
    }
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::max(ui.em * 3.6f, 72.0f);
    for (size_t i = 0; i < options.size(); ++i) {
        const auto& o = options[i];
        const bool out = o.kind == storage::CheckinKind::Out;
        const std::string label = out ? Fill(ui.Tr("Yes, check me out of {program}"), "{program}", ProgramLine(ui, o.program))
                                      : ui.Tr("Check in to") + " " + ProgramLine(ui, o.program);
        const bool primary = i == 0 && (o.running_now || out);
        if (BigButton(ui, "checkin.option." + std::to_string(i), out ? render::icon::kExit : nullptr, label, width, height, primary,
                      out ? p.checkout : p.accent)) {
            flow.Choose(i, ui.clock, ui.now);
        }
    }
    if (BigButton(ui, "checkin.cancel", nullptr, ui.Tr(name.empty() ? "Cancel" : "Not me — cancel"), std::min(width, ui.em * 14),
                  std::max(ui.em * 2.6f, 56.0f), false)) {
        flow.Reset();
        ui.model.Home();
    }
}

void DrawUnknown(Ui& ui, CheckinFlow& flow) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::PushFont(ui.fonts.title);
    TextBlock(ui, Fill(ui.Tr("We don't know {id}."), "{id}", flow.StudentId()));
    ImGui::PopFont();
    Heading(ui, ui.Tr("Check the number, or check in anyway. A staff member will confirm it."));
    const float gap = ui.em;
    const float height = std::max(ImGui::GetContentRegionAvail().y - ui.em, ui.em * 4);
    const float width = (avail.x - gap) / 2;
    if (BigButton(ui, "checkin.check_number", render::icon::kBackspace, ui.Tr("Check the number"), width, height, false)) {
        flow.CheckNumber();
    }
    ImGui::SameLine(0, gap);
    if (BigButton(ui, "checkin.anyway", render::icon::kCheckIn, ui.Tr("Check in anyway"), width, height, true)) {
        flow.CheckInAnyway(ui.clock, ui.local_now, ui.now);
    }
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
    const bool out = confirmed && flow.Confirmed().kind == storage::CheckinKind::Out;
    const uint32_t color = out ? p.checkout : confirmed ? p.open : problem ? p.closed : p.soon;
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
        detail += "\n" + Fill(ui.Tr(c.kind == storage::CheckinKind::Out ? "Checked out at {time}" : "Checked in at {time}"), "{time}",
                              ClockTimeAt(c.at_unix, ui.model.Language()));
        if (!c.verified) detail += "\n" + ui.Tr("A staff member will confirm your check-in.");
    } else {
        const std::string time = flow.MessageTime() ? ClockTimeAt(flow.MessageTime(), ui.model.Language()) : flow.MessageDetail();
        headline = Fill(ui.Tr(flow.Message()), "{time}", time);
        if (!flow.Name().empty()) headline = flow.Name() + ": " + headline;
    }
    const float wrap = avail.x - 2 * ui.em;
    float y = center.y + r + ui.em;
    for (const auto& [font, text] : {std::pair<ImFont*, std::string>{ui.fonts.title, headline}, {ui.fonts.heading, detail}}) {
        if (text.empty()) continue;
        const ImVec2 size = MeasureText(ui, font, text, wrap);
        DrawText(ui, draw, font, ImVec2(origin.x + ui.em, y), p.text, text, wrap, true, TextAlign::Center);
        y += size.y + ui.em * 0.5f;
    }
}

} // namespace

void DrawCheckIn(Ui& ui) {
    TopBar(ui, ui.Tr("Student check-in"));
    if (!ui.checkin) {
        TextBlock(ui, ui.Tr("Check-in is not set up on this kiosk yet. Please check in at the front desk."));
        return;
    }
    CheckinFlow& flow = *ui.checkin;
    TakeScannerInput(ui, flow);  // first: the next student's keys end a notice before it expires
    ui.animating |= flow.Step() == CheckinStep::Saving;
    if (flow.Expired(ui.now)) {  // nothing about the student stays on screen
        flow.Reset();
        ui.model.Home();
        return;
    }
    switch (flow.Step()) {
        case CheckinStep::EnterId: DrawKeypad(ui, flow); break;
        case CheckinStep::UnknownId: DrawUnknown(ui, flow); break;
        case CheckinStep::ChooseProgram: DrawChoices(ui, flow); break;
        case CheckinStep::Saving: break;  // a few milliseconds: the confirmation follows
        default: DrawNotice(ui, flow); break;
    }
}

} // namespace kiosk
