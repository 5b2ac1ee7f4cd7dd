// The staff panel: behind a three-second hold on the top-left corner and the staff PIN. It
// shows the kiosk's sync state, what it holds, and the check-ins staff must look at, with
// "Sync now" and "Exit kiosk". It closes itself on the idle timeout like any screen.
#include <imgui.h>

#include <array>

#include <algorithm>
#include <cstdio>

#include "base/time_text.h"
#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

namespace {

std::string Count(int64_t n, const std::string& one, const std::string& many) {
    return Fill(n == 1 ? one : many, "{n}", std::to_string(n));
}

std::string Duration(int64_t seconds) {
    if (seconds < 60) return std::to_string(seconds) + " s";
    if (seconds < 3600) return std::to_string(seconds / 60) + " min";
    if (seconds < 48 * 3600) return std::to_string(seconds / 3600) + " h";
    return std::to_string(seconds / 86400) + " d";
}

// A label and its value on one line (the value wraps), in the small font: the panel holds a
// lot and staff read it standing close.
void Row(Ui& ui, const std::string& label, const std::string& value, uint32_t color) {
    const render::Palette& p = *ui.palette;
    ImGui::PushFont(ui.fonts.small);
    const float x = ImGui::GetCursorPosX();
    const float width = std::max(1.0f, ImGui::GetContentRegionMax().x - x);
    const float label_w = std::min(ui.em * 7.5f, width * 0.45f);
    const float value_w = width - label_w;
    // Mirrored on right-to-left screens: the label at the right, its value to the left of it.
    const bool rtl = Rtl(ui);
    const float label_x = rtl ? x + width - label_w : x;
    const float value_x = rtl ? x : x + label_w;
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    // A label too long for its column (a translation, a small screen) puts the value beneath it.
    const bool beside = MeasureText(ui, ui.fonts.small, label).x < label_w - ui.em * 0.3f;
    ImGui::SetCursorPosX(beside ? label_x : x);
    TextBlock(ui, label, beside ? label_w : width);
    ImGui::PopStyleColor();
    if (beside) ImGui::SameLine();  // (SameLine(0) would mean "after the label", not x = 0)
    ImGui::SetCursorPosX(value_x);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    TextBlock(ui, value, value_w);
    ImGui::PopStyleColor();
    ImGui::SetCursorPosX(x);
    ImGui::PopFont();
}

void Heading(Ui& ui, const std::string& text) {
    ImGui::Dummy(ImVec2(0, ui.em * 0.2f));
    ImGui::PushFont(ui.fonts.heading);
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
    TextBlock(ui, text);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}

// "Maria G. (100214)" or "unknown id 999999".
std::string Who(Ui& ui, const StaffStatus& s, const std::string& student_id) {
    const auto it = s.names.find(student_id);
    if (it == s.names.end()) return Fill(ui.Tr("unknown id {id}"), "{id}", student_id);
    return it->second + " (" + student_id + ")";
}

std::string ProgramName(const StaffStatus& s, const std::string& program_id) {
    const auto it = s.program_names.find(program_id);
    return it == s.program_names.end() ? program_id : it->second;
}

// One record to review, readable: day and time, who, in or out, which program, and the
// server's reason; the whole card is a tap target that opens the review.
void RecordCard(Ui& ui, const StaffStatus& s, const storage::CheckinRecord& r, const std::string& name, const std::string& detail,
                uint32_t color) {
    const render::Palette& p = *ui.palette;
    const float width = ImGui::GetContentRegionAvail().x;
    ImFont* font = ui.fonts.small;
    const std::string what = r.at.substr(5, 5) + " " + ClockTimeAt(r.at_unix, ui.tr.Language()) + " · " + Who(ui, s, r.student_id) + " · " +
                             Fill(ui.Tr(r.kind == storage::CheckinKind::Out ? "checked out of {program}" : "checked in to {program}"),
                                  "{program}", ProgramName(s, r.program_id));
    const float wrap = width - ui.em;
    const float text_h = MeasureText(ui, font, what, wrap).y + (detail.empty() ? 0 : MeasureText(ui, font, detail, wrap).y);
    const float height = std::max(text_h + ui.em * 0.8f, 56.0f);
    if (Tap(ui, name, width, height)) {
        ui.app.Review().Open(r);
    }
    render::DrawCard(p.surface, p.surface_down, ui.em * 0.4f, ImGui::GetStyle().FrameBorderSize + 1.0f, p.border);
    const ImVec2 min = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    DrawText(ui, draw, font, ImVec2(min.x + ui.em * 0.5f, min.y + ui.em * 0.4f), p.text, what, wrap);
    if (!detail.empty()) {
        const float y = min.y + ui.em * 0.4f + MeasureText(ui, font, what, wrap).y;
        DrawText(ui, draw, font, ImVec2(min.x + ui.em * 0.5f, y), color, detail, wrap);
    }
    ImGui::Dummy(ImVec2(0, ui.em * 0.15f));
}

// "Ana Garcia (mother), José Garcia (grandfather)"
std::string AdultsLine(const std::vector<storage::AuthorizedAdult>& adults) {
    std::string line;
    for (const auto& a : adults) line += (line.empty() ? "" : ", ") + a.display_name + (a.relationship.empty() ? "" : " (" + a.relationship + ")");
    return line;
}

// A child still here who must be picked up: name, program, how late, who may collect them and
// any do-not-release note in red; the card opens the release form.
void PickupCard(Ui& ui, const storage::AwaitingPickup& child, size_t index) {
    const render::Palette& p = *ui.palette;
    const float width = ImGui::GetContentRegionAvail().x;
    ImFont* font = ui.fonts.small;
    const std::string what = child.name + " (" + child.student_id + ") · " + child.program_name + (child.location.empty() ? "" : " · " + child.location);
    const std::string late = child.minutes_late > 0 ? Fill(ui.Tr("{n} min late"), "{n}", std::to_string(child.minutes_late)) : ui.Tr("program not over yet");
    const std::string adults = child.adults.empty() ? ui.Tr("No authorized adult on the roster") : Fill(ui.Tr("May go with: {adults}"), "{adults}", AdultsLine(child.adults));
    const std::string alert = child.do_not_release.empty() ? std::string() : Fill(ui.Tr("Do not release: {note}"), "{note}", child.do_not_release);
    const float wrap = width - ui.em;
    float text_h = 0;
    for (const std::string* line : std::array<const std::string*, 4>{&what, &late, &adults, &alert}) {
        if (!line->empty()) text_h += MeasureText(ui, font, *line, wrap).y;
    }
    const float height = std::max(text_h + ui.em * 0.8f, 56.0f);
    if (Tap(ui, "pickup.late." + std::to_string(index), width, height)) ui.app.StaffReleaseForm().Open(child);
    render::DrawCard(p.surface, p.surface_down, ui.em * 0.4f, ImGui::GetStyle().FrameBorderSize + 1.0f, child.do_not_release.empty() ? p.border : p.closed);
    const ImVec2 min = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float y = min.y + ui.em * 0.4f;
    const std::pair<const std::string*, uint32_t> lines[] = {
        {&what, p.text}, {&late, child.minutes_late > 0 ? p.closed : p.muted}, {&adults, p.text}, {&alert, p.closed}};
    for (const auto& [line, color] : lines) {
        if (line->empty()) continue;
        y += DrawText(ui, draw, font, ImVec2(min.x + ui.em * 0.5f, y), color, *line, wrap).y;
    }
    ImGui::Dummy(ImVec2(0, ui.em * 0.15f));
}

// Releasing a child without a code: the staff member's name (on the keyboard), a reason, and
// the child's authorized adults and any do-not-release note in view while they decide.
void DrawStaffRelease(Ui& ui) {
    const render::Palette& p = *ui.palette;
    StaffRelease& form = ui.app.StaffReleaseForm();
    const storage::AwaitingPickup& child = form.Child();
    const float width = ImGui::GetContentRegionAvail().x;
    const float room_all = ImGui::GetContentRegionAvail().y;
    // Compact, so the keyboard fits under it at 800x480: who, from where, who may collect them,
    // and any do-not-release note, in the small font, lines close together.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, ui.em * 0.15f));
    ImGui::PushFont(ui.fonts.small);
    const auto& reasons = StaffRelease::Reasons();
    const float reason_h = std::max(ui.em * 2.0f, 52.0f);
    const float name_h = std::max(ui.em * 2.0f, 52.0f);
    std::string who = Fill(Fill(ui.Tr("Release {name} from {program}"), "{name}", child.name), "{program}", child.program_name) + ". " +
                      (child.adults.empty() ? ui.Tr("No authorized adult on the roster") : Fill(ui.Tr("May go with: {adults}"), "{adults}", AdultsLine(child.adults)));
    const std::string note = child.do_not_release.empty() ? "" : Fill(ui.Tr("Do not release: {note}"), "{note}", child.do_not_release);
    // Where the reasons, the name and a keyboard of 52 px keys do not all fit (800x480 with
    // Larger text), it goes in two steps: the reason, then the name with the keyboard, the
    // chosen reason said in the text above (Cancel starts again).
    const float texts_h = MeasureText(ui, ui.fonts.small, who, width).y + (note.empty() ? 0 : MeasureText(ui, ui.fonts.small, note, width).y) +
                          ui.em * 0.3f;
    const float keyboard_min = KeyboardHeight(ui, 1.0f);
    const bool two_steps = texts_h + reason_h + name_h + keyboard_min + ui.em * 0.8f > room_all;
    const bool show_reasons = !two_steps || form.Reason() < 0;
    const bool show_keyboard = !two_steps || form.Reason() >= 0;
    if (!show_reasons) who += " · " + Fill(ui.Tr("Reason: {reason}"), "{reason}", ui.Tr(reasons[static_cast<size_t>(form.Reason())]));
    TextBlock(ui, who);
    if (!note.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.closed);
        TextBlock(ui, note);
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
    if (show_reasons) {
        const float reason_w = (width - ui.em * 0.5f * (reasons.size() - 1)) / reasons.size();
        const ImVec2 row = ImGui::GetCursorPos();
        for (size_t i = 0; i < reasons.size(); ++i) {
            ImGui::SetCursorPos(ImVec2(MirrorX(ui, row.x + i * (reason_w + ui.em * 0.5f), reason_w, row.x, row.x + width), row.y));
            if (BigButton(ui, "release.reason." + std::to_string(i), form.Reason() == static_cast<int>(i) ? render::icon::kCheckCircle : nullptr,
                          ui.Tr(reasons[i]), reason_w, reason_h, form.Reason() == static_cast<int>(i))) {
                form.ChooseReason(static_cast<int>(i));
            }
        }
        ImGui::SetCursorPos(ImVec2(row.x, row.y + reason_h + ui.em * 0.2f));
    }
    // The staff member's name as typed, then the keyboard; Save and Cancel on the name's row.
    const float button_w = std::min(width * 0.25f, ui.em * 9);
    const ImVec2 name_at = ImGui::GetCursorPos();
    const float field_w = width - 2 * (button_w + ui.em * 0.5f);
    // Mirrored right to left: the field at the right, Release at the far left.
    auto place = [&](float x, float w) { ImGui::SetCursorPos(ImVec2(MirrorX(ui, x, w, name_at.x, name_at.x + width), name_at.y)); };
    {
        const std::string shown = form.StaffName().empty() ? ui.Tr("Your name") : form.StaffName();
        place(name_at.x, field_w);
        ImGui::Dummy(ImVec2(field_w, name_h));
        const ImVec2 min = ImGui::GetItemRectMin();
        render::DrawCard(p.surface, p.surface, ui.em * 0.3f, ImGui::GetStyle().FrameBorderSize + 1.0f, p.border);
        DrawText(ui, ImGui::GetWindowDrawList(), ui.fonts.heading, ImVec2(min.x + ui.em * 0.5f, min.y + (name_h - ui.fonts.heading->FontSize) / 2),
                 form.StaffName().empty() ? p.muted : p.text, shown);
    }
    place(name_at.x + width - 2 * button_w - ui.em * 0.5f, button_w);
    if (BigButton(ui, "release.cancel", nullptr, ui.Tr("Cancel"), button_w, name_h, false)) {
        form.Close();
        ImGui::PopStyleVar();
        return;
    }
    place(name_at.x + width - button_w, button_w);
    const bool ready = form.Ready() && !form.Saving();
    if (!ready) ImGui::BeginDisabled();
    if (BigButton(ui, "release.save", render::icon::kExit, ui.Tr("Release"), button_w, name_h, ready, p.checkout)) ui.app.ReleaseByStaff();
    if (!ready) ImGui::EndDisabled();
    ImGui::SetCursorPos(ImVec2(name_at.x, name_at.y + name_h + ui.em * 0.2f));
    if (!form.Message().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.closed);
        TextBlock(ui, form.Message());
        ImGui::PopStyleColor();
    }
    // The keyboard at the bottom of the screen, its keys shorter (not under 52 px) when Larger
    // text leaves less room.
    const float room = ImGui::GetContentRegionAvail().y;
    const float keyboard_h = KeyboardHeight(ui, room);
    if (show_keyboard) {
        if (room > keyboard_h) ImGui::Dummy(ImVec2(0, room - keyboard_h - ImGui::GetStyle().ItemSpacing.y));
        if (form.StaffName().size() < 60) DrawKeyboard(ui, form.StaffName(), 0, room, false);
    }
    ImGui::PopStyleVar();
    if (form.Saving()) ui.animating = true;
}

