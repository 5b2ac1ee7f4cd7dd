// See search_model.h.
#include "kiosk/app/search_model.h"

namespace kiosk {

storage::ServiceQuery SearchQuery(const KioskModel& model, int pages, const KioskConfig& config, const storage::LocalTime& now) {
    storage::ServiceQuery query;
    query.text = model.SearchText();
    query.locale = model.Language();
    query.now = now;
    query.closes_soon_minutes = config.closes_soon_minutes;
    query.limit = storage::ServiceQuery::kSearchPage * pages;
    return query;
}

SearchModel::Results SearchModel::Find(KioskModel& model, const KioskConfig& config, const storage::LocalTime& now) {
    static const std::vector<storage::ServiceSummary> kNone;
    storage::ServiceQuery query = SearchQuery(model, model.SearchPages(), config, now);  // "Show more" adds a page
    query.synonyms = m_synonyms;
    if (!m_worker) {
        const auto& services = m_directory.Services(query);
        return {&services, m_directory.Matched(), false};
    }
    const std::string key = QueryKey(query);
    if (key != m_asked) {
        m_asked = key;
        m_worker->Ask(query, m_epoch);
    }
    Results results;
    results.services = m_answer ? &m_answer->services : &kNone;
    results.matched = m_answer ? m_answer->matched : 0;
    results.waiting = !m_answer || m_answer->key != key;
    return results;
}

void SearchModel::Receive(std::shared_ptr<const SearchWorker::Answer> answer) {
    ++m_answers;
    // An older question's answer still beats none: it shows until the new one arrives. One
    // begun before the directory changed is dropped.
    if (answer->epoch == m_epoch) m_answer = std::move(answer);
}

void SearchModel::Invalidate() {
    m_asked.clear();
    ++m_epoch;
}

} // namespace kiosk
