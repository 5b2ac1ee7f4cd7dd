// Pieces every screen shares, and the frame's top-level layout. See views.h.
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <ctime>
#include <initializer_list>

#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

bool Tap(Ui& ui, const std::string& name, float width, float height) {
    const bool tapped = render::TapArea(name.c_str(), width, height);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    // Only the part a finger can reach counts: clipped by the list it sits in.
    ui.target_sizes[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    ImRect visible(min, max);
    visible.ClipWith(clip);
    if (visible.GetWidth() > 4 && visible.GetHeight() > 4) {
        ui.targets[name] = {visible.Min.x, visible.Min.y, visible.GetWidth(), visible.GetHeight()};
    }
    return tapped;
}

void EllipsisText(Ui& ui, ImFont* font, uint32_t color, float x, float y, float max_x, const std::string& text) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    if (x + size.x > max_x) ui.clipped.push_back(text);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), ImVec2(x, y), ImVec2(max_x, y + size.y), max_x, max_x,
                              text.c_str(), nullptr, &size);
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

bool BigButton(Ui& ui, const std::string& name, const char* icon, const std::string& label, float width, float height,
               bool primary) {
    return BigButton(ui, name, icon, label, width, height, primary, primary ? ui.palette->accent : 0);
}

bool BigButton(Ui& ui, const std::string& name, const char* icon, const std::string& label, float width, float height,
               bool primary, uint32_t primary_fill) {
    const render::Palette& p = *ui.palette;
    const bool tapped = Tap(ui, name, width, height);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool pressed = render::LastItemPressed();
    const uint32_t fill = primary ? (pressed ? p.text : primary_fill) : (pressed ? p.surface_down : p.surface);
    const uint32_t ink = primary ? p.accent_text : p.text;
    draw->AddRectFilled(min, max, fill, ui.em * 0.5f);
    if (!primary) draw->AddRect(min, max, p.border, ui.em * 0.5f, 0, ImGui::GetStyle().FrameBorderSize + 1.5f);
    ImFont* font = height > ui.em * 4 ? ui.fonts.heading : ui.fonts.body;
    ImVec2 text_size = font->CalcTextSizeA(font->FontSize, width - ui.em, width - ui.em, label.c_str());
    if (text_size.y > height - ui.em * 0.3f) {  // a long translation: a smaller size rather than overflow
        font = ui.fonts.small;
        text_size = font->CalcTextSizeA(font->FontSize, width - ui.em, width - ui.em, label.c_str());
    }
    if (icon && ui.fonts.icons_found && height > ui.em * 4) {
        // Tall buttons: a large icon above the label.
        ImFont* icons = ui.fonts.icons;
        const ImVec2 icon_size = icons->CalcTextSizeA(icons->FontSize, FLT_MAX, 0, icon);
        const float total = icon_size.y + text_size.y + ui.em * 0.3f;
        const float top = min.y + (height - total) / 2;
        draw->AddText(icons, icons->FontSize, ImVec2(min.x + (width - icon_size.x) / 2, top), ink, icon);
        draw->AddText(font, font->FontSize, ImVec2(min.x + (width - text_size.x) / 2, top + icon_size.y + ui.em * 0.3f), ink,
                      label.c_str(), nullptr, width - ui.em);
    } else {
        float x = min.x + (width - text_size.x) / 2;
        if (icon && ui.fonts.icons_found) {
            const ImVec2 icon_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, icon);
            x += (icon_size.x + ui.em * 0.3f) / 2;
            draw->AddText(font, font->FontSize, ImVec2(x - icon_size.x - ui.em * 0.3f, min.y + (height - icon_size.y) / 2), ink, icon);
        }
        draw->AddText(font, font->FontSize, ImVec2(x, min.y + (height - text_size.y) / 2), ink, label.c_str(), nullptr,
                      width - ui.em);
    }
    return tapped;
}

