// Service text for families. See service_text.h.
#include "kiosk/app/service_text.h"

#include <qrencode.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

namespace kiosk {

namespace {

std::string EscapeVCard(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == ',' || c == ';' || c == '\\') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        if (c == '\r') continue;
        out += c;
    }
    return out;
}

} // namespace

std::string ClockTime(int minute_of_day, const std::string& language) {
    const int h = (minute_of_day / 60) % 24, m = minute_of_day % 60;
    char out[24];
    if (language == "en") {
        const int h12 = h % 12 == 0 ? 12 : h % 12;
        std::snprintf(out, sizeof out, "%d:%02d %s", h12, m, h < 12 ? "am" : "pm");
    } else if (language == "ar") {
        // As Arabic writes it (CLDR's h:mm a): twelve hours, ص before noon and م after.
        const int h12 = h % 12 == 0 ? 12 : h % 12;
        std::snprintf(out, sizeof out, "%d:%02d %s", h12, m, h < 12 ? "ص" : "م");
    } else {
        std::snprintf(out, sizeof out, "%02d:%02d", h, m);
    }
    return out;
}

std::string ClockTime(const std::string& hhmm, const std::string& language) {
    int h = 0, m = 0;
    if (std::sscanf(hhmm.c_str(), "%d:%d", &h, &m) != 2 || h < 0 || h > 24 || m < 0 || m > 59) return hhmm;
    return ClockTime(h * 60 + m, language);
}

std::string ClockTimeAt(int64_t unix_seconds, const std::string& language) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    return ClockTime(tm.tm_hour * 60 + tm.tm_min, language);
}

std::vector<std::string> HoursInWords(const std::vector<hsds::Schedule>& schedules, const Translator& tr) {
    static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    // opening span -> weekdays (Monday first), so "Tue, Thu" with the same hours is one line
    std::map<std::string, std::vector<int>> spans;
    std::vector<std::string> order;
    std::vector<std::string> lines;
    for (const hsds::Schedule& s : schedules) {
        if (s.opens_at.empty() || s.closes_at.empty()) continue;
        const std::string span = ClockTime(s.opens_at, tr.Language()) + " – " + ClockTime(s.closes_at, tr.Language());
        std::vector<int> days = storage::ParseByDay(s.byday);
        if (s.freq == "MONTHLY") {
            lines.push_back(tr.Tr("Some days each month") + ": " + span);
            continue;
        }
        if (days.empty()) days = {1, 2, 3, 4, 5, 6, 0};
        if (!spans.count(span)) order.push_back(span);
        for (int d : days) {
            auto& list = spans[span];
            if (std::find(list.begin(), list.end(), d) == list.end()) list.push_back(d);
        }
    }
    for (const std::string& span : order) {
        std::vector<int> days = spans[span];
        std::sort(days.begin(), days.end(), [](int a, int b) { return (a + 6) % 7 < (b + 6) % 7; });
        std::string label;
        if (days.size() == 7) {
            label = tr.Tr("Every day");
        } else if (days == std::vector<int>{1, 2, 3, 4, 5}) {
            label = tr.Tr("Mon – Fri");
        } else {
            for (size_t i = 0; i < days.size(); ++i) label += (i ? ", " : "") + tr.Tr(kDays[days[i]]);
        }
        lines.push_back(label + ": " + span);
    }
    return lines;
}

std::string AddressLine(const hsds::Address& a) {
    std::string line = a.address_1;
    if (!a.address_2.empty()) line += ", " + a.address_2;
    if (!a.city.empty()) line += ", " + a.city;
    if (!a.state_province.empty()) line += ", " + a.state_province;
    if (!a.postal_code.empty()) line += " " + a.postal_code;
    return line;
}

std::string LanguagesLine(const std::vector<std::string>& codes, const Translator& tr) {
    // Each script's own list separator: the Arabic comma, the Chinese enumeration comma.
    const std::string& language = tr.Language();
    const char* separator = RightToLeft(language) ? "، " : language == "zh" ? "、" : ", ";
    std::string line;
    for (size_t i = 0; i < codes.size(); ++i) line += (i ? separator : "") + LanguageName(codes[i], tr);
    return line;
}

