// The HSDS 3.0 read API of the district server: services rendered as HSDS JSON, paginated
// envelopes, Accept-Language negotiation, and a cache of the rendered directory that is
// rebuilt only when the directory changes.
// Threads: the free functions are pure. RenderedDirectoryCache may be used from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/district_store.h"
#include "storage/directory_store.h"

namespace district {

// One service as HSDS 3.0: its document (every field the feed gave, valid against the 3.0
// schema; hsds/document.h). `full`: as it is, nested records included; otherwise its
// one-to-one fields only. With `original` (the same service in the directory's default
// language), the text `detail` has in another language replaces the original's, field by field.
nlohmann::json ServiceJson(const storage::ServiceDetail& detail, bool full, const storage::ServiceDetail* original = nullptr);

// The best of `available` for an Accept-Language header ("es-MX,es;q=0.9,en;q=0.5"), by
// quality then order, matching on the primary subtag; `fallback` when none matches.
std::string PickLocale(const std::string& accept_language, const std::vector<std::string>& available,
                       const std::string& fallback);

// The directory as the API serves it, rendered once per directory version.
struct RenderedDirectory {
    int64_t version = 0;
    std::string etag;                          // strong; the same for every language
    std::string default_locale;
    std::vector<std::string> locales;
    struct Locale {
        std::vector<std::string> full;         // one JSON text per service
        std::vector<std::string> brief;
    };
    std::unordered_map<std::string, Locale> by_locale;
    std::unordered_map<std::string, size_t> index_of;  // service id -> position
    // What the /services filters look at, per position (the same in every language).
    struct Facts {
        std::string id;
        std::string organization_id;
        std::vector<std::string> taxonomy_term_ids;
        std::vector<std::string> taxonomy_ids;
    };
    std::vector<Facts> facts;
    // The optional endpoints, derived from the services: each a sorted list of JSON texts per
    // language, and the position of each id.
    struct Listing {
        std::vector<std::string> ids;
        std::unordered_map<std::string, std::vector<std::string>> brief, full, with_full_services;  // by locale
        std::vector<std::string> search_text;              // lower-cased name and description (default language)
        std::vector<std::string> parent_ids, taxonomy_ids; // taxonomy terms only
        std::vector<std::vector<size_t>> services;         // positions of the services linked
        std::unordered_map<std::string, size_t> index_of;
    };
    Listing organizations, taxonomies, taxonomy_terms, service_at_locations;
    // When the directory was last replaced (RFC 3339, UTC): the modification time of every
    // service in it, as this server keeps no finer one.
    std::string modified;
    int64_t modified_unix = 0;
    size_t size() const { return index_of.size(); }
};

std::shared_ptr<const RenderedDirectory> RenderDirectory(const DistrictStore::DirectorySnapshot& snapshot);

// The paginated envelope for page `page` (1-based) of `per_page`, as JSON text: of every
// service, or of `selection` (positions, in that order) when given.
std::string PageJson(const RenderedDirectory& directory, const std::string& locale, int page, int per_page, bool full,
                     const std::vector<size_t>* selection = nullptr);
// `minimal`: every selected service as just its id and modified date, in one page.
std::string MinimalJson(const RenderedDirectory& directory, const std::vector<size_t>& selection);
// `format=ndjson`: every selected service, one JSON text a line, no pagination.
std::string ServicesNdjson(const RenderedDirectory& directory, const std::string& locale, bool full,
                           const std::vector<size_t>& selection);

// An envelope of `items` (JSON texts) selected by `selection`, page `page` of `per_page`.
std::string EnvelopeJson(const std::vector<std::string>& items, const std::vector<size_t>& selection, int page, int per_page);

// GET / (required by the HSDS API reference): the HSDS version, profile and OpenAPI description.
nlohmann::json ApiRootJson();

class RenderedDirectoryCache {
public:
    explicit RenderedDirectoryCache(DistrictStore& store) : m_store(store) {}
    // The rendered directory of the store's current version (rendering it if it changed).
    std::shared_ptr<const RenderedDirectory> Current();

private:
    DistrictStore& m_store;
    std::mutex m_lock;
    std::shared_ptr<const RenderedDirectory> m_current;
};

} // namespace district
