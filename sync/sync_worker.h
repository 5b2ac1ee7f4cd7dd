// The sync thread: runs the SyncEngine on its own thread with its own SQLite connection, on a
// timer, a few seconds after a check-in (debounced), and when staff press "Sync now". The UI
// never waits on it; it reads the outcome from sync_state (ReadSyncStatus).
// Threads: Start/Stop/SyncNow/CheckinRecorded may be called from any thread; everything else
// runs on the worker's own thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "sync/sync_engine.h"

namespace netsync {

class SyncWorker {
public:
    SyncWorker(std::string db_path, SyncSettings settings, int interval_seconds, int debounce_seconds = 5);
    ~SyncWorker();
    void Start();
    void Stop();                // finishes the request in flight (bounded by the low-speed limit)
    void SyncNow();             // staff: sync right away, even after a 401
    void CheckinRecorded();     // a check-in was committed: sync soon
    int Runs() const;           // how many syncs ran (tests)
    bool Busy() const;          // a sync is running now (the staff panel says so)
    // Called on the sync thread after each sync (e.g. to wake the UI so it shows the outcome).
    // Set before Start().
    void OnFinished(std::function<void()> callback) { m_on_finished = std::move(callback); }

private:
    void Loop();
    std::string m_db_path;
    SyncSettings m_settings;
    int m_interval;
    int m_debounce;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_now = false;
    bool m_soon = false;
    int m_runs = 0;
    bool m_busy = false;
    std::function<void()> m_on_finished;
};

} // namespace netsync
