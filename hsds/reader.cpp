// HSDS 3.0 reader. See reader.h.
//
// [SECTION] Lenient field readers
// [SECTION] Records: phone, schedule, language, location, organization, term, service
// [SECTION] Record kinds and files (JSON, NDJSON)
// [SECTION] Tabular form (CSV package)
#include "hsds/reader.h"

#include "base/uuid.h"
#include "hsds/text.h"
#include "hsds/document.h"

#include <csv.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace hsds {

using nlohmann::json;

namespace {

constexpr size_t kMaxFileBytes = 512u * 1024u * 1024u;  // far above any district's directory
constexpr size_t kMaxFieldChars = 64 * 1024;            // a description longer than this is cut

// ---------------------------------------------------------------------------------------
// [SECTION] Lenient field readers
// ---------------------------------------------------------------------------------------

// Cuts at a UTF-8 character boundary so a truncated field is still valid text.
std::string Clip(std::string text) {
    if (text.size() <= kMaxFieldChars) return text;
    size_t cut = kMaxFieldChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text;
}

std::string NumberToText(const json& value) {
    if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
    if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
    std::ostringstream out;
    out << d;
    return out.str();
}

// Any scalar as text: strings as they are, numbers and booleans written out. Objects,
// arrays and null give "".
std::string Text(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return {};
    if (it->is_string()) return Clip(Trim(it->get_ref<const std::string&>()));
    if (it->is_number()) return NumberToText(*it);
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    return {};
}

std::optional<int> Int(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (it->is_number()) {
        const double d = it->get<double>();
        if (!std::isfinite(d) || std::fabs(d) > 1e9) return std::nullopt;
        return static_cast<int>(d);
    }
    if (it->is_string()) {
        const std::string text = Trim(it->get_ref<const std::string&>());
        if (text.empty()) return std::nullopt;
        try {
            size_t used = 0;
            const double d = std::stod(text, &used);
            if (used != text.size() || !std::isfinite(d) || std::fabs(d) > 1e9) return std::nullopt;
            return static_cast<int>(d);
        } catch (...) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<double> Real(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) {
        try {
            size_t used = 0;
            const std::string text = Trim(it->get_ref<const std::string&>());
            const double d = std::stod(text, &used);
            if (used == text.size() && std::isfinite(d)) return d;
        } catch (...) {
        }
    }
    return std::nullopt;
}

const json* Array(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_array()) return nullptr;
    return &*it;
}

const json* Object(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_object()) return nullptr;
    return &*it;
}

// Phone numbers arrive wrapped in stray quotes ("\"+44 1234\""): keep only what is inside.
std::string CleanPhoneNumber(std::string number) {
    number = Trim(number);
    while (number.size() >= 2 && (number.front() == '"' || number.front() == '\'') && number.back() == number.front()) {
        number = Trim(number.substr(1, number.size() - 2));
    }
    number.erase(std::remove(number.begin(), number.end(), '"'), number.end());
    return number;
}

// "10:00:00", "10:00", "9:30", "1000" -> "10:00"; anything else -> "".
std::string CleanTime(const std::string& text) {
    int hours = -1;
    int minutes = -1;
    if (text.size() == 4 && std::all_of(text.begin(), text.end(), ::isdigit)) {
        hours = std::stoi(text.substr(0, 2));
        minutes = std::stoi(text.substr(2, 2));
    } else if (std::sscanf(text.c_str(), "%d:%d", &hours, &minutes) != 2) {
        return {};
    }
    if (hours < 0 || hours > 24 || minutes < 0 || minutes > 59 || (hours == 24 && minutes != 0)) return {};
    char out[8];
    std::snprintf(out, sizeof out, "%02d:%02d", hours, minutes);
    return out;
}

