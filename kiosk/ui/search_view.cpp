// Search with the on-screen keyboard: results update as you type; a friendly empty state.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
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

std::string KeyLabel(const Key& key, const Ui& ui, int matched) {
    if (key.action == Key::Action::Backspace) return ui.fonts.icons_found ? render::icon::kBackspace : "<-";
    if (key.action == Key::Action::Space) return ui.Tr("space");
    if (key.action == Key::Action::Clear) return ui.Tr("clear");
    if (key.action == Key::Action::Results) {
        // Nothing to see: the key shows what is under the keyboard instead (every category).
        return matched > 0 ? Fill(ui.Tr("See {count}"), "{count}", std::to_string(matched)) : ui.Tr("Hide keyboard");
    }
    return key.label;
}

} // namespace

// A key is at least 10 mm tall on the official 7" display (52 px at 800x480), and taller
// with Larger text.
float KeyHeight(const Ui& ui, float max_height = 0) {
    const float screen = ImGui::GetMainViewport()->Size.y;
    const float height = std::clamp(ui.em * 2.5f, 52.0f, std::max(52.0f, screen * 0.12f));
    if (max_height <= 0) return height;
    const float rows = static_cast<float>(ui.keyboard.Rows().size());
    return std::clamp((max_height - (rows - 1) * ui.em * 0.15f) / rows, 52.0f, height);
}
float KeyGap(const Ui& ui) { return ui.em * 0.15f; }
float KeyboardHeight(const Ui& ui, float max_height) {
    const float rows = static_cast<float>(ui.keyboard.Rows().size());
    return rows * KeyHeight(ui, max_height) + (rows - 1) * KeyGap(ui);
}

void DrawKeyboard(Ui& ui, std::string& text, int matched, float max_height, bool results_key) {
    const render::Palette& p = *ui.palette;
    const auto& rows = ui.keyboard.Rows();
    const float width = ImGui::GetContentRegionAvail().x;
    const float gap = KeyGap(ui);
    const float key_height = KeyHeight(ui, max_height);
    // As many units as the widest row (10 for Latin letters, 11 for Arabic).
    float units = 10.0f;
    auto shown = [&](const Key& k) { return results_key || k.action != Key::Action::Results; };
    for (const auto& row : rows) {
        float row_units = 0;
        for (const Key& k : row) row_units += shown(k) ? k.width : 0;
        units = std::max(units, row_units);
    }
    const float unit = (width - gap * (units - 1)) / units;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // An Arabic layout, and the row of special keys under it, reads from the right.
    const bool mirrored = ui.keyboard.RightToLeft();
    int row_number = 0;
    for (const auto& row : rows) {
        const auto keys = static_cast<float>(std::count_if(row.begin(), row.end(), shown));
        float row_width = gap * (keys - 1);  // each key spans its units and the gaps inside it
        for (const Key& k : row) row_width += shown(k) ? k.width * unit + gap * (k.width - 1) : 0;
        // Rows exactly a gap apart (not ImGui's item spacing): KeyboardHeight() is the truth.
        const float row_left = origin.x + (width - row_width) / 2;
        const float row_y = origin.y + row_number * (key_height + gap);
        float x = row_left;
        for (const Key& key : row) {
            if (!shown(key)) continue;
            const float key_w = key.width * unit + gap * (key.width - 1);
            ImGui::SetCursorScreenPos(ImVec2(mirrored ? row_left + row_left + row_width - x - key_w : x, row_y));
            x += key_w + gap;
            const bool results = key.action == Key::Action::Results;
            const std::string name = key.action == Key::Action::Insert ? "key." + key.label
                : key.action == Key::Action::Layer ? "key.layer." + key.label
                : key.action == Key::Action::Tone ? "key.tone." + std::to_string(key.tone)
                : "key." + KeyLabelName(key);
            const bool special = key.action != Key::Action::Insert;
            const float w = key_w;
            if (Tap(ui, name, w, key_height)) {
                ui.keyboard.Press(key, text);
                if (results) ui.model.HideSearchKeyboard(true);
            }
            render::DrawCard(results ? p.accent : special ? p.surface_down : p.surface, p.border, ui.em * 0.3f,
                             ImGui::GetStyle().FrameBorderSize + 1.0f, p.border);
            const std::string label_text = KeyLabel(key, ui, matched);
            // A word on a key that is not one letter is set smaller when it would not fit.
            ImFont* font = ui.fonts.heading;
            if (MeasureText(ui, font, label_text).x > w - ui.em * 0.4f) font = ui.fonts.body;
            const ImVec2 size = MeasureText(ui, font, label_text);
            const ImVec2 min = ImGui::GetItemRectMin();
            DrawText(ui, ImGui::GetWindowDrawList(), font, ImVec2(min.x + (w - size.x) / 2, min.y + (key_height - size.y) / 2),
                     results ? p.accent_text : p.text, label_text);
            if (size.x > w) ui.clipped.push_back(label_text);
        }
        ++row_number;
    }
}

