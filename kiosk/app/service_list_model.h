// The service-list screen's model: every service of the chosen category, in the session's
// language, with its open state now. Queries are cached by DirectoryCache.
// Threads: the UI thread only.
#pragma once

#include <vector>

#include "kiosk/app/config.h"
#include "kiosk/app/directory_cache.h"
#include "kiosk/app/kiosk_model.h"
#include "storage/directory_store.h"

namespace kiosk {

inline storage::ServiceQuery ServiceListQuery(const KioskModel& model, const KioskConfig& config, const storage::LocalTime& now) {
    storage::ServiceQuery query;
    query.locale = model.Language();
    query.category_id = model.CategoryId();
    query.limit = storage::ServiceQuery::kNoLimit;  // every service of the category can be reached
    query.now = now;
    query.closes_soon_minutes = config.closes_soon_minutes;
    return query;
}

class ServiceListModel {
public:
    explicit ServiceListModel(DirectoryCache& directory) : m_directory(directory) {}
    const std::vector<storage::ServiceSummary>& Services(const KioskModel& model, const KioskConfig& config,
                                                         const storage::LocalTime& now) {
        return m_directory.Services(ServiceListQuery(model, config, now));
    }

private:
    DirectoryCache& m_directory;
};

} // namespace kiosk
