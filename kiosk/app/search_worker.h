// Search as you type without stalling a frame: the query runs on a worker thread with its own
// SQLite connection, the newest request replaces any that has not started, and each answer
// comes back through the UI inbox (on a 10 000-service directory a short prefix takes several
// milliseconds, longer than a frame may). SearchModel (search_model.h) asks and keeps the
// answer the screen shows.
// Threads: Ask from the UI thread; the search runs on the worker; answers are delivered on
// the UI thread when it drains the inbox.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/ui_inbox.h"
#include "storage/directory_store.h"

namespace kiosk {

class SearchWorker {
public:
    struct Answer {
        std::string key;                               // QueryKey of what was asked
        uint64_t epoch = 0;                            // the directory version it was asked of
        std::vector<storage::ServiceSummary> services;
        int matched = 0;                               // how many match in all (services is a page)
        std::string error;                             // the database failed; shown as nothing found
    };
    using Answered = std::function<void(std::shared_ptr<const Answer>)>;

    // `answered` runs on the UI thread, from the inbox, once per answer.
    SearchWorker(std::string db_path, UiInbox& inbox, Answered answered);
    ~SearchWorker();
    SearchWorker(const SearchWorker&) = delete;
    SearchWorker& operator=(const SearchWorker&) = delete;

    // Asks for `query`; a request that has not started yet is replaced (only the newest
    // matters). `epoch` is handed back with the answer.
    void Ask(const storage::ServiceQuery& query, uint64_t epoch);

private:
    void Loop();
    std::string m_db_path;
    UiInbox& m_inbox;
    Answered m_answered;
    std::mutex m_lock;
    std::condition_variable m_wakeup;
    std::optional<std::pair<storage::ServiceQuery, uint64_t>> m_pending;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace kiosk