// "2005-01-01", "2005-01-01T00:00:00Z" -> "2005-01-01"; anything else -> "".
std::string CleanDate(const std::string& text) {
    int y = 0, m = 0, d = 0;
    if (text.size() < 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return {};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return {};
    return text.substr(0, 10);
}

// The identifier of a record: a string or a number. Returns "" when there is none.
std::string Id(const json& object) {
    auto it = object.find("id");
    if (it == object.end()) return {};
    if (it->is_string()) return Trim(it->get_ref<const std::string&>());
    if (it->is_number_integer() || it->is_number_unsigned()) return NumberToText(*it);
    return {};
}

const char* TypeName(const json& value) {
    switch (value.type()) {
        case json::value_t::object: return "an object";
        case json::value_t::array: return "an array";
        case json::value_t::string: return "a string";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::null: return "null";
        default: return "a number";
    }
}

// ---------------------------------------------------------------------------------------
// [SECTION] Records
// ---------------------------------------------------------------------------------------

struct Reader {
    DirectoryFeed& feed;
    IdPolicy policy;
    DocumentNotes notes;
    std::unordered_map<std::string, std::string> derived_ids;  // policy.derived, for CSV packages
    std::set<std::string> service_ids;
    int duplicate_ids = 0;

    // What was changed to make the documents valid, once per kind of change, in the report.
    void ReportNotes() {
        for (const auto& [what, records] : notes.records) Warn(std::to_string(records.size()) + " " + what);
        notes.records.clear();
    }

    void Warn(const std::string& text) {
        // A broken feed can repeat one oddity thousands of times; a report needs the first few.
        auto& warnings = feed.report.warnings;
        if (warnings.size() < 50 && std::find(warnings.begin(), warnings.end(), text) == warnings.end()) {
            warnings.push_back(text);
        }
    }
    void Skip(const std::string& where, const std::string& reason) { feed.report.skipped.push_back({where, reason}); }

    std::vector<Language> Languages(const json& object) {
        std::vector<Language> out;
        const json* list = Array(object, "languages");
        if (!list) return out;
        for (const json& item : *list) {
            Language language;
            if (item.is_string()) {
                language.name = Trim(item.get<std::string>());
                language.code = NormalizeLanguageCode(language.name);
            } else if (item.is_object()) {
                language.name = Text(item, "name");
                language.code = NormalizeLanguageCode(Text(item, "code").empty() ? language.name : Text(item, "code"));
            }
            if (language.code.empty()) continue;
            const bool seen = std::any_of(out.begin(), out.end(), [&](const Language& l) { return l.code == language.code; });
            if (!seen) out.push_back(std::move(language));
        }
        return out;
    }

    std::vector<Phone> Phones(const json& object, const std::string& where) {
        std::vector<Phone> out;
        const json* list = Array(object, "phones");
        if (!list) return out;
        for (const json& item : *list) {
            if (!item.is_object()) {
                Warn(where + ": a phone that is " + TypeName(item) + " was ignored");
                continue;
            }
            Phone phone;
            phone.id = Id(item);
            phone.number = CleanPhoneNumber(Text(item, "number"));
            if (phone.number.empty()) {
                Warn(where + ": a phone with no number was ignored");
                continue;
            }
            phone.extension = Text(item, "extension");
            phone.type = Lower(Text(item, "type"));
            phone.description = Text(item, "description");
            phone.languages = Languages(item);
            const bool seen = std::any_of(out.begin(), out.end(), [&](const Phone& p) {
                return p.number == phone.number && p.extension == phone.extension;
            });
            if (!seen) out.push_back(std::move(phone));
        }
        return out;
    }

    std::vector<Schedule> Schedules(const json& object, const std::string& where, const std::string& location_id) {
        std::vector<Schedule> out;
        const json* list = Array(object, "schedules");
        if (!list) return out;
        for (const json& item : *list) {
            if (!item.is_object()) {
                Warn(where + ": a schedule that is " + TypeName(item) + " was ignored");
                continue;
            }
            Schedule schedule;
            schedule.id = Id(item);
            schedule.freq = Upper(Text(item, "freq"));
            schedule.byday = Upper(Text(item, "byday"));
            schedule.bymonthday = Text(item, "bymonthday");
            schedule.interval = std::max(1, Int(item, "interval").value_or(1));
            schedule.opens_at = CleanTime(Text(item, "opens_at"));
            schedule.closes_at = CleanTime(Text(item, "closes_at"));
            if (!Text(item, "opens_at").empty() && schedule.opens_at.empty()) {
                Warn(where + ": opening time \"" + Text(item, "opens_at") + "\" is not a time of day");
            }
            schedule.valid_from = CleanDate(Text(item, "valid_from"));
            schedule.valid_to = CleanDate(Text(item, "valid_to"));
            // An RRULE's until ends the schedule too: an expired schedule is never "open now".
            if (const std::string until = CleanDate(Text(item, "until")); !until.empty() && (schedule.valid_to.empty() || until < schedule.valid_to)) {
                schedule.valid_to = until;
            }
            schedule.dtstart = CleanDate(Text(item, "dtstart"));
            schedule.description = Text(item, "description");
            schedule.location_id = location_id;
            const bool seen = !schedule.id.empty() && std::any_of(out.begin(), out.end(), [&](const Schedule& s) {
                return s.id == schedule.id && s.location_id == schedule.location_id;
            });
            if (!seen) out.push_back(std::move(schedule));
        }
        return out;
    }

    // Returns the location's id, or "" when it has none.
    // `valid`: the record comes from a document MakeValid already went through.
    std::string AddLocation(json object, const std::string& where, bool valid = false) {
        if (Id(object).empty()) {
            Skip(where, "a location with no id");
            return {};
        }
        if (!valid) MakeValid(object, "location", policy, notes);
        const std::string id = Id(object);
        Location location;
        location.id = id;
        location.name = Text(object, "name");
        location.alternate_name = Text(object, "alternate_name");
        location.description = Text(object, "description");
        location.transportation = Text(object, "transportation");
        location.latitude = Real(object, "latitude");
        location.longitude = Real(object, "longitude");
        if (location.latitude && std::fabs(*location.latitude) > 90) {
            Warn("location " + id + ": latitude " + std::to_string(*location.latitude) + " is off the globe; ignored");
            location.latitude.reset();
            location.longitude.reset();
        }
        if (const json* addresses = Array(object, "addresses")) {
            for (const json& item : *addresses) {
                if (!item.is_object()) continue;
                Address address;
                address.address_1 = Text(item, "address_1");
                address.address_2 = Text(item, "address_2");
                address.city = Text(item, "city");
                address.region = Text(item, "region");
                address.state_province = Text(item, "state_province");
                address.postal_code = Text(item, "postal_code");
                address.country = Text(item, "country");
                address.address_type = Lower(Text(item, "address_type"));
                if (address.address_1.empty() && address.city.empty()) continue;
                location.addresses.push_back(std::move(address));
            }
        }
        location.languages = Languages(object);
        location.phones = Phones(object, "location " + id);
        location.schedules = Schedules(object, "location " + id, id);
        feed.locations[id] = std::move(location);
        return id;
    }

    std::string AddOrganization(json object, const std::string& where, bool valid = false) {
        if (Id(object).empty() || Text(object, "name").empty()) {
            Warn(where + ": organization with no " + std::string(Id(object).empty() ? "id" : "name") + " was ignored");
            return {};
        }
        if (!valid) MakeValid(object, "organization", policy, notes);
        const std::string id = Id(object);
        const std::string name = Text(object, "name");
        Organization organization;
        organization.id = id;
        organization.name = name;
        organization.alternate_name = Text(object, "alternate_name");
        organization.description = Text(object, "description");
        organization.email = Text(object, "email");
        organization.website = Text(object, "website");
        if (organization.website.empty()) organization.website = Text(object, "url");
        organization.phones = Phones(object, "organization " + id);
        feed.organizations[id] = std::move(organization);
        return id;
    }

    std::string AddTerm(json object, bool valid = false) {
        if (Id(object).empty() || Text(object, "name").empty()) return {};
        if (!valid) MakeValid(object, "taxonomy_term", policy, notes);
        const std::string id = Id(object);
        const std::string name = Text(object, "name");
        TaxonomyTerm term;
        term.id = id;
        term.code = Text(object, "code");
        term.name = name;
        term.description = Text(object, "description");
        term.parent_id = Text(object, "parent_id");
        term.taxonomy = Text(object, "taxonomy");
        if (term.taxonomy.empty()) {
            if (const json* detail = Object(object, "taxonomy_detail")) term.taxonomy = Text(*detail, "name");
        }
        feed.terms[id] = std::move(term);
        return id;
    }

    void AddServiceAtLocation(const json& sal, Service& service, const std::string& where) {
        std::string location_id;
        if (const json* location = Object(sal, "location")) {
            location_id = AddLocation(*location, where + " location", true);
        } else {
            location_id = Text(sal, "location_id");
        }
        if (location_id.empty()) return;
        if (std::find(service.location_ids.begin(), service.location_ids.end(), location_id) == service.location_ids.end()) {
            service.location_ids.push_back(location_id);
        }
        for (Phone& phone : Phones(sal, where)) {
            const bool seen = std::any_of(service.phones.begin(), service.phones.end(), [&](const Phone& p) {
                return p.number == phone.number && p.extension == phone.extension;
            });
            if (!seen) service.phones.push_back(std::move(phone));
        }
        for (Schedule& schedule : Schedules(sal, where, location_id)) {
            const bool seen = !schedule.id.empty() && std::any_of(service.schedules.begin(), service.schedules.end(),
                                                                  [&](const Schedule& s) { return s.id == schedule.id; });
            if (!seen) service.schedules.push_back(std::move(schedule));
        }
    }

    // Reads one service; `organization` is the organization a feed nested it in, if any.
    // Returns whether it was kept.
    bool AddService(json object, const std::string& where, const json* organization = nullptr) {
        if (!object.is_object()) {
            Skip(where, std::string("expected a service object, found ") + TypeName(object));
            return false;
        }
        if (Id(object).empty()) {
            Skip(where, object.contains("id") ? "its id is not a string or a number" : "no id");
            return false;
        }
        const std::string label = where + " (id " + Id(object) + ")";
        auto name = object.find("name");
        if (name == object.end() || !name->is_string() || Trim(name->get_ref<const std::string&>()).empty()) {
            Skip(label, name == object.end() ? "no name" : std::string("its name is ") + (name->is_string() ? "empty" : TypeName(*name)));
            return false;
        }
        if (Text(object, "status").empty()) Warn(label + ": no status; taken as active");
        if (organization && !object.contains("organization")) {
            json nested = *organization;
            nested.erase("services");  // the organization as this service's, not its list again
            object["organization"] = std::move(nested);
        }
        // The document: everything the feed said, valid HSDS 3.0. The fields below are read
        // from it, so what the kiosk shows and what the server serves are the same record.
        MakeValid(object, "service", policy, notes);
        Service service;
        service.id = Id(object);
        if (service_ids.count(service.id)) {
            Skip(label, "its id is already used by an earlier record in this feed (ids must be unique); only the first was kept");
            if (++duplicate_ids == 2) Warn("several records share an id with an earlier one: the feed's publisher should give each service its own id");
            return false;
        }
        service.name = Text(object, "name");
        service.alternate_name = Text(object, "alternate_name");
        service.description = Text(object, "description");
        service.url = Text(object, "url");
        service.email = Text(object, "email");
        service.status = Lower(Text(object, "status"));
        service.eligibility_description = Text(object, "eligibility_description");
        service.minimum_age = Int(object, "minimum_age");
        service.maximum_age = Int(object, "maximum_age");
        if (service.minimum_age && service.maximum_age && *service.minimum_age > *service.maximum_age) {
            Warn(label + ": minimum age is above maximum age; both ignored");
            service.minimum_age.reset();
            service.maximum_age.reset();
        }
        service.fees_description = Text(object, "fees_description");
        service.application_process = Text(object, "application_process");
        service.interpretation_services = Text(object, "interpretation_services");
        service.alert = Text(object, "alert");
        service.assured_date = CleanDate(Text(object, "assured_date"));
        service.last_modified = Text(object, "last_modified");

        if (const json* nested = Object(object, "organization")) service.organization_id = AddOrganization(*nested, label, true);
        if (service.organization_id.empty()) service.organization_id = Text(object, "organization_id");

        service.phones = Phones(object, label);
        service.schedules = Schedules(object, label, "");
        service.languages = Languages(object);
        if (const json* sals = Array(object, "service_at_locations")) {
            for (const json& sal : *sals) {
                if (sal.is_object()) AddServiceAtLocation(sal, service, label);
            }
        }
        if (const json* attributes = Array(object, "attributes")) {
            for (const json& attribute : *attributes) {
                if (!attribute.is_object()) continue;
                std::string term_id;
                if (const json* term = Object(attribute, "taxonomy_term")) term_id = AddTerm(*term, true);
                if (term_id.empty()) term_id = Text(attribute, "taxonomy_term_id");
                if (!term_id.empty() &&
                    std::find(service.term_ids.begin(), service.term_ids.end(), term_id) == service.term_ids.end()) {
                    service.term_ids.push_back(term_id);
                }
            }
        }
        if (const json* stale = Array(object, "x_translation_stale")) {
            for (const json& field : *stale) {
                if (field.is_string()) service.stale_fields.push_back(field.get<std::string>());
            }
        }
        service.document = object.dump();
        service_ids.insert(service.id);
        feed.services.push_back(std::move(service));
        return true;
    }

    // ------------------------------------------------------------------------------------
    // [SECTION] Record kinds and files
    // ------------------------------------------------------------------------------------

    // One top-level record of unknown kind: tells the kinds HSDS publishes apart by the
    // fields only that kind has.
    void AddRecord(const json& object, const std::string& where) {
        if (!object.is_object()) {
            Skip(where, std::string("expected an object, found ") + TypeName(object));
            return;
        }
        if (const json* services = Array(object, "services")) {  // an organization
            AddOrganization(object, where);
            int index = 0;
            for (const json& service : *services) {
                AddService(service, where + " service " + std::to_string(++index), &object);
            }
            if (const json* locations = Array(object, "locations")) {
                for (const json& location : *locations) {
                    if (location.is_object()) AddLocation(location, where + " location");
                }
            }
            return;
        }
        if (const json* service = Object(object, "service")) {  // a service_at_location
            // The service, with this service_at_location among its own (once).
            json with_location = *service;
            json sal = object;
            sal.erase("service");
            if (!with_location.is_object()) {
                Skip(where + " service", std::string("expected a service object, found ") + TypeName(with_location));
                return;
            }
            json& sals = with_location["service_at_locations"];
            if (!sals.is_array()) sals = json::array();
            const bool listed = !Id(sal).empty() && std::any_of(sals.begin(), sals.end(), [&](const json& s) { return s.is_object() && Id(s) == Id(sal); });
            if (!listed) sals.push_back(std::move(sal));
            AddService(std::move(with_location), where + " service");
            return;
        }
        const bool looks_like_location = object.contains("location_type") || object.contains("addresses") ||
                                         object.contains("transportation");
        if (looks_like_location && !object.contains("status")) {
            AddLocation(object, where);
            return;
        }
        const bool looks_like_organization = (object.contains("website") || object.contains("tax_status") ||
                                              object.contains("legal_status") || object.contains("year_incorporated")) &&
                                             !object.contains("status");
        if (looks_like_organization) {
            AddOrganization(object, where);
            return;
        }
        const bool looks_like_taxonomy = object.contains("version") && !object.contains("status");
        if (looks_like_taxonomy) {
            Warn(where + ": a taxonomy description (\"" + Text(object, "name") + "\"); it holds no services");
            return;
        }
        if (object.contains("taxonomy_id") || (object.contains("parent_id") && object.contains("code"))) {
            AddTerm(object);
            return;
        }
        AddService(object, where);
    }

    void AddDocument(const json& root) {
        if (root.is_array()) {
            feed.report.format = "HSDS JSON array";
            int index = 0;
            for (const json& item : root) AddRecord(item, "record " + std::to_string(++index));
        } else if (root.is_object() && Array(root, "contents")) {
            feed.report.format = "HSDS list envelope";
            int index = 0;
            for (const json& item : root["contents"]) AddRecord(item, "record " + std::to_string(++index));
        } else {
            feed.report.format = "HSDS JSON record";
            AddRecord(root, "record 1");
        }
    }
};

void Count(DirectoryFeed& feed) {
    ImportReport& report = feed.report;
    report.services = 0;
    report.inactive_services = 0;
    for (const Service& service : feed.services) {
        if (service.status == "active") ++report.services;
        else ++report.inactive_services;
    }
    report.organizations = static_cast<int>(feed.organizations.size());
    report.locations = static_cast<int>(feed.locations.size());
    report.taxonomy_terms = static_cast<int>(feed.terms.size());
}

std::string ParseErrorText(const json::parse_error& error) {
    std::string text = error.what();
    const auto bracket = text.find("] ");
    if (text.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) text = text.substr(bracket + 2);
    return text;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Tabular form (CSV package)
// ---------------------------------------------------------------------------------------

// One table: its cells by column ("" = empty). Kept as text, not as JSON objects, because a
// 211's export has hundreds of thousands of rows; a row becomes JSON when its record is built.
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    size_t Column(std::string_view name) const {
        for (size_t c = 0; c < header.size(); ++c) {
            if (header[c] == name) return c;
        }
        return std::string::npos;
    }
    std::string Cell(size_t row, std::string_view name) const {
        const size_t c = Column(name);
        return c == std::string::npos || c >= rows[row].size() ? std::string() : rows[row][c];
    }
    // The row as a JSON object; empty cells are left out.
    json Row(size_t row) const {
        json out = json::object();
        for (size_t c = 0; c < header.size() && c < rows[row].size(); ++c) {
            if (!rows[row][c].empty()) out[header[c]] = rows[row][c];
        }
        return out;
    }
    void Set(size_t row, const std::string& name, std::string value) {
        size_t c = Column(name);
        if (c == std::string::npos) {
            header.push_back(name);
            c = header.size() - 1;
        }
        if (rows[row].size() <= c) rows[row].resize(header.size());
        rows[row][c] = std::move(value);
    }
    // Adds a row from a JSON object (each member as text), adding columns as needed.
    void Add(const json& object) {
        rows.emplace_back(header.size());
        const size_t row = rows.size() - 1;
        for (auto it = object.begin(); it != object.end(); ++it) {
            Set(row, it.key(), it->is_string() ? it->get<std::string>() : it->dump());
        }
    }
};

struct CsvCollector {
    std::vector<std::string> current;
    std::vector<std::vector<std::string>> rows;
};

Result<CsvTable> ReadCsv(const std::filesystem::path& path, Reader& reader) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Result<CsvTable>::Fail("cannot read " + path.string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);

    csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) return Result<CsvTable>::Fail("out of memory reading " + path.string());
    CsvCollector collector;
    auto on_field = [](void* data, size_t length, void* context) {
        auto* c = static_cast<CsvCollector*>(context);
        c->current.emplace_back(static_cast<const char*>(data ? data : ""), data ? length : 0);
    };
    auto on_row = [](int, void* context) {
        auto* c = static_cast<CsvCollector*>(context);
        c->rows.push_back(std::move(c->current));
        c->current.clear();
    };
    const size_t parsed = csv_parse(&parser, bytes.data(), bytes.size(), on_field, on_row, &collector);
    std::string error;
    if (parsed != bytes.size()) error = std::string(csv_strerror(csv_error(&parser)));
    csv_fini(&parser, on_field, on_row, &collector);
    csv_free(&parser);
    if (!error.empty()) return Result<CsvTable>::Fail(path.filename().string() + ": " + error);
    if (collector.rows.empty()) return Result<CsvTable>::Fail(path.filename().string() + ": empty, not even a header");

    CsvTable table;
    table.header = collector.rows.front();
    for (std::string& name : table.header) name = Trim(name);
    for (size_t i = 1; i < collector.rows.size(); ++i) {
        auto& cells = collector.rows[i];
        if (cells.size() == 1 && Trim(cells[0]).empty()) continue;  // a blank line
        if (cells.size() != table.header.size()) {
            reader.Skip(path.filename().string() + " row " + std::to_string(i + 1),
                        std::to_string(cells.size()) + " fields where the header has " + std::to_string(table.header.size()));
            continue;
        }
        table.rows.push_back(std::move(collector.rows[i]));
    }
    return table;
}

