// What the screens show from the directory, kept between frames: the same query is not run
// again until its inputs change (language, category, text, the minute) or the directory does.
// Derived data only; the model stays the one source of truth.
// Threads: the UI thread only (it uses the UI thread's DirectoryStore).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/directory_store.h"

namespace kiosk {

// Everything that changes a query's answer, as one string (the minute counts: "open now").
std::string QueryKey(const storage::ServiceQuery& query);

class DirectoryCache {
public:
    explicit DirectoryCache(storage::DirectoryStore& store) : m_store(store) {}

    const std::vector<storage::CategorySummary>& Categories(const std::string& locale);
    const std::vector<storage::ServiceSummary>& Services(const storage::ServiceQuery& query);
    int Matched() const { return m_matched; }  // how many match the last Services query in all
    const std::optional<storage::ServiceDetail>& Service(const std::string& id, const std::string& locale,
                                                         const storage::LocalTime& now);
    const storage::DirectoryInfo& Info();
    void Invalidate();  // after an import or sync replaced the directory

private:
    storage::DirectoryStore& m_store;
    std::string m_categories_key, m_services_key, m_service_key;
    bool m_info_valid = false;
    std::vector<storage::CategorySummary> m_categories;
    std::vector<storage::ServiceSummary> m_services;
    int m_matched = 0;
    std::optional<storage::ServiceDetail> m_service;
    storage::DirectoryInfo m_info;
};

} // namespace kiosk