namespace {

// The first results, one line each, above the keyboard: at least three fit at 800x480.
void DrawResultRows(Ui& ui, const std::vector<storage::ServiceSummary>& results, float height) {
    const render::Palette& p = *ui.palette;
    const float row_height = std::max(52.0f, ui.fonts.body->FontSize + ui.em * 1.1f);
    const float gap = ui.em * 0.1f;
    const float width = ImGui::GetContentRegionAvail().x;
    height = std::min(height, ImGui::GetContentRegionAvail().y) - 1.0f;    // what the list really shows
    const int rows = static_cast<int>((height + gap) / (row_height + gap));  // only whole rows
    for (int i = 0; i < rows && i < static_cast<int>(results.size()); ++i) {
        const auto& s = results[static_cast<size_t>(i)];
        ImGui::PushID(i);
        if (Tap(ui, "result." + std::to_string(i), width, row_height)) ui.model.OpenService(s.id);
        render::DrawCard(p.surface, p.surface_down, ui.em * 0.4f, ImGui::GetStyle().FrameBorderSize + 1.0f, p.border);
        const ImVec2 min = ImGui::GetItemRectMin();
        const float pad = ui.em * 0.7f;
        const float right = min.x + width - pad;
        // The chip at the end of the row (the left, right to left), the name from the start.
        const float open_width = OpenChip(ui, s.open_state, ui.fonts.small, right, min.y + row_height / 2, false);
        OpenChip(ui, s.open_state, ui.fonts.small, MirrorX(ui, right - open_width, open_width, min.x, min.x + width) + open_width,
                 min.y + row_height / 2);
        const float name_width = right - min.x - pad - open_width - ui.em * 0.4f;
        const float name_x = MirrorX(ui, min.x + pad, name_width, min.x, min.x + width);
        EllipsisText(ui, ui.fonts.body, p.text, name_x, min.y + (row_height - ui.fonts.body->FontSize) / 2, name_x + name_width, s.name);
        ImGui::SetCursorScreenPos(ImVec2(min.x, min.y + row_height + gap));
        ImGui::PopID();
    }
}

} // namespace

