// Search off the UI thread. See search_worker.h.
#include "kiosk/app/search_worker.h"

#include "kiosk/app/directory_cache.h"
#include "storage/database.h"

namespace kiosk {

SearchWorker::SearchWorker(std::string db_path, UiInbox& inbox, Answered answered)
    : m_db_path(std::move(db_path)), m_inbox(inbox), m_answered(std::move(answered)), m_thread([this] { Loop(); }) {}

SearchWorker::~SearchWorker() {
    {
        std::lock_guard lock(m_lock);
        m_stop = true;
    }
    m_wakeup.notify_all();
    m_thread.join();
}

void SearchWorker::Ask(const storage::ServiceQuery& query, uint64_t epoch) {
    {
        std::lock_guard lock(m_lock);
        m_pending.emplace(query, epoch);  // replaces a request that has not started
    }
    m_wakeup.notify_all();
}

void SearchWorker::Loop() {
    std::unique_ptr<storage::Database> db;
    for (;;) {
        std::pair<storage::ServiceQuery, uint64_t> request;
        {
            std::unique_lock lock(m_lock);
            m_wakeup.wait(lock, [this] { return m_stop || m_pending; });
            if (m_stop) return;
            request = std::move(*m_pending);
            m_pending.reset();
        }
        auto answer = std::make_shared<Answer>();
        answer->key = QueryKey(request.first);
        answer->epoch = request.second;
        try {
            if (!db) db = std::make_unique<storage::Database>(m_db_path);
            answer->services = storage::DirectoryStore(*db).Find(request.first, &answer->matched);
        } catch (const std::exception& error) {
            answer->error = error.what();  // a locked or damaged database: nothing found, never a crash
            db.reset();
        }
        m_inbox.Post([answered = m_answered, answer = std::shared_ptr<const Answer>(std::move(answer))] { answered(answer); });
    }
}

} // namespace kiosk
