// What the service-list and search screens ask the directory, built from the session's state
// in one place the tests can read, instead of inside the draw code.
// Threads: pure functions, any thread.
#pragma once

#include "kiosk/config.h"
#include "kiosk/kiosk_model.h"
#include "storage/directory_store.h"

namespace kiosk {

// Every service of the chosen category, in the session's language, open-state at `now`.
inline storage::ServiceQuery ServiceListQuery(const KioskModel& model, const KioskConfig& config, const storage::LocalTime& now) {
    storage::ServiceQuery query;
    query.locale = model.Language();
    query.category_id = model.CategoryId();
    query.limit = storage::ServiceQuery::kNoLimit;  // every service of the category can be reached
    query.now = now;
    query.closes_soon_minutes = config.closes_soon_minutes;
    return query;
}

// The typed words, the best `pages` pages of matches first: a short prefix matches thousands of
// services, and reading all of them would take longer than a keystroke may.
inline storage::ServiceQuery SearchQuery(const KioskModel& model, int pages, const KioskConfig& config,
                                         const storage::LocalTime& now) {
    storage::ServiceQuery query;
    query.text = model.SearchText();
    query.locale = model.Language();
    query.now = now;
    query.closes_soon_minutes = config.closes_soon_minutes;
    query.limit = storage::ServiceQuery::kSearchPage * pages;
    return query;
}

} // namespace kiosk
