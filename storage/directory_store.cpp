// The directory in SQLite. See directory_store.h.
//
// [SECTION] Search query building
// [SECTION] Writing: replace, translations, search index
// [SECTION] Reading: info, categories, search, one service
#include "storage/directory_store.h"

#include <algorithm>
#include <cstring>
#include <cctype>
#include <chrono>
#include <ctime>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <optional>

#include "base/uuid.h"
#include "storage/database.h"
#include "storage/search_text.h"
#include "storage/version_cache.h"

namespace storage {

// ---------------------------------------------------------------------------------------
// [SECTION] Search query building
// ---------------------------------------------------------------------------------------

namespace {

constexpr size_t kMaxSearchWords = 12;
constexpr size_t kMaxWordBytes = 64;

// Decodes one UTF-8 code point at `i`; returns 0xFFFD for bytes that are not UTF-8.
char32_t DecodeUtf8(const std::string& text, size_t& i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    int length = 0;
    char32_t cp = 0;
    if (lead < 0x80) { ++i; return lead; }
    if ((lead & 0xE0) == 0xC0) { length = 2; cp = lead & 0x1F; }
    else if ((lead & 0xF0) == 0xE0) { length = 3; cp = lead & 0x0F; }
    else if ((lead & 0xF8) == 0xF0) { length = 4; cp = lead & 0x07; }
    else { ++i; return 0xFFFD; }
    if (i + length > text.size()) { ++i; return 0xFFFD; }
    for (int k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += length;
    return cp;
}

// Letters and digits of any script are word characters; ASCII punctuation, Latin-1
// punctuation (¿ ¡ « »), general punctuation, symbols, emoji and broken bytes separate words.
bool IsWordCodePoint(char32_t cp) {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0xFFFD) return false;
    if (cp >= 0x80 && cp <= 0xBF) return false;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp >= 0xE000 && cp <= 0xF8FF) return false;
    if (cp >= 0xFE00 && cp <= 0xFE0F) return false;
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
    if (cp >= 0x1F000 && cp <= 0x1FFFF) return false;
    if (cp >= 0xE0000) return false;
    return true;
}

} // namespace

