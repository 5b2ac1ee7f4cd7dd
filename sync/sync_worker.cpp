// See sync_worker.h.
#include "sync/sync_worker.h"

#include <chrono>
#include <memory>
#include <iostream>

#include "storage/database.h"

namespace netsync {

using Clock = std::chrono::steady_clock;

SyncWorker::SyncWorker(std::string db_path, SyncSettings settings, int interval_seconds, int debounce_seconds)
    : m_db_path(std::move(db_path)), m_settings(std::move(settings)), m_interval(interval_seconds), m_debounce(debounce_seconds) {}

SyncWorker::~SyncWorker() { Stop(); }

void SyncWorker::Start() {
    GlobalInit();
    m_thread = std::thread([this] { Loop(); });
}

void SyncWorker::Stop() {
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void SyncWorker::SyncNow() {
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_now = true;
    }
    m_wake.notify_all();
}

void SyncWorker::CheckinRecorded() {
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_soon = true;
    }
    m_wake.notify_all();
}

bool SyncWorker::Busy() const {
    std::lock_guard<std::mutex> guard(m_mutex);
    return m_busy || m_now;
}

int SyncWorker::Runs() const {
    std::lock_guard<std::mutex> guard(m_mutex);
    return m_runs;
}

void SyncWorker::Loop() {
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<SyncEngine> engine;
    auto next = Clock::now();  // the first sync runs at start
    bool blocked = false;       // 401/403: wait for staff
    while (true) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            while (!m_stop && !m_now && (blocked || Clock::now() < next)) {
                if (m_soon && !blocked) {
                    // A check-in: sync a few seconds from now, unless a sync is due sooner.
                    next = std::min(next, Clock::now() + std::chrono::seconds(m_debounce));
                    m_soon = false;
                }
                if (blocked) m_wake.wait(lock);
                else m_wake.wait_until(lock, next);
            }
            if (m_stop) return;
            if (m_now) blocked = false;
            m_now = false;
            m_soon = false;
            m_busy = true;
        }
        try {
            if (!db) {
                db = std::make_unique<storage::Database>(m_db_path);
                engine = std::make_unique<SyncEngine>(*db, m_settings);
            }
            const SyncResult result = engine->RunOnce();
            blocked = result == SyncResult::NeedsEnrollment;
            const double wait = result == SyncResult::Complete ? m_interval : engine->RetryAfterSeconds();
            next = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(wait * 1000));
        } catch (const std::exception& error) {
            std::cerr << "kiosk: sync: " << error.what() << "\n";
            db.reset();
            engine.reset();
            next = Clock::now() + std::chrono::seconds(30);
        }
        {
            std::lock_guard<std::mutex> guard(m_mutex);
            ++m_runs;
            m_busy = false;
        }
        if (m_on_finished) m_on_finished();
    }
}

} // namespace netsync
