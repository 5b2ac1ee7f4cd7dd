// The search screen's model: what the typed words ask the directory, and the answer shown.
// With a SearchWorker (the kiosk) the query runs off the UI thread and the newest answer
// shows until the one for the current text arrives through the inbox; without one (a
// screenshot, which must be complete in its frame) it runs in the frame.
// Threads: the UI thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kiosk/app/config.h"
#include "kiosk/app/directory_cache.h"
#include "kiosk/app/kiosk_model.h"
#include "kiosk/app/search_worker.h"
#include "storage/directory_store.h"

namespace kiosk {

// The typed words, the best `pages` pages of matches first: a short prefix matches thousands of
// services, and reading all of them would take longer than a keystroke may.
storage::ServiceQuery SearchQuery(const KioskModel& model, int pages, const KioskConfig& config, const storage::LocalTime& now);

class SearchModel {
public:
    explicit SearchModel(DirectoryCache& directory) : m_directory(directory) {}
    void UseWorker(SearchWorker* worker) { m_worker = worker; }
    // Words that mean the same, passed with every question (assets/i18n/synonyms.txt).
    void UseSynonyms(std::shared_ptr<const storage::Synonyms> synonyms) { m_synonyms = std::move(synonyms); }

    struct Results {
        const std::vector<storage::ServiceSummary>* services = nullptr;  // never null
        int matched = 0;       // how many match in all
        bool waiting = false;  // the answer for this text is on its way
    };
    // The results for the session's text (asking the worker when the question changed).
    Results Find(KioskModel& model, const KioskConfig& config, const storage::LocalTime& now);
    // An answer from the worker (delivered through the inbox).
    void Receive(std::shared_ptr<const SearchWorker::Answer> answer);
    // The directory was replaced: ask again; the shown answer stays until the new one arrives
    // (no flicker when a sync lands mid-typing), and answers begun before are dropped.
    void Invalidate();
    uint64_t Answers() const { return m_answers; }  // answers received (tests, the benchmark)

private:
    DirectoryCache& m_directory;
    SearchWorker* m_worker = nullptr;
    std::shared_ptr<const storage::Synonyms> m_synonyms;
    std::string m_asked;                               // key of the newest question
    uint64_t m_epoch = 0;
    uint64_t m_answers = 0;
    std::shared_ptr<const SearchWorker::Answer> m_answer;
};

} // namespace kiosk
