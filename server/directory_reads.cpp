// Directory reads shared by both stores. See directory_reads.h.
#include "server/directory_reads.h"

#include "storage/database.h"
#include "storage/directory_store.h"

namespace district {

DistrictStore::DirectorySnapshot ReadDirectorySnapshot(storage::Database& db, int64_t version) {
    DistrictStore::DirectorySnapshot snapshot;
    snapshot.version = version;
    storage::DirectoryStore store(db);
    snapshot.info = store.Info();
    const std::vector<std::string> ids = store.ServiceIds(true);
    const storage::LocalTime now = storage::LocalTimeNow();
    for (const std::string& locale : snapshot.info.locales) {
        std::vector<storage::ServiceDetail> services;
        services.reserve(ids.size());
        for (const std::string& id : ids) {
            if (auto detail = store.Get(id, locale, now, true)) services.push_back(std::move(*detail));
        }
        snapshot.locales.emplace_back(locale, std::move(services));
    }
    return snapshot;
}

std::vector<std::string> SearchDirectory(storage::Database& db, const std::string& text, const std::string& locale) {
    storage::ServiceQuery query;
    query.text = text;
    query.locale = locale;
    query.limit = storage::ServiceQuery::kNoLimit;
    std::vector<std::string> ids;
    for (const auto& summary : storage::DirectoryStore(db).Find(query)) ids.push_back(summary.id);
    return ids;
}

} // namespace district