std::string BuildFtsQuery(const std::string& typed) {
    std::vector<std::string> words;
    std::string word;
    auto flush = [&]() {
        if (!word.empty() && words.size() < kMaxSearchWords) words.push_back(word);
        word.clear();
    };
    size_t i = 0;
    while (i < typed.size()) {
        const size_t start = i;
        const char32_t cp = DecodeUtf8(typed, i);
        if (IsWordCodePoint(cp)) {
            if (word.size() + (i - start) <= kMaxWordBytes) word.append(typed, start, i - start);
        } else {
            flush();
        }
    }
    flush();
    std::string query;
    for (const std::string& w : words) {
        if (!query.empty()) query += ' ';
        query += '"' + w + "\"*";  // a word holds no '"': quotes are separators above
    }
    return query;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Writing: replace, translations, search index
// ---------------------------------------------------------------------------------------

namespace {

// SQL for "this field in :locale, else the default language's value". A translation made
// from a text that has changed since (its source_hash is not the text's) is not used: the
// current text is shown, never an outdated translation of it.
// (`check_source` false: for a database migrating through versions before source_hash.)
std::string Translated(const std::string& entity, const std::string& id_expr, const std::string& field,
                       const std::string& base_expr, const std::string& locale_param = ":locale", bool check_source = true) {
    const std::string fresh = check_source ? " AND (source_hash IS NULL OR source_hash = text_hash(" + base_expr + "))" : "";
    return "COALESCE((SELECT value FROM translation WHERE entity='" + entity + "' AND entity_id=" + id_expr +
           " AND locale=" + locale_param + " AND field='" + field + "'" + fresh + "), " + base_expr + ")";
}

// Where each translatable field's source text lives: (entity, field, table, key column).
struct TranslatableField {
    const char* entity;
    const char* field;
    const char* table;
    const char* key;
};
constexpr TranslatableField kTranslatable[] = {
    {"service", "name", "service", "id"}, {"service", "alternate_name", "service", "id"},
    {"service", "description", "service", "id"}, {"service", "eligibility_description", "service", "id"},
    {"service", "fees_description", "service", "id"}, {"service", "application_process", "service", "id"},
    {"service", "interpretation_services", "service", "id"}, {"service", "alert", "service", "id"},
    {"organization", "name", "organization", "id"}, {"organization", "alternate_name", "organization", "id"},
    {"organization", "description", "organization", "id"}, {"location", "name", "location", "id"},
    {"location", "alternate_name", "location", "id"}, {"location", "description", "location", "id"},
    {"location", "transportation", "location", "id"}, {"taxonomy_term", "name", "taxonomy_term", "id"},
    {"taxonomy_term", "description", "taxonomy_term", "id"}, {"schedule", "description", "schedule", "hsds_id"},
};

// The translations of `locale` just stored remember the text they were made from. A feed's
// record that says a field's translation is out of date (x_translation_stale, from a district
// server) is stored as stale: the source is shown, with its note.
void RememberSources(Database& db, const std::string& locale) {
    for (const TranslatableField& f : kTranslatable) {
        const std::string sql = std::string("UPDATE translation SET source_hash = text_hash((SELECT ") + f.field + " FROM " + f.table +
                                " WHERE " + f.key + " = translation.entity_id LIMIT 1)) WHERE locale = ?1 AND entity = '" + f.entity +
                                "' AND field = '" + f.field + "' AND source_hash IS NULL";
        db.Cached(sql).Bind(1, locale).Run();
    }
}

// Translations whose entity is gone.
void DropOrphanTranslations(Database& db) {
    for (const TranslatableField& f : kTranslatable) {
        const std::string sql = std::string("DELETE FROM translation WHERE entity = '") + f.entity + "' AND field = '" + f.field +
                                "' AND entity_id NOT IN (SELECT " + f.key + " FROM " + f.table + " WHERE " + f.key + " IS NOT NULL)";
        db.Exec(sql);
    }
}

std::optional<std::string> NonEmpty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

std::string UtcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

constexpr char kInsertPhoneSql[] =
    "INSERT INTO phone(hsds_id, service_id, location_id, organization_id, number, extension, type, description) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kInsertPhoneLanguageSql[] = "INSERT OR IGNORE INTO phone_language(phone_id, code, name) VALUES(?1, ?2, ?3)";
constexpr char kInsertScheduleSql[] =
    "INSERT INTO schedule(hsds_id, service_id, location_id, freq, byday, bymonthday, interval, opens_at, closes_at, "
    "valid_from, valid_to, dtstart, description) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr char kInsertLanguageSql[] = "INSERT INTO language(service_id, location_id, code, name) VALUES(?1, ?2, ?3, ?4)";
constexpr char kInsertTranslationSql[] =
    "INSERT OR REPLACE INTO translation(entity, entity_id, locale, field, value) VALUES(?1, ?2, ?3, ?4, ?5)";

void InsertPhones(Database& db, const std::vector<Phone>& phones, const std::optional<std::string>& service_id,
                  const std::optional<std::string>& location_id, const std::optional<std::string>& organization_id) {
    for (const Phone& phone : phones) {
        db.Cached(kInsertPhoneSql)
            .Bind(1, NonEmpty(phone.id))
            .Bind(2, service_id)
            .Bind(3, location_id)
            .Bind(4, organization_id)
            .Bind(5, phone.number)
            .Bind(6, NonEmpty(phone.extension))
            .Bind(7, NonEmpty(phone.type))
            .Bind(8, NonEmpty(phone.description))
            .Run();
        const int64_t phone_row = db.LastInsertRowid();
        for (const Language& language : phone.languages) {
            db.Cached(kInsertPhoneLanguageSql).Bind(1, phone_row).Bind(2, language.code).Bind(3, NonEmpty(language.name)).Run();
        }
    }
}

void InsertSchedules(Database& db, const std::vector<Schedule>& schedules, const std::optional<std::string>& service_id,
                     const std::set<std::string>& known_locations) {
    for (const Schedule& s : schedules) {
        std::optional<std::string> location_id;
        if (!s.location_id.empty() && known_locations.count(s.location_id)) location_id = s.location_id;
        db.Cached(kInsertScheduleSql)
            .Bind(1, NonEmpty(s.id))
            .Bind(2, service_id)
            .Bind(3, location_id)
            .Bind(4, NonEmpty(s.freq))
            .Bind(5, NonEmpty(s.byday))
            .Bind(6, NonEmpty(s.bymonthday))
            .Bind(7, s.interval)
            .Bind(8, NonEmpty(s.opens_at))
            .Bind(9, NonEmpty(s.closes_at))
            .Bind(10, NonEmpty(s.valid_from))
            .Bind(11, NonEmpty(s.valid_to))
            .Bind(12, NonEmpty(s.dtstart))
            .Bind(13, NonEmpty(s.description))
            .Run();
    }
}

void InsertTranslation(Database& db, const char* entity, const std::string& id, const std::string& locale,
                       const char* field, const std::string& value) {
    if (value.empty()) return;
    db.Cached(kInsertTranslationSql).Bind(1, entity).Bind(2, id).Bind(3, locale).Bind(4, field).Bind(5, value).Run();
}

bool Exists(Database& db, const char* table, const std::string& id) {
    const std::string sql = std::string("SELECT 1 FROM ") + table + " WHERE id = ?1";
    Statement& statement = db.Cached(sql);
    statement.Bind(1, id);
    const bool found = statement.Step();
    statement.Reset();
    return found;
}

std::string Meta(Database& db, const char* key) {
    Statement& statement = db.Cached("SELECT value FROM directory_meta WHERE key = ?1");
    statement.Bind(1, key);
    std::string value = statement.Step() ? statement.Text(0) : std::string();
    statement.Reset();
    return value;
}

void SetMeta(Database& db, const char* key, const std::string& value) {
    db.Cached("INSERT OR REPLACE INTO directory_meta(key, value) VALUES(?1, ?2)").Bind(1, key).Bind(2, value).Run();
}

// Stores one locale's text for the records the directory already holds.
void StoreTranslation(Database& db, const DirectoryFeed& feed, const std::string& locale, ImportReport& report) {
    for (const Service& s : feed.services) {
        if (!Exists(db, "service", s.id)) {
            report.skipped.push_back({"service " + s.id + " (" + locale + ")", "not in the directory; translate only what it holds"});
            continue;
        }
        InsertTranslation(db, "service", s.id, locale, "name", s.name);
        InsertTranslation(db, "service", s.id, locale, "alternate_name", s.alternate_name);
        InsertTranslation(db, "service", s.id, locale, "description", s.description);
        InsertTranslation(db, "service", s.id, locale, "eligibility_description", s.eligibility_description);
        InsertTranslation(db, "service", s.id, locale, "fees_description", s.fees_description);
        InsertTranslation(db, "service", s.id, locale, "application_process", s.application_process);
        InsertTranslation(db, "service", s.id, locale, "interpretation_services", s.interpretation_services);
        InsertTranslation(db, "service", s.id, locale, "alert", s.alert);
        for (const std::string& field : s.stale_fields) {
            // The publisher says this field's translation is being redone: its source is shown.
            db.Cached("INSERT OR REPLACE INTO translation(entity, entity_id, locale, field, value, source_hash) "
                      "VALUES('service', ?1, ?2, ?3, '', 'stale')").Bind(1, s.id).Bind(2, locale).Bind(3, field).Run();
        }
        for (const Schedule& schedule : s.schedules) {
            if (!schedule.id.empty()) InsertTranslation(db, "schedule", schedule.id, locale, "description", schedule.description);
        }
    }
    for (const auto& [id, o] : feed.organizations) {
        if (!Exists(db, "organization", id)) continue;
        InsertTranslation(db, "organization", id, locale, "name", o.name);
        InsertTranslation(db, "organization", id, locale, "alternate_name", o.alternate_name);
        InsertTranslation(db, "organization", id, locale, "description", o.description);
    }
    for (const auto& [id, l] : feed.locations) {
        if (!Exists(db, "location", id)) continue;
        InsertTranslation(db, "location", id, locale, "name", l.name);
        InsertTranslation(db, "location", id, locale, "alternate_name", l.alternate_name);
        InsertTranslation(db, "location", id, locale, "description", l.description);
        InsertTranslation(db, "location", id, locale, "transportation", l.transportation);
        for (const Schedule& schedule : l.schedules) {
            if (!schedule.id.empty()) InsertTranslation(db, "schedule", schedule.id, locale, "description", schedule.description);
        }
    }
    for (const auto& [id, t] : feed.terms) {
        if (!Exists(db, "taxonomy_term", id)) continue;
        InsertTranslation(db, "taxonomy_term", id, locale, "name", t.name);
        InsertTranslation(db, "taxonomy_term", id, locale, "description", t.description);
    }
}

} // namespace

void RebuildSearchIndex(Database& db) {
    // Contentless: rows go by the special 'delete-all' command, never by DELETE.
    db.Exec("INSERT INTO service_fts(service_fts) VALUES('delete-all'); DELETE FROM search_locale;");
    std::vector<std::string> locales;
    {
        Statement statement(db, "SELECT value FROM directory_meta WHERE key = 'default_locale' "
                                "UNION SELECT DISTINCT locale FROM translation");
        while (statement.Step()) locales.push_back(statement.Text(0));
    }
    if (locales.empty()) locales.push_back("en");
    if (locales.size() > static_cast<size_t>(kSearchLocaleSlots)) {
        throw DbError(1 /* SQLITE_ERROR */, "the directory has " + std::to_string(locales.size()) +
                                                   " languages; search indexes at most " + std::to_string(kSearchLocaleSlots), "");
    }
    // rowid = service rowid * 64 + the language's index: a match names its service and
    // language without reading anything but the index.
    // Every text through search_fold() (search_text.h): "đ" is indexed as "d", as people type it.
    bool has_source = false;  // translation.source_hash (v8): absent while migrating through v5
    {
        Statement columns(db, "SELECT 1 FROM pragma_table_info('translation') WHERE name = 'source_hash'");
        has_source = columns.Step();
    }
    auto translated = [&](const char* entity, const char* id, const char* field, const char* base) {
        return Translated(entity, id, field, base, ":locale", has_source);
    };
    const std::string sql =
        "INSERT INTO service_fts(rowid, name, alternate_name, description, organization, categories) "
        "SELECT s.rowid * " + std::to_string(kSearchLocaleSlots) + " + :idx, search_fold(" +
        translated("service", "s.id", "name", "s.name") + "), search_fold(" +
        translated("service", "s.id", "alternate_name", "s.alternate_name") + "), search_fold(" +
        translated("service", "s.id", "description", "s.description") + "), search_fold(" +
        translated("organization", "o.id", "name", "o.name") + "), search_fold(" +
        "(SELECT group_concat(" + translated("taxonomy_term", "t.id", "name", "t.name") +
        ", ' ') FROM service_taxonomy st JOIN taxonomy_term t ON t.id = st.term_id WHERE st.service_id = s.id)) "
        "FROM service s LEFT JOIN organization o ON o.id = s.organization_id WHERE s.status = 'active'";
    Statement insert(db, sql);
    Statement remember(db, "INSERT INTO search_locale(idx, code) VALUES(?1, ?2)");
    for (size_t i = 0; i < locales.size(); ++i) {
        remember.Reset();
        remember.Bind(1, static_cast<int64_t>(i)).Bind(2, locales[i]);
        remember.Run();
        insert.Reset();
        insert.Bind(1, static_cast<int64_t>(i)).Bind(2, locales[i]);
        insert.Run();
    }
    // A new version for every rebuild: SearchVocabulary (typo tolerance) reloads the words.
    SetMeta(db, "search_index_version", base::NewUuid());
}

Result<ImportReport> DirectoryStore::ReplaceDirectory(const DirectoryFeed& feed, const ReplaceOptions& options,
                                                      const std::vector<std::pair<std::string, DirectoryFeed>>& translations) {
    ImportReport report = feed.report;
    if (report.services == 0 && !options.allow_empty) {
        return Result<ImportReport>::Fail(
            (report.source.empty() ? std::string("the feed") : report.source) +
            " holds no active services, so the directory was left as it was (" +
            std::to_string(report.skipped.size()) + " records skipped)");
    }
    for (const auto& [locale, translation] : translations) {
        if (locale == options.locale) {
            return Result<ImportReport>::Fail("a translation is in " + locale + ", the directory's own language");
        }
    }
    try {
        Database& db = m_db;
        Transaction transaction(db);
        // Children first is not needed (ON DELETE CASCADE) but is much faster than cascading.
        db.Exec(
            "INSERT INTO service_fts(service_fts) VALUES('delete-all'); DELETE FROM service_spoken_language; "
            "DELETE FROM service_taxonomy; DELETE FROM language; DELETE FROM schedule; DELETE FROM phone_language; "
            "DELETE FROM phone; DELETE FROM service_at_location; DELETE FROM address; DELETE FROM service; "
            "DELETE FROM location; DELETE FROM organization; DELETE FROM taxonomy_term;");

        for (const auto& [id, o] : feed.organizations) {
            db.Cached("INSERT INTO organization(id, name, alternate_name, description, email, website) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
                .Bind(1, id).Bind(2, o.name).Bind(3, NonEmpty(o.alternate_name)).Bind(4, NonEmpty(o.description))
                .Bind(5, NonEmpty(o.email)).Bind(6, NonEmpty(o.website))
                .Run();
            InsertPhones(db, o.phones, std::nullopt, std::nullopt, id);
        }

        std::set<std::string> known_locations;
        for (const auto& [id, l] : feed.locations) {
            db.Cached("INSERT INTO location(id, name, alternate_name, description, transportation, latitude, longitude) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .Bind(1, id).Bind(2, NonEmpty(l.name)).Bind(3, NonEmpty(l.alternate_name)).Bind(4, NonEmpty(l.description))
                .Bind(5, NonEmpty(l.transportation)).Bind(6, l.latitude).Bind(7, l.longitude)
                .Run();
            known_locations.insert(id);
            for (const Address& a : l.addresses) {
                db.Cached("INSERT INTO address(location_id, address_1, address_2, city, region, state_province, "
                          "postal_code, country, address_type) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                    .Bind(1, id).Bind(2, NonEmpty(a.address_1)).Bind(3, NonEmpty(a.address_2)).Bind(4, NonEmpty(a.city))
                    .Bind(5, NonEmpty(a.region)).Bind(6, NonEmpty(a.state_province)).Bind(7, NonEmpty(a.postal_code))
                    .Bind(8, NonEmpty(a.country)).Bind(9, NonEmpty(a.address_type))
                    .Run();
            }
            for (const Language& language : l.languages) {
                db.Cached(kInsertLanguageSql).BindNull(1).Bind(2, id).Bind(3, language.code).Bind(4, NonEmpty(language.name)).Run();
            }
            InsertPhones(db, l.phones, std::nullopt, id, std::nullopt);
            InsertSchedules(db, l.schedules, std::nullopt, known_locations);
        }

        for (const auto& [id, t] : feed.terms) {
            db.Cached("INSERT INTO taxonomy_term(id, code, name, description, parent_id, taxonomy) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
                .Bind(1, id).Bind(2, NonEmpty(t.code)).Bind(3, t.name).Bind(4, NonEmpty(t.description))
                .Bind(5, NonEmpty(t.parent_id)).Bind(6, NonEmpty(t.taxonomy))
                .Run();
        }

        for (const Service& s : feed.services) {
            std::optional<std::string> organization_id;
            if (!s.organization_id.empty()) {
                if (feed.organizations.count(s.organization_id)) {
                    organization_id = s.organization_id;
                } else if (report.warnings.size() < 50) {
                    report.warnings.push_back("service " + s.id + ": organization " + s.organization_id + " is not in the feed");
                }
            }
            db.Cached("INSERT INTO service(id, organization_id, name, alternate_name, description, url, email, status, "
                      "eligibility_description, minimum_age, maximum_age, fees_description, application_process, "
                      "interpretation_services, alert, assured_date, last_modified, document) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)")
                .Bind(1, s.id).Bind(2, organization_id).Bind(3, s.name).Bind(4, NonEmpty(s.alternate_name))
                .Bind(5, NonEmpty(s.description)).Bind(6, NonEmpty(s.url)).Bind(7, NonEmpty(s.email)).Bind(8, s.status)
                .Bind(9, NonEmpty(s.eligibility_description)).Bind(10, s.minimum_age).Bind(11, s.maximum_age)
                .Bind(12, NonEmpty(s.fees_description)).Bind(13, NonEmpty(s.application_process))
                .Bind(14, NonEmpty(s.interpretation_services)).Bind(15, NonEmpty(s.alert))
                .Bind(16, NonEmpty(s.assured_date)).Bind(17, NonEmpty(s.last_modified)).Bind(18, NonEmpty(s.document))
                .Run();

            std::set<std::string> spoken;
            int position = 0;
            for (const std::string& location_id : s.location_ids) {
                if (!known_locations.count(location_id)) {
                    if (report.warnings.size() < 50) report.warnings.push_back("service " + s.id + ": location " + location_id + " is not in the feed");
                    continue;
                }
                db.Cached("INSERT OR IGNORE INTO service_at_location(service_id, location_id, position) VALUES(?1, ?2, ?3)")
                    .Bind(1, s.id).Bind(2, location_id).Bind(3, position++)
                    .Run();
                for (const Language& language : feed.locations.at(location_id).languages) spoken.insert(language.code);
                for (const Phone& phone : feed.locations.at(location_id).phones) {
                    for (const Language& language : phone.languages) spoken.insert(language.code);
                }
            }
            InsertPhones(db, s.phones, s.id, std::nullopt, std::nullopt);
            InsertSchedules(db, s.schedules, s.id, known_locations);
            for (const Language& language : s.languages) {
                db.Cached(kInsertLanguageSql).Bind(1, s.id).BindNull(2).Bind(3, language.code).Bind(4, NonEmpty(language.name)).Run();
                spoken.insert(language.code);
            }
            for (const Phone& phone : s.phones) {
                for (const Language& language : phone.languages) spoken.insert(language.code);
            }
            for (const std::string& code : spoken) {
                db.Cached("INSERT INTO service_spoken_language(service_id, code) VALUES(?1, ?2)").Bind(1, s.id).Bind(2, code).Run();
            }
            for (const std::string& term_id : s.term_ids) {
                if (!feed.terms.count(term_id)) continue;
                db.Cached("INSERT OR IGNORE INTO service_taxonomy(service_id, term_id) VALUES(?1, ?2)").Bind(1, s.id).Bind(2, term_id).Run();
            }
        }

        SetMeta(db, "default_locale", options.locale);
        SetMeta(db, "version", options.version);
        SetMeta(db, "imported_at", UtcNow());
        SetMeta(db, "source", report.source);
        // Translations: the feed's own replace theirs; those of other languages stay, and each
        // field whose source text changed now shows as stale (the source, with a note) until
        // its language is imported again. None is ever in the directory's own language.
        db.Cached("DELETE FROM translation WHERE locale = ?1").Bind(1, options.locale).Run();
        for (const auto& [locale, translation] : translations) {
            db.Cached("DELETE FROM translation WHERE locale = ?1").Bind(1, locale).Run();
            StoreTranslation(db, translation, locale, report);
            RememberSources(db, locale);
        }
        DropOrphanTranslations(db);
        RebuildSearchIndex(db);
        transaction.Commit();
    } catch (const DbError& error) {
        return Result<ImportReport>::Fail(std::string("the directory could not be stored, so the old one was kept: ") + error.what());
    }
    return report;
}

Result<ImportReport> DirectoryStore::ImportTranslation(const DirectoryFeed& feed, const std::string& locale) {
    ImportReport report = feed.report;
    try {
        Transaction transaction(m_db);
        const std::string default_locale = Meta(m_db, "default_locale");
        if (default_locale.empty()) {
            return Result<ImportReport>::Fail("there is no directory yet to translate; import the directory first");
        }
        if (locale == default_locale) {
            return Result<ImportReport>::Fail(locale + " is the directory's own language; import the file as the directory instead");
        }
        m_db.Cached("DELETE FROM translation WHERE locale = ?1").Bind(1, locale).Run();
        StoreTranslation(m_db, feed, locale, report);
        RememberSources(m_db, locale);
        RebuildSearchIndex(m_db);
        transaction.Commit();
    } catch (const DbError& error) {
        return Result<ImportReport>::Fail(std::string("the translation could not be stored, nothing changed: ") + error.what());
    }
    return report;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Reading: info, categories, search, one service
// ---------------------------------------------------------------------------------------

namespace {

const std::string& ScheduleColumns() {
    static const std::string columns =
        "hsds_id, freq, byday, bymonthday, interval, opens_at, closes_at, valid_from, valid_to, dtstart, " +
        Translated("schedule", "hsds_id", "description", "description", "?2") + ", location_id";
    return columns;
}

// The same without the description: what a list's open state needs, and no translation
// looked up per hour.
const std::string& ScheduleTimeColumns() {
    static const std::string columns =
        "hsds_id, freq, byday, bymonthday, interval, opens_at, closes_at, valid_from, valid_to, dtstart, '', location_id";
    return columns;
}

Schedule ReadSchedule(Statement& statement, int first) {
    Schedule s;
    s.id = statement.Text(first + 0);
    s.freq = statement.Text(first + 1);
    s.byday = statement.Text(first + 2);
    s.bymonthday = statement.Text(first + 3);
    s.interval = static_cast<int>(statement.Int(first + 4));
    s.opens_at = statement.Text(first + 5);
    s.closes_at = statement.Text(first + 6);
    s.valid_from = statement.Text(first + 7);
    s.valid_to = statement.Text(first + 8);
    s.dtstart = statement.Text(first + 9);
    s.description = statement.Text(first + 10);
    s.location_id = statement.Text(first + 11);
    return s;
}

std::vector<Schedule> LoadSchedules(Database& db, const std::string& owner_column, const std::string& id,
                                    const std::string& locale) {
    const std::string sql = "SELECT " + ScheduleColumns() + " FROM schedule WHERE " + owner_column + " = ?1 ORDER BY id";
    Statement& statement = db.Cached(sql);
    statement.Bind(1, id).Bind(2, locale);
    std::vector<Schedule> out;
    while (statement.Step()) out.push_back(ReadSchedule(statement, 0));
    return out;
}

// A JSON array of strings, for "IN (SELECT value FROM json_each(?))": one statement for a
// whole page of services instead of one per service.
std::string JsonList(const std::vector<std::string>& ids) {
    nlohmann::json list = ids;
    return list.dump();
}

// A service's own hours, or else its locations' hours.
std::vector<Schedule> ServiceSchedules(Database& db, const std::string& service_id, const std::string& locale) {
    std::vector<Schedule> schedules = LoadSchedules(db, "service_id", service_id, locale);
    if (!schedules.empty()) return schedules;
    std::vector<std::string> locations;
    {
        Statement& statement = db.Cached("SELECT location_id FROM service_at_location WHERE service_id = ?1 ORDER BY position");
        statement.Bind(1, service_id);
        while (statement.Step()) locations.push_back(statement.Text(0));
    }
    for (const std::string& location_id : locations) {
        for (Schedule& s : LoadSchedules(db, "location_id", location_id, locale)) schedules.push_back(std::move(s));
    }
    return schedules;
}

// Hours (a service's own, or else its locations'; times only) and spoken languages for a
// page of services: five statements whatever the page's size, not three or four per
// service. The same hours, in the same order, as ServiceSchedules one by one.
void CompletePage(Database& db, std::vector<ServiceSummary>& page) {
    if (page.empty()) return;
    std::unordered_map<std::string, size_t> at;
    std::vector<std::string> ids;
    for (size_t i = 0; i < page.size(); ++i) {
        at.emplace(page[i].id, i);
        ids.push_back(page[i].id);
    }
    {
        Statement& statement = db.Cached("SELECT service_id, " + ScheduleTimeColumns() +
                                         " FROM schedule WHERE service_id IN (SELECT value FROM json_each(?1)) ORDER BY id");
        statement.Bind(1, JsonList(ids));
        while (statement.Step()) {
            if (auto it = at.find(statement.Text(0)); it != at.end()) page[it->second].schedules.push_back(ReadSchedule(statement, 1));
        }
    }
    std::vector<std::string> without;
    for (const ServiceSummary& summary : page) {
        if (summary.schedules.empty()) without.push_back(summary.id);
    }
    if (!without.empty()) {
        std::unordered_map<std::string, std::vector<std::string>> locations_of;
        std::vector<std::string> locations;
        {
            Statement& statement = db.Cached("SELECT service_id, location_id FROM service_at_location "
                                             "WHERE service_id IN (SELECT value FROM json_each(?1)) ORDER BY service_id, position");
            statement.Bind(1, JsonList(without));
            while (statement.Step()) {
                locations_of[statement.Text(0)].push_back(statement.Text(1));
                locations.push_back(statement.Text(1));
            }
        }
        if (!locations.empty()) {
            std::unordered_map<std::string, std::vector<Schedule>> of_location;
            Statement& statement = db.Cached("SELECT " + ScheduleTimeColumns() +
                                             " FROM schedule WHERE location_id IN (SELECT value FROM json_each(?1)) ORDER BY id");
            statement.Bind(1, JsonList(locations));
            while (statement.Step()) {
                Schedule schedule = ReadSchedule(statement, 0);
                of_location[schedule.location_id].push_back(std::move(schedule));
            }
            for (const std::string& id : without) {
                ServiceSummary& summary = page[at[id]];
                for (const std::string& location : locations_of[id]) {
                    if (auto it = of_location.find(location); it != of_location.end()) {
                        summary.schedules.insert(summary.schedules.end(), it->second.begin(), it->second.end());
                    }
                }
            }
        }
    }
    Statement& statement = db.Cached("SELECT service_id, code FROM service_spoken_language "
                                     "WHERE service_id IN (SELECT value FROM json_each(?1)) ORDER BY service_id, code");
    statement.Bind(1, JsonList(ids));
    while (statement.Step()) {
        if (auto it = at.find(statement.Text(0)); it != at.end()) page[it->second].languages.push_back(statement.Text(1));
    }
}

// What a search result shows, kept in memory for each version of the search index: a
// service's name and organization in the language on screen, its hours' times and spoken
// languages. Reading those from the tables for a page of 50 results was half of a search
// over 10 000 services (figure 2: translated names looked up row by row, hours through the
// service's locations); from memory it is a lookup per result. Everything is read at once,
// the first time a search needs it after the directory or a translation is imported (a new
// search_index_version), so a search costs the same whether or not the same words were
// searched before. The hours and languages are kept once; the names once per language asked.
// Shared by every connection and thread of the process (version_cache.h).
struct SearchRows {
    std::unordered_map<int64_t, ServiceSummary> rows;  // service rowid -> summary (names empty)
};
struct SearchLabels {
    std::unordered_map<int64_t, std::pair<std::string, std::string>> labels;  // rowid -> (name, organization)
};

std::shared_ptr<const SearchRows> LoadSearchRows(Database& db, const std::string& version) {
    return VersionCache::Get<SearchRows>(db.Path(), version, "rows", [&db] {
        auto out = std::make_shared<SearchRows>();
        std::vector<ServiceSummary> all;
        std::vector<int64_t> rowids;
        Statement& statement = db.Cached("SELECT rowid, id FROM service WHERE status = 'active'");
        while (statement.Step()) {
            rowids.push_back(statement.Int(0));
            all.emplace_back().id = statement.Text(1);
        }
        statement.Reset();
        CompletePage(db, all);
        out->rows.reserve(all.size());
        for (size_t i = 0; i < all.size(); ++i) out->rows.emplace(rowids[i], std::move(all[i]));
        return std::shared_ptr<const SearchRows>(std::move(out));
    });
}

std::shared_ptr<const SearchLabels> LoadSearchLabels(Database& db, const std::string& version, const std::string& locale,
                                                     const std::string& columns) {
    return VersionCache::Get<SearchLabels>(db.Path(), version, "labels|" + locale, [&] {
        auto out = std::make_shared<SearchLabels>();
        Statement& statement = db.Cached("SELECT s.rowid, " + columns + " FROM service s LEFT JOIN organization o "
                                         "ON o.id = s.organization_id WHERE s.status = 'active'");
        statement.Bind(2, locale);
        while (statement.Step()) out->labels.emplace(statement.Int(0), std::make_pair(statement.Text(2), statement.Text(3)));
        statement.Reset();
        return std::shared_ptr<const SearchLabels>(std::move(out));
    });
}

// The open filters: "open now" keeps what closes soon too.
bool PassesOpenFilter(OpenFilter open, OpenState state) {
    if (open == OpenFilter::OpenNow) return state == OpenState::Open || state == OpenState::ClosesSoon;
    if (open == OpenFilter::ClosesSoon) return state == OpenState::ClosesSoon;
    return true;
}

std::vector<std::string> SpokenLanguages(Database& db, const std::string& service_id) {
    Statement& statement = db.Cached("SELECT code FROM service_spoken_language WHERE service_id = ?1 ORDER BY code");
    statement.Bind(1, service_id);
    std::vector<std::string> out;
    while (statement.Step()) out.push_back(statement.Text(0));
    return out;
}

std::vector<Language> LoadLanguages(Database& db, const char* sql, const std::string& id) {
    Statement& statement = db.Cached(sql);
    statement.Bind(1, id);
    std::vector<Language> out;
    while (statement.Step()) out.push_back({statement.Text(0), statement.Text(1)});
    return out;
}

std::vector<Phone> LoadPhones(Database& db, const std::string& owner_column, const std::string& id) {
    std::vector<Phone> out;
    std::vector<int64_t> rows;
    {
        Statement& statement = db.Cached("SELECT id, hsds_id, number, extension, type, description FROM phone WHERE " +
                                         owner_column + " = ?1 ORDER BY id");
        statement.Bind(1, id);
        while (statement.Step()) {
            Phone phone;
            rows.push_back(statement.Int(0));
            phone.id = statement.Text(1);
            phone.number = statement.Text(2);
            phone.extension = statement.Text(3);
            phone.type = statement.Text(4);
            phone.description = statement.Text(5);
            out.push_back(std::move(phone));
        }
    }
    for (size_t i = 0; i < out.size(); ++i) {
        Statement& statement = db.Cached("SELECT code, COALESCE(name, '') FROM phone_language WHERE phone_id = ?1 ORDER BY code");
        statement.Bind(1, rows[i]);
        while (statement.Step()) out[i].languages.push_back({statement.Text(0), statement.Text(1)});
    }
    return out;
}

} // namespace

DirectoryInfo DirectoryStore::Info() {
    DirectoryInfo info;
    info.default_locale = Meta(m_db, "default_locale");
    info.version = Meta(m_db, "version");
    info.imported_at = Meta(m_db, "imported_at");
    info.source = Meta(m_db, "source");
    {
        Statement& statement = m_db.Cached("SELECT count(*) FROM service WHERE status = 'active'");
        statement.Step();
        info.services = static_cast<int>(statement.Int(0));
        statement.Reset();
    }
    if (!info.default_locale.empty()) info.locales.push_back(info.default_locale);
    Statement& statement = m_db.Cached("SELECT DISTINCT locale FROM translation ORDER BY locale");
    while (statement.Step()) info.locales.push_back(statement.Text(0));
    return info;
}

std::vector<CategorySummary> DirectoryStore::Categories(const std::string& locale) {
    const std::string sql = "SELECT t.id, COALESCE(t.code, ''), " + Translated("taxonomy_term", "t.id", "name", "t.name") +
                            " AS label, count(*) FROM taxonomy_term t "
                            "JOIN service_taxonomy st ON st.term_id = t.id "
                            "JOIN service s ON s.id = st.service_id AND s.status = 'active' "
                            "GROUP BY t.id ORDER BY label COLLATE NOCASE";
    Statement& statement = m_db.Cached(sql);
    statement.Bind(1, locale);
    std::vector<CategorySummary> out;
    while (statement.Step()) {
        out.push_back({statement.Text(0), statement.Text(1), statement.Text(2), static_cast<int>(statement.Int(3))});
    }
    return out;
}

std::vector<ServiceSummary> DirectoryStore::Find(const ServiceQuery& query, int* matched) {
    const std::string locale = query.locale.empty() ? Meta(m_db, "default_locale") : query.locale;
    const std::string fts = BuildFtsQuery(query.text);  // "" when nothing searchable was typed
    const bool has_text = !fts.empty();
    const bool typed_something = query.text.find_first_not_of(" \t\r\n") != std::string::npos;
    if (matched) *matched = 0;
    if (typed_something && !has_text) return {};  // only punctuation or emoji: nothing can match

    // Optional filters are written as "(?N = '' OR ...)" so one cached statement serves all.
    const std::string filters =
        " AND (?3 = '' OR EXISTS(SELECT 1 FROM service_taxonomy st WHERE st.service_id = s.id AND st.term_id = ?3))"
        " AND (?4 = '' OR EXISTS(SELECT 1 FROM service_spoken_language sl WHERE sl.code = ?4 AND sl.service_id = s.id))"
        " AND (?5 IS NULL OR ((s.minimum_age IS NULL OR s.minimum_age <= ?5) AND (s.maximum_age IS NULL OR s.maximum_age >= ?5)))";
    const bool filtered = !query.category_id.empty() || !query.language.empty() || query.age.has_value();
    const std::string columns = "s.id, " + Translated("service", "s.id", "name", "s.name", "?2") + " AS label, " +
                                "COALESCE(" + Translated("organization", "o.id", "name", "o.name", "?2") + ", '')";
    const bool filter_open = query.open != OpenFilter::Any;
    // One read transaction for the whole answer: one snapshot, and the locks and the page
    // cache check happen once instead of for each of the many small queries below.
    Transaction read(m_db, TransactionKind::Deferred);
    auto read_row = [](Statement& statement) {  // the `columns` above
        ServiceSummary summary;
        summary.id = statement.Text(0);
        summary.name = statement.Text(1);
        summary.organization_name = statement.Text(2);
        return summary;
    };
    // Schedules, open state and spoken languages for one found service; false when the open
    // filter leaves it out.
    auto complete = [&](ServiceSummary& summary) {
        std::vector<ServiceSummary> one(1);
        one[0].id = summary.id;
        CompletePage(m_db, one);
        summary.schedules = std::move(one[0].schedules);
        summary.open_state = EvaluateOpenState(summary.schedules, query.now, query.closes_soon_minutes);
        if (!PassesOpenFilter(query.open, summary.open_state)) return false;
        summary.languages = std::move(one[0].languages);
        return true;
    };
    // The same for a whole page at once, when no filter can leave a service out.
    auto complete_page = [&](std::vector<ServiceSummary>& page) {
        CompletePage(m_db, page);
        for (ServiceSummary& summary : page) summary.open_state = EvaluateOpenState(summary.schedules, query.now, query.closes_soon_minutes);
    };
    std::vector<ServiceSummary> kept;

    if (!has_text) {
        // Browsing (a category, or everything): alphabetical.
        const std::string sql = "SELECT " + columns + " FROM service s LEFT JOIN organization o ON o.id = s.organization_id "
                                "WHERE s.status = 'active' AND ?1 = ''" + filters + " ORDER BY label COLLATE NOCASE LIMIT ?6";
        Statement& statement = m_db.Cached(sql);
        statement.Bind(1, fts).Bind(2, locale).Bind(3, query.category_id).Bind(4, query.language).Bind(5, query.age);
        statement.Bind(6, filter_open ? int64_t{-1} : static_cast<int64_t>(query.limit));
        if (!filter_open) {
            while (statement.Step()) kept.push_back(read_row(statement));
            statement.Reset();
            complete_page(kept);
        } else {
            while (statement.Step() && static_cast<int>(kept.size()) < query.limit) {
                ServiceSummary summary = read_row(statement);
                if (complete(summary)) kept.push_back(std::move(summary));
            }
            statement.Reset();
        }
        if (matched) *matched = static_cast<int>(kept.size());
        read.Commit();
        return kept;
    }

    // Searching. A service matches when its text in any language does (a Spanish speaker may
    // type an English word, "food" finds "comida"); its rank is search_rank (storage/search_rank.cpp:
    // the weight of the column each word is found in, name 10, alternate name 5, description 1,
    // organization 3, categories 4). The index alone answers this: each row's rowid says which
    // service and which language it is, and the rank needs only the positions of the match.
    // Tiers, in order: found in the language on screen; found in another; then, only when
    // those are few, found with a typo forgiven (SearchVocabulary), in the same two tiers.
    const std::vector<std::string> tokens = [&] {
        std::vector<std::string> all = IndexTokens(m_db.Handle(), query.text);
        if (all.size() > kMaxSearchWords) all.resize(kMaxSearchWords);
        for (std::string& t : all) {
            if (t.size() > kMaxWordBytes) t.resize(kMaxWordBytes);
        }
        return all;
    }();
    if (tokens.empty()) {
        read.Commit();
        return {};
    }
    int64_t shown_slot = -1;
    {
        Statement& statement = m_db.Cached("SELECT idx FROM search_locale WHERE code = ?1");
        statement.Bind(1, locale);
        if (statement.Step()) shown_slot = statement.Int(0);
        statement.Reset();
    }
    // The words in groups: a run of words that is a synonym key ("đồ ăn", two words) is one
    // group, every other word its own. Each group: itself (the last word a prefix), or a
    // synonym; with `fuzzy`, a single word may also be a word of the index a typo away.
    // A word holds only letters and digits (the tokenizer's), so quoting it makes any text
    // safe: quotes, AND, NEAR(, * and emoji are never FTS5 syntax here.
    struct Group {
        std::string words;                  // tokens joined by spaces
        size_t token = std::string::npos;   // a single word's index in `tokens`
        const std::vector<std::string>* synonyms = nullptr;
    };
    std::vector<Group> groups;
    for (size_t i = 0; i < tokens.size();) {
        Group group;
        if (query.synonyms) {
            for (size_t n = std::min<size_t>(kMaxSynonymWords, tokens.size() - i); n >= 1 && !group.synonyms; --n) {
                std::string key = tokens[i];
                for (size_t k = 1; k < n; ++k) key += " " + tokens[i + k];
                if (auto it = query.synonyms->of.find(key); it != query.synonyms->of.end()) {
                    group.words = key;
                    group.synonyms = &it->second;
                    if (n == 1) group.token = i;
                    i += n;
                }
            }
        }
        if (!group.synonyms) {
            group.words = tokens[i];
            group.token = i;
            ++i;
        }
        groups.push_back(std::move(group));
    }
    auto fts_query = [&](const std::vector<std::vector<std::string>>* fuzzy) {
        std::string out;
        for (size_t g = 0; g < groups.size(); ++g) {
            const Group& group = groups[g];
            const bool last = g + 1 == groups.size();
            std::string text = "\"" + group.words + "\"*";
            if (group.synonyms) {
                for (const std::string& phrase : *group.synonyms) text += " OR \"" + phrase + "\"";
            }
            if (fuzzy && group.token != std::string::npos) {
                for (const std::string& near : (*fuzzy)[group.token]) text += " OR \"" + near + "\"" + (last ? "*" : "");
            }
            out += (out.empty() ? "(" : " AND (") + text + ")";
        }
        return out;
    };
    std::unordered_map<int64_t, double> best;  // service rowid -> tier * kTier + rank
    constexpr double kTier = 1e6;
    auto run = [&](const std::string& fts_text, int base_tier) {
        Statement& match = m_db.Cached("SELECT rowid, search_rank(service_fts) FROM service_fts WHERE service_fts MATCH ?1");
        match.Bind(1, fts_text);
        while (match.Step()) {
            const int64_t rowid = match.Int(0);
            const int64_t service = rowid / kSearchLocaleSlots;
            const int tier = base_tier + (rowid % kSearchLocaleSlots == shown_slot ? 0 : 1);
            const double key = tier * kTier + match.Real(1);
            auto [it, inserted] = best.emplace(service, key);
            if (!inserted && key < it->second) it->second = key;
        }
        match.Reset();
    };
    run(fts_query(nullptr), 0);
    constexpr size_t kFewResults = 5;  // under this many, typos are forgiven
    if (best.size() < kFewResults && std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) { return TypoAllowance(t.size()) > 0; })) {
        const auto vocabulary = SearchVocabulary::For(m_db);
        std::vector<std::vector<std::string>> near(tokens.size());
        bool any = false;
        for (size_t i = 0; i < tokens.size(); ++i) {
            near[i] = vocabulary->Near(tokens[i], i + 1 == tokens.size());
            any = any || !near[i].empty();
        }
        if (any) run(fts_query(&near), 2);
    }
    if (filtered) {
        std::unordered_set<int64_t> allowed;
        Statement& statement = m_db.Cached("SELECT s.rowid FROM service s WHERE s.status = 'active'" + filters);
        statement.Bind(3, query.category_id).Bind(4, query.language).Bind(5, query.age);
        while (statement.Step()) allowed.insert(statement.Int(0));
        std::erase_if(best, [&allowed](const auto& entry) { return !allowed.count(entry.first); });
    }
    std::vector<std::pair<double, int64_t>> ranked;
    ranked.reserve(best.size());
    for (const auto& [service, score] : best) ranked.emplace_back(score, service);
    if (matched) *matched = static_cast<int>(ranked.size());
    // Only the shown services are sorted and read: a page of a short prefix's thousands.
    const size_t page = std::min(ranked.size(), static_cast<size_t>(std::max(query.limit, 0)));
    // Lower is better; equal ranks keep the directory's own order (rowid), so a second
    // page always continues the first.
    auto by_rank = [](const auto& a, const auto& b) { return a < b; };
    if (!filter_open) {
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(page), ranked.end(), by_rank);
        ranked.resize(page);
    } else {
        std::sort(ranked.begin(), ranked.end(), by_rank);  // the open filter may skip any of them
    }
    // The shown services' names, hours and languages, from memory (LoadSearchRows).
    const std::string version = SearchIndexVersion(m_db);
    const auto rows = LoadSearchRows(m_db, version);
    const auto labels = LoadSearchLabels(m_db, version, locale, columns);
    size_t looked_at = 0;
    for (const auto& entry : ranked) {
        if (static_cast<int>(kept.size()) >= query.limit) break;
        ++looked_at;
        const auto row = rows->rows.find(entry.second);
        const auto label = labels->labels.find(entry.second);
        if (row == rows->rows.end() || label == labels->labels.end()) continue;
        ServiceSummary summary = row->second;
        summary.name = label->second.first;
        summary.organization_name = label->second.second;
        summary.open_state = EvaluateOpenState(summary.schedules, query.now, query.closes_soon_minutes);
        if (!PassesOpenFilter(query.open, summary.open_state)) continue;
        kept.push_back(std::move(summary));
    }
    // With the open filter, the services not looked at are not counted: say whether more may
    // follow rather than work out the open state of every match.
    if (filter_open && matched) *matched = static_cast<int>(kept.size()) + (looked_at < ranked.size() ? 1 : 0);
    read.Commit();
    return kept;
}

std::optional<ServiceDetail> DirectoryStore::Get(const std::string& service_id, const std::string& requested_locale,
                                                 const LocalTime& now, bool include_inactive) {
    const std::string locale = requested_locale.empty() ? Meta(m_db, "default_locale") : requested_locale;
    ServiceDetail detail;
    Service& s = detail.service;
    {
        const std::string sql =
            "SELECT s.id, COALESCE(s.organization_id, ''), " + Translated("service", "s.id", "name", "s.name", "?2") + ", " +
            Translated("service", "s.id", "alternate_name", "s.alternate_name", "?2") + ", " +
            Translated("service", "s.id", "description", "s.description", "?2") + ", s.url, s.email, s.status, " +
            Translated("service", "s.id", "eligibility_description", "s.eligibility_description", "?2") +
            ", s.minimum_age, s.maximum_age, " +
            Translated("service", "s.id", "fees_description", "s.fees_description", "?2") + ", " +
            Translated("service", "s.id", "application_process", "s.application_process", "?2") + ", " +
            Translated("service", "s.id", "interpretation_services", "s.interpretation_services", "?2") + ", " +
            Translated("service", "s.id", "alert", "s.alert", "?2") +
            ", s.assured_date, s.last_modified, COALESCE(s.document, '') FROM service s WHERE s.id = ?1 AND (s.status = 'active' OR ?3)";
        Statement& statement = m_db.Cached(sql);
        statement.Bind(1, service_id).Bind(2, locale).Bind(3, include_inactive ? 1 : 0);
        if (!statement.Step()) return std::nullopt;
        s.id = statement.Text(0);
        s.organization_id = statement.Text(1);
        s.name = statement.Text(2);
        s.alternate_name = statement.Text(3);
        s.description = statement.Text(4);
        s.url = statement.Text(5);
        s.email = statement.Text(6);
        s.status = statement.Text(7);
        s.eligibility_description = statement.Text(8);
        if (auto v = statement.OptionalInt(9)) s.minimum_age = static_cast<int>(*v);
        if (auto v = statement.OptionalInt(10)) s.maximum_age = static_cast<int>(*v);
        s.fees_description = statement.Text(11);
        s.application_process = statement.Text(12);
        s.interpretation_services = statement.Text(13);
        s.alert = statement.Text(14);
        s.assured_date = statement.Text(15);
        s.last_modified = statement.Text(16);
        s.document = statement.Text(17);
        statement.Reset();
    }
    s.phones = LoadPhones(m_db, "service_id", s.id);
    s.schedules = ServiceSchedules(m_db, s.id, locale);
    s.languages = LoadLanguages(m_db, "SELECT code, COALESCE(name, '') FROM language WHERE service_id = ?1 ORDER BY id", s.id);
    detail.spoken_languages = SpokenLanguages(m_db, s.id);
    detail.open_state = EvaluateOpenState(s.schedules, now);
    {
        Statement& statement = m_db.Cached(
            "SELECT t.field FROM translation t JOIN service s ON s.id = t.entity_id WHERE t.entity = 'service' AND t.entity_id = ?1 "
            "AND t.locale = ?2 AND t.source_hash IS NOT NULL AND t.source_hash IS NOT text_hash(CASE t.field "
            "WHEN 'name' THEN s.name WHEN 'alternate_name' THEN s.alternate_name WHEN 'description' THEN s.description "
            "WHEN 'eligibility_description' THEN s.eligibility_description WHEN 'fees_description' THEN s.fees_description "
            "WHEN 'application_process' THEN s.application_process WHEN 'interpretation_services' THEN s.interpretation_services "
            "WHEN 'alert' THEN s.alert END) ORDER BY t.field");
        statement.Bind(1, s.id).Bind(2, locale);
        while (statement.Step()) detail.stale_fields.push_back(statement.Text(0));
        statement.Reset();
    }

    if (!s.organization_id.empty()) {
        const std::string sql = "SELECT id, " + Translated("organization", "id", "name", "name", "?2") + ", " +
                                Translated("organization", "id", "alternate_name", "alternate_name", "?2") + ", " +
                                Translated("organization", "id", "description", "description", "?2") +
                                ", COALESCE(email, ''), COALESCE(website, '') FROM organization WHERE id = ?1";
        Statement& statement = m_db.Cached(sql);
        statement.Bind(1, s.organization_id).Bind(2, locale);
        if (statement.Step()) {
            detail.organization = {statement.Text(0), statement.Text(1), statement.Text(2), statement.Text(3),
                                   statement.Text(4), statement.Text(5), {}};
        }
        statement.Reset();
        detail.organization.phones = LoadPhones(m_db, "organization_id", s.organization_id);
    }

    {
        const std::string sql = "SELECT l.id, " + Translated("location", "l.id", "name", "l.name", "?2") + ", " +
                                Translated("location", "l.id", "alternate_name", "l.alternate_name", "?2") + ", " +
                                Translated("location", "l.id", "description", "l.description", "?2") + ", " +
                                Translated("location", "l.id", "transportation", "l.transportation", "?2") +
                                ", l.latitude, l.longitude FROM service_at_location sal JOIN location l ON l.id = sal.location_id "
                                "WHERE sal.service_id = ?1 ORDER BY sal.position";
        Statement& statement = m_db.Cached(sql);
        statement.Bind(1, s.id).Bind(2, locale);
        while (statement.Step()) {
            Location l;
            l.id = statement.Text(0);
            l.name = statement.Text(1);
            l.alternate_name = statement.Text(2);
            l.description = statement.Text(3);
            l.transportation = statement.Text(4);
            if (auto v = statement.OptionalReal(5)) l.latitude = *v;
            if (auto v = statement.OptionalReal(6)) l.longitude = *v;
            s.location_ids.push_back(l.id);
            detail.locations.push_back(std::move(l));
        }
    }
    for (Location& l : detail.locations) {
        Statement& statement = m_db.Cached(
            "SELECT COALESCE(address_1,''), COALESCE(address_2,''), COALESCE(city,''), COALESCE(region,''), "
            "COALESCE(state_province,''), COALESCE(postal_code,''), COALESCE(country,''), COALESCE(address_type,'') "
            "FROM address WHERE location_id = ?1 ORDER BY id");
        statement.Bind(1, l.id);
        while (statement.Step()) {
            l.addresses.push_back({statement.Text(0), statement.Text(1), statement.Text(2), statement.Text(3),
                                   statement.Text(4), statement.Text(5), statement.Text(6), statement.Text(7)});
        }
        l.languages = LoadLanguages(m_db, "SELECT code, COALESCE(name, '') FROM language WHERE location_id = ?1 ORDER BY id", l.id);
        l.phones = LoadPhones(m_db, "location_id", l.id);
        l.schedules = LoadSchedules(m_db, "location_id", l.id, locale);
    }

    {
        const std::string sql = "SELECT t.id, COALESCE(t.code, ''), " + Translated("taxonomy_term", "t.id", "name", "t.name", "?2") +
                                " AS label, " + Translated("taxonomy_term", "t.id", "description", "COALESCE(t.description, '')", "?2") +
                                ", COALESCE(t.parent_id, ''), COALESCE(t.taxonomy, '') FROM service_taxonomy st "
                                "JOIN taxonomy_term t ON t.id = st.term_id WHERE st.service_id = ?1 ORDER BY label";
        Statement& statement = m_db.Cached(sql);
        statement.Bind(1, s.id).Bind(2, locale);
        while (statement.Step()) {
            detail.categories.push_back({statement.Text(0), statement.Text(1), statement.Text(2), statement.Text(3),
                                         statement.Text(4), statement.Text(5)});
            s.term_ids.push_back(statement.Text(0));
        }
    }
    return detail;
}

std::vector<std::string> DirectoryStore::ServiceIds(bool include_inactive) {
    Statement& statement = m_db.Cached(include_inactive ? "SELECT id FROM service ORDER BY id"
                                                        : "SELECT id FROM service WHERE status = 'active' ORDER BY id");
    std::vector<std::string> out;
    while (statement.Step()) out.push_back(statement.Text(0));
    return out;
}

std::string DirectoryStore::AllText(const std::string& locale) {
    static const char* kQueries[] = {
        "SELECT group_concat(coalesce(name,'') || char(10) || coalesce(alternate_name,'') || char(10) || coalesce(description,'') || char(10) || "
        "coalesce(eligibility_description,'') || char(10) || coalesce(fees_description,'') || char(10) || "
        "coalesce(application_process,'') || char(10) || coalesce(alert,''), char(10)) FROM service WHERE status = 'active'",
        "SELECT group_concat(coalesce(name,'') || char(10) || coalesce(description,''), char(10)) FROM organization",
        "SELECT group_concat(coalesce(name,'') || char(10) || coalesce(description,'') || char(10) || coalesce(transportation,''), char(10)) FROM location",
        "SELECT group_concat(coalesce(address_1,'') || char(10) || coalesce(address_2,'') || char(10) || coalesce(city,''), char(10)) FROM address",
        "SELECT group_concat(name, char(10)) FROM taxonomy_term",
        "SELECT group_concat(coalesce(description,''), char(10)) FROM schedule",
        "SELECT group_concat(value, char(10)) FROM translation WHERE ?1 = '' OR locale = ?1",
    };
    std::string text;
    for (const char* sql : kQueries) {
        Statement& statement = m_db.Cached(sql);
        if (std::strstr(sql, "?1")) statement.Bind(1, locale);
        if (statement.Step()) text += statement.Text(0) + "\n";
        statement.Reset();
    }
    return text;
}

std::vector<StaleTranslation> DirectoryStore::StaleTranslations() {
    std::vector<StaleTranslation> out;
    for (const TranslatableField& f : kTranslatable) {
        const std::string sql = std::string("SELECT t.locale, t.entity_id FROM translation t WHERE t.entity = '") + f.entity +
                                "' AND t.field = '" + f.field + "' AND t.source_hash IS NOT NULL AND t.source_hash IS NOT text_hash((SELECT " +
                                f.field + " FROM " + f.table + " WHERE " + f.key + " = t.entity_id LIMIT 1)) ORDER BY t.locale, t.entity_id";
        Statement statement(m_db, sql);
        while (statement.Step()) out.push_back({statement.Text(0), f.entity, statement.Text(1), f.field});
    }
    return out;
}

} // namespace storage
