// Categories: icon tiles with names and service counts, and a search button.
#include <imgui.h>

#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

void DrawCategories(Ui& ui) {
    const render::Palette& p = *ui.palette;
    TopBar(ui, ui.Tr("What do you need help with?"));
    const float search_height = std::max(ui.em * 2.8f, 64.0f);
    if (BigButton(ui, "categories.search", render::icon::kSearch, ui.Tr("Search by word"), ImGui::GetContentRegionAvail().x,
                  search_height, false)) {
        ui.model.OpenSearch();
    }
    const auto& categories = ui.directory.Categories(ui.model.Language());
    if (categories.empty()) {
        ImGui::PushFont(ui.fonts.heading);
        TextBlock(ui, ui.Tr("The directory is empty right now. Please ask at the front desk."));
        ImGui::PopFont();
        return;
    }
    ImGui::BeginChild("categories", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.categories_scroll.Update(ui.model.Visit(Screen::Categories));
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ui.em * 0.8f;
    const int columns = std::max(2, static_cast<int>((avail + gap) / (ui.em * 11.0f)));
    const float tile_width = (avail - gap * (columns - 1)) / columns;
    const float tile_height = std::max(ui.em * 6.5f, 110.0f);
    const float row_gap = ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 start = ImGui::GetCursorPos();
    for (size_t i = 0; i < categories.size(); ++i) {
        const auto& c = categories[i];
        // A directory that names its categories in English only still shows them in the
        // family's language where the kiosk's translations know the name.
        const std::string name = ui.Tr(c.name);
        // Tiles in reading order: from the top left, or the top right right to left.
        const size_t column = i % columns, row = i / columns;
        ImGui::SetCursorPos(ImVec2(MirrorX(ui, start.x + column * (tile_width + gap), tile_width, start.x, start.x + avail),
                                   start.y + row * (tile_height + row_gap)));
        if (Tap(ui, "category." + c.code, tile_width, tile_height)) ui.model.OpenCategory(c.id, name);
        render::DrawCard(p.surface, p.surface_down, ui.em * 0.5f, ImGui::GetStyle().FrameBorderSize + 1.5f, p.border);
        const ImVec2 min = ImGui::GetItemRectMin();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        if (ui.fonts.icons_found) {
            const char* icon = CategoryIcon(c.code);
            const float icon_w = ui.fonts.icons->CalcTextSizeA(ui.fonts.icons->FontSize, FLT_MAX, 0, icon).x;
            draw->AddText(ui.fonts.icons, ui.fonts.icons->FontSize,
                          ImVec2(MirrorX(ui, min.x + ui.em * 0.7f, icon_w, min.x, min.x + tile_width), min.y + ui.em * 0.5f), p.accent, icon);
        }
        // The name sits just above the count, however many lines it wraps to.
        const float wrap = tile_width - ui.em * 1.4f;
        const ImVec2 name_size = MeasureText(ui, ui.fonts.body, name, wrap);
        const float count_y = min.y + tile_height - ui.fonts.small->FontSize - ui.em * 0.4f;
        const float text_y = std::max(min.y + ui.em * 0.5f, count_y - name_size.y - ui.em * 0.15f);
        draw->PushClipRect(min, ImVec2(min.x + tile_width, min.y + tile_height), true);
        DrawText(ui, draw, ui.fonts.body, ImVec2(min.x + ui.em * 0.7f, text_y), p.text, name, wrap);
        draw->PopClipRect();
        const std::string count = Fill(ui.Tr(c.services == 1 ? "{n} service" : "{n} services"), "{n}", std::to_string(c.services));
        EllipsisText(ui, ui.fonts.small, p.muted, min.x + ui.em * 0.7f, min.y + tile_height - ui.fonts.small->FontSize - ui.em * 0.4f,
                     min.x + tile_width - ui.em * 0.5f, count);
    }
    const size_t rows = (categories.size() + columns - 1) / columns;
    ImGui::SetCursorPos(ImVec2(start.x, start.y + rows * (tile_height + row_gap)));
    ImGui::Dummy(ImVec2(1, ui.em));
    ui.animating |= ui.categories_scroll.Animating();
    ImGui::EndChild();
}

} // namespace kiosk
