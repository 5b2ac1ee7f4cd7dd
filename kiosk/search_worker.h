// Search as you type without stalling a frame: the query runs on a worker thread with its own
// SQLite connection, the newest request replaces any that has not started, and the screen
// shows the last answer until the new one arrives (on a 10 000-service directory a short
// prefix takes several milliseconds, longer than a frame may).
// Threads: Find, Invalidate and Generation on the UI thread; the search runs on the worker.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/directory_store.h"

namespace kiosk {

class SearchWorker {
public:
    struct Answer {
        std::string key;                               // QueryKey of what was asked
        std::vector<storage::ServiceSummary> services;
        int matched = 0;                               // how many match in all (services is a page)
        std::string error;                             // the database failed; shown as nothing found
    };

    // `wake` runs on the worker after each answer (the kiosk wakes its event loop with it).
    SearchWorker(std::string db_path, std::function<void()> wake = {});
    ~SearchWorker();
    SearchWorker(const SearchWorker&) = delete;
    SearchWorker& operator=(const SearchWorker&) = delete;

    // The newest answer there is (perhaps for an earlier query; compare its key), asking for
    // `query` if that is not what was asked last. Null before the first answer.
    std::shared_ptr<const Answer> Find(const storage::ServiceQuery& query);
    bool Current(const storage::ServiceQuery& query);    // the newest answer is for this query
    void Invalidate();                                    // the directory may have changed: ask again
    uint64_t Generation() const { return m_generation.load(); }  // changes with every answer
    bool WaitIdle(double seconds);                        // tests and benchmarks

private:
    void Loop();
    std::string m_db_path;
    std::function<void()> m_wake;
    std::mutex m_lock;
    std::condition_variable m_wakeup, m_idle;
    std::optional<storage::ServiceQuery> m_pending;
    std::string m_asked;                                  // key of the newest request
    bool m_running = false;
    uint64_t m_epoch = 0;                                 // bumped by Invalidate
    bool m_stop = false;
    std::shared_ptr<const Answer> m_answer;
    std::atomic<uint64_t> m_generation{0};
    std::thread m_thread;
};

} // namespace kiosk