// Putting one record right: confirm, void, or correct its student id or program. The
// original is never changed; each action is a new record that syncs like a check-in.
void DrawReview(Ui& ui) {
    const render::Palette& p = *ui.palette;
    RecordReview& review = ui.app.Review();
    const storage::CheckinRecord& r = review.Record();
    const StaffStatus& s = ui.app.StaffStatusNow();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ui.em;
    const float button_h = std::max(ui.em * 2.8f, 60.0f);
    if (!review.Correcting()) Heading(ui, ui.Tr("Put this record right"));
    if (review.Correcting()) {
        // Small screens: the record in one line, the room for the keypad and the programs.
        Row(ui, Who(ui, s, r.student_id),
            Fill(ui.Tr(r.kind == storage::CheckinKind::Out ? "checked out of {program}" : "checked in to {program}"), "{program}",
                 ProgramName(s, r.program_id)) + " · " + ClockTimeAt(r.at_unix, ui.tr.Language()),
            p.text);
        if (!review.Message().empty()) Row(ui, ui.Tr("Not saved"), review.Message(), p.closed);
    } else {
    Row(ui, ui.Tr("When"), r.at.substr(0, 10) + " " + ClockTimeAt(r.at_unix, ui.tr.Language()), p.text);
    Row(ui, ui.Tr("Student"), Who(ui, s, r.student_id), p.text);
    Row(ui, ui.Tr("Program"), Fill(ui.Tr(r.kind == storage::CheckinKind::Out ? "checked out of {program}" : "checked in to {program}"),
                                   "{program}", ProgramName(s, r.program_id)), p.text);
    if (!r.reason.empty()) Row(ui, ui.Tr("The server said"), r.reason, p.closed);
    if (!review.Message().empty()) Row(ui, ui.Tr("Not saved"), review.Message(), p.closed);
    }
    ImGui::Dummy(ImVec2(0, ui.em * 0.3f));
    if (!review.Correcting()) {
        // Two rows of two: wide enough for each label on one line, even at 800x480.
        const float w = (avail.x - gap) / 2;
        const bool can_confirm = !r.verified && r.state != "rejected";
        if (can_confirm) {
            if (BigButton(ui, "review.confirm", render::icon::kCheckCircle, ui.Tr("Confirm: this student is real"), w, button_h, true)) {
                ui.app.ActOnRecord(storage::StaffAction::Confirm);
            }
        } else {
            ImGui::Dummy(ImVec2(w, button_h));
        }
        ImGui::SameLine(0, gap);
        if (BigButton(ui, "review.void", render::icon::kClose, ui.Tr("Void: it should not count"), w, button_h, false)) {
            ui.app.ActOnRecord(storage::StaffAction::Void);
        }
        ImGui::Dummy(ImVec2(0, gap * 0.25f));
        if (BigButton(ui, "review.correct", nullptr, ui.Tr("Correct the student or program"), w, button_h, false)) {
            review.StartCorrecting();
        }
        ImGui::SameLine(0, gap);
        if (BigButton(ui, "review.back", render::icon::kBack, ui.Tr("Back to the panel"), w, button_h, false)) review.Close();
    } else {
        // Left, the whole height: the student id on a keypad with keys a finger can hit. Right:
        // the programs (the chosen one filled), then Save and Back.
        const float column = (avail.x - gap) / 2;
        const float body_h = ImGui::GetContentRegionAvail().y;
        ImGui::BeginChild("review.student", ImVec2(column, body_h), false, ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoScrollbar);
        ImGui::PushFont(ui.fonts.heading);
        TextBlock(ui, (ui.Tr("Student ID") + ": " + review.Student()));
        ImGui::PopFont();
        const KeypadPress press = DigitKeypad(ui, "review.key", ImGui::GetContentRegionAvail().x);
        if (press.digit && review.Student().size() < 12) review.Student() += press.digit;
        if (press.erase && !review.Student().empty()) review.Student().pop_back();
        const bool ready = (review.Student() != r.student_id || review.Program() != r.program_id) && !review.Student().empty();
        if (press.enter && ready) ui.app.ActOnRecord(storage::StaffAction::Correct);  // Enter saves, as Save does
        ImGui::EndChild();
        ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        const float list_h = body_h - 2 * (button_h + gap * 0.5f);
        ImGui::BeginChild("review.programs", ImVec2(column, list_h), false, ImGuiWindowFlags_NoScrollWithMouse);
        ui.animating |= ui.review_programs_scroll.Update(ui.model.Visit(Screen::Staff));
        ui.animating |= ui.review_programs_scroll.Animating();
        for (const auto& [id, name] : s.program_names) {
            if (BigButton(ui, "review.program." + id, nullptr, name, ImGui::GetContentRegionAvail().x, std::max(ui.em * 2.2f, 52.0f),
                          review.Program() == id)) {
                review.Program() = id;
            }
        }
        ImGui::EndChild();
        const bool changed = review.Student() != r.student_id || review.Program() != r.program_id;
        if (BigButton(ui, "review.save", render::icon::kCheckCircle, ui.Tr("Save correction"), column, button_h,
                      changed && !review.Student().empty())) {
            if (changed && !review.Student().empty()) ui.app.ActOnRecord(storage::StaffAction::Correct);
        }
        if (BigButton(ui, "review.back", render::icon::kBack, ui.Tr("Back to the panel"), column, button_h, false)) review.Close();
        ImGui::EndGroup();
    }
    if (review.Saving()) ui.animating = true;
}

