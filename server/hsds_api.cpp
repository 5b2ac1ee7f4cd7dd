// The HSDS 3.0 read API. See hsds_api.h.
#include "server/hsds_api.h"

#include "base/time_text.h"
#include "hsds/document.h"

#include "server/tokens.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace district {

using nlohmann::json;

namespace {

// Optional HSDS fields are left out when empty rather than sent as "".
void Put(json& object, const char* key, const std::string& value) {
    if (!value.empty()) object[key] = value;
}

json LanguagesJson(const std::vector<hsds::Language>& languages) {
    json out = json::array();
    for (const auto& language : languages) {
        json l = {{"code", language.code}};
        Put(l, "name", language.name);
        out.push_back(std::move(l));
    }
    return out;
}

json PhonesJson(const std::vector<hsds::Phone>& phones) {
    json out = json::array();
    for (const auto& phone : phones) {
        json p = {{"number", phone.number}};
        Put(p, "id", phone.id);
        Put(p, "extension", phone.extension);
        Put(p, "type", phone.type);
        Put(p, "description", phone.description);
        if (!phone.languages.empty()) p["languages"] = LanguagesJson(phone.languages);
        out.push_back(std::move(p));
    }
    return out;
}

json ScheduleJson(const hsds::Schedule& schedule) {
    json s = json::object();
    Put(s, "id", schedule.id);
    Put(s, "freq", schedule.freq);
    Put(s, "byday", schedule.byday);
    Put(s, "bymonthday", schedule.bymonthday);
    if (schedule.interval > 1) s["interval"] = schedule.interval;
    Put(s, "opens_at", schedule.opens_at);
    Put(s, "closes_at", schedule.closes_at);
    Put(s, "valid_from", schedule.valid_from);
    Put(s, "valid_to", schedule.valid_to);
    Put(s, "dtstart", schedule.dtstart);
    Put(s, "description", schedule.description);
    return s;
}

json LocationJson(const hsds::Location& location) {
    json l = {{"id", location.id}};
    Put(l, "name", location.name);
    Put(l, "alternate_name", location.alternate_name);
    Put(l, "description", location.description);
    Put(l, "transportation", location.transportation);
    if (location.latitude) l["latitude"] = *location.latitude;
    if (location.longitude) l["longitude"] = *location.longitude;
    json addresses = json::array();
    for (const auto& a : location.addresses) {
        json address = json::object();
        Put(address, "address_1", a.address_1);
        Put(address, "address_2", a.address_2);
        Put(address, "city", a.city);
        Put(address, "region", a.region);
        Put(address, "state_province", a.state_province);
        Put(address, "postal_code", a.postal_code);
        Put(address, "country", a.country);
        Put(address, "address_type", a.address_type);
        addresses.push_back(std::move(address));
    }
    l["addresses"] = std::move(addresses);
    l["languages"] = LanguagesJson(location.languages);
    l["phones"] = PhonesJson(location.phones);
    json schedules = json::array();
    for (const auto& s : location.schedules) schedules.push_back(ScheduleJson(s));
    l["schedules"] = std::move(schedules);
    return l;
}

std::string Text(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

namespace {

// A service stored before documents were kept (kiosk schema v7): rebuilt from the columns.
json ColumnsJson(const storage::ServiceDetail& detail, bool full) {
    const hsds::Service& s = detail.service;
    json out = {{"id", s.id}, {"name", s.name}, {"status", s.status.empty() ? "active" : s.status}};
    Put(out, "organization_id", s.organization_id);
    Put(out, "alternate_name", s.alternate_name);
    Put(out, "description", s.description);
    Put(out, "url", s.url);
    Put(out, "email", s.email);
    Put(out, "interpretation_services", s.interpretation_services);
    Put(out, "application_process", s.application_process);
    Put(out, "fees_description", s.fees_description);
    Put(out, "eligibility_description", s.eligibility_description);
    if (s.minimum_age) out["minimum_age"] = *s.minimum_age;
    if (s.maximum_age) out["maximum_age"] = *s.maximum_age;
    Put(out, "alert", s.alert);
    Put(out, "assured_date", s.assured_date);
    Put(out, "last_modified", s.last_modified);
    if (!full) return out;

    if (!detail.organization.id.empty()) {
        const hsds::Organization& o = detail.organization;
        json organization = {{"id", o.id}, {"name", o.name}};
        Put(organization, "alternate_name", o.alternate_name);
        Put(organization, "description", o.description);
        Put(organization, "email", o.email);
        Put(organization, "website", o.website);
        organization["phones"] = PhonesJson(o.phones);
        out["organization"] = std::move(organization);
    }
    out["phones"] = PhonesJson(s.phones);
    out["languages"] = LanguagesJson(s.languages);
    json schedules = json::array();
    for (const auto& schedule : s.schedules) {
        if (schedule.location_id.empty()) schedules.push_back(ScheduleJson(schedule));
    }
    out["schedules"] = std::move(schedules);
    json sals = json::array();
    for (const auto& location : detail.locations) {
        json sal = {{"id", s.id + "@" + location.id}, {"service_id", s.id}, {"location_id", location.id},
                    {"location", LocationJson(location)}};
        json sal_schedules = json::array();
        for (const auto& schedule : s.schedules) {
            if (schedule.location_id == location.id) sal_schedules.push_back(ScheduleJson(schedule));
        }
        sal["schedules"] = std::move(sal_schedules);
        sals.push_back(std::move(sal));
    }
    out["service_at_locations"] = std::move(sals);
    json attributes = json::array();
    for (const auto& term : detail.categories) {
        json t = {{"id", term.id}, {"name", term.name}};
        Put(t, "code", term.code);
        Put(t, "description", term.description);
        Put(t, "parent_id", term.parent_id);
        Put(t, "taxonomy", term.taxonomy);
        attributes.push_back({{"id", s.id + ":" + term.id}, {"link_id", s.id}, {"link_type", "service"},
                              {"link_entity", "service"}, {"taxonomy_term_id", term.id}, {"taxonomy_term", std::move(t)}});
    }
    out["attributes"] = std::move(attributes);
    return out;
}


// Puts the `translated` text of each field into `document` where it differs from the
// default language's (`original`): the service's own text, its organization's, its
// locations', its categories' and its schedules' descriptions.
void Overlay(json& document, const storage::ServiceDetail& translated, const storage::ServiceDetail& original) {
    auto put = [](json& object, const char* key, const std::string& text, const std::string& source) {
        if (object.is_object() && text != source && !text.empty()) object[key] = text;
    };
    const hsds::Service& t = translated.service;
    const hsds::Service& o = original.service;
    put(document, "name", t.name, o.name);
    put(document, "alternate_name", t.alternate_name, o.alternate_name);
    put(document, "description", t.description, o.description);
    put(document, "eligibility_description", t.eligibility_description, o.eligibility_description);
    put(document, "fees_description", t.fees_description, o.fees_description);
    put(document, "application_process", t.application_process, o.application_process);
    put(document, "interpretation_services", t.interpretation_services, o.interpretation_services);
    put(document, "alert", t.alert, o.alert);
    if (document.contains("organization")) {
        json& organization = document["organization"];
        put(organization, "name", translated.organization.name, original.organization.name);
        put(organization, "alternate_name", translated.organization.alternate_name, original.organization.alternate_name);
        put(organization, "description", translated.organization.description, original.organization.description);
    }
    auto find_location = [](const storage::ServiceDetail& detail, const std::string& id) -> const hsds::Location* {
        for (const auto& l : detail.locations) {
            if (l.id == id) return &l;
        }
        return nullptr;
    };
    if (document.contains("service_at_locations") && document["service_at_locations"].is_array()) {
        for (json& sal : document["service_at_locations"]) {
            if (!sal.is_object() || !sal.contains("location") || !sal["location"].is_object()) continue;
            json& location = sal["location"];
            const hsds::Location* tl = find_location(translated, Text(location, "id"));
            const hsds::Location* ol = find_location(original, Text(location, "id"));
            if (!tl || !ol) continue;
            put(location, "name", tl->name, ol->name);
            put(location, "alternate_name", tl->alternate_name, ol->alternate_name);
            put(location, "description", tl->description, ol->description);
            put(location, "transportation", tl->transportation, ol->transportation);
        }
    }
    if (document.contains("attributes") && document["attributes"].is_array()) {
        for (json& attribute : document["attributes"]) {
            if (!attribute.is_object() || !attribute.contains("taxonomy_term")) continue;
            json& term = attribute["taxonomy_term"];
            const std::string id = Text(term, "id");
            const hsds::TaxonomyTerm *tt = nullptr, *ot = nullptr;
            for (const auto& c : translated.categories) if (c.id == id) tt = &c;
            for (const auto& c : original.categories) if (c.id == id) ot = &c;
            if (!tt || !ot) continue;
            put(term, "name", tt->name, ot->name);
            put(term, "description", tt->description, ot->description);
        }
    }
    // Fields whose translation is out of date are served in the source language; say which,
    // so a kiosk shows its "translation being updated" note (an extension field).
    if (!translated.stale_fields.empty()) document["x_translation_stale"] = translated.stale_fields;
    if (document.contains("schedules") && document["schedules"].is_array()) {
        for (json& schedule : document["schedules"]) {
            const std::string id = Text(schedule, "id");
            const hsds::Schedule *ts = nullptr, *os = nullptr;
            for (const auto& x : t.schedules) if (x.id == id && x.location_id.empty()) ts = &x;
            for (const auto& x : o.schedules) if (x.id == id && x.location_id.empty()) os = &x;
            if (ts && os) put(schedule, "description", ts->description, os->description);
        }
    }
}

// A record's one-to-one fields: what a list of records carries for each (no nested lists or
// records), as the API reference's "brief" listings.
json Brief(const json& record) {
    json out = json::object();
    for (auto it = record.begin(); it != record.end(); ++it) {
        if (!it->is_array() && !it->is_object()) out[it.key()] = *it;
    }
    return out;
}

} // namespace

json ServiceJson(const storage::ServiceDetail& detail, bool full, const storage::ServiceDetail* original) {
    json document;
    if (!detail.service.document.empty()) document = json::parse(detail.service.document, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        document = ColumnsJson(detail, true);
        hsds::DocumentNotes notes;
        hsds::MakeValid(document, "service", {}, notes);
    } else if (original) {
        Overlay(document, detail, *original);
    }
    return full ? document : Brief(document);
}

std::string PickLocale(const std::string& accept_language, const std::vector<std::string>& available,
                       const std::string& fallback) {
    struct Choice {
        std::string tag;
        double quality;
        size_t order;
    };
    std::vector<Choice> choices;
    size_t start = 0;
    while (start <= accept_language.size()) {
        size_t end = accept_language.find(',', start);
        if (end == std::string::npos) end = accept_language.size();
        std::string part = accept_language.substr(start, end - start);
        start = end + 1;
        double quality = 1.0;
        if (const size_t semi = part.find(';'); semi != std::string::npos) {
            const std::string params = part.substr(semi + 1);
            part = part.substr(0, semi);
            if (const size_t q = params.find("q="); q != std::string::npos) {
                try {
                    quality = std::stod(params.substr(q + 2));
                } catch (...) {
                    quality = 0;
                }
            }
        }
        part.erase(std::remove_if(part.begin(), part.end(), [](unsigned char c) { return std::isspace(c); }), part.end());
        if (!part.empty() && quality > 0) choices.push_back({Lower(part), quality, choices.size()});
    }
    std::stable_sort(choices.begin(), choices.end(), [](const Choice& a, const Choice& b) { return a.quality > b.quality; });
    for (const Choice& choice : choices) {
        if (choice.tag == "*") return fallback;
        const std::string primary = choice.tag.substr(0, choice.tag.find_first_of("-_"));
        for (const std::string& locale : available) {
            const std::string l = Lower(locale);
            if (l == choice.tag || l.substr(0, l.find_first_of("-_")) == primary) return locale;
        }
    }
    return fallback;
}

std::shared_ptr<const RenderedDirectory> RenderDirectory(const DistrictStore::DirectorySnapshot& snapshot) {
    auto rendered = std::make_shared<RenderedDirectory>();
    rendered->version = snapshot.version;
    rendered->default_locale = snapshot.info.default_locale.empty() ? "en" : snapshot.info.default_locale;
    rendered->modified = snapshot.info.imported_at;
    std::string everything;
    // Organizations, taxonomies, taxonomy terms and services at locations, as the services
    // carry them: collected per language, then sorted by id.
    struct Collected {
        std::map<std::string, json> records;
        std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> services;  // brief, full texts
    };
    auto slot = [](RenderedDirectory::Listing& listing, const std::string& id, const std::string& search) {
        auto [it, fresh] = listing.index_of.emplace(id, listing.ids.size());
        if (fresh) {
            listing.ids.push_back(id);
            listing.search_text.push_back(Lower(search));
            listing.services.emplace_back();
            listing.parent_ids.emplace_back();
            listing.taxonomy_ids.emplace_back();
        }
        return it->second;
    };
    const std::vector<storage::ServiceDetail>* originals = snapshot.locales.empty() ? nullptr : &snapshot.locales.front().second;
    bool first_locale = true;
    for (const auto& [locale, services] : snapshot.locales) {
        rendered->locales.push_back(locale);
        RenderedDirectory::Locale& texts = rendered->by_locale[locale];
        Collected organizations, taxonomies, terms, sals;
        for (size_t i = 0; i < services.size(); ++i) {
            const storage::ServiceDetail* original = !first_locale && originals && i < originals->size() ? &(*originals)[i] : nullptr;
            const json full = ServiceJson(services[i], true, original);
            const json brief = Brief(full);
            texts.full.push_back(full.dump());
            texts.brief.push_back(brief.dump());
            everything += locale;
            everything += texts.full.back();
            const std::string service_id = Text(full, "id");
            if (first_locale) {
                rendered->index_of.emplace(service_id, i);
                RenderedDirectory::Facts facts;
                facts.id = service_id;
                facts.organization_id = Text(full, "organization_id");
                if (facts.organization_id.empty() && full.contains("organization")) facts.organization_id = Text(full["organization"], "id");
                rendered->facts.push_back(std::move(facts));
            }
            if (const auto it = full.find("organization"); it != full.end() && it->is_object() && !Text(*it, "id").empty()) {
                const std::string id = Text(*it, "id");
                organizations.records.emplace(id, Brief(*it));
                auto& [briefs, fulls] = organizations.services[id];
                briefs.push_back(texts.brief.back());
                fulls.push_back(texts.full.back());
                if (first_locale) {
                    rendered->organizations.services[slot(rendered->organizations, id, Text(*it, "name") + " " + Text(*it, "description"))]
                        .push_back(i);
                }
            }
            if (const auto it = full.find("attributes"); it != full.end() && it->is_array()) {
                for (const json& attribute : *it) {
                    if (!attribute.is_object() || !attribute.contains("taxonomy_term") || !attribute["taxonomy_term"].is_object()) continue;
                    const json& term = attribute["taxonomy_term"];
                    const std::string id = Text(term, "id");
                    if (id.empty()) continue;
                    json stored = term;
                    std::string taxonomy_id = Text(term, "taxonomy_id");
                    if (term.contains("taxonomy_detail") && term["taxonomy_detail"].is_object()) {
                        const json& taxonomy = term["taxonomy_detail"];
                        if (taxonomy_id.empty()) taxonomy_id = Text(taxonomy, "id");
                        if (!Text(taxonomy, "id").empty()) {
                            taxonomies.records.emplace(Text(taxonomy, "id"), taxonomy);
                            if (first_locale) slot(rendered->taxonomies, Text(taxonomy, "id"), Text(taxonomy, "name") + " " + Text(taxonomy, "description"));
                        }
                    }
                    terms.records.emplace(id, std::move(stored));
                    if (first_locale) {
                        const size_t at = slot(rendered->taxonomy_terms, id, Text(term, "name") + " " + Text(term, "description"));
                        rendered->taxonomy_terms.services[at].push_back(i);
                        rendered->taxonomy_terms.parent_ids[at] = Text(term, "parent_id");
                        rendered->taxonomy_terms.taxonomy_ids[at] = taxonomy_id;
                        auto& facts = rendered->facts.back();
                        if (std::find(facts.taxonomy_term_ids.begin(), facts.taxonomy_term_ids.end(), id) == facts.taxonomy_term_ids.end()) {
                            facts.taxonomy_term_ids.push_back(id);
                        }
                        if (!taxonomy_id.empty() && std::find(facts.taxonomy_ids.begin(), facts.taxonomy_ids.end(), taxonomy_id) == facts.taxonomy_ids.end()) {
                            facts.taxonomy_ids.push_back(taxonomy_id);
                        }
                    }
                }
            }
            if (const auto it = full.find("service_at_locations"); it != full.end() && it->is_array()) {
                for (const json& sal : *it) {
                    if (!sal.is_object() || Text(sal, "id").empty()) continue;
                    const std::string id = Text(sal, "id");
                    json with_service = sal;
                    with_service["service"] = brief;
                    // As a record of its own, a service_at_location names what it links.
                    if (!with_service.contains("service_id")) with_service["service_id"] = service_id;
                    if (!with_service.contains("location_id") && sal.contains("location") && !Text(sal["location"], "id").empty()) {
                        with_service["location_id"] = Text(sal["location"], "id");
                    }
                    sals.records.emplace(id, std::move(with_service));
                    if (first_locale) {
                        const json* location = sal.contains("location") ? &sal["location"] : nullptr;
                        const size_t at = slot(rendered->service_at_locations, id, Text(full, "name") + " " + (location ? Text(*location, "name") : ""));
                        rendered->service_at_locations.services[at].push_back(i);
                    }
                }
            }
        }
        // Each listing in id order, in this language.
        auto splice = [](const json& record, const std::vector<std::string>& items) {
            std::string text = record.dump();
            text.pop_back();
            text += std::string(record.empty() ? "" : ",") + "\"services\":[";
            for (size_t k = 0; k < items.size(); ++k) text += (k ? "," : "") + items[k];
            return text + "]}";
        };
        for (auto& [id, organization] : organizations.records) {
            if (!rendered->organizations.index_of.count(id)) continue;
            const auto& [briefs, fulls] = organizations.services[id];
            rendered->organizations.brief[locale].push_back(organization.dump());
            rendered->organizations.full[locale].push_back(splice(organization, briefs));
            rendered->organizations.with_full_services[locale].push_back(splice(organization, fulls));
        }
        for (auto& [id, taxonomy] : taxonomies.records) {
            if (!rendered->taxonomies.index_of.count(id)) continue;
            rendered->taxonomies.brief[locale].push_back(taxonomy.dump());
            rendered->taxonomies.full[locale].push_back(taxonomy.dump());
        }
        for (auto& [id, term] : terms.records) {
            if (!rendered->taxonomy_terms.index_of.count(id)) continue;
            rendered->taxonomy_terms.brief[locale].push_back(Brief(term).dump());
            rendered->taxonomy_terms.full[locale].push_back(term.dump());
        }
        for (auto& [id, sal] : sals.records) {
            if (!rendered->service_at_locations.index_of.count(id)) continue;
            rendered->service_at_locations.brief[locale].push_back(Brief(sal).dump());
            rendered->service_at_locations.full[locale].push_back(sal.dump());
        }
        first_locale = false;
    }
    if (rendered->locales.empty()) rendered->locales.push_back(rendered->default_locale);
    // The texts above are in id order (std::map); put the ids in the same order.
    for (RenderedDirectory::Listing* listing : {&rendered->organizations, &rendered->taxonomies, &rendered->taxonomy_terms,
                                                &rendered->service_at_locations}) {
        std::vector<size_t> order(listing->ids.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return listing->ids[a] < listing->ids[b]; });
        RenderedDirectory::Listing sorted;
        for (size_t i : order) {
            sorted.index_of[listing->ids[i]] = sorted.ids.size();
            sorted.ids.push_back(listing->ids[i]);
            sorted.search_text.push_back(listing->search_text[i]);
            sorted.services.push_back(listing->services[i]);
            sorted.parent_ids.push_back(listing->parent_ids[i]);
            sorted.taxonomy_ids.push_back(listing->taxonomy_ids[i]);
        }
        sorted.brief = std::move(listing->brief);
        sorted.full = std::move(listing->full);
        sorted.with_full_services = std::move(listing->with_full_services);
        *listing = std::move(sorted);
    }
    if (const auto at = base::ParseRfc3339(rendered->modified)) rendered->modified_unix = at->unix_seconds;
    // A hash of what is served: re-importing the same feed keeps kiosks from downloading it again.
    rendered->etag = "\"" + Sha256Hex(everything).substr(0, 32) + "\"";
    return rendered;
}

namespace {

const std::vector<std::string>& Items(const RenderedDirectory& directory, const std::string& locale, bool full) {
    static const std::vector<std::string> kNone;
    const auto found = directory.by_locale.find(locale);
    if (found == directory.by_locale.end()) return kNone;
    return full ? found->second.full : found->second.brief;
}

} // namespace

std::string PageJson(const RenderedDirectory& directory, const std::string& locale, int page, int per_page, bool full,
                     const std::vector<size_t>* selection) {
    const std::vector<std::string>& all = Items(directory, locale, full);
    if (selection) return EnvelopeJson(all, *selection, page, per_page);
    std::vector<size_t> everything(all.size());
    for (size_t i = 0; i < everything.size(); ++i) everything[i] = i;
    return EnvelopeJson(all, everything, page, per_page);
}

std::string EnvelopeJson(const std::vector<std::string>& items, const std::vector<size_t>& selection, int page, int per_page) {
    const int64_t total = static_cast<int64_t>(selection.size());
    const int64_t total_pages = std::max<int64_t>(1, (total + per_page - 1) / per_page);
    const int64_t first = static_cast<int64_t>(page - 1) * per_page;
    const int64_t last = std::min<int64_t>(total, first + per_page);
    std::string contents = "[";
    for (int64_t i = first; i < last; ++i) {
        if (i > first) contents += ',';
        contents += items[selection[static_cast<size_t>(i)]];
    }
    contents += ']';
    const int64_t size = std::max<int64_t>(0, last - first);
    json envelope = {{"total_items", total}, {"total_pages", total_pages}, {"page_number", page}, {"size", size},
                     {"first_page", page == 1}, {"last_page", page >= total_pages}, {"empty", size == 0}};
    std::string text = envelope.dump();
    text.pop_back();  // splice the pre-rendered items in without parsing them again
    text += ",\"contents\":" + contents + "}";
    return text;
}

std::string MinimalJson(const RenderedDirectory& directory, const std::vector<size_t>& selection) {
    json contents = json::array();
    for (size_t i : selection) contents.push_back({{"id", directory.facts[i].id}, {"modified_date", directory.modified}});
    const int64_t total = static_cast<int64_t>(selection.size());
    json envelope = {{"total_items", total}, {"total_pages", 1},    {"page_number", 1},        {"size", total},
                     {"first_page", true},   {"last_page", true},   {"empty", total == 0},     {"contents", std::move(contents)}};
    return envelope.dump();
}

std::string ServicesNdjson(const RenderedDirectory& directory, const std::string& locale, bool full,
                           const std::vector<size_t>& selection) {
    const std::vector<std::string>& all = Items(directory, locale, full);
    std::string out;
    for (size_t i : selection) {
        out += all[i];
        out += '\n';
    }
    return out;
}

json ApiRootJson() {
    // This server implements the HSDS 3.0 API reference without a profile, as the canonical
    // OpenAPI description defines it.
    return {{"version", "3.0.0"},
            {"profile", "https://docs.openreferral.org/en/v3.0/hsds/"},
            {"openapi_url", "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"}};
}

std::shared_ptr<const RenderedDirectory> RenderedDirectoryCache::Current() {
    const int64_t version = m_store.DirectoryVersion();
    std::lock_guard lock(m_lock);  // one render at a time; others wait for it, then share it
    if (!m_current || m_current->version != version) m_current = RenderDirectory(m_store.ReadDirectory());
    return m_current;
}

} // namespace district
