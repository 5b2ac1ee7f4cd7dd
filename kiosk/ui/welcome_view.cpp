// Welcome (attract) screen: school name, clock, the big choices, languages in their own names.
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
    const float left = origin.x, right = origin.x + avail.x;
    ImDrawList* draw = ImGui::GetWindowDrawList();

    // School name at the start of the line, the clock at its end.
    const std::string clock = ClockTime(ui.local_now.minute_of_day, ui.model.Language());
    const float clock_width = MeasureText(ui, ui.fonts.title, clock).x;
    const float name_width = avail.x - clock_width - ui.em;
    EllipsisText(ui, ui.fonts.title, p.text, MirrorX(ui, left, name_width, left, right), origin.y,
                 MirrorX(ui, left, name_width, left, right) + name_width, ui.config.school_name);
    DrawText(ui, draw, ui.fonts.title, ImVec2(MirrorX(ui, right - clock_width, clock_width, left, right), origin.y), p.muted, clock);
    float y = origin.y + ui.fonts.title->FontSize + ui.em * 0.4f;
    const ImVec2 welcome = DrawText(ui, draw, ui.fonts.heading, ImVec2(left, y), p.muted, ui.Tr("Welcome! How can we help you today?"),
                                    avail.x);
    y += welcome.y + ui.em * 1.0f;

    // Languages, each named in itself, then the display modes: one row when they fit, else the
    // languages on two rows (six of them at 800x480), every button at least 52 px tall.
    const auto& languages = ui.config.languages;
    const float gap = ui.em;
    const float small_gap = ui.em * 0.5f;
    const float mode_width = std::min(ui.em * 7.5f, avail.x * 0.16f);
    const float languages_space = avail.x - 2 * (mode_width + small_gap) - small_gap;
    float widest = 0;
    for (const auto& code : languages) widest = std::max(widest, MeasureText(ui, ui.fonts.body, Endonym(code)).x);
    const float needed = widest + ui.em * 1.2f;
    const size_t count = std::max<size_t>(languages.size(), 1);
    // Two rows at most (the big choices keep their room); a name that does not fit its button
    // is set smaller by BigButton.
    size_t per_row = count;
    while (per_row > (count + 1) / 2 && (languages_space - small_gap * (per_row - 1)) / per_row < needed) --per_row;
    const size_t rows = (count + per_row - 1) / per_row;
    const float row_height = rows == 1 ? std::max(ui.em * 3.0f, 64.0f) : std::max(ui.em * 2.4f, 56.0f);
    const float languages_height = row_height * rows + small_gap * (rows - 1);
    const float language_width = std::min(ui.em * 8.5f, (languages_space - small_gap * (per_row - 1)) / per_row);

    // The big choices between: find help, check in, and (where the roster has authorized
    // adults) pick up a child.
    const float choice_height = std::max(avail.y - (y - origin.y) - languages_height - ui.em * 1.2f, ui.em * 5);
    const bool pickup = ui.app.PickupAvailable();
    const int choices = pickup ? 3 : 2;
    const float choice_width = (avail.x - gap * (choices - 1)) / choices;
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, left, choice_width, left, right), y));
    if (BigButton(ui, "welcome.find_help", render::icon::kSearch, ui.Tr("Find help"), choice_width, choice_height, true)) {
        ui.model.Go(Screen::Categories);
    }
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, left + choice_width + gap, choice_width, left, right), y));
    if (BigButton(ui, "welcome.check_in", render::icon::kCheckIn, ui.Tr("Student check-in"), choice_width, choice_height, true)) {
        ui.model.Go(Screen::CheckIn);
        if (ui.checkin) ui.checkin->Reset();
    }
    if (pickup) {
        ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, left + 2 * (choice_width + gap), choice_width, left, right), y));
        if (BigButton(ui, "welcome.pickup", render::icon::kFamily, ui.Tr("Pick up a child"), choice_width, choice_height, true)) {
            ui.app.Pickup().Begin();
            ui.model.Go(Screen::Pickup);
        }
    }

    const float bottom = origin.y + avail.y;
    for (size_t i = 0; i < languages.size(); ++i) {
        const std::string& code = languages[i];
        const size_t row = i / per_row, column = i % per_row;
        const float x = left + column * (language_width + small_gap);
        ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, x, language_width, left, right), bottom - languages_height + row * (row_height + small_gap)));
        const bool current = code == ui.model.Language();
        // The check mark where there is room for it; the filled button says it too.
        const bool room_for_mark = language_width >= needed + ui.em * 1.3f;
        if (BigButton(ui, "language." + code, current && room_for_mark ? render::icon::kCheckCircle : nullptr, Endonym(code),
                      language_width, row_height, current)) {
            ui.model.SetLanguage(code);
        }
    }
    const float mode_x = right - 2 * mode_width - small_gap;
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, mode_x, mode_width, left, right), bottom - languages_height));
    if (BigButton(ui, "display.contrast", nullptr, ui.Tr("High contrast"), mode_width, languages_height, ui.model.HighContrast())) {
        ui.model.ToggleHighContrast();
    }
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, mode_x + mode_width + small_gap, mode_width, left, right), bottom - languages_height));
    if (BigButton(ui, "display.larger", nullptr, ui.Tr("Larger text"), mode_width, languages_height, ui.model.LargerText())) {
        ui.model.ToggleLargerText();
    }
}

} // namespace kiosk
