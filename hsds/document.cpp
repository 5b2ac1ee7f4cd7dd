// HSDS 3.0 documents, valid and lossless. See document.h.
//
// The rules follow Open Referral's schema files (schema/*.json of the 3.0 specification):
// which fields are numbers, which are enumerations, which are required, which hold a UUID,
// a URI or an email. They are listed here once, in tables, rather than read from the schema
// at run time: a kiosk has no copy of the specification.
#include "hsds/document.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <unordered_map>
#include <vector>

#include "base/uuid.h"
#include "hsds/text.h"

namespace hsds {

using nlohmann::json;

namespace {

// The namespace of every namespace: UUIDv5("https://www.openreferral.org/", URL namespace).
// Derived ids then never collide with another product's, whatever the feed's name.
constexpr char kUrlNamespace[] = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

struct KeyKind {
    const char* key;
    const char* kind;
};

// Where nested records live, whatever the parent: the key and the kind of record it holds.
constexpr KeyKind kNested[] = {
    {"phones", "phone"}, {"schedules", "schedule"}, {"service_areas", "service_area"},
    {"service_at_locations", "service_at_location"}, {"languages", "language"}, {"organization", "organization"},
    {"funding", "funding"}, {"cost_options", "cost_option"}, {"program", "program"}, {"programs", "program"},
    {"required_documents", "required_document"}, {"contacts", "contact"}, {"attributes", "attribute"},
    {"metadata", "metadata"}, {"location", "location"}, {"locations", "location"}, {"addresses", "address"},
    {"accessibility", "accessibility"}, {"taxonomy_term", "taxonomy_term"}, {"taxonomy_detail", "taxonomy"},
    {"organization_identifiers", "organization_identifier"}, {"services", "service"}, {"service", "service"},
};

// Fields holding the id of another record, and that record's kind ("" = the record's own kind).
constexpr KeyKind kReferences[] = {
    {"organization_id", "organization"}, {"service_id", "service"}, {"location_id", "location"},
    {"phone_id", "phone"}, {"contact_id", "contact"}, {"service_at_location_id", "service_at_location"},
    {"taxonomy_term_id", "taxonomy_term"}, {"taxonomy_id", "taxonomy"}, {"program_id", "program"},
    {"parent_organization_id", "organization"}, {"parent_id", ""},
};

// Fields the schema types as numbers.
constexpr const char* kNumbers[] = {"minimum_age", "maximum_age", "extension", "timezone", "count", "interval",
                                    "latitude", "longitude", "amount", "year_incorporated"};

// Text fields that feeds often give as numbers (a phone number, a ZIP code): the schema types
// them as strings.
constexpr const char* kTexts[] = {"number", "postal_code", "tax_id", "code", "identifier", "name", "description",
                                  "value", "label", "registration", "address_1"};

// Fields the schema formats as URIs, and as emails.
constexpr const char* kUris[] = {"url", "website", "uri", "term_uri", "schedule_link"};
constexpr const char* kEmails[] = {"email", "assurer_email"};

struct Required {
    const char* kind;
    std::initializer_list<const char*> fields;  // string fields the schema requires
};
const Required kRequired[] = {
    {"organization", {"name", "description"}},
    {"program", {"name", "description"}},
    {"taxonomy_term", {"name", "description"}},
    {"taxonomy", {"name", "description"}},
    {"address", {"address_1", "city", "state_province", "postal_code", "country"}},
    {"organization_identifier", {"identifier_type", "identifier"}},
    {"metadata", {"last_action_date", "last_action_type", "field_name", "previous_value", "replacement_value", "updated_by"}},
    {"phone", {"number"}},
};

template <size_t N>
const char* Find(const KeyKind (&table)[N], std::string_view key) {
    for (const KeyKind& entry : table) {
        if (key == entry.key) return entry.kind;
    }
    return nullptr;
}

template <size_t N>
bool Among(const char* const (&table)[N], std::string_view key) {
    return std::find(std::begin(table), std::end(table), key) != std::end(table);
}

// What a field's name says about it: which rule applies (and for references and nested
// records, the kind of record), looked up once per field.
struct Role {
    enum What { Reference, Number, Text, Uri, Email, Nested } what;
    const char* kind = "";
};

const Role* RoleOf(const std::string& key) {
    static const std::unordered_map<std::string, Role> kRoles = [] {
        std::unordered_map<std::string, Role> roles;
        for (const KeyKind& entry : kNested) roles.emplace(entry.key, Role{Role::Nested, entry.kind});
        for (const KeyKind& entry : kReferences) roles.emplace(entry.key, Role{Role::Reference, entry.kind});
        roles.emplace("link_id", Role{Role::Reference, ""});
        roles.emplace("resource_id", Role{Role::Reference, ""});
        for (const char* field : kNumbers) roles.emplace(field, Role{Role::Number, ""});
        for (const char* field : kTexts) roles.emplace(field, Role{Role::Text, ""});
        for (const char* field : kUris) roles.emplace(field, Role{Role::Uri, ""});
        for (const char* field : kEmails) roles.emplace(field, Role{Role::Email, ""});
        return roles;
    }();
    auto it = kRoles.find(key);
    return it == kRoles.end() ? nullptr : &it->second;
}

// "12" -> 12, " 37.77 " -> 37.77; nothing for text that is not wholly one finite number.
std::optional<json> Number(std::string text, bool extension) {
    text = Trim(text);
    if (extension) {
        // "ext. 204", "x204", "#204": the digits are the extension.
        size_t start = 0;
        while (start < text.size() && !std::isdigit(static_cast<unsigned char>(text[start])) &&
               (std::isalpha(static_cast<unsigned char>(text[start])) || text[start] == '.' || text[start] == '#' ||
                std::isspace(static_cast<unsigned char>(text[start])))) {
            ++start;
        }
        if (start > 0 && start <= 6) text = text.substr(start);
    }
    if (text.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (errno || end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
    if (value == std::floor(value) && std::fabs(value) < 9e15) return json(static_cast<int64_t>(value));
    return json(value);
}

// RFC 3986 characters a URI may hold as they are (with '%' for escapes already made).
bool UriChar(unsigned char c) {
    return std::isalnum(c) || std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(static_cast<char>(c)) != std::string_view::npos;
}

bool HasScheme(const std::string& text) {
    if (text.empty() || !std::isalpha(static_cast<unsigned char>(text[0]))) return false;
    for (size_t i = 1; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ':') return i > 1;  // "c:" would be a drive letter, not a scheme
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return false;
}

// A URI as the schema checks it, or nothing when the text cannot be one.
std::optional<std::string> FixUri(const std::string& given, bool& changed) {
    std::string text = Trim(given);
    if (text.empty()) return std::nullopt;
    if (!HasScheme(text)) {
        // "www.example.org/food": a web address as people write it.
        const bool host_like = text.find('.') != std::string::npos && text.find(' ') == std::string::npos &&
                               text.front() != '/' && text.front() != '.';
        if (!host_like) return std::nullopt;
        text = "https://" + text;
    }
    std::string out;
    static const char* kHex = "0123456789ABCDEF";
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const bool escape = c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                            std::isxdigit(static_cast<unsigned char>(text[i + 2]));
        if ((UriChar(c) && c != '%') || escape) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    changed = out != given;
    return out;
}

std::string RecordId(const json& record) {
    auto it = record.find("id");
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Moves `record[field]` to `record["x_" + field]`, keeping what the feed said.
void SetAside(json& record, const std::string& field) {
    record["x_" + field] = std::move(record[field]);
    record.erase(field);
}

struct Walker {
    const IdPolicy& policy;
    DocumentNotes& notes;

    // `remember`: keep it for the next reference (ids of records are met once, references
    // to them many times).
    std::string Derived(std::string_view kind, const std::string& source_id, bool remember = false) const {
        std::string name = std::string(kind) + ":" + source_id;
        if (!policy.derived) return base::UuidV5(policy.id_namespace, name);
        if (!remember) {
            auto it = policy.derived->find(name);
            return it != policy.derived->end() ? it->second : base::UuidV5(policy.id_namespace, name);
        }
        auto it = policy.derived->find(name);
        if (it != policy.derived->end()) return it->second;
        std::string id = base::UuidV5(policy.id_namespace, name);
        policy.derived->emplace(std::move(name), id);
        return id;
    }

    // The UUID a reference to a record of `kind` with `value` as its id points at.
    void Reference(json& record, const std::string& field, std::string_view kind) {
        auto it = record.find(field);
        if (it == record.end()) return;
        if (it->is_number()) *it = it->dump();
        if (!it->is_string()) return;
        const std::string value = Trim(it->get<std::string>());
        if (value.empty()) {
            record.erase(field);
            return;
        }
        if (!base::IsUuid(value) && policy.derive_from_source_ids) *it = Derived(kind, value, true);
    }

    void Id(json& record, std::string_view kind, const std::string& place) {
        auto it = record.find("id");
        if (it != record.end() && it->is_number()) *it = it->dump();
        if (it == record.end() || !it->is_string() || Trim(it->get<std::string>()).empty()) {
            record["id"] = base::UuidV5(policy.id_namespace, place);
            notes.Add(std::string(kind) + " records had no id: each got one derived from its place in its parent", place);
            return;
        }
        const std::string id = it->get<std::string>();
        if (base::IsUuid(id)) return;
        if (policy.derive_from_source_ids) {
            if (!record.contains("x_source_id")) record["x_source_id"] = id;
            record["id"] = Derived(kind, id);
            notes.Add(std::string(kind) + " ids were not UUIDs: each became the UUIDv5 of the source id, kept as x_source_id", id);
        } else {
            notes.Add(std::string(kind) + " ids are not UUIDs as HSDS 3.0 asks; kept as the feed gave them", id);
        }
    }

    void Enumerations(json& record, std::string_view kind) {
        auto text = [&](const char* field) -> std::string {
            auto it = record.find(field);
            return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        if (kind == "service") {
            const std::string status = Lower(Trim(text("status")));
            static const char* kStatuses[] = {"active", "inactive", "defunct", "temporarily closed"};
            if (status.empty()) {
                record["status"] = "active";
            } else if (std::find(std::begin(kStatuses), std::end(kStatuses), status) != std::end(kStatuses)) {
                record["status"] = status;
            } else {
                SetAside(record, "status");
                record["status"] = "inactive";
                notes.Add("services had a status HSDS does not have: kept as x_status, served as inactive", RecordId(record));
            }
        }
        if (kind == "address" || kind == "location") {
            const char* field = kind == "address" ? "address_type" : "location_type";
            const std::string value = Lower(Trim(text(field)));
            if (value == "physical" || value == "postal" || value == "virtual") {
                record[field] = value;
            } else {
                if (!value.empty()) SetAside(record, field);
                std::string type = "physical";
                if (kind == "location") {
                    // A location with only a postal address is a mailing address; with no
                    // address but a web address, a virtual one.
                    bool physical = record.contains("latitude"), postal = false;
                    if (auto a = record.find("addresses"); a != record.end() && a->is_array()) {
                        for (const json& address : *a) {
                            const std::string t = address.is_object() && address.contains("address_type") && address["address_type"].is_string()
                                                      ? Lower(address["address_type"].get<std::string>()) : "physical";
                            physical = physical || t == "physical";
                            postal = postal || t == "postal";
                        }
                    }
                    if (!physical && postal) type = "postal";
                    else if (!physical && record.contains("url")) type = "virtual";
                    notes.Add("locations had no location_type: taken from their addresses", RecordId(record));
                }
                record[field] = type;
            }
        }
        if (kind == "schedule") {
            const std::string freq = Upper(Trim(text("freq")));
            if (freq == "WEEKLY" || freq == "MONTHLY") {
                record["freq"] = freq;
            } else if (!freq.empty()) {
                SetAside(record, "freq");
                const int interval = record.contains("interval") && record["interval"].is_number() ? record["interval"].get<int>() : 1;
                if (freq == "DAILY" && interval <= 1 && !record.contains("byday")) {
                    record["freq"] = "WEEKLY";
                    record["byday"] = "MO,TU,WE,TH,FR,SA,SU";
                    notes.Add("schedules were DAILY, which HSDS 3.0 does not have: served as WEEKLY on every day, x_freq keeps DAILY", RecordId(record));
                } else {
                    notes.Add("schedules had a freq HSDS 3.0 does not have: kept as x_freq", RecordId(record));
                }
            }
            const std::string wkst = Upper(Trim(text("wkst")));
            static const char* kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
            if (!wkst.empty()) {
                if (std::find(std::begin(kDays), std::end(kDays), wkst) != std::end(kDays)) record["wkst"] = wkst;
                else SetAside(record, "wkst");
            }
        }
    }

    // One field of a record that needs work, found in one pass over the record's keys.
    struct Work {
        std::string key;
        const Role* role;
    };

    void Visit(json& record, std::string_view kind, const std::string& place) {
        // One pass: null is absent; the fields with a rule are noted.
        std::vector<Work> work;
        for (auto it = record.begin(); it != record.end();) {
            if (it->is_null()) {
                it = record.erase(it);
                continue;
            }
            if (const Role* role = RoleOf(it.key())) work.push_back({it.key(), role});
            ++it;
        }
        Id(record, kind, place);
        const std::string id = record["id"].get<std::string>();
        auto text = [&](const char* field) {
            auto it = record.find(field);
            return it != record.end() && it->is_string() ? Lower(Trim(it->get<std::string>())) : std::string();
        };
        for (const Work& w : work) {
            const char* field = w.key.c_str();
            switch (w.role->what) {
                case Role::Reference: {
                    std::string_view target = *w.role->kind ? std::string_view(w.role->kind) : kind;
                    if (w.key == "link_id") {
                        std::string type = text("link_entity");
                        if (type.empty()) type = "service";
                        Reference(record, field, type);
                    } else if (w.key == "resource_id") {
                        const std::string type = text("resource_type");
                        Reference(record, field, type.empty() ? "service" : type);
                    } else {
                        Reference(record, field, target);
                    }
                    break;
                }
                case Role::Number: {
                    auto it = record.find(w.key);
                    if (it == record.end() || it->is_number()) break;
                    if (it->is_string()) {
                        if (Trim(it->get<std::string>()).empty()) {
                            record.erase(it);
                            break;
                        }
                        if (auto number = Number(it->get<std::string>(), w.key == "extension")) {
                            *it = std::move(*number);
                            break;
                        }
                    }
                    SetAside(record, w.key);
                    notes.Add(w.key + " values were not numbers: kept as x_" + w.key, RecordId(record));
                    break;
                }
                case Role::Text: {
                    auto it = record.find(w.key);
                    if (it != record.end() && it->is_number()) *it = it->dump();
                    break;
                }
                case Role::Uri: {
                    auto it = record.find(w.key);
                    if (it == record.end() || !it->is_string()) break;
                    bool changed = false;
                    if (auto uri = FixUri(it->get<std::string>(), changed)) {
                        if (changed) notes.Add(w.key + " values were not whole URIs: a scheme added or characters escaped", RecordId(record));
                        *it = std::move(*uri);
                    } else if (Trim(it->get<std::string>()).empty()) {
                        record.erase(it);
                    } else {
                        SetAside(record, w.key);
                        notes.Add(w.key + " values were not web addresses: kept as x_" + w.key, RecordId(record));
                    }
                    break;
                }
                case Role::Email: {
                    auto it = record.find(w.key);
                    if (it == record.end() || !it->is_string()) break;
                    if (Trim(it->get<std::string>()).empty()) {
                        record.erase(it);
                    } else if (it->get<std::string>().find('@') == std::string::npos) {
                        SetAside(record, w.key);
                        notes.Add(w.key + " values were not email addresses: kept as x_" + w.key, RecordId(record));
                    }
                    break;
                }
                case Role::Nested: break;  // below, once the record itself is valid
            }
        }
        Enumerations(record, kind);
        for (const Required& required : kRequired) {
            if (kind != required.kind) continue;
            for (const char* field : required.fields) {
                auto it = record.find(field);
                if (it == record.end() || !it->is_string()) {
                    if (it != record.end()) SetAside(record, field);
                    record[field] = "";
                }
            }
        }
        // The nested records.
        for (const Work& w : work) {
            if (w.role->what != Role::Nested) continue;
            auto it = record.find(w.key);
            if (it == record.end()) continue;
            const char* child = w.role->kind;
            if (it->is_object()) {
                Visit(*it, child, id + "/" + w.key);
            } else if (it->is_array()) {
                size_t index = 0;
                for (json& item : *it) {
                    if (item.is_string() && std::string_view(child) == "language") {
                        item = json{{"name", Trim(item.get<std::string>())}};  // ["English", "Spanish"]
                    }
                    if (item.is_object()) Visit(item, child, id + "/" + w.key + "/" + std::to_string(index));
                    ++index;
                }
            }
        }
    }
};

} // namespace

std::string FeedNamespace(std::string_view name) {
    return base::UuidV5(base::UuidV5(kUrlNamespace, "https://www.openreferral.org/"), "feed:" + std::string(name));
}

std::string_view KindOfKey(std::string_view key) {
    const char* kind = Find(kNested, key);
    return kind ? kind : "";
}

void MakeValid(json& record, std::string_view kind, const IdPolicy& policy, DocumentNotes& notes) {
    if (!record.is_object()) return;
    static const std::string kDefaultNamespace = FeedNamespace("");
    if (!base::IsUuid(policy.id_namespace)) {
        IdPolicy effective = policy;
        effective.id_namespace = kDefaultNamespace;
        Walker walker{effective, notes};
        walker.Visit(record, kind, std::string(kind));
        return;
    }
    Walker walker{policy, notes};
    walker.Visit(record, kind, std::string(kind));
}

} // namespace hsds
