// What a family reads about a service, as text: opening hours in words, an address line, the
// languages spoken, and the vCard the QR code carries home. Pure functions, any thread.
#pragma once

#include <string>
#include <vector>

#include "kiosk/app/i18n.h"
#include "storage/directory_store.h"

namespace kiosk {

// "Mon, Wed: 3:00 pm – 6:00 pm" lines, days grouped by identical hours, in the UI language.
std::vector<std::string> HoursInWords(const std::vector<hsds::Schedule>& schedules, const Translator& tr);
// "15:00" -> "3:00 pm" (English) or "15:00" (other languages).
std::string ClockTime(const std::string& hhmm, const std::string& language);
// The same for a minute of the day (0..1439), and for a moment in the kiosk's time zone.
// English says "3:15 pm"; Spanish, Vietnamese and the rest "15:15".
std::string ClockTime(int minute_of_day, const std::string& language);
std::string ClockTimeAt(int64_t unix_seconds, const std::string& language);
std::string AddressLine(const hsds::Address& address);

// A service's hours today in one line, for the top of its page: "Open now, until 7:00 PM",
// "Closed now. Opens today at 2:00 PM", "Closed today"; "" when the schedules say nothing.
std::string TodayInWords(const std::vector<hsds::Schedule>& schedules, const storage::LocalTime& now, const Translator& tr);
std::string LanguagesLine(const std::vector<std::string>& codes, const Translator& tr);
// A vCard 3.0 with the service's name, organization, phones, address, website and hours:
// a phone camera offers to save it as a contact.
std::string ServiceVCard(const storage::ServiceDetail& detail, const Translator& tr);

// The phones of a service, else of its locations, else of its organization: what its page
// shows first and what read aloud says.
std::vector<hsds::Phone> ServicePhones(const storage::ServiceDetail& detail);
// What "Read aloud" reads, in the UI language: the service's name, today's hours, its first
// phone and address, then its description. A service's text only: nothing of a student.
std::string ReadingText(const storage::ServiceDetail& detail, const storage::LocalTime& now, const Translator& tr);

// The QR code of `text` (libqrencode, error correction M): `size` x `size` modules,
// 1 = dark. Empty when the text does not fit.
struct QrModules {
    int size = 0;
    std::vector<uint8_t> modules;
};
QrModules EncodeQr(const std::string& text);

} // namespace kiosk