KeypadPress DigitKeypad(Ui& ui, const std::string& prefix, float width) {
    KeypadPress press;
    const float gap = ui.em * 0.5f;
    const float height = ImGui::GetContentRegionAvail().y;
    const float key_h = (height - gap * 3) / 4;
    const float key_w = std::min((width - gap * 2) / 3, key_h * 2.2f);
    const float left = ImGui::GetCursorPosX() + (width - (key_w * 3 + gap * 2)) / 2;
    const char* keys[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"erase", "0", "enter"}};
    for (int r = 0; r < 4; ++r) {
        ImGui::SetCursorPosX(left);
        for (int c = 0; c < 3; ++c) {
            if (c) ImGui::SameLine(0, gap);
            const std::string key = keys[r][c];
            if (key == "erase") {
                if (BigButton(ui, prefix + ".erase", render::icon::kBackspace, ui.Tr("Erase"), key_w, key_h, false)) press.erase = true;
            } else if (key == "enter") {
                if (BigButton(ui, prefix + ".enter", render::icon::kEnter, ui.Tr("Enter"), key_w, key_h, true)) press.enter = true;
            } else {
                // Digits large, as on a phone's keypad: they are what a child reads.
                if (Tap(ui, prefix + "." + key, key_w, key_h)) press.digit = key[0];
                const render::Palette& p = *ui.palette;
                render::DrawCard(p.surface, p.surface_down, ui.em * 0.5f, ImGui::GetStyle().FrameBorderSize + 1.5f, p.border);
                ImFont* font = key_h > ui.fonts.title->FontSize * 1.6f ? ui.fonts.title : ui.fonts.heading;
                const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, key.c_str());
                const ImVec2 min = ImGui::GetItemRectMin();
                ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(min.x + (key_w - size.x) / 2, min.y + (key_h - size.y) / 2),
                                                    p.text, key.c_str());
            }
        }
    }
    return press;
}

float TopBarHeight(const Ui& ui) { return std::max(ui.em * 2.9f, 56.0f); }

BarSlot TopBar(Ui& ui, const std::string& title) {
    const render::Palette& p = *ui.palette;
    const float height = TopBarHeight(ui);
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float button = std::max(height * 2.4f, ui.em * 6.5f);
    if (BigButton(ui, "nav.back", render::icon::kBack, ui.Tr("Back"), button, height, false)) ui.model.Back();
    ImGui::SameLine(width - button + ImGui::GetStyle().WindowPadding.x);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + width - button, origin.y));
    if (BigButton(ui, "nav.home", render::icon::kHome, ui.Tr("Home"), button, height, false)) ui.model.Home();
    const float gap = ui.em * 0.8f;
    if (!title.empty()) {
        // One line in the heading size when it fits; else wrapped on two lines, in the
        // heading size or, failing that, the body size; only a title longer still is cut.
        const float left = origin.x + button + gap, right = origin.x + width - button - gap;
        const float wrap = right - left;
        ImFont* font = nullptr;
        ImVec2 size;
        for (ImFont* candidate : {ui.fonts.heading, ui.fonts.body}) {
            size = candidate->CalcTextSizeA(candidate->FontSize, FLT_MAX, wrap, title.c_str());
            if (size.y <= height - ui.em * 0.2f) {
                font = candidate;
                break;
            }
        }
        if (font) {
            ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(left, origin.y + (height - size.y) / 2), p.text,
                                                title.c_str(), nullptr, wrap);
        } else {
            EllipsisText(ui, ui.fonts.body, p.text, left, origin.y + (height - ui.fonts.body->FontSize) / 2, right, title);
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height + ui.em * 0.6f));
    return {ImVec2(origin.x + button + gap * 0.5f, origin.y), ImVec2(origin.x + width - button - gap * 0.5f, origin.y + height)};
}

const char* CategoryIcon(const std::string& code) {
    using namespace render::icon;
    if (code == "tutoring") return kBook;
    if (code == "counselling" || code == "counseling" || code == "mental-health") return kPsychology;
    if (code == "food") return kFood;
    if (code == "housing") return kHouse;
    if (code == "health") return kHealth;
    if (code == "financial") return kSavings;
    if (code == "mentoring") return kHandshake;
    if (code == "college-career") return kWork;
    if (code == "transportation") return kBus;
    if (code == "technology") return kComputer;
    if (code == "reintegration") return kSchool;
    if (code == "family") return kFamily;
    return kSupport;
}

bool ScreenScroll::Update(uint64_t current_visit) {
    const bool reset = current_visit != visit;
    if (reset) {
        ImGui::SetScrollY(0.0f);  // applied as the window next begins
        kinetic.Stop();
        visit = current_visit;
    }
    kinetic.Update();
    return reset;
}

// What a visitor left in the Ui itself (not in the models) goes with their session: the
// keyboard's layer, an armed Exit. (KioskApp clears the check-in, the PIN and the panel.)
void CatchUpWithSession(Ui& ui) {
    if (ui.session_seen == ui.model.SessionsReset()) return;
    ui.session_seen = ui.model.SessionsReset();
    ui.keyboard = KeyboardModel{};
    ui.exit_armed_until = -1;
}

