// Writes check-ins on a thread of its own, with its own SQLite connection, so a slow disk
// (an SD card's fdatasync can take tens of milliseconds) never stalls the UI thread. The UI
// submits a record, keeps drawing, and shows the confirmation once the commit is done.
// Threads: Submit and Take from the UI thread; the writing happens on the writer's thread.
// The destructor writes everything already submitted before it returns.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/checkin_store.h"

namespace kiosk {

struct RecordRequest {
    std::string student_id;
    std::string program_id;
    storage::CheckinKind kind = storage::CheckinKind::In;
    bool verified = true;
    storage::ClockReading clock;
};

struct RecordOutcome {
    std::optional<storage::CheckinRecord> record;  // set when the record is on disk
    std::string error;                             // else why not
};

class CheckinWriter {
public:
    // `wake` is called on the writer thread after each write (the kiosk wakes its event loop).
    CheckinWriter(std::string db_path, int64_t build_unix_seconds, std::function<void()> wake = {});
    ~CheckinWriter();
    CheckinWriter(const CheckinWriter&) = delete;
    CheckinWriter& operator=(const CheckinWriter&) = delete;

    uint64_t Submit(RecordRequest request);           // returns a ticket
    std::optional<RecordOutcome> Take(uint64_t ticket);  // the outcome once written

private:
    void Loop();
    std::string m_db_path;
    int64_t m_build_time;
    std::function<void()> m_wake;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::pair<uint64_t, RecordRequest>> m_queue;
    std::map<uint64_t, RecordOutcome> m_done;
    uint64_t m_next_ticket = 1;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace kiosk