// The table a CSV file holds, by its file name, in HSDS 3.0 (singular) and 1.x (plural) names.
std::string TableOfFile(const std::string& file_name) {
    static const std::map<std::string, std::string> kFiles = {
        {"services", "service"}, {"organizations", "organization"}, {"locations", "location"}, {"phones", "phone"},
        {"languages", "language"}, {"schedules", "schedule"}, {"addresses", "address"},
        {"service_at_locations", "service_at_location"}, {"services_at_location", "service_at_location"},
        {"attributes", "attribute"}, {"taxonomy_terms", "taxonomy_term"}, {"taxonomies", "taxonomy"},
        {"taxonomy", "taxonomy"}, {"regular_schedules", "regular_schedule"}, {"holiday_schedules", "holiday_schedule"},
        {"physical_addresses", "physical_address"}, {"postal_addresses", "postal_address"},
        {"services_taxonomy", "service_taxonomy"}, {"eligibility", "eligibility"}, {"contacts", "contact"},
        {"funding", "funding"}, {"service_areas", "service_area"}, {"required_documents", "required_document"},
        {"payments_accepted", "payment_accepted"}, {"accessibility_for_disabilities", "accessibility_for_disabilities"},
        {"accessibility", "accessibility"}, {"programs", "program"}, {"metadata", "metadata"},
        {"meta_table_descriptions", "meta_table_description"}, {"cost_options", "cost_option"},
        {"organization_identifiers", "organization_identifier"}, {"urls", "url"}};
    std::string stem = Lower(std::filesystem::path(file_name).stem().string());
    if (auto it = kFiles.find(stem); it != kFiles.end()) return it->second;
    return stem;
}