// A badge scanner types on every screen: its id and Enter go to KioskApp::Scan, which ends
// the session on screen and starts that student's check-in. Keys that are not a scan stay
// for the screen (the search box, the check-in keypad).
void TakeScan(Ui& ui) {
    ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned int c = io.InputQueueCharacters[i];
        typed += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : ' ';  // not ASCII: typing, not a badge
    }
    ScanDetector& scanner = ui.app.Scanner();
    if (!typed.empty()) scanner.Typed(typed, ui.now);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) scanner.Erase();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))) {
        const std::optional<std::string> scan = scanner.Enter(ui.now);
        if (scan && ui.app.Scan(*scan)) {
            io.InputQueueCharacters.resize(0);
            ui.keys_taken = true;
            CatchUpWithSession(ui);
        }
    }
}

void DrawKiosk(Ui& ui) {
    ui.targets.clear();
    ui.target_sizes.clear();
    ui.clipped.clear();
    ui.animating = false;
    ui.keys_taken = false;
    CatchUpWithSession(ui);
    TakeScan(ui);
    ui.palette = &render::PaletteFor(ui.model.HighContrast());
    ui.tr.SetLanguage(ui.model.Language());  // a language tap applies to this very frame
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::PushFont(ui.fonts.body);
    ImGui::Begin("kiosk", nullptr, flags);
    if (ui.staff) {
        // Staff hold the top-left corner for three seconds (a child tapping there only goes Back).
        const ImGuiIO& io = ImGui::GetIO();
        const float corner = std::max(ui.em * 3.0f, 48.0f);
        const bool in_corner = io.MousePos.x >= viewport->Pos.x && io.MousePos.y >= viewport->Pos.y &&
                               io.MousePos.x < viewport->Pos.x + corner && io.MousePos.y < viewport->Pos.y + corner;
        if (ui.staff_hold.Update(io.MouseDown[0], in_corner, ui.now) && ui.model.Current() != Screen::Staff) {
            ImGui::ClearActiveID();  // the Back button under the finger must not fire on release
            ui.staff->Begin();
            ui.model.Go(Screen::Staff);
        }
        if (ui.staff_hold.Holding()) ui.animating = true;  // a frame at the three-second mark
        if (ui.model.Current() != Screen::Staff && ui.staff->Step() != StaffStep::EnterPin) ui.staff->Close();
    }
    switch (ui.model.Current()) {
        case Screen::Welcome: DrawWelcome(ui); break;
        case Screen::Categories: DrawCategories(ui); break;
        case Screen::ServiceList: DrawServiceList(ui); break;
        case Screen::ServiceDetail: DrawServiceDetail(ui); break;
        case Screen::Search: DrawSearch(ui); break;
        case Screen::CheckIn: DrawCheckIn(ui); break;
        case Screen::Staff: DrawStaff(ui); break;
    }
    ImGui::End();
    if (ui.model.AskingStillThere()) DrawStillThere(ui);
    ImGui::PopFont();
}

void DrawStillThere(Ui& ui) {
    const render::Palette& p = *ui.palette;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0.55f));
    ImGui::Begin("still-there", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    const float w = std::min(viewport->Size.x * 0.8f, ui.em * 26);
    const float h = std::min(viewport->Size.y * 0.8f, ui.em * 13);
    const ImVec2 min(viewport->Pos.x + (viewport->Size.x - w) / 2, viewport->Pos.y + (viewport->Size.y - h) / 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, ImVec2(min.x + w, min.y + h), p.surface, ui.em * 0.6f);
    ImGui::SetCursorScreenPos(ImVec2(min.x + ui.em, min.y + ui.em));
    ImGui::PushTextWrapPos(min.x + w - ui.em);
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextWrapped("%s", ui.Tr("Are you still there?").c_str());
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(min.x + ui.em, ImGui::GetCursorScreenPos().y + ui.em * 0.3f));
    ImGui::TextWrapped("%s", 
                       Fill(ui.Tr("Starting over in {seconds} seconds"), "{seconds}",
                            std::to_string(ui.model.StillThereSecondsLeft(ui.now))).c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos(ImVec2(min.x + ui.em, min.y + h - ui.em * 4.2f));
    if (BigButton(ui, "still_there.yes", render::icon::kCheckCircle, ui.Tr("I'm still here"), w - 2 * ui.em, ui.em * 3.2f, true)) {
        ui.model.StillHere(ui.now);
    }
    ImGui::End();
}

} // namespace kiosk
