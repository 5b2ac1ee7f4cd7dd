// Pieces every screen shares, and the frame's top-level layout. See views.h.
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
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

bool Rtl(const Ui& ui) { return RightToLeft(ui.tr.Language()); }

float MirrorX(const Ui& ui, float x, float w, float left, float right) {
    return Rtl(ui) ? left + right - x - w : x;
}

ImVec2 MeasureText(Ui& ui, ImFont* font, const std::string& text, float wrap) {
    const auto& lines = ui.fonts.complex->Wrap(font, text, wrap > 0 ? wrap : FLT_MAX);
    float width = 0;
    for (const auto& line : lines) width = std::max(width, line.width);
    return ImVec2(width, font->FontSize * static_cast<float>(lines.size()));
}

ImVec2 DrawText(Ui& ui, ImDrawList* draw, ImFont* font, ImVec2 pos, uint32_t color, const std::string& text, float box_width,
                bool wrap, TextAlign align) {
    const auto& lines = ui.fonts.complex->Wrap(font, text, wrap && box_width > 0 ? box_width : FLT_MAX);
    float width = 0;
    for (const auto& line : lines) width = std::max(width, line.width);
    const float box = box_width > 0 ? box_width : width;
    if (align == TextAlign::Start && Rtl(ui)) align = TextAlign::End;
    else if (align == TextAlign::End && Rtl(ui)) align = TextAlign::Start;
    float y = pos.y;
    for (const auto& line : lines) {
        // A character no font has is drawn as ImGui's '?': say which, for the screenshot tests.
        for (char32_t c : line.missing) {
            if (ui.missing_glyphs.size() >= 50) break;
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X ", static_cast<unsigned>(c));
            ui.missing_glyphs.push_back(code + text);
        }
        const float x = align == TextAlign::Start ? pos.x : align == TextAlign::Center ? pos.x + (box - line.width) / 2 : pos.x + box - line.width;
        draw->AddText(font, font->FontSize, ImVec2(x, y), color, line.visual.c_str(), line.visual.c_str() + line.visual.size());
        y += font->FontSize;
    }
    return ImVec2(width, y - pos.y);
}

void TextBlock(Ui& ui, const std::string& text, float width) {
    if (width <= 0) {
        // As ImGui::TextWrapped: to the pushed wrap position, else the content region's edge.
        ImGuiWindow* window = ImGui::GetCurrentWindow();
        width = std::max(1.0f, ImGui::CalcWrapWidthForPos(window->DC.CursorPos, std::max(0.0f, window->DC.TextWrapPos)));
    }
    ImFont* font = ImGui::GetFont();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size = DrawText(ui, ImGui::GetWindowDrawList(), font, pos, ImGui::GetColorU32(ImGuiCol_Text), text, width);
    ImGui::Dummy(ImVec2(width, std::max(size.y, font->FontSize)));
}

