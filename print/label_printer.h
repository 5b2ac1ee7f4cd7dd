// Sends check-in labels to a CUPS printer on a thread of its own, so a printer that is off,
// out of labels, jammed or unreachable never delays a check-in: Submit only queues. Each
// check-in prints two jobs, the child's tag and the adult's stub (label.h). A failure is
// counted and kept for the staff panel; the check-in itself is already on disk by then.
// Threads: Submit and Status from any thread; CUPS is only spoken to on the printer thread.
// The destructor stops soon: a job still waiting is dropped (its check-in is unaffected), one
// being sent is abandoned within half a second, or the connect timeout while connecting.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "print/label.h"

namespace print {

struct PrinterSettings {
    std::string destination;  // the CUPS queue's name ("KioskLabels"); "" = no printing
    std::string server;       // "" = CUPS's own default (CUPS_SERVER, client.conf, the local socket);
                              // "host[:port]" or a Unix socket path
    std::string media;        // a CUPS media name ("Custom.57x32mm"); "" = from the label size
    LabelSize size;
    LabelFonts fonts;
    int timeout_ms = 5000;    // connecting, and each wait for the server
    size_t max_waiting = 20;  // more than this: the oldest waiting labels are dropped and counted
    // Runs on the printer thread after each check-in's labels, printed or not (the kiosk
    // wakes its screen with it, so the staff panel shows the news).
    std::function<void()> changed;
};

struct PrinterStatus {
    bool configured = false;
    int64_t printed = 0;        // labels the printer's queue accepted
    int64_t failed = 0;         // labels that could not be sent (or were dropped)
    std::string last_error;     // the most recent failure, "" once a label prints again
    size_t waiting = 0;
};

// Whether the settings' printer is there and takes jobs: "KioskLabels is ready", or why not
// (`kioskctl doctor`). Blocks up to the timeout; never prints.
base::Result<std::string> ProbePrinter(const PrinterSettings& settings);

class LabelPrinter {
public:
    explicit LabelPrinter(PrinterSettings settings);
    ~LabelPrinter();
    LabelPrinter(const LabelPrinter&) = delete;
    LabelPrinter& operator=(const LabelPrinter&) = delete;

    // Queues the tag and the stub for one check-in; returns at once.
    void Submit(CheckinLabel label);
    PrinterStatus Status() const;
    // Blocks until nothing is waiting or being sent, or `seconds` pass (tests, kioskctl).
    bool WaitIdle(double seconds);

private:
    void Loop();
    // Sends one PNG as a job; "" when the queue accepted it, else why not.
    std::string Send(const std::string& png, const std::string& title);

    PrinterSettings m_settings;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<CheckinLabel> m_queue;
    bool m_busy = false;
    bool m_stop = false;
    std::atomic<int> m_cancel{0};  // set when stopping: a wait for the server gives up
    PrinterStatus m_status;
    std::thread m_thread;
};

} // namespace print
