// One service in full, with the QR code a family scans to take it home.
#include <imgui.h>

#include "kiosk/app/service_text.h"
#include "kiosk/ui/views.h"
#include "render/icons.h"
#include "render/theme.h"

namespace kiosk {

namespace {

void Section(Ui& ui, const char* icon, const std::string& heading, const std::string& body) {
    if (body.empty()) return;
    const render::Palette& p = *ui.palette;
    ImGui::PushFont(ui.fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    if (icon && ui.fonts.icons_found) {
        ImGui::TextUnformatted(icon);
        ImGui::SameLine();
    }
    ImGui::TextUnformatted(heading.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::TextWrapped("%s", body.c_str());
    ImGui::Dummy(ImVec2(1, ui.em * 0.4f));
}

} // namespace

void DrawServiceDetail(Ui& ui) {
    const render::Palette& p = *ui.palette;
    const auto& found = ui.directory.Service(ui.model.ServiceId(), ui.model.Language(), ui.local_now);
    if (!found) {
        TopBar(ui, ui.Tr("Service"));
        ImGui::TextWrapped("%s", ui.Tr("This service is no longer in the directory.").c_str());
        return;
    }
    const storage::ServiceDetail& d = *found;
    const hsds::Service& s = d.service;
    TopBar(ui, s.name);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float qr_column = std::min(avail.x * 0.34f, avail.y * 0.95f);
    ImGui::BeginChild("detail", ImVec2(avail.x - qr_column - ui.em, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    ui.animating |= ui.detail_scroll.Update(ui.model.Visit(Screen::ServiceDetail));
    ImGui::PushTextWrapPos(0);
    if (!d.organization.name.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::TextWrapped("%s", d.organization.name.c_str());
        ImGui::PopStyleColor();
    }
    if (!s.alert.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.soon);
        ImGui::TextWrapped("%s", s.alert.c_str());
        ImGui::PopStyleColor();
    }
    if (!d.stale_fields.empty()) {
        // Its translation is being redone: the text that changed is shown as the directory has it.
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::PushFont(ui.fonts.small);
        ImGui::TextWrapped("%s", ui.Tr("Translation being updated: some of this page is in the directory's own language.").c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
    }
    // The summary first: open now or when, the phone, the address; then the description.
    std::vector<hsds::Phone> all_phones = s.phones;
    for (const auto& l : d.locations) all_phones.insert(all_phones.end(), l.phones.begin(), l.phones.end());
    if (all_phones.empty()) all_phones = d.organization.phones;
    {
        const std::string today = TodayInWords(s.schedules, ui.local_now, ui.tr);
        ImGui::PushFont(ui.fonts.heading);
        if (!today.empty()) {
            const bool open = d.open_state == storage::OpenState::Open || d.open_state == storage::OpenState::ClosesSoon;
            ImGui::PushStyleColor(ImGuiCol_Text, open ? p.open : p.text);
            ImGui::TextWrapped("%s", today.c_str());
            ImGui::PopStyleColor();
        }
        if (!all_phones.empty()) {
            const hsds::Phone& phone = all_phones.front();
            ImGui::TextWrapped("%s", (phone.number + (phone.extension.empty() ? "" : " x" + phone.extension)).c_str());
        }
        for (const auto& l : d.locations) {
            if (l.addresses.empty()) continue;
            ImGui::TextWrapped("%s", AddressLine(l.addresses.front()).c_str());
            break;
        }
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(1, ui.em * 0.3f));
    }
    ImGui::TextWrapped("%s", s.description.c_str());
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
        ImGui::TextWrapped("%s", Fill(ui.Tr("Information checked on {date}"), "{date}", s.assured_date).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(1, ui.em));
    ui.animating |= ui.detail_scroll.Animating();
    ImGui::EndChild();

    // The QR code column: scan to take it home.
    ImGui::SameLine(0, ui.em);
    ImGui::BeginGroup();
    const std::string card = ServiceVCard(d, ui.tr);
    if (card != ui.qr_card) {  // encode once per service and language, not every frame
        ui.qr = EncodeQr(card);
        ui.qr_card = card;
    }
    const QrModules& qr = ui.qr;
    ImGui::PushFont(ui.fonts.heading);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + qr_column);
    ImGui::TextUnformatted((std::string(ui.fonts.icons_found ? render::icon::kQr : "") + " " + ui.Tr("Take it home")).c_str());
    ImGui::PopFont();
    const float side = std::min(qr_column, ImGui::GetContentRegionAvail().y - ui.em * 4);
    render::DrawQrCode(qr.modules, qr.size, side);
    ui.targets["detail.qr"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, side, side};
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    ImGui::TextWrapped("%s", ui.Tr("Scan with your phone's camera to save the phone number, address and hours.").c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

} // namespace kiosk
