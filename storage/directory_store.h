// The service directory in SQLite: atomic replacement from a feed, translations, and the
// queries the kiosk screens and the district server need (categories, search with filters,
// one service in full).
// Threads: a DirectoryStore uses the Database it is given, so it belongs to that
// connection's thread. Make one per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/directory_model.h"
#include "base/result.h"
#include "storage/schedule.h"
#include "storage/search_text.h"

namespace storage {

using base::Result;

class Database;

struct ReplaceOptions {
    std::string locale = "en";   // the language the feed's text is in (the default language)
    std::string version;         // directory version (an ETag, a file hash); "" = none
    bool allow_empty = false;    // a feed with no services empties the kiosk only when asked
};

struct DirectoryInfo {
    std::string default_locale;         // "" before the first import
    std::string version;
    std::string imported_at;            // RFC 3339, UTC
    std::string source;
    int services = 0;                   // active services, the ones a family can see
    std::vector<std::string> locales;   // default first, then translations
};

struct CategorySummary {
    std::string id;
    std::string code;
    std::string name;                   // in the requested language, with fallback
    int services = 0;                   // active services in this category
};

enum class OpenFilter { Any, OpenNow, ClosesSoon };

struct ServiceQuery {
    std::string text;                   // what a person typed; always taken literally
    std::string locale;                 // the language to show ("" = default)
    std::string category_id;            // "" = every category
    std::string language;               // spoken language code ("es"); "" = any
    std::optional<int> age;             // the age of the person who needs help
    OpenFilter open = OpenFilter::Any;
    LocalTime now;                      // for open-state and the open filters
    int closes_soon_minutes = kDefaultClosesSoonMinutes;
    int limit = kSearchPage;            // search results; a category's list passes kNoLimit
    std::shared_ptr<const Synonyms> synonyms;  // words that mean the same (search_text.h); none = none
    static constexpr int kSearchPage = 50;  // a search screen asks for this many more at a time
    static constexpr int kNoLimit = 1 << 30;
};

struct ServiceSummary {
    std::string id;
    std::string name;
    std::string organization_name;
    std::vector<std::string> languages;  // spoken language codes, sorted
    std::vector<Schedule> schedules;    // its hours' times, for open_state (their descriptions: Get)
    OpenState open_state = OpenState::Unknown;
};

struct ServiceDetail {
    Service service;                     // text in the requested language, field by field
    Organization organization;
    std::vector<Location> locations;     // with their addresses, languages and phones
    std::vector<TaxonomyTerm> categories;
    std::vector<std::string> spoken_languages;  // every language a family can be helped in
    OpenState open_state = OpenState::Unknown;
    // In a translated language: the service's fields whose translation was made from a text
    // that has changed since. They are shown in the directory's own language meanwhile.
    std::vector<std::string> stale_fields;
};

// A translated field whose source text has changed since it was translated.
struct StaleTranslation {
    std::string locale, entity, entity_id, field;
};

class DirectoryStore {
public:
    explicit DirectoryStore(Database& db) : m_db(db) {}

    // Replaces the whole directory with `feed` (and its translations) in one transaction:
    // afterwards the kiosk shows exactly the new directory, or, on any failure, exactly the
    // old one. Returns the feed's report.
    Result<ImportReport> ReplaceDirectory(const DirectoryFeed& feed, const ReplaceOptions& options,
                                          const std::vector<std::pair<std::string, DirectoryFeed>>& translations = {});

    // Stores `feed`'s text as the `locale` translation of records already in the directory.
    // Records it does not know are skipped with a reason.
    Result<ImportReport> ImportTranslation(const DirectoryFeed& feed, const std::string& locale);

    DirectoryInfo Info();
    std::vector<CategorySummary> Categories(const std::string& locale);
    // The services matching `query`, best first (alphabetical without text), at most
    // query.limit of them. `matched`, if given, gets how many match in all (with the open
    // filter: more than were returned exactly when more may follow), for "show more".
    std::vector<ServiceSummary> Find(const ServiceQuery& query, int* matched = nullptr);
    // One service in full, in `locale`. Services that are not active are found only with
    // `include_inactive` (the district server's API lists them; the kiosk never shows them).
    std::optional<ServiceDetail> Get(const std::string& service_id, const std::string& locale,
                                     const LocalTime& now = LocalTimeNow(), bool include_inactive = false);
    // Every active service id (or every id, with `include_inactive`) in a stable order.
    std::vector<std::string> ServiceIds(bool include_inactive = false);
    // Every piece of text the directory can show in `locale` (its translations and the source
    // text they fall back to), for font glyph ranges; "" = in every language. One field per
    // line: right-to-left text is shaped paragraph by paragraph, as each field is drawn.
    std::string AllText(const std::string& locale = "");
    // Every translation made from a text that has changed since (for the district to redo).
    std::vector<StaleTranslation> StaleTranslations();

private:
    Database& m_db;
};

// Turns what a person typed into an FTS5 query that matches it literally: each word
// becomes a quoted prefix term, so quotes, AND, NEAR(, *, - and emoji are just text.
// Returns "" when nothing searchable is left.
std::string BuildFtsQuery(const std::string& typed);

// Search index rows: rowid = service rowid * kSearchLocaleSlots + the language's index.
constexpr int kSearchLocaleSlots = 64;

// Refills service_fts from the directory tables (after an import, or a migration).
void RebuildSearchIndex(Database& db);

} // namespace storage
