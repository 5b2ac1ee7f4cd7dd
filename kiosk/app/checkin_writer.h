// Writes check-ins on a thread of its own, with its own SQLite connection, so a slow disk
// (an SD card's fdatasync can take tens of milliseconds) never stalls the UI thread. The UI
// submits a record, keeps drawing, and shows the confirmation once the commit is done.
// The outcome comes back through the UI inbox (ui_inbox.h), the one way across threads.
// Threads: Submit from the UI thread; the writing happens on the writer's thread; each
// outcome is delivered on the UI thread when it drains the inbox. The destructor writes
// everything already submitted before it returns.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/app/ui_inbox.h"
#include "storage/checkin_store.h"

namespace kiosk {

struct RecordRequest {
    std::string student_id;
    std::string program_id;
    storage::CheckinKind kind = storage::CheckinKind::In;
    bool verified = true;
    storage::ClockReading clock;
    // Set: not a check-in but a staff action on this record (CheckinStore::ActOn); student_id
    // and program_id are then the correction's.
    std::string acts_on;
    storage::StaffAction action = storage::StaffAction::Confirm;
    // Set: a check-out releasing a child who must be picked up (CheckinStore::Release).
    std::optional<storage::ReleaseBy> release;
};

struct RecordOutcome {
    std::optional<storage::CheckinRecord> record;  // set when the record is on disk
    std::string error;                             // else why not
};

class CheckinWriter {
public:
    CheckinWriter(std::string db_path, int64_t build_unix_seconds, UiInbox& inbox);
    ~CheckinWriter();
    CheckinWriter(const CheckinWriter&) = delete;
    CheckinWriter& operator=(const CheckinWriter&) = delete;

    using Written = std::function<void(const RecordOutcome&)>;
    // Queues the record; `written` runs on the UI thread (from the inbox) once it is on disk
    // or has failed.
    void Submit(RecordRequest request, Written written);

private:
    void Loop();
    std::string m_db_path;
    int64_t m_build_time;
    UiInbox& m_inbox;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::pair<RecordRequest, Written>> m_queue;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace kiosk