void DrawPin(Ui& ui, StaffGate& gate) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = std::min(avail.x, ui.em * 24);
    const float left = ImGui::GetCursorPosX() + (avail.x - width) / 2;
    ImGui::SetCursorPosX(left);
    ImGui::PushFont(ui.fonts.heading);
    TextBlock(ui, ui.Tr("Staff PIN"));
    ImGui::PopFont();
    const int64_t wall = ui.clock.unix_seconds;
    if (!gate.Configured()) {
        ImGui::SetCursorPosX(left);
        ImGui::PushTextWrapPos(left + width);
        TextBlock(ui, ui.Tr(gate.Message()));
        ImGui::PopTextWrapPos();
        return;
    }
    // Dots, never digits: someone may be looking over the staff member's shoulder.
    ImGui::SetCursorPosX(left);
    ImGui::PushFont(ui.fonts.title);
    std::string dots;
    for (size_t i = 0; i < gate.TypedLength(); ++i) dots += "\xe2\x80\xa2 ";  // U+2022, always in the atlas
    TextBlock(ui, dots.empty() ? " " : dots);
    ImGui::PopFont();
    ImGui::SetCursorPosX(left);
    ImGui::PushTextWrapPos(left + width);
    const int64_t locked = gate.SecondsLocked(wall);
    if (gate.Step() == StaffStep::Checking) {
        TextBlock(ui, ui.Tr("Checking…"));
        ui.animating = true;  // the result arrives from another thread
    } else if (!gate.Message().empty() || locked > 0) {
        const std::string message = gate.Message().empty() ? "Too many wrong PINs. Try again in {seconds} seconds." : gate.Message();
        ImGui::PushStyleColor(ImGuiCol_Text, p.closed);
        TextBlock(ui, Fill(ui.Tr(message), "{seconds}", std::to_string(locked)));
        ImGui::PopStyleColor();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, ui.Tr("For school staff only."));
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    // A USB keyboard works too.
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) gate.Type(static_cast<char>(io.InputQueueCharacters[i] & 0x7F));
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) gate.Erase();
    bool submit = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
    ImGui::SetCursorPosX(left);
    const KeypadPress press = DigitKeypad(ui, "pin", width);
    if (press.digit) gate.Type(press.digit);
    if (press.erase) gate.Erase();
    if (press.enter || submit) gate.Submit(wall);
}

