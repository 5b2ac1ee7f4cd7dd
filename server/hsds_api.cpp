// The HSDS 3.0 read API. See hsds_api.h.
#include "server/hsds_api.h"

#include "base/time_text.h"

#include "server/tokens.h"

#include <algorithm>
#include <cctype>

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

json ServiceJson(const storage::ServiceDetail& detail, bool full) {
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
    std::string everything;
    for (const auto& [locale, services] : snapshot.locales) {
        rendered->locales.push_back(locale);
        RenderedDirectory::Locale& texts = rendered->by_locale[locale];
        for (const auto& detail : services) {
            texts.full.push_back(ServiceJson(detail, true).dump());
            texts.brief.push_back(ServiceJson(detail, false).dump());
            everything += locale;
            everything += texts.full.back();
            if (locale == snapshot.locales.front().first) {
                rendered->index_of.emplace(detail.service.id, texts.full.size() - 1);
                RenderedDirectory::Facts facts;
                facts.id = detail.service.id;
                facts.organization_id = detail.service.organization_id;
                for (const auto& term : detail.categories) {
                    facts.taxonomy_term_ids.push_back(term.id);
                    if (!term.taxonomy.empty()) facts.taxonomy_ids.push_back(term.taxonomy);
                }
                rendered->facts.push_back(std::move(facts));
            }
        }
    }
    if (rendered->locales.empty()) rendered->locales.push_back(rendered->default_locale);
    rendered->modified = snapshot.info.imported_at;
    // Organizations, taxonomy terms and services at locations, as the services carry them.
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
    bool first_locale = true;
    for (const auto& [locale, services] : snapshot.locales) {
        std::map<std::string, json> organizations, terms, sals;
        std::map<std::string, std::pair<json, json>> organization_services;  // id -> (brief services, full services)
        for (size_t i = 0; i < services.size(); ++i) {
            const json full = ServiceJson(services[i], true);
            const json brief = ServiceJson(services[i], false);
            if (full.contains("organization")) {
                const std::string id = full["organization"]["id"];
                organizations.emplace(id, full["organization"]);
                auto& [briefs, fulls] = organization_services[id];
                briefs.push_back(brief);
                fulls.push_back(full);
                if (first_locale) {
                    rendered->organizations.services[slot(rendered->organizations, id, Text(full["organization"], "name") + " " +
                                                                                         Text(full["organization"], "description"))].push_back(i);
                }
            }
            for (const auto& attribute : full["attributes"]) {
                const json& term = attribute["taxonomy_term"];
                const std::string id = term["id"];
                terms.emplace(id, term);
                if (first_locale) {
                    const size_t at = slot(rendered->taxonomy_terms, id, Text(term, "name") + " " + Text(term, "description"));
                    rendered->taxonomy_terms.services[at].push_back(i);
                    rendered->taxonomy_terms.parent_ids[at] = Text(term, "parent_id");
                    rendered->taxonomy_terms.taxonomy_ids[at] = Text(term, "taxonomy");
                }
            }
            for (const auto& sal : full["service_at_locations"]) {
                const std::string id = sal["id"];
                json with_service = sal;
                with_service["service"] = brief;
                sals.emplace(id, std::move(with_service));
                if (first_locale) {
                    const size_t at = slot(rendered->service_at_locations, id, Text(full, "name") + " " + Text(sal["location"], "name"));
                    rendered->service_at_locations.services[at].push_back(i);
                }
            }
        }
        for (auto& [id, organization] : organizations) {
            if (!rendered->organizations.index_of.count(id)) continue;
            json with_services = organization;
            with_services["services"] = organization_services[id].first;
            json with_full = organization;
            with_full["services"] = organization_services[id].second;
            rendered->organizations.brief[locale].push_back(organization.dump());
            rendered->organizations.full[locale].push_back(with_services.dump());
            rendered->organizations.with_full_services[locale].push_back(with_full.dump());
        }
        for (auto& [id, term] : terms) {
            if (!rendered->taxonomy_terms.index_of.count(id)) continue;
            rendered->taxonomy_terms.brief[locale].push_back(term.dump());
            rendered->taxonomy_terms.full[locale].push_back(term.dump());
        }
        for (auto& [id, sal] : sals) {
            if (!rendered->service_at_locations.index_of.count(id)) continue;
            json brief = sal;
            brief.erase("location");
            brief.erase("service");
            rendered->service_at_locations.brief[locale].push_back(brief.dump());
            rendered->service_at_locations.full[locale].push_back(sal.dump());
        }
        first_locale = false;
    }
    // The texts above are in id order (std::map); put the ids in the same order.
    for (RenderedDirectory::Listing* listing : {&rendered->organizations, &rendered->taxonomy_terms, &rendered->service_at_locations}) {
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
