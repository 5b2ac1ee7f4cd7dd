// See directory_cache.h.
#include "kiosk/app/directory_cache.h"

namespace kiosk {

namespace {

std::string MinuteKey(const storage::LocalTime& t) {
    return std::to_string(t.year) + "-" + std::to_string(t.month) + "-" + std::to_string(t.day) + " " +
           std::to_string(t.minute_of_day);
}

} // namespace

const std::vector<storage::CategorySummary>& DirectoryCache::Categories(const std::string& locale) {
    if (m_categories_key != locale || m_categories_key.empty()) {
        m_categories = m_store.Categories(locale);
        m_categories_key = locale;
    }
    return m_categories;
}

std::string QueryKey(const storage::ServiceQuery& q) {
    return q.locale + '\x1f' + q.category_id + '\x1f' + q.text + '\x1f' + q.language + '\x1f' + (q.age ? std::to_string(*q.age) : "") +
           '\x1f' + std::to_string(static_cast<int>(q.open)) + '\x1f' + std::to_string(q.limit) + '\x1f' + MinuteKey(q.now);
}

const std::vector<storage::ServiceSummary>& DirectoryCache::Services(const storage::ServiceQuery& q) {
    const std::string key = QueryKey(q);
    if (key != m_services_key) {
        m_services = m_store.Find(q, &m_matched);
        m_services_key = key;
    }
    return m_services;
}

const std::optional<storage::ServiceDetail>& DirectoryCache::Service(const std::string& id, const std::string& locale,
                                                                     const storage::LocalTime& now) {
    const std::string key = id + '\x1f' + locale + '\x1f' + MinuteKey(now);
    if (key != m_service_key) {
        m_service = m_store.Get(id, locale, now);
        m_service_key = key;
    }
    return m_service;
}

const storage::DirectoryInfo& DirectoryCache::Info() {
    if (!m_info_valid) {
        m_info = m_store.Info();
        m_info_valid = true;
    }
    return m_info;
}

void DirectoryCache::Invalidate() {
    m_categories_key.clear();
    m_services_key.clear();
    m_service_key.clear();
    m_info_valid = false;
}

} // namespace kiosk