void DrawPanel(Ui& ui) {
    const render::Palette& p = *ui.palette;
    const int64_t wall = ui.clock.unix_seconds;
    const StaffStatus& s = ui.app.StaffStatusNow();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ui.em;
    const float buttons_h = std::max(ui.em * 3.2f, 64.0f);
    const float column = (avail.x - gap) / 2;
    const float body_h = avail.y - buttons_h - gap;

    // Two columns, sync first: at the left, or at the right on right-to-left screens.
    const ImVec2 start = ImGui::GetCursorPos();
    const bool rtl = Rtl(ui);
    ImGui::SetCursorPos(ImVec2(rtl ? start.x + column + gap : start.x, start.y));
    ImGui::BeginChild("staff.sync", ImVec2(column, body_h), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.staff_scroll_left.Update(ui.model.Visit(Screen::Staff));
    ui.animating |= ui.staff_scroll_left.Animating();
    Heading(ui, ui.Tr("Sync"));
    // A printer problem first: check-ins go on without labels meanwhile, and staff should know.
    if (const auto printer = ui.app.Printer(); printer && !printer->last_error.empty()) {
        Row(ui, ui.Tr("Label printer"), Fill(ui.Tr("Not printing: {error}"), "{error}", printer->last_error), p.closed);
    }
    if (s.needs_enrollment) {
        Row(ui, ui.Tr("Attention"), ui.Tr("The server refused this kiosk's token. District IT must enrol it again."), p.closed);
    }
    if (ui.config.server_url.empty()) {
        Row(ui, ui.Tr("Server"), ui.Tr("Not set up: this kiosk works offline and keeps every record."), p.soon);
    } else {
        Row(ui, ui.Tr("Server"), ui.config.server_url, p.text);
    }
    const bool busy = ui.app.SyncBusy();
    Row(ui, ui.Tr("Last successful sync"), busy ? ui.Tr("Syncing now…") : Ago(s.last_success, wall, [&ui](const std::string& e) { return ui.Tr(e); }),
        s.last_success.empty() && !ui.config.server_url.empty() ? p.soon : p.text);
    if (!s.last_error.empty()) Row(ui, ui.Tr("Last problem"), s.last_error, p.closed);
    std::string queue = Count(s.queue_depth, ui.Tr("{n} check-in waiting to be sent"), ui.Tr("{n} check-ins waiting to be sent"));
    if (s.oldest_pending_age_seconds >= 0) queue += " · " + Fill(ui.Tr("oldest {age}"), "{age}", Duration(s.oldest_pending_age_seconds + std::max<int64_t>(0, wall - s.read_at)));
    Row(ui, ui.Tr("Queue"), queue, s.queue_depth > 0 ? p.soon : p.open);
    char offset[64];
    std::snprintf(offset, sizeof offset, "%+lld s", static_cast<long long>(s.clock_offset_seconds));
    std::string clock = s.clock_trusted ? ui.Tr("Trusted") : ui.Tr("Not trusted: earlier than a time this kiosk has already seen. Check-ins are marked for review.");
    if (!s.last_success.empty() || s.clock_offset_seconds != 0) clock += " · " + Fill(ui.Tr("{offset} from the server"), "{offset}", offset);
    Row(ui, ui.Tr("Clock"), clock, s.clock_trusted ? p.text : p.closed);
    Heading(ui, ui.Tr("This kiosk"));
    Row(ui, ui.Tr("App version"), s.app_version, p.text);
    std::string version = s.directory_version;
    version.erase(std::remove(version.begin(), version.end(), '"'), version.end());
    if (version.size() > 12) version = version.substr(0, 12);
    std::string directory = Fill(ui.Tr("{n} services"), "{n}", std::to_string(s.directory_services));
    if (!version.empty()) directory += " · " + Fill(ui.Tr("version {v}"), "{v}", version);
    if (const auto imported = base::ParseRfc3339(s.directory_imported_at)) {
        // The day, and the time as the panel's language writes it (3:05 pm, 15:05).
        directory += " · " + Fill(ui.Tr("since {time}"), "{time}",
                                  base::Rfc3339(imported->unix_seconds, ui.clock.utc_offset_seconds).substr(0, 10) + " " +
                                      ClockTimeAt(imported->unix_seconds, ui.tr.Language()));
    }
    Row(ui, ui.Tr("Directory"), directory, p.text);
    Row(ui, ui.Tr("Check-in"), Fill(Fill(ui.Tr("{programs} programs, {students} students on the roster"), "{programs}", std::to_string(s.programs)),
                                    "{students}", std::to_string(s.roster_students)),
        p.text);
    if (const auto printer = ui.app.Printer(); printer && printer->last_error.empty()) {
        Row(ui, ui.Tr("Label printer"),
            Fill(Fill(ui.Tr("{printer}: {n} labels printed"), "{printer}", ui.config.label_printer), "{n}", std::to_string(printer->printed)), p.text);
    }
    ImGui::EndChild();

    ImGui::SetCursorPos(ImVec2(rtl ? start.x : start.x + column + gap, start.y));
    ImGui::BeginChild("staff.review", ImVec2(column, body_h), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.staff_scroll_right.Update(ui.model.Visit(Screen::Staff));
    ui.animating |= ui.staff_scroll_right.Animating();
    if (!s.awaiting_pickup.empty()) {
        Heading(ui, Count(static_cast<int64_t>(s.awaiting_pickup.size()), ui.Tr("{n} child waiting to be picked up"),
                          ui.Tr("{n} children waiting to be picked up")));
        for (size_t i = 0; i < s.awaiting_pickup.size(); ++i) PickupCard(ui, s.awaiting_pickup[i], i);
    }
    Heading(ui, Count(s.rejected, ui.Tr("{n} check-in rejected by the server"), ui.Tr("{n} check-ins rejected by the server")));
    for (size_t i = 0; i < s.rejected_records.size(); ++i) {
        const auto& r = s.rejected_records[i];
        RecordCard(ui, s, r, "review.rejected." + std::to_string(i), Fill(ui.Tr("The server said: {reason}"), "{reason}", r.reason), p.closed);
    }
    Heading(ui, Count(s.unverified, ui.Tr("{n} check-in to confirm (not on the roster)"), ui.Tr("{n} check-ins to confirm (not on the roster)")));
    for (size_t i = 0; i < s.unverified_records.size(); ++i) {
        RecordCard(ui, s, s.unverified_records[i], "review.unverified." + std::to_string(i), "", p.text);
    }
    if (s.rejected_records.empty() && s.unverified_records.empty()) {
        ImGui::PushFont(ui.fonts.small);
        TextBlock(ui, ui.Tr("Nothing to review."));
        ImGui::PopFont();
    }
    ImGui::EndChild();

    ImGui::Dummy(ImVec2(0, gap * 0.25f));
    const float button_w = std::min((avail.x - gap) / 2, ui.em * 14);
    const float row_y = ImGui::GetCursorPosY();
    const float far_x = start.x + avail.x - button_w;  // Exit at the far end: the right, or the left
    ImGui::SetCursorPos(ImVec2(rtl ? far_x : start.x, row_y));
    if (ui.app.Syncs()) {
        if (BigButton(ui, "staff.sync_now", render::icon::kSync, busy ? ui.Tr("Syncing…") : ui.Tr("Sync now"), button_w, buttons_h, true)) {
            ui.app.SyncNow();
        }
        if (busy) ui.animating = true;
    } else {
        ImGui::Dummy(ImVec2(button_w, buttons_h));
    }
    ImGui::SetCursorPos(ImVec2(rtl ? start.x : far_x, row_y));
    const bool armed = ui.now < ui.exit_armed_until;
    if (BigButton(ui, "staff.exit", render::icon::kExit, armed ? ui.Tr("Tap again to exit") : ui.Tr("Exit kiosk"), button_w, buttons_h, armed)) {
        if (armed) ui.exit_requested = true;
        else ui.exit_armed_until = ui.now + 5.0;
    }
    if (armed) ui.animating = true;  // the label goes back after five seconds
}

} // namespace

void DrawStaff(Ui& ui) {
    // Staff read the panel in the kiosk's own language, whatever the last family chose.
    ui.tr.SetLanguage(ui.config.default_language);
    TopBar(ui, ui.Tr("Staff"));
    if (!ui.staff) {
        ui.model.Home();
        return;
    }
    StaffGate& gate = *ui.staff;
    if (gate.Step() != StaffStep::Open) {
        ui.app.Review().Close();
        DrawPin(ui, gate);
    } else if (ui.app.StaffReleaseForm().IsOpen()) {
        ui.app.Review().Close();
        DrawStaffRelease(ui);
    } else if (ui.app.Review().IsOpen()) {
        DrawReview(ui);
    } else {
        DrawPanel(ui);
    }
}

} // namespace kiosk