std::string ServiceVCard(const storage::ServiceDetail& d, const Translator& tr) {
    const hsds::Service& s = d.service;
    std::string card = "BEGIN:VCARD\r\nVERSION:3.0\r\n";
    card += "FN:" + EscapeVCard(s.name) + "\r\n";
    card += "N:" + EscapeVCard(s.name) + ";;;;\r\n";
    if (!d.organization.name.empty()) card += "ORG:" + EscapeVCard(d.organization.name) + "\r\n";
    const std::vector<hsds::Phone> phones = ServicePhones(d);
    for (size_t i = 0; i < phones.size() && i < 3; ++i) {
        const auto& p = phones[i];
        card += std::string("TEL;TYPE=") + (p.type == "text" ? "TEXT" : "VOICE") + ":" + p.number +
                (p.extension.empty() ? "" : " x" + p.extension) + "\r\n";
    }
    for (const auto& l : d.locations) {
        for (const auto& a : l.addresses) {
            card += "ADR;TYPE=WORK:;;" + EscapeVCard(a.address_1) + ";" + EscapeVCard(a.city) + ";" +
                    EscapeVCard(a.state_province) + ";" + EscapeVCard(a.postal_code) + ";" + EscapeVCard(a.country) + "\r\n";
            break;
        }
        break;
    }
    if (!s.url.empty()) card += "URL:" + s.url + "\r\n";
    if (!s.email.empty()) card += "EMAIL:" + s.email + "\r\n";
    std::string note;
    for (const std::string& line : HoursInWords(s.schedules, tr)) note += (note.empty() ? "" : "\n") + line;
    if (!note.empty()) card += "NOTE:" + EscapeVCard(note) + "\r\n";
    card += "END:VCARD\r\n";
    return card;
}

QrModules EncodeQr(const std::string& text) {
    QrModules out;
    QRcode* code = QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                                     QR_ECLEVEL_M);
    if (!code) return out;
    out.size = code->width;
    out.modules.resize(static_cast<size_t>(code->width) * code->width);
    for (size_t i = 0; i < out.modules.size(); ++i) out.modules[i] = code->data[i] & 1;
    QRcode_free(code);
    return out;
}

std::string TodayInWords(const std::vector<hsds::Schedule>& schedules, const storage::LocalTime& now, const Translator& tr) {
    // Today's openings: (opens, closes) in minutes; one running past midnight closes at 24:00 here.
    std::optional<std::pair<int, int>> current, next;
    bool any_schedule = false;
    for (const auto& schedule : schedules) {
        const auto opens = storage::MinutesOfDay(schedule.opens_at), closes = storage::MinutesOfDay(schedule.closes_at);
        if (!opens || !closes) continue;
        any_schedule = true;
        if (!storage::OccursOn(schedule, now)) continue;
        const int end = *closes > *opens ? *closes : 24 * 60;
        if (*opens <= now.minute_of_day && now.minute_of_day < end) {
            if (!current || end > current->second) current = std::make_pair(*opens, end);
        } else if (*opens > now.minute_of_day) {
            if (!next || *opens < next->first) next = std::make_pair(*opens, end);
        }
    }
    if (!any_schedule) return {};
    const std::string& language = tr.Language();
    if (current) {
        const std::string until = current->second >= 24 * 60 ? tr.Tr("midnight") : ClockTime(current->second, language);
        return Fill(tr.Tr("Open now, until {time}"), "{time}", until);
    }
    if (next) return Fill(tr.Tr("Closed now. Opens today at {time}"), "{time}", ClockTime(next->first, language));
    return tr.Tr("Closed today");
}

std::vector<hsds::Phone> ServicePhones(const storage::ServiceDetail& detail) {
    std::vector<hsds::Phone> phones = detail.service.phones;
    for (const auto& l : detail.locations) phones.insert(phones.end(), l.phones.begin(), l.phones.end());
    if (phones.empty()) phones = detail.organization.phones;
    return phones;
}

std::string ReadingText(const storage::ServiceDetail& detail, const storage::LocalTime& now, const Translator& tr) {
    std::string text = detail.service.name;
    auto sentence = [&text](const std::string& part) {
        if (part.empty()) return;
        // A pause between parts, as a full stop gives one (and no stop after one already there).
        const char last = text.empty() ? '.' : text.back();
        if (last != '.' && last != '!' && last != '?' && last != ':') text += ".";
        text += "\n" + part;
    };
    sentence(TodayInWords(detail.service.schedules, now, tr));
    const auto phones = ServicePhones(detail);
    if (!phones.empty()) sentence(tr.Tr("Phone") + ": " + phones.front().number);
    for (const auto& l : detail.locations) {
        if (l.addresses.empty()) continue;
        sentence(tr.Tr("Address") + ": " + AddressLine(l.addresses.front()));
        break;
    }
    sentence(detail.service.description);
    return text;
}

} // namespace kiosk