void DrawSearch(Ui& ui) {
    const render::Palette& p = *ui.palette;
    std::string& text = ui.model.SearchText();
    ui.keyboard.UseLanguage(ui.model.Language());
    const size_t typed_before = text.size();
    TakePhysicalKeys(ui, text);
    if (text.size() != typed_before) ui.model.HideSearchKeyboard(false);  // typing brings the keyboard back

    // The text being typed, in the top bar between Back and Home (the screen's height is
    // for results and keys), in a box that looks like a field, with a caret. With the
    // keyboard hidden, the field is the way back to it.
    const BarSlot slot = TopBar(ui, "");
    const ImVec2 cursor = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(slot.min);
    const float field_width = slot.max.x - slot.min.x, field_height = slot.max.y - slot.min.y;
    if (Tap(ui, "search.field", field_width, field_height)) ui.model.HideSearchKeyboard(false);
    ImGui::SetCursorScreenPos(cursor);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(slot.min, slot.max, p.surface, ui.em * 0.4f);
    draw->AddRect(slot.min, slot.max, p.accent, ui.em * 0.4f, 0, 2.5f);
    const std::string shown = text.empty() ? ui.Tr("Type a word, like food or tutoring") : text + (ui.model.SearchKeyboardHidden() ? "" : "|");
    ImFont* field_font = text.empty() ? ui.fonts.body : ui.fonts.heading;
    EllipsisText(ui, field_font, text.empty() ? p.muted : p.text, slot.min.x + ui.em * 0.6f,
                 slot.min.y + (field_height - field_font->FontSize) / 2, slot.max.x - ui.em * 0.6f, shown);

    SearchModel::Results found;
    if (!text.empty()) found = ui.search.Find(ui.model, ui.config, ui.local_now);
    const bool waiting = found.waiting;
    const int matched = text.empty() ? 0 : found.matched;
    static const std::vector<storage::ServiceSummary> kNone;
    const auto& results = found.services ? *found.services : kNone;
    const bool keyboard = !ui.model.SearchKeyboardHidden() || text.empty();

    // The keyboard sits on the bottom edge; the results take what is between it and the top
    // bar (at 800x480: three rows of 52 px above four rows of 52 px keys).
    const float left = ImGui::GetCursorScreenPos().x;
    const float bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - ui.em * 0.15f;
    const float keyboard_top = keyboard ? bottom - KeyboardHeight(ui) : bottom;
    const float results_top = slot.max.y + ui.em * 0.2f;
    ImGui::SetCursorScreenPos(ImVec2(left, results_top));
    // Without the keyboard, the list keeps to the window's content region (a child reaching
    // into the window's padding does not get the taps there).
    const float results_height = keyboard ? std::max(1.0f, keyboard_top - ui.em * 0.15f - results_top)
                                          : std::max(1.0f, ImGui::GetContentRegionAvail().y);
    // With the keyboard, the rows that fit (no scrolling: "See N" shows them all).
    ImGui::BeginChild("results", ImVec2(0, results_height), false,
                      ImGuiWindowFlags_NoScrollWithMouse | (keyboard ? ImGuiWindowFlags_NoScrollbar : 0));
    ui.animating |= ui.search_scroll.Update(ui.model.Visit(Screen::Search));
    if (!text.empty()) {
        if (results.empty() && waiting) {
            // The answer is on its way: nothing yet rather than a false "nothing found".
        } else if (results.empty()) {
            ImGui::PushFont(ui.fonts.heading);
            TextBlock(ui, Fill(ui.Tr("Nothing found for \"{text}\". Try a category:"), "{text}", text));
            ImGui::PopFont();
            // The categories as chips, in reading order, on whole rows only: with the keyboard
            // up, the rows that fit above it (its "Hide keyboard" key shows them all).
            const auto& categories = ui.directory.Categories(ui.model.Language());
            const float gap = ui.em * 0.5f;
            const float chip_height = std::max(ui.em * 2.4f, 56.0f);
            const float avail = ImGui::GetContentRegionAvail().x;
            const ImVec2 start = ImGui::GetCursorPos();
            const float bottom = start.y + ImGui::GetContentRegionAvail().y;
            float x = 0, y = start.y;
            for (const auto& c : categories) {
                const std::string name = ui.Tr(c.name);  // as on the categories screen
                const float w = std::min(avail, MeasureText(ui, ui.fonts.body, name).x + ui.em * 1.5f);
                if (x > 0 && x + w > avail) {
                    x = 0;
                    y += chip_height + gap;
                }
                if (keyboard && y + chip_height > bottom) break;
                ImGui::SetCursorPos(ImVec2(MirrorX(ui, start.x + x, w, start.x, start.x + avail), y));
                if (BigButton(ui, "empty.category." + c.code, nullptr, name, w, chip_height, false)) {
                    ui.model.OpenCategory(c.id, name);
                }
                x += w + gap;
            }
        } else if (keyboard) {
            DrawResultRows(ui, results, results_height);
        } else {
            // The keyboard hidden: how many were found, and every one as a card.
            ImGui::PushFont(ui.fonts.heading);
            TextBlock(ui, Fill(Fill(ui.Tr("{count} found for \"{text}\""), "{count}", std::to_string(matched)), "{text}", text));
            ImGui::PopFont();
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
    if (keyboard) {
        ImGui::SetCursorScreenPos(ImVec2(left, keyboard_top));
        DrawKeyboard(ui, text, matched);
    }
}

} // namespace kiosk