void EllipsisText(Ui& ui, ImFont* font, uint32_t color, float x, float y, float max_x, const std::string& text) {
    const float box = std::max(0.0f, max_x - x);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (MeasureText(ui, font, text).x <= box) {
        DrawText(ui, draw, font, ImVec2(x, y), color, text, box, false);
        return;
    }
    ui.clipped.push_back(text);
    // The longest start of the text that fits with "…" after it (at its logical end, so on
    // the left of a right-to-left line), cut between characters.
    std::vector<size_t> starts;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    auto prefix = [&](size_t kept) {
        std::string start = text.substr(0, kept < starts.size() ? starts[kept] : text.size());
        while (!start.empty() && start.back() == ' ') start.pop_back();
        return start + "…";
    };
    size_t low = 0, high = starts.empty() ? 0 : starts.size() - 1;
    while (low < high) {
        const size_t mid = (low + high + 1) / 2;
        if (MeasureText(ui, font, prefix(mid)).x <= box) low = mid;
        else high = mid - 1;
    }
    DrawText(ui, draw, font, ImVec2(x, y), color, prefix(low), box, false);
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
    ImVec2 text_size = MeasureText(ui, font, label, width - ui.em);
    // A long translation: a smaller size rather than overflow, or a word broken in two.
    auto words_fit = [&](ImFont* f) {
        size_t start = 0;
        while (start <= label.size()) {
            size_t end = label.find(' ', start);
            if (end == std::string::npos) end = label.size();
            if (end > start && MeasureText(ui, f, label.substr(start, end - start)).x > width - ui.em) return false;
            start = end + 1;
        }
        return true;
    };
    if (text_size.y > height - ui.em * 0.3f || !words_fit(font)) {
        font = ui.fonts.small;
        text_size = MeasureText(ui, font, label, width - ui.em);
    }
    if (icon && ui.fonts.icons_found && height > ui.em * 4) {
        // Tall buttons: a large icon above the label.
        ImFont* icons = ui.fonts.icons;
        const ImVec2 icon_size = icons->CalcTextSizeA(icons->FontSize, FLT_MAX, 0, icon);
        const float total = icon_size.y + text_size.y + ui.em * 0.3f;
        const float top = min.y + (height - total) / 2;
        draw->AddText(icons, icons->FontSize, ImVec2(min.x + (width - icon_size.x) / 2, top), ink, icon);
        DrawText(ui, draw, font, ImVec2(min.x + ui.em * 0.5f, top + icon_size.y + ui.em * 0.3f), ink, label, width - ui.em, true,
                 TextAlign::Center);
    } else {
        // An icon beside the label, before it in the reading direction.
        float icon_w = 0;
        ImVec2 icon_size;
        if (icon && ui.fonts.icons_found) {
            icon_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, icon);
            icon_w = icon_size.x + ui.em * 0.3f;
        }
        const float total = text_size.x + icon_w;
        const float x = min.x + (width - total) / 2;
        const float label_x = Rtl(ui) ? x : x + icon_w;
        if (icon_w > 0) {
            const float icon_x = Rtl(ui) ? x + text_size.x + ui.em * 0.3f : x;
            draw->AddText(font, font->FontSize, ImVec2(icon_x, min.y + (height - icon_size.y) / 2), ink, icon);
        }
        DrawText(ui, draw, font, ImVec2(label_x, min.y + (height - text_size.y) / 2), ink, label, text_size.x, true,
                 TextAlign::Center);
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
                const ImVec2 size = MeasureText(ui, font, key);
                const ImVec2 min = ImGui::GetItemRectMin();
                DrawText(ui, ImGui::GetWindowDrawList(), font, ImVec2(min.x + (key_w - size.x) / 2, min.y + (key_h - size.y) / 2), p.text, key);
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
    // Back where reading starts (the left, or the right in a right-to-left language), Home
    // at the other end.
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, origin.x, button, origin.x, origin.x + width), origin.y));
    if (BigButton(ui, "nav.back", Rtl(ui) ? render::icon::kForward : render::icon::kBack, ui.Tr("Back"), button, height, false)) {
        ui.model.Back();
    }
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, origin.x + width - button, button, origin.x, origin.x + width), origin.y));
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
            size = MeasureText(ui, candidate, title, wrap);
            if (size.y <= height - ui.em * 0.2f) {
                font = candidate;
                break;
            }
        }
        if (font) {
            DrawText(ui, ImGui::GetWindowDrawList(), font, ImVec2(left, origin.y + (height - size.y) / 2), p.text, title, wrap);
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
    ui.missing_glyphs.clear();
    ui.animating = false;
    ui.keys_taken = false;
    CatchUpWithSession(ui);
    TakeScan(ui);
    ui.palette = &render::PaletteFor(ui.model.HighContrast());
    ui.tr.SetLanguage(ui.model.Language());  // a language tap applies to this very frame
    ui.fonts.complex->SetRightToLeft(Rtl(ui));
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
        case Screen::Pickup: DrawPickup(ui); break;
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
    ImGui::PushFont(ui.fonts.title);
    TextBlock(ui, ui.Tr("Are you still there?"), w - 2 * ui.em);
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(min.x + ui.em, ImGui::GetCursorScreenPos().y + ui.em * 0.3f));
    TextBlock(ui, Fill(ui.Tr("Starting over in {seconds} seconds"), "{seconds}", std::to_string(ui.model.StillThereSecondsLeft(ui.now))),
              w - 2 * ui.em);
    ImGui::SetCursorScreenPos(ImVec2(min.x + ui.em, min.y + h - ui.em * 4.2f));
    if (BigButton(ui, "still_there.yes", render::icon::kCheckCircle, ui.Tr("I'm still here"), w - 2 * ui.em, ui.em * 3.2f, true)) {
        ui.model.StillHere(ui.now);
    }
    ImGui::End();
}

} // namespace kiosk
