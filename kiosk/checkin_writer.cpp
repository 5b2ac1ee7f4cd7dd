// See checkin_writer.h.
#include "kiosk/checkin_writer.h"

#include <memory>

#include "storage/database.h"

namespace kiosk {

CheckinWriter::CheckinWriter(std::string db_path, int64_t build_unix_seconds, std::function<void()> wake)
    : m_db_path(std::move(db_path)), m_build_time(build_unix_seconds), m_wake(std::move(wake)), m_thread([this] { Loop(); }) {}

CheckinWriter::~CheckinWriter() {
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_stop = true;
    }
    m_ready.notify_all();
    m_thread.join();
}

uint64_t CheckinWriter::Submit(RecordRequest request) {
    uint64_t ticket = 0;
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        ticket = m_next_ticket++;
        m_queue.emplace_back(ticket, std::move(request));
    }
    m_ready.notify_all();
    return ticket;
}

std::optional<RecordOutcome> CheckinWriter::Take(uint64_t ticket) {
    std::lock_guard<std::mutex> guard(m_mutex);
    auto it = m_done.find(ticket);
    if (it == m_done.end()) return std::nullopt;
    RecordOutcome outcome = std::move(it->second);
    m_done.erase(it);
    return outcome;
}

void CheckinWriter::Loop() {
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<storage::CheckinStore> store;
    for (;;) {
        std::pair<uint64_t, RecordRequest> job;
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
            const RecordRequest& r = job.second;
            auto result = store->Record(r.student_id, r.program_id, r.kind, r.verified, r.clock);
            if (result) outcome.record = result.Value();
            else outcome.error = result.Error();
        } catch (const std::exception& error) {
            outcome.error = std::string("the database could not be opened: ") + error.what();
            store.reset();
            db.reset();
        }
        {
            std::lock_guard<std::mutex> guard(m_mutex);
            m_done[job.first] = std::move(outcome);
        }
        if (m_wake) m_wake();
    }
}

} // namespace kiosk
