// Welcome (attract) screen: school name, clock, two big choices, languages in their own names.
#include <imgui.h>

#include <ctime>

#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {


void DrawWelcome(Ui& ui) {
    const render::Palette& p = *ui.palette;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();

    // School name and clock.
    const std::string clock = ClockTime(ui.local_now.minute_of_day, ui.model.Language());
    const float clock_width = ui.fonts.title->CalcTextSizeA(ui.fonts.title->FontSize, FLT_MAX, 0, clock.c_str()).x;
    EllipsisText(ui, ui.fonts.title, p.text, origin.x, origin.y, origin.x + avail.x - clock_width - ui.em, ui.config.school_name);
    draw->AddText(ui.fonts.title, ui.fonts.title->FontSize, ImVec2(origin.x + avail.x - clock_width, origin.y), p.muted,
                  clock.c_str());
    float y = origin.y + ui.fonts.title->FontSize + ui.em * 0.4f;
    draw->AddText(ui.fonts.heading, ui.fonts.heading->FontSize, ImVec2(origin.x, y), p.muted,
                  ui.Tr("Welcome! How can we help you today?").c_str(), nullptr);
    y += ui.fonts.heading->FontSize + ui.em * 1.2f;

    // Two big choices.
    const float language_row = std::max(ui.em * 3.0f, 64.0f);
    const float gap = ui.em;
    const float choice_height = std::max(avail.y - (y - origin.y) - language_row - ui.em * 2.2f, ui.em * 5);
    const float choice_width = (avail.x - gap) / 2;
    ImGui::SetCursorScreenPos(ImVec2(origin.x, y));
    if (BigButton(ui, "welcome.find_help", render::icon::kSearch, ui.Tr("Find help"), choice_width, choice_height, true)) {
        ui.model.Go(Screen::Categories);
    }
    ImGui::SameLine(0, gap);
    if (BigButton(ui, "welcome.check_in", render::icon::kCheckIn, ui.Tr("Student check-in"), choice_width, choice_height, true)) {
        ui.model.Go(Screen::CheckIn);
        if (ui.checkin) ui.checkin->Reset();
    }

    // Languages, each named in itself, then the display modes.
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - language_row));
    const auto& languages = ui.config.languages;
    const float mode_width = std::min(ui.em * 7.5f, avail.x * 0.16f);
    const float language_width =
        std::min(ui.em * 8.5f, (avail.x - 2 * (mode_width + gap) - gap * (languages.size() - 1)) / languages.size());
    for (size_t i = 0; i < languages.size(); ++i) {
        if (i) ImGui::SameLine(0, gap);
        const std::string& code = languages[i];
        const bool current = code == ui.model.Language();
        if (BigButton(ui, "language." + code, current ? render::icon::kCheckCircle : nullptr, Endonym(code), language_width,
                      language_row, current)) {
            ui.model.SetLanguage(code);
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x + avail.x - 2 * mode_width - gap, origin.y + avail.y - language_row));
    if (BigButton(ui, "display.contrast", nullptr, ui.Tr("High contrast"), mode_width, language_row,
                  ui.model.HighContrast())) {
        ui.model.ToggleHighContrast();
    }
    ImGui::SameLine(0, gap);
    if (BigButton(ui, "display.larger", nullptr, ui.Tr("Larger text"), mode_width, language_row,
                  ui.model.LargerText())) {
        ui.model.ToggleLargerText();
    }
}

} // namespace kiosk
