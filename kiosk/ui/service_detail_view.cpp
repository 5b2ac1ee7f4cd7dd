// One service in full, with the QR code a family scans to take it home.
#include <imgui.h>

#include "kiosk/app/service_text.h"
#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

namespace {

// An icon and a heading on one line, the icon first in the reading direction.
void Heading(Ui& ui, const char* icon, const std::string& heading, uint32_t color, float width = 0) {
    ImFont* font = ImGui::GetFont();
    if (width <= 0) width = ImGui::GetContentRegionAvail().x;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    float icon_w = 0;
    if (icon && ui.fonts.icons_found) {
        icon_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, icon).x + ui.em * 0.4f;
        ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(MirrorX(ui, pos.x, icon_w, pos.x, pos.x + width), pos.y), color, icon);
    }
    const ImVec2 size = DrawText(ui, ImGui::GetWindowDrawList(), font, ImVec2(Rtl(ui) ? pos.x : pos.x + icon_w, pos.y), color, heading,
                                 width - icon_w);
    ImGui::Dummy(ImVec2(width, std::max(size.y, font->FontSize)));
}

void Section(Ui& ui, const char* icon, const std::string& heading, const std::string& body) {
    if (body.empty()) return;
    const render::Palette& p = *ui.palette;
    ImGui::PushFont(ui.fonts.heading);
    Heading(ui, icon, heading, p.accent);
    ImGui::PopFont();
    TextBlock(ui, body);
    ImGui::Dummy(ImVec2(1, ui.em * 0.4f));
}

} // namespace