// HSDS 1.x regular_schedules.weekday: 1..7 read as ISO 8601 (1 = Monday, 7 = Sunday); 0 as
// Sunday (exports counting from 0); a day's name or abbreviation as itself. "" if none.
std::string ByDayOf(const std::string& weekday) {
    static const char* kDays[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    const std::string w = Lower(Trim(weekday));
    if (w.size() == 1 && w[0] >= '0' && w[0] <= '7') return kDays[w[0] - '0'];
    static const std::map<std::string, std::string> kNames = {
        {"mo", "MO"}, {"mon", "MO"}, {"monday", "MO"}, {"tu", "TU"}, {"tue", "TU"}, {"tuesday", "TU"},
        {"we", "WE"}, {"wed", "WE"}, {"wednesday", "WE"}, {"th", "TH"}, {"thu", "TH"}, {"thursday", "TH"},
        {"fr", "FR"}, {"fri", "FR"}, {"friday", "FR"}, {"sa", "SA"}, {"sat", "SA"}, {"saturday", "SA"},
        {"su", "SU"}, {"sun", "SU"}, {"sunday", "SU"}};
    if (auto it = kNames.find(w); it != kNames.end()) return it->second;
    return {};
}

// How the tables of a package nest into records: rows of `table` whose `key` column holds
// the id of a `parent` record are listed in the parent under `field`. Attributes (by link_id),
// metadata (by resource_id) and the one-to-one records (a service's organization, program and
// locations; a term's taxonomy) are nested by the code below the table.
struct Nesting {
    const char* table;
    const char* key;
    const char* parent;
    const char* field;
};
constexpr Nesting kNestings[] = {
    {"language", "phone_id", "phone", "languages"},
    {"phone", "contact_id", "contact", "phones"},
    {"phone", "service_id", "service", "phones"},
    {"phone", "location_id", "location", "phones"},
    {"phone", "organization_id", "organization", "phones"},
    {"phone", "service_at_location_id", "service_at_location", "phones"},
    {"contact", "service_id", "service", "contacts"},
    {"contact", "organization_id", "organization", "contacts"},
    {"contact", "location_id", "location", "contacts"},
    {"contact", "service_at_location_id", "service_at_location", "contacts"},
    {"schedule", "service_id", "service", "schedules"},
    {"schedule", "location_id", "location", "schedules"},
    {"schedule", "service_at_location_id", "service_at_location", "schedules"},
    {"address", "location_id", "location", "addresses"},
    {"accessibility", "location_id", "location", "accessibility"},
    {"language", "service_id", "service", "languages"},
    {"language", "location_id", "location", "languages"},
    {"funding", "service_id", "service", "funding"},
    {"funding", "organization_id", "organization", "funding"},
    {"cost_option", "service_id", "service", "cost_options"},
    {"required_document", "service_id", "service", "required_documents"},
    {"service_area", "service_id", "service", "service_areas"},
    {"organization_identifier", "organization_id", "organization", "organization_identifiers"},
    {"program", "organization_id", "organization", "programs"},
    // No home in HSDS 3.0: kept in the service as extension fields of these names.
    {"payment_accepted", "service_id", "service", "payments_accepted"},
    {"service_capacity", "service_id", "service", "capacities"},   // HSDS 3.1
    {"url", "service_id", "service", "additional_urls"},            // HSDS 3.1
    {"url", "organization_id", "organization", "additional_urls"},
};

// What each table's rows become, for the report.
const std::map<std::string, std::string> kKeptAs = {
    {"service", "services"}, {"organization", "organizations"}, {"location", "locations"}, {"phone", "phones"},
    {"language", "languages"}, {"schedule", "schedules"}, {"address", "addresses"},
    {"service_at_location", "services at locations"}, {"attribute", "attributes (categories)"},
    {"taxonomy_term", "taxonomy terms"}, {"taxonomy", "taxonomies"}, {"contact", "contacts"}, {"funding", "funding"},
    {"cost_option", "cost options"}, {"required_document", "required documents"}, {"service_area", "service areas"},
    {"organization_identifier", "organization identifiers"}, {"program", "programs"}, {"accessibility", "accessibility"},
    {"metadata", "metadata of the records they describe"},
    {"regular_schedule", "weekly schedules"}, {"holiday_schedule", "dated schedules (holiday hours and closures)"},
    {"physical_address", "physical addresses"}, {"postal_address", "postal addresses"},
    {"service_taxonomy", "attributes (categories)"}, {"eligibility", "services' eligibility"},
    {"accessibility_for_disabilities", "locations' accessibility"},
    {"payment_accepted", "the services' payments_accepted (an extension field: HSDS 3.0 has no home for it)"},
    {"service_capacity", "the services' capacities (HSDS 3.1)"}, {"unit", "the units of capacities (HSDS 3.1)"},
    {"url", "additional_urls (HSDS 3.1)"}};

Result<DirectoryFeed> ReadCsvPackage(const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    DirectoryFeed feed;
    feed.report.source = folder.string();
    feed.report.format = "HSDS CSV package";
    Reader reader{feed, {}, {}, {}, {}, 0};
    std::map<std::string, CsvTable> tables;
    std::map<std::string, std::string> file_of;  // table -> the file it came from
    std::string package_name;
    auto read_table = [&](const std::string& name, const fs::path& file) -> Result<bool> {
        auto table = ReadCsv(file, reader);
        if (!table) return Result<bool>::Fail(table.Error());
        tables[name] = std::move(table.Value());
        file_of[name] = file.filename().string();
        return true;
    };

    const auto descriptor_path = folder / "datapackage.json";
    std::error_code ignored;
    if (std::ifstream in(descriptor_path); in) {
        json descriptor = json::parse(in, nullptr, false);
        if (descriptor.is_discarded() || !descriptor.is_object() || !Array(descriptor, "resources")) {
            return Result<DirectoryFeed>::Fail(descriptor_path.string() + " is not a data package descriptor (no \"resources\" list)");
        }
        package_name = Text(descriptor, "name");
        if (package_name.empty()) package_name = Text(descriptor, "id");
        for (const json& resource : descriptor["resources"]) {
            if (!resource.is_object()) continue;
            const std::string name = Text(resource, "name");
            const std::string path = Text(resource, "path");
            if (name.empty() || path.empty() || path.find("..") != std::string::npos || path.front() == '/') continue;
            fs::path file = folder / path;
            // Zipped exports often put the tables in data/ beside a descriptor that names them bare.
            if (!fs::exists(file, ignored) && fs::exists(folder / "data" / path, ignored)) file = folder / "data" / path;
            if (!fs::exists(file, ignored)) {
                reader.Warn("the package lists " + path + " but the file is not there");
                continue;
            }
            auto read = read_table(TableOfFile(name + ".csv"), file);  // "services" and "service" alike
            if (!read) return Result<DirectoryFeed>::Fail(read.Error());
        }
    } else {
        // No descriptor: the tables are found by their file names, here or in data/.
        for (const fs::path& dir : {folder, folder / "data"}) {
            if (!fs::is_directory(dir, ignored)) continue;
            for (const auto& entry : fs::directory_iterator(dir, ignored)) {
                if (entry.path().extension() != ".csv") continue;
                const std::string name = TableOfFile(entry.path().filename().string());
                if (tables.count(name)) continue;
                auto read = read_table(name, entry.path());
                if (!read) return Result<DirectoryFeed>::Fail(read.Error());
            }
        }
        if (tables.empty()) {
            return Result<DirectoryFeed>::Fail(folder.string() + " is not an HSDS CSV package: it has no datapackage.json and no CSV tables");
        }
        reader.Warn("no datapackage.json: the tables were found by their file names");
    }
    if (!tables.count("service")) {
        return Result<DirectoryFeed>::Fail(folder.string() + ": the package has no service table (services.csv, here or in data/)");
    }
    if (package_name.empty()) {
        package_name = fs::path(folder).lexically_normal().filename().string();
        if (package_name.empty()) package_name = fs::path(folder).lexically_normal().parent_path().filename().string();
    }

    // Ids: HSDS 1.x and 2.0 exports number their records; those become UUIDs (see IdPolicy).
    // Ids that already are UUIDs are kept; the report counts the others per kind of record.
    reader.policy.id_namespace = FeedNamespace(package_name);
    reader.policy.derive_from_source_ids = true;
    reader.policy.derived = &reader.derived_ids;

    // Each row's origin (its table and position), so the report counts the rows the package
    // gave, also when a 1.x table is converted into its 3.0 home.
    struct Origin {
        std::string table;
        size_t row;
    };
    std::map<std::string, std::vector<Origin>> origin;
    std::map<std::string, std::vector<char>> used;  // per table of the package, per row
    std::map<std::string, std::string> kept_note;   // per table: how its rows were kept
    std::map<std::string, std::string> lost_note;   // per table: why some were not
    std::map<std::string, std::string> kept_as;     // per table, where kKeptAs does not say it
    for (auto& [name, table] : tables) {
        for (size_t i = 0; i < table.rows.size(); ++i) origin[name].push_back({name, i});
        used[name].assign(table.rows.size(), 0);
    }
    auto add_row = [&](const std::string& table, const json& row, const std::string& from, size_t index) {
        tables[table].Add(row);
        origin[table].push_back({from, index});
    };

    // ---- HSDS 1.x and 2.0 tables, converted to their 3.0 homes --------------------------
    if (tables.count("regular_schedule")) {
        if (tables.count("schedule")) {
            lost_note["regular_schedule"] = "the package has a 3.0 schedules table, which is read instead";
        } else {
            const CsvTable old = std::move(tables["regular_schedule"]);  // its rows move to their 3.0 home
            for (size_t i = 0; i < old.rows.size(); ++i) {
                const std::string weekday = old.Cell(i, "weekday");
                const std::string byday = ByDayOf(weekday);
                if (byday.empty()) {
                    lost_note["regular_schedule"] = "weekday \"" + weekday + "\" is not a day";
                    continue;
                }
                json schedule = old.Row(i);
                schedule["x_weekday"] = weekday;
                schedule.erase("weekday");
                schedule["freq"] = "WEEKLY";
                schedule["byday"] = byday;
                add_row("schedule", std::move(schedule), "regular_schedule", i);
            }
            kept_note["regular_schedule"] = "weekday 1-7 read as ISO 8601, 1 = Monday";
        }
    }
    if (tables.count("holiday_schedule")) {
        const CsvTable old = std::move(tables["holiday_schedule"]);  // its rows move to their 3.0 home
        for (size_t i = 0; i < old.rows.size(); ++i) {
            const json row = old.Row(i);
            json schedule = row;
            for (const char* field : {"start_date", "end_date", "closed"}) schedule.erase(field);
            if (!Text(row, "start_date").empty()) schedule["valid_from"] = Text(row, "start_date");
            if (!Text(row, "end_date").empty()) schedule["valid_to"] = Text(row, "end_date");
            const bool closed = Lower(Text(row, "closed")) == "true" || Text(row, "closed") == "1";
            schedule["x_holiday"] = true;
            schedule["x_closed"] = closed;
            if (!schedule.contains("description")) schedule["description"] = closed ? "Closed" : "Holiday hours";
            add_row("schedule", std::move(schedule), "holiday_schedule", i);
        }
        kept_note["holiday_schedule"] = "valid_from/valid_to from start_date/end_date; x_closed keeps closed";
    }
    if ((tables.count("physical_address") || tables.count("postal_address")) && !tables.count("address")) {
        for (const char* kind : {"physical", "postal"}) {
            const std::string name = std::string(kind) + "_address";
            if (!tables.count(name)) continue;
            const CsvTable old = std::move(tables[name]);
            for (size_t i = 0; i < old.rows.size(); ++i) {
                json address = old.Row(i);
                address["address_type"] = kind;
                add_row("address", std::move(address), name, i);
            }
        }
    }
    if (tables.count("language")) {
        // 1.x: one "language" column holding a name or code; 3.0 has name and code.
        CsvTable& languages = tables["language"];
        for (size_t i = 0; i < languages.rows.size(); ++i) {
            if (languages.Cell(i, "name").empty() && languages.Cell(i, "code").empty() && !languages.Cell(i, "language").empty()) {
                languages.Set(i, "name", languages.Cell(i, "language"));
            }
        }
    }
    if (tables.count("phone")) {
        // 1.x phones carry their languages as one text ("en, es"): one language each.
        const CsvTable& phones = tables.at("phone");  // (the language rows go to another table)
        for (size_t i = 0; i < phones.rows.size(); ++i) {
            const json row = phones.Row(i);
            const std::string text = Text(row, "language");
            if (text.empty() || Text(row, "id").empty()) continue;
            std::stringstream list(text);
            int n = 0;
            for (std::string code; std::getline(list, code, ',');) {
                if (Trim(code).empty()) continue;
                const std::string id = base::UuidV5(reader.policy.id_namespace, "phone-language:" + Text(row, "id") + "/" + std::to_string(++n));
                add_row("language", {{"id", id}, {"phone_id", Text(row, "id")},
                                     {"name", Trim(code)}}, "", 0);
            }
        }
    }
    if (tables.count("service_taxonomy") && !tables.count("attribute")) {
        const CsvTable old = std::move(tables["service_taxonomy"]);  // its rows move to their 3.0 home
        for (size_t i = 0; i < old.rows.size(); ++i) {
            const json row = old.Row(i);
            json attribute = {{"id", Text(row, "id")}, {"link_id", Text(row, "service_id")}, {"link_entity", "service"},
                              {"taxonomy_term_id", Text(row, "taxonomy_id")}};
            if (!Text(row, "taxonomy_detail").empty()) attribute["value"] = Text(row, "taxonomy_detail");
            add_row("attribute", std::move(attribute), "service_taxonomy", i);
        }
    }
    if (tables.count("service") && !tables.count("attribute")) {
        // 1.x services.csv may list its terms in a taxonomy_ids column ("12, 14").
        const CsvTable& services = tables["service"];
        for (size_t i = 0; i < services.rows.size(); ++i) {
            const json row = services.Row(i);
            std::stringstream list(Text(row, "taxonomy_ids"));
            for (std::string term; std::getline(list, term, ',');) {
                if (Trim(term).empty()) continue;
                const std::string id = base::UuidV5(reader.policy.id_namespace, "service-term:" + Text(row, "id") + "/" + Trim(term));
                add_row("attribute", {{"id", id}, {"link_id", Text(row, "id")},
                                      {"link_entity", "service"}, {"taxonomy_term_id", Trim(term)}}, "", 0);
            }
        }
    }
    if (tables.count("taxonomy") && !tables.count("taxonomy_term")) {
        // 1.x: taxonomy.csv holds the terms, and "vocabulary" names their taxonomy.
        const CsvTable old = std::move(tables["taxonomy"]);  // its rows move to their 3.0 home
        tables.erase("taxonomy");
        origin.erase("taxonomy");
        std::map<std::string, std::string> vocabularies;  // name -> id
        for (size_t i = 0; i < old.rows.size(); ++i) {
            const json row = old.Row(i);
            json term = row;
            term.erase("vocabulary");
            if (const std::string vocabulary = Text(row, "vocabulary"); !vocabulary.empty()) {
                term["taxonomy"] = vocabulary;
                auto [it, fresh] = vocabularies.emplace(vocabulary, base::UuidV5(reader.policy.id_namespace, "taxonomy:" + vocabulary));
                term["taxonomy_id"] = it->second;
            }
            add_row("taxonomy_term", std::move(term), "taxonomy", i);
        }
        for (const auto& [name, id] : vocabularies) add_row("taxonomy", {{"id", id}, {"name", name}, {"description", ""}}, "", 0);
        kept_note["taxonomy"] = "HSDS 1.x terms; each vocabulary became a taxonomy";
        kept_as["taxonomy"] = "taxonomy terms";
    }
    if (tables.count("accessibility_for_disabilities") && !tables.count("accessibility")) {
        const CsvTable old = std::move(tables["accessibility_for_disabilities"]);  // its rows move to their 3.0 home
        for (size_t i = 0; i < old.rows.size(); ++i) {
            json row = old.Row(i);
            if (row.contains("accessibility")) {
                row["description"] = row["accessibility"];
                row.erase("accessibility");
            }
            add_row("accessibility", std::move(row), "accessibility_for_disabilities", i);
        }
    }
    if (tables.count("service_area")) {
        CsvTable& areas = tables["service_area"];  // 1.x: service_area -> name
        if (const size_t c = areas.Column("service_area"); c != std::string::npos && areas.Column("name") == std::string::npos) {
            areas.header[c] = "name";
        }
    }
    if (tables.count("organization")) {
        CsvTable& organizations = tables["organization"];  // 1.x: url -> website
        if (const size_t c = organizations.Column("url"); c != std::string::npos && organizations.Column("website") == std::string::npos) {
            organizations.header[c] = "website";
        }
    }
    if (tables.count("service")) {
        CsvTable& services = tables["service"];  // 1.x: fees -> fees_description
        if (services.Column("fees") != std::string::npos && services.Column("fees_description") == std::string::npos) {
            for (size_t i = 0; i < services.rows.size(); ++i) services.Set(i, "fees_description", services.Cell(i, "fees"));
        }
    }
    std::unordered_map<std::string, std::vector<size_t>> eligibility_rows;  // 1.x: one row per criterion
    if (tables.count("eligibility")) {
        const CsvTable& eligibility = tables["eligibility"];
        for (size_t i = 0; i < eligibility.rows.size(); ++i) eligibility_rows[eligibility.Cell(i, "service_id")].push_back(i);
    }

    // ---- Nesting: each service rebuilt as one nested record ------------------------------
    CsvTable empty;
    auto table = [&](const std::string& name) -> const CsvTable& {
        auto it = tables.find(name);
        return it == tables.end() ? empty : it->second;
    };
    auto index_by = [&](const std::string& name, const char* key) {
        std::unordered_map<std::string, std::vector<size_t>> out;
        const CsvTable& t = table(name);
        const size_t c = t.Column(key);
        if (c == std::string::npos) return out;
        for (size_t i = 0; i < t.rows.size(); ++i) {
            if (c < t.rows[i].size() && !t.rows[i][c].empty()) out[t.rows[i][c]].push_back(i);
        }
        return out;
    };
    std::vector<std::unordered_map<std::string, std::vector<size_t>>> nested_index;
    for (const Nesting& nesting : kNestings) nested_index.push_back(index_by(nesting.table, nesting.key));
    const auto by_id = [&](const char* name) { return index_by(name, "id"); };
    const auto organizations = by_id("organization"), locations = by_id("location"), terms = by_id("taxonomy_term"),
               taxonomies = by_id("taxonomy"), programs = by_id("program"), units = by_id("unit");
    const auto attributes_by_link = index_by("attribute", "link_id");
    const auto metadata_by_resource = index_by("metadata", "resource_id");
    const auto sals_by_service = index_by("service_at_location", "service_id");

    std::vector<Origin> reached;  // the rows the record being built holds
    std::function<json(const std::string&, size_t)> build = [&](const std::string& kind, size_t row) -> json {
        json out = tables[kind].Row(row);
        reached.push_back(origin[kind][row]);
        const std::string id = Text(out, "id");
        if (id.empty()) return out;
        for (size_t n = 0; n < std::size(kNestings); ++n) {
            const Nesting& nesting = kNestings[n];
            if (kind != nesting.parent) continue;
            auto it = nested_index[n].find(id);
            if (it == nested_index[n].end()) continue;
            json& list = out[nesting.field];
            if (!list.is_array()) list = json::array();
            for (size_t child : it->second) list.push_back(build(nesting.table, child));
        }
        if (auto it = attributes_by_link.find(id); it != attributes_by_link.end()) {
            for (size_t i : it->second) {
                const json row = table("attribute").Row(i);
                const std::string entity = Lower(Text(row, "link_entity"));
                if (!entity.empty() && entity != kind && !(entity == "service" && kind == "service")) continue;
                json attribute = build("attribute", i);
                if (auto term = terms.find(Text(row, "taxonomy_term_id")); term != terms.end()) {
                    attribute["taxonomy_term"] = build("taxonomy_term", term->second.front());
                }
                out["attributes"].push_back(std::move(attribute));
            }
        }
        if (auto it = metadata_by_resource.find(id); it != metadata_by_resource.end()) {
            for (size_t i : it->second) {
                json entry = build("metadata", i);
                const std::string type = Lower(Text(entry, "resource_type"));
                if (!type.empty() && type != kind) {
                    reached.pop_back();
                    continue;
                }
                if (type.empty()) entry["resource_type"] = kind;  // the record it was found on
                out["metadata"].push_back(std::move(entry));
            }
        }
        auto one = [&](const std::unordered_map<std::string, std::vector<size_t>>& index, const char* key,
                       const char* child_kind, const char* field) {
            if (auto it = index.find(Text(out, key)); it != index.end()) out[field] = build(child_kind, it->second.front());
        };
        if (kind == "service") {
            one(organizations, "organization_id", "organization", "organization");
            one(programs, "program_id", "program", "program");
            if (auto it = sals_by_service.find(id); it != sals_by_service.end()) {
                json& list = out["service_at_locations"];
                list = json::array();
                for (size_t i : it->second) {
                    json sal = build("service_at_location", i);
                    if (auto location = locations.find(Text(sal, "location_id")); location != locations.end()) {
                        sal["location"] = build("location", location->second.front());
                    }
                    list.push_back(std::move(sal));
                }
            }
            if (auto it = eligibility_rows.find(id); it != eligibility_rows.end() && !out.contains("eligibility_description")) {
                std::string text;
                for (size_t i : it->second) {
                    const std::string criterion = tables["eligibility"].Cell(i, "eligibility");
                    if (!criterion.empty()) text += (text.empty() ? "" : "; ") + criterion;
                    reached.push_back({"eligibility", i});
                }
                if (!text.empty()) out["eligibility_description"] = text;
            }
        }
        if (kind == "taxonomy_term") one(taxonomies, "taxonomy_id", "taxonomy", "taxonomy_detail");
        if (kind == "service_capacity") one(units, "unit_id", "unit", "unit");
        return out;
    };
    auto commit = [&] {
        for (const Origin& o : reached) {
            if (!o.table.empty() && used.count(o.table) && o.row < used[o.table].size()) used[o.table][o.row] = 1;
        }
        reached.clear();
    };

    const CsvTable& services = table("service");
    for (size_t i = 0; i < services.rows.size(); ++i) {
        reached.clear();
        json service = build("service", i);
        if (reader.AddService(std::move(service), "services.csv row " + std::to_string(i + 2))) commit();
    }
    // Organizations, locations and terms no service reaches are still part of the directory.
    // (Those a service reached are in the directory already, with that service.)
    auto reached_already = [&](const char* table, size_t row) {
        auto it = used.find(table);
        return it != used.end() && row < it->second.size() && it->second[row];
    };
    for (const auto& [id, rows] : organizations) {
        if (reached_already("organization", rows.front())) continue;
        reached.clear();
        if (!reader.AddOrganization(build("organization", rows.front()), "organizations.csv").empty()) commit();
    }
    for (const auto& [id, rows] : locations) {
        if (reached_already("location", rows.front())) continue;
        reached.clear();
        if (!reader.AddLocation(build("location", rows.front()), "locations.csv").empty()) commit();
    }
    for (const auto& [id, rows] : terms) {
        if (origin["taxonomy_term"][rows.front()].table == "taxonomy" ? reached_already("taxonomy", origin["taxonomy_term"][rows.front()].row)
                                                                     : reached_already("taxonomy_term", rows.front())) {
            continue;
        }
        reached.clear();
        if (!reader.AddTerm(build("taxonomy_term", rows.front())).empty()) commit();
    }
    reader.ReportNotes();
    Count(feed);

    // ---- Every table accounted for -------------------------------------------------------
    for (const auto& [name, flags] : used) {
        TableReport t;
        t.file = file_of[name];
        t.rows = static_cast<int>(flags.size());
        t.mapped = static_cast<int>(std::count(flags.begin(), flags.end(), 1));
        t.not_mapped = t.rows - t.mapped;
        if (auto kept = kKeptAs.find(name); kept != kKeptAs.end()) t.maps_to = kept->second;
        if (auto kept = kept_as.find(name); kept != kept_as.end()) t.maps_to = kept->second;
        if (name == "meta_table_description") {
            t.maps_to.clear();
            t.mapped = 0;
            t.not_mapped = t.rows;
            t.note = "it describes the package's tables, not directory records";
        } else if (t.maps_to.empty()) {
            t.not_mapped = t.rows;
            t.mapped = 0;
            t.note = "HSDS has no table \"" + name + "\" that this reader knows";
        } else if (auto lost = lost_note.find(name); lost != lost_note.end() && t.not_mapped) {
            t.note = lost->second;
        } else if (t.not_mapped) {
            t.note = "rows naming no record of the package that was imported";
        } else if (auto kept = kept_note.find(name); kept != kept_note.end()) {
            t.note = kept->second;
        }
        feed.report.tables.push_back(std::move(t));
    }
    return feed;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------

std::string NormalizeLanguageCode(std::string_view code_or_name) {
    std::string key = Lower(Trim(code_or_name));
    const auto dash = key.find_first_of("-_");
    if (dash != std::string::npos && dash >= 2) key = key.substr(0, dash);  // "es-MX" -> "es"
    static const std::unordered_map<std::string, std::string> kAliases = {
        {"eng", "en"}, {"english", "en"}, {"spa", "es"}, {"spanish", "es"}, {"español", "es"},
        {"vie", "vi"}, {"vietnamese", "vi"}, {"fra", "fr"}, {"fre", "fr"}, {"french", "fr"},
        {"zho", "zh"}, {"chi", "zh"}, {"chinese", "zh"}, {"mandarin", "zh"}, {"cantonese", "yue"},
        {"ara", "ar"}, {"arabic", "ar"}, {"urd", "ur"}, {"urdu", "ur"}, {"pol", "pl"}, {"polish", "pl"},
        {"slk", "sk"}, {"slo", "sk"}, {"slovak", "sk"}, {"por", "pt"}, {"portuguese", "pt"},
        {"rus", "ru"}, {"russian", "ru"}, {"som", "so"}, {"somali", "so"}, {"hat", "ht"},
        {"haitian creole", "ht"}, {"kor", "ko"}, {"korean", "ko"}, {"tgl", "tl"}, {"tagalog", "tl"},
        {"hin", "hi"}, {"hindi", "hi"}, {"amh", "am"}, {"amharic", "am"}, {"hmn", "hmn"}, {"hmong", "hmn"},
        {"fas", "fa"}, {"per", "fa"}, {"farsi", "fa"}, {"persian", "fa"}, {"ukr", "uk"}, {"ukrainian", "uk"},
        {"asl", "ase"}, {"american sign language", "ase"}, {"nep", "ne"}, {"nepali", "ne"},
        {"swa", "sw"}, {"swahili", "sw"}, {"deu", "de"}, {"ger", "de"}, {"german", "de"},
    };
    auto it = kAliases.find(key);
    return it == kAliases.end() ? key : it->second;
}

std::string ImportReport::Summary() const {
    std::ostringstream out;
    out << "imported " << services << " active service" << (services == 1 ? "" : "s");
    if (inactive_services) out << " (+" << inactive_services << " not active, never shown)";
    out << ", " << organizations << " organization" << (organizations == 1 ? "" : "s") << ", " << locations
        << " location" << (locations == 1 ? "" : "s") << ", " << taxonomy_terms << " categor"
        << (taxonomy_terms == 1 ? "y" : "ies") << " from " << source;
    if (!format.empty()) out << " (" << format << ")";
    out << "\n";
    out << "skipped " << skipped.size() << " record" << (skipped.size() == 1 ? "" : "s") << "\n";
    for (const SkippedRecord& record : skipped) out << "  skipped " << record.where << ": " << record.reason << "\n";
    for (const std::string& warning : warnings) out << "  note: " << warning << "\n";
    for (const TableReport& t : tables) {
        out << "  table " << t.file << ": " << t.rows << " row" << (t.rows == 1 ? "" : "s");
        if (!t.maps_to.empty()) out << ", " << t.mapped << " kept as " << t.maps_to;
        if (t.not_mapped) out << ", " << t.not_mapped << " not kept";
        if (!t.note.empty()) out << " (" << t.note << ")";
        out << "\n";
    }
    return out.str();
}

Result<DirectoryFeed> ParseHsdsText(std::string_view text, const std::string& source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    DirectoryFeed feed;
    feed.report.source = source;
    Reader reader{feed, {}, {}, {}, {}, 0};
    try {
        const json root = json::parse(text);
        reader.AddDocument(root);
        reader.ReportNotes();
        Count(feed);
        if (feed.services.empty() && feed.organizations.empty() && feed.locations.empty() && feed.terms.empty()) {
            // Nothing HSDS in it: say what it is rather than "no active services".
            const json* records = root.is_array() ? &root : Array(root, "contents");
            if (records && !records->empty()) {
                const bool any_id = std::any_of(records->begin(), records->end(), [](const json& r) { return r.is_object() && r.contains("id"); });
                const bool ohana = std::any_of(records->begin(), records->end(), [](const json& r) {
                    const json* locations = r.is_object() ? Array(r, "locations") : nullptr;
                    return locations && std::any_of(locations->begin(), locations->end(), [](const json& l) {
                        // Ohana's API nests services in locations ("services", or "services_attributes"
                        // in its import format).
                        return l.is_object() && (l.contains("services") || l.contains("services_attributes"));
                    });
                });
                if (!any_id) {
                    return Result<DirectoryFeed>::Fail(
                        source + " is not HSDS: none of its " + std::to_string(records->size()) + " records has an id (every HSDS record has one)" +
                        (ohana ? "; it looks like an Ohana API export (organizations with nested locations and services), which must be "
                                 "converted to HSDS first"
                               : ""));
                }
            }
        }
        return feed;
    } catch (const json::parse_error& whole_error) {
        // Not one JSON document: perhaps NDJSON, one record per line. It is NDJSON when its
        // first non-blank line is a whole JSON object; otherwise the file is refused.
        size_t start = 0;
        int line_number = 0;
        bool first = true;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            const std::string line = Trim(text.substr(start, end - start));
            ++line_number;
            start = end + 1;
            if (line.empty()) {
                if (end == text.size()) break;
                continue;
            }
            json record = json::parse(line, nullptr, false);
            if (first) {
                if (record.is_discarded() || !record.is_object()) {
                    return Result<DirectoryFeed>::Fail(source + " is not HSDS JSON or NDJSON: " + ParseErrorText(whole_error));
                }
                feed.report.format = "NDJSON";
                first = false;
            }
            if (record.is_discarded()) {
                reader.Skip("line " + std::to_string(line_number), "not a JSON record");
            } else {
                reader.AddRecord(record, "line " + std::to_string(line_number));
            }
            if (end == text.size()) break;
        }
        if (first) return Result<DirectoryFeed>::Fail(source + " is empty");
        reader.ReportNotes();
        Count(feed);
        return feed;
    } catch (const json::exception& error) {
        // A document nlohmann reads but cannot hold (a number beyond a double, found by the
        // fuzzer: 8999991999999E999999999999): refused in one line, never thrown at the caller.
        const std::string what = error.what();
        return Result<DirectoryFeed>::Fail(source + " is not HSDS JSON this kiosk can read: " +
                                           what.substr(what.find(']') == std::string::npos ? 0 : what.find(']') + 2));
    }
}

Result<DirectoryFeed> ReadHsdsPath(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path file(path);
    if (fs::is_directory(file, error)) return ReadCsvPackage(file);
    if (file.filename() == "datapackage.json") return ReadCsvPackage(file.parent_path());
    if (!fs::exists(file, error)) return Result<DirectoryFeed>::Fail(path + ": no such file or folder");
    const auto size = fs::file_size(file, error);
    if (error) return Result<DirectoryFeed>::Fail(path + ": " + error.message());
    if (size > kMaxFileBytes) return Result<DirectoryFeed>::Fail(path + " is too large (" + std::to_string(size >> 20) + " MiB)");
    if (file.extension() == ".csv") {
        return Result<DirectoryFeed>::Fail(path + " is one CSV table; import the folder that holds it and its datapackage.json");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Result<DirectoryFeed>::Fail("cannot read " + path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return ParseHsdsText(text, path);
}

void MergeFeed(DirectoryFeed& feed, DirectoryFeed&& page) {
    std::set<std::string> ids;
    for (const Service& service : feed.services) ids.insert(service.id);
    for (Service& service : page.services) {
        if (!ids.insert(service.id).second) {
            feed.report.skipped.push_back({"service " + service.id + " in " + page.report.source, "id used twice in this feed"});
            continue;
        }
        feed.services.push_back(std::move(service));
    }
    feed.organizations.merge(page.organizations);
    feed.locations.merge(page.locations);
    feed.terms.merge(page.terms);
    for (auto& skipped : page.report.skipped) feed.report.skipped.push_back(std::move(skipped));
    for (auto& warning : page.report.warnings) {
        if (feed.report.warnings.size() < 50) feed.report.warnings.push_back(std::move(warning));
    }
    Count(feed);
}

} // namespace hsds
