// Search off the UI thread. See search_worker.h.
#include "kiosk/search_worker.h"

#include <chrono>

#include "kiosk/directory_cache.h"
#include "storage/database.h"

namespace kiosk {

SearchWorker::SearchWorker(std::string db_path, std::function<void()> wake)
    : m_db_path(std::move(db_path)), m_wake(std::move(wake)), m_thread([this] { Loop(); }) {}

SearchWorker::~SearchWorker() {
    {
        std::lock_guard lock(m_lock);
        m_stop = true;
    }
    m_wakeup.notify_all();
    m_thread.join();
}

std::shared_ptr<const SearchWorker::Answer> SearchWorker::Find(const storage::ServiceQuery& query) {
    const std::string key = QueryKey(query);
    std::lock_guard lock(m_lock);
    if (key != m_asked) {
        m_asked = key;
        m_pending = query;  // replaces a request that has not started: only the newest matters
        m_wakeup.notify_all();
    }
    return m_answer;
}

bool SearchWorker::Current(const storage::ServiceQuery& query) {
    const std::string key = QueryKey(query);
    std::lock_guard lock(m_lock);
    return m_answer && m_answer->key == key;
}

void SearchWorker::Invalidate() {
    // The shown answer stays until the new one arrives (no flicker when a sync lands mid-typing).
    std::lock_guard lock(m_lock);
    m_asked.clear();
    ++m_epoch;
}

bool SearchWorker::WaitIdle(double seconds) {
    std::unique_lock lock(m_lock);
    return m_idle.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return !m_pending && !m_running; });
}

void SearchWorker::Loop() {
    std::unique_ptr<storage::Database> db;
    for (;;) {
        storage::ServiceQuery query;
        uint64_t epoch = 0;
        {
            std::unique_lock lock(m_lock);
            m_idle.notify_all();
            m_wakeup.wait(lock, [this] { return m_stop || m_pending; });
            if (m_stop) return;
            query = std::move(*m_pending);
            m_pending.reset();
            m_running = true;
            epoch = m_epoch;
        }
        auto answer = std::make_shared<Answer>();
        answer->key = QueryKey(query);
        try {
            if (!db) db = std::make_unique<storage::Database>(m_db_path);
            answer->services = storage::DirectoryStore(*db).Find(query, &answer->matched);
        } catch (const std::exception& error) {
            answer->error = error.what();  // a locked or damaged database: nothing found, never a crash
            db.reset();
        }
        {
            std::lock_guard lock(m_lock);
            m_running = false;
            // An older question's answer still beats none: it shows until the new one arrives.
            // One begun before the directory changed is dropped.
            if (epoch == m_epoch) m_answer = answer;
        }
        ++m_generation;
        if (m_wake) m_wake();
    }
}

} // namespace kiosk