void DrawServiceDetail(Ui& ui) {
    const render::Palette& p = *ui.palette;
    const auto& found = ui.directory.Service(ui.model.ServiceId(), ui.model.Language(), ui.local_now);
    if (!found) {
        TopBar(ui, ui.Tr("Service"));
        TextBlock(ui, ui.Tr("This service is no longer in the directory."));
        return;
    }
    const storage::ServiceDetail& d = *found;
    const hsds::Service& s = d.service;
    TopBar(ui, s.name);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float qr_column = std::min(avail.x * 0.34f, avail.y * 0.95f);
    // The text first in the reading direction, the QR code column after it.
    const float detail_width = avail.x - qr_column - ui.em;
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, origin.x, detail_width, origin.x, origin.x + avail.x), origin.y));
    ImGui::BeginChild("detail", ImVec2(detail_width, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.detail_scroll.Update(ui.model.Visit(Screen::ServiceDetail));
    if (!d.organization.name.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, d.organization.name);
        ImGui::PopStyleColor();
    }
    if (!s.alert.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.soon);
        TextBlock(ui, s.alert);
        ImGui::PopStyleColor();
    }
    if (!d.stale_fields.empty()) {
        // Its translation is being redone: the text that changed is shown as the directory has it.
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::PushFont(ui.fonts.small);
        TextBlock(ui, ui.Tr("Translation being updated: some of this page is in the directory's own language."));
        ImGui::PopFont();
        ImGui::PopStyleColor();
    }
    // The summary first: open now or when, the phone, the address; then the description.
    const std::vector<hsds::Phone> all_phones = ServicePhones(d);
    {
        const std::string today = TodayInWords(s.schedules, ui.local_now, ui.tr);
        ImGui::PushFont(ui.fonts.heading);
        if (!today.empty()) {
            const bool open = d.open_state == storage::OpenState::Open || d.open_state == storage::OpenState::ClosesSoon;
            ImGui::PushStyleColor(ImGuiCol_Text, open ? p.open : p.text);
            TextBlock(ui, today);
            ImGui::PopStyleColor();
        }
        if (!all_phones.empty()) {
            const hsds::Phone& phone = all_phones.front();
            TextBlock(ui, (phone.number + (phone.extension.empty() ? "" : " x" + phone.extension)));
        }
        for (const auto& l : d.locations) {
            if (l.addresses.empty()) continue;
            TextBlock(ui, AddressLine(l.addresses.front()));
            break;
        }
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(1, ui.em * 0.3f));
    }
    TextBlock(ui, s.description);
    ImGui::Dummy(ImVec2(1, ui.em * 0.4f));

    std::string who = s.eligibility_description;
    if (s.minimum_age || s.maximum_age) {
        std::string ages;
        if (s.minimum_age && s.maximum_age) {
            ages = Fill(Fill(ui.Tr("Ages {min} to {max}"), "{min}", std::to_string(*s.minimum_age)), "{max}", std::to_string(*s.maximum_age));
        } else if (s.minimum_age) {
            ages = Fill(ui.Tr("Ages {min} and up"), "{min}", std::to_string(*s.minimum_age));
        } else {
            ages = Fill(ui.Tr("Up to age {max}"), "{max}", std::to_string(*s.maximum_age));
        }
        who += (who.empty() ? "" : "\n") + ages;
    }
    Section(ui, render::icon::kGroups, ui.Tr("Who it is for"), who);
    Section(ui, render::icon::kSavings, ui.Tr("Cost"), s.fees_description);
    Section(ui, render::icon::kCheckIn, ui.Tr("How to apply"), s.application_process);

    std::string hours;
    for (const std::string& line : HoursInWords(s.schedules, ui.tr)) hours += (hours.empty() ? "" : "\n") + line;
    for (const auto& schedule : s.schedules) {
        if (!schedule.description.empty() && hours.find(schedule.description) == std::string::npos) {
            hours += (hours.empty() ? "" : "\n") + schedule.description;
        }
    }
    Section(ui, render::icon::kSchedule, ui.Tr("Hours"), hours);

    std::string where;
    for (const auto& l : d.locations) {
        for (const auto& a : l.addresses) where += (where.empty() ? "" : "\n") + AddressLine(a);
        if (!l.transportation.empty()) where += (where.empty() ? "" : "\n") + l.transportation;
    }
    Section(ui, render::icon::kPlace, ui.Tr("Address"), where);

    std::string phones;
    for (const auto& phone : all_phones) {
        phones += (phones.empty() ? "" : "\n") + phone.number + (phone.extension.empty() ? "" : " x" + phone.extension);
        if (phone.type == "text") phones += " (" + ui.Tr("text message") + ")";
    }
    Section(ui, render::icon::kPhone, ui.Tr("Phone"), phones);
    Section(ui, render::icon::kLanguage, ui.Tr("Languages spoken"), LanguagesLine(d.spoken_languages, ui.tr));
    Section(ui, render::icon::kComputer, ui.Tr("Website"), s.url);
    if (!s.assured_date.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, Fill(ui.Tr("Information checked on {date}"), "{date}", s.assured_date));
        ImGui::PopStyleColor();
    }
    ImGui::Dummy(ImVec2(1, ui.em));
    ui.animating |= ui.detail_scroll.Animating();
    ImGui::EndChild();

    // The QR code column: scan to take it home.
    ImGui::SetCursorScreenPos(ImVec2(MirrorX(ui, origin.x + detail_width + ui.em, qr_column, origin.x, origin.x + avail.x), origin.y));
    ImGui::BeginGroup();
    const std::string card = ServiceVCard(d, ui.tr);
    if (card != ui.qr_card) {  // encode once per service and language, not every frame
        ui.qr = EncodeQr(card);
        ui.qr_card = card;
    }
    const QrModules& qr = ui.qr;
    // Read aloud, where the language has a voice and the kiosk has a speaker: at the top of
    // the column, where a parent who cannot read the page looks first.
    if (ui.app.Speech().Available(ui.model.Language())) {
        const float speaker_height = std::max(ui.em * 2.4f, 56.0f);
        const bool speaking = ui.app.Speech().Speaking();
        if (BigButton(ui, "detail.read_aloud", speaking ? render::icon::kStop : render::icon::kVolume,
                      ui.Tr(speaking ? "Stop reading" : "Read aloud"), qr_column, speaker_height, !speaking)) {
            if (speaking) ui.app.Speech().Stop();
            else ui.app.ReadShownService(ReadingText(d, ui.local_now, ui.tr));
        }
        ImGui::Dummy(ImVec2(1, ui.em * 0.2f));
    }
    ImGui::PushFont(ui.fonts.heading);
    Heading(ui, render::icon::kQr, ui.Tr("Take it home"), p.text, qr_column);
    ImGui::PopFont();
    // The code at two pixels a module at least (a phone camera reads that from arm's length);
    // the line under it only where there is room for both.
    const std::string caption = ui.Tr("Scan with your phone's camera to save the phone number, address and hours.");
    const float room = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y;
    const float caption_height = MeasureText(ui, ImGui::GetFont(), caption, qr_column).y + ImGui::GetStyle().ItemSpacing.y;
    const float readable = std::min(qr_column, 2.0f * static_cast<float>(qr.size + 8));
    const bool with_caption = room - caption_height >= readable;
    const float side = std::min(qr_column, with_caption ? room - caption_height : room);
    render::DrawQrCode(qr.modules, qr.size, side);
    ui.targets["detail.qr"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, side, side};
    if (with_caption) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        TextBlock(ui, caption, qr_column);
        ImGui::PopStyleColor();
    }
    ImGui::EndGroup();
}

} // namespace kiosk
