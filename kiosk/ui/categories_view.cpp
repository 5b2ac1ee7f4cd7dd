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
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(ui.Tr("The directory is empty right now. Please ask at the front desk.").c_str());
        ImGui::PopTextWrapPos();
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
    for (size_t i = 0; i < categories.size(); ++i) {
        const auto& c = categories[i];
        // A directory that names its categories in English only still shows them in the
        // family's language where the kiosk's translations know the name.
        const std::string name = ui.Tr(c.name);
        if (i % columns) ImGui::SameLine(0, gap);
        if (Tap(ui, "category." + c.code, tile_width, tile_height)) ui.model.OpenCategory(c.id, name);
        render::DrawCard(p.surface, p.surface_down, ui.em * 0.5f, ImGui::GetStyle().FrameBorderSize + 1.5f, p.border);
        const ImVec2 min = ImGui::GetItemRectMin();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        if (ui.fonts.icons_found) {
            draw->AddText(ui.fonts.icons, ui.fonts.icons->FontSize, ImVec2(min.x + ui.em * 0.7f, min.y + ui.em * 0.5f), p.accent,
                          CategoryIcon(c.code));
        }
        // The name sits just above the count, however many lines it wraps to.
        const float wrap = tile_width - ui.em * 1.4f;
        const ImVec2 name_size = ui.fonts.body->CalcTextSizeA(ui.fonts.body->FontSize, FLT_MAX, wrap, name.c_str());
        const float count_y = min.y + tile_height - ui.fonts.small->FontSize - ui.em * 0.4f;
        const float text_y = std::max(min.y + ui.em * 0.5f, count_y - name_size.y - ui.em * 0.15f);
        draw->PushClipRect(min, ImVec2(min.x + tile_width, min.y + tile_height), true);
        draw->AddText(ui.fonts.body, ui.fonts.body->FontSize, ImVec2(min.x + ui.em * 0.7f, text_y), p.text, name.c_str(), nullptr,
                      tile_width - ui.em * 1.4f);
        draw->PopClipRect();
        const std::string count = Fill(ui.Tr(c.services == 1 ? "{n} service" : "{n} services"), "{n}", std::to_string(c.services));
        EllipsisText(ui, ui.fonts.small, p.muted, min.x + ui.em * 0.7f, min.y + tile_height - ui.fonts.small->FontSize - ui.em * 0.4f,
                     min.x + tile_width - ui.em * 0.5f, count);
    }
    ImGui::Dummy(ImVec2(1, ui.em));
    ui.animating |= ui.categories_scroll.Animating();
    ImGui::EndChild();
}

} // namespace kiosk
