// See checkin_writer.h.
#include "kiosk/app/checkin_writer.h"

#include <memory>

#include "storage/database.h"

namespace kiosk {

CheckinWriter::CheckinWriter(std::string db_path, int64_t build_unix_seconds, UiInbox& inbox)
    : m_db_path(std::move(db_path)), m_build_time(build_unix_seconds), m_inbox(inbox), m_thread([this] { Loop(); }) {}

CheckinWriter::~CheckinWriter() {
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_stop = true;
    }
    m_ready.notify_all();
    m_thread.join();
}

void CheckinWriter::Submit(RecordRequest request, Written written) {
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_queue.emplace_back(std::move(request), std::move(written));
    }
    m_ready.notify_all();
}

void CheckinWriter::Loop() {
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<storage::CheckinStore> store;
    for (;;) {
        std::pair<RecordRequest, Written> job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_ready.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty()) return;  // stopping, and everything submitted is written
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        RecordOutcome outcome;
        try {
            if (!db) {
                db = std::make_unique<storage::Database>(m_db_path);
                store = std::make_unique<storage::CheckinStore>(*db, m_build_time);
            }
            const RecordRequest& r = job.first;
            auto result = r.release ? store->Release(r.student_id, r.program_id, *r.release, r.verified, r.clock)
                          : r.acts_on.empty() ? store->Record(r.student_id, r.program_id, r.kind, r.verified, r.clock)
                                              : store->ActOn(r.acts_on, r.action, r.student_id, r.program_id, r.clock);
            if (result) outcome.record = result.Value();
            else outcome.error = result.Error();
        } catch (const std::exception& error) {
            outcome.error = std::string("the database could not be opened: ") + error.what();
            store.reset();
            db.reset();
        }
        if (job.second) m_inbox.Post([written = std::move(job.second), outcome = std::move(outcome)] { written(outcome); });
    }
}

} // namespace kiosk
