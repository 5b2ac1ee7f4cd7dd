// Search with the on-screen keyboard: results update as you type; a friendly empty state.
#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>

#include "kiosk/ui/views.h"

#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

namespace {

// A physical keyboard (or a USB scanner) types here too.
void TakePhysicalKeys(Ui& ui, std::string& text) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned int c = io.InputQueueCharacters[i];
        if (c < 0x20 || c == 0x7F) continue;
        char utf8[5] = {};
        ImTextCharToUtf8(utf8, c);
        if (text.size() + std::strlen(utf8) <= KeyboardModel::kMaxTextBytes) text += utf8;
    }
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !text.empty()) EraseLastCharacter(text);
    (void)ui;
}

std::string KeyLabelName(const Key& key) {
    switch (key.action) {
        case Key::Action::Backspace: return "backspace";
        case Key::Action::Space: return "space";
        case Key::Action::Clear: return "clear";
        default: return key.label;
    }
}

std::string KeyLabel(const Key& key, const Ui& ui) {
    if (key.action == Key::Action::Backspace) return ui.fonts.icons_found ? render::icon::kBackspace : "<-";
    if (key.action == Key::Action::Space) return ui.Tr("space");
    if (key.action == Key::Action::Clear) return ui.Tr("clear");
    return key.label;
}

void DrawKeyboard(Ui& ui, std::string& text, float height) {
    const render::Palette& p = *ui.palette;
    const auto& rows = ui.keyboard.Rows();
    const float width = ImGui::GetContentRegionAvail().x;
    const float gap = ui.em * 0.35f;
    const float key_height = (height - gap * (rows.size() - 1)) / rows.size();
    const float unit = (width - gap * 9) / 10.0f;
    int row_number = 0;
    for (const auto& row : rows) {
        float row_units = 0;
        for (const Key& k : row) row_units += k.width;
        const float row_width = row_units * unit + gap * (row.size() - 1);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - row_width) / 2);
        int column = 0;
        for (const Key& key : row) {
            if (column) ImGui::SameLine(0, gap);
            const std::string name = key.action == Key::Action::Insert ? "key." + key.label
                : key.action == Key::Action::Layer ? "key.layer." + key.label
                : key.action == Key::Action::Tone ? "key.tone." + std::to_string(key.tone)
                : "key." + KeyLabelName(key);
            const bool special = key.action != Key::Action::Insert;
            const float w = key.width * unit + gap * (key.width - 1);
            if (Tap(ui, name, w, key_height)) ui.keyboard.Press(key, text);
            render::DrawCard(special ? p.surface_down : p.surface, p.border, ui.em * 0.3f, ImGui::GetStyle().FrameBorderSize + 1.0f, p.border);
            const std::string label_text = KeyLabel(key, ui);
            const char* label = label_text.c_str();
            ImFont* font = ui.fonts.heading;
            const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label);
            const ImVec2 min = ImGui::GetItemRectMin();
            ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(min.x + (w - size.x) / 2, min.y + (key_height - size.y) / 2),
                                                p.text, label);
            ++column;
        }
        ++row_number;
    }
}

} // namespace

void DrawSearch(Ui& ui) {
    const render::Palette& p = *ui.palette;
    std::string& text = ui.model.SearchText();
    TakePhysicalKeys(ui, text);
    TopBar(ui, ui.Tr("Search"));

    // The text being typed, in a box that looks like a field, with a caret.
    const float field_height = ui.fonts.heading->FontSize + ui.em;
    const ImVec2 field_min = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(field_min, ImVec2(field_min.x + width, field_min.y + field_height), p.surface, ui.em * 0.4f);
    draw->AddRect(field_min, ImVec2(field_min.x + width, field_min.y + field_height), p.accent, ui.em * 0.4f, 0, 2.5f);
    const std::string shown = text.empty() ? ui.Tr("Type a word, like food or tutoring") : text + "|";
    EllipsisText(ui, ui.fonts.heading, text.empty() ? p.muted : p.text, field_min.x + ui.em * 0.6f, field_min.y + ui.em * 0.5f,
                 field_min.x + width - ui.em * 0.6f, shown);
    ImGui::Dummy(ImVec2(width, field_height));

    const float keyboard_height = ImGui::GetContentRegionAvail().y * 0.55f;
    const float results_height = ImGui::GetContentRegionAvail().y - keyboard_height - ui.em * 0.6f;
    ImGui::BeginChild("results", ImVec2(0, results_height), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.search_scroll.Update(ui.model.Visit(Screen::Search));
    if (!text.empty()) {
        const SearchModel::Results found = ui.search.Find(ui.model, ui.config, ui.local_now);
        const bool waiting = found.waiting;
        const int matched = found.matched;
        const auto& results = *found.services;
        if (results.empty() && waiting) {
            // The answer is on its way: nothing yet rather than a false "nothing found".
        } else if (results.empty()) {
            ImGui::PushFont(ui.fonts.heading);
            ImGui::TextWrapped("%s", Fill(ui.Tr("Nothing found for \"{text}\". Try a category:"), "{text}", text).c_str());
            ImGui::PopFont();
            const auto& categories = ui.directory.Categories(ui.model.Language());
            const float gap = ui.em * 0.5f;
            float x = 0;
            const float avail = ImGui::GetContentRegionAvail().x;
            for (const auto& c : categories) {
                const float w = ui.fonts.body->CalcTextSizeA(ui.fonts.body->FontSize, FLT_MAX, 0, c.name.c_str()).x + ui.em * 1.5f;
                if (x > 0 && x + w <= avail) ImGui::SameLine(0, gap);
                else x = 0;
                if (BigButton(ui, "empty.category." + c.code, nullptr, c.name, w, std::max(ui.em * 2.4f, 56.0f), false)) {
                    ui.model.OpenCategory(c.id, c.name);
                }
                x += w + gap;
            }
        } else {
            DrawServiceCards(ui, results, "result.");
            const int more = matched - static_cast<int>(results.size());
            if (more > 0 && !waiting) {
                const std::string label = Fill(ui.Tr("Show more results ({count} more)"), "{count}", std::to_string(more));
                if (BigButton(ui, "search.more", nullptr, label, ImGui::GetContentRegionAvail().x,
                              std::max(ui.em * 2.6f, 64.0f), false)) {
                    ui.model.ShowMoreResults();
                }
            }
        }
    }
    ui.animating |= ui.search_scroll.Animating();
    ImGui::EndChild();
    DrawKeyboard(ui, text, keyboard_height);
}

} // namespace kiosk
