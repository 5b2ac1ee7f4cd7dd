// The one way from a worker thread to the UI. A worker (the check-in writer, the search
// worker, a staff PIN check, the sync thread) posts a delivery — a small function holding its
// result — and wakes the loop; the UI thread drains the inbox once a frame and runs each
// delivery there, in the order posted, so models are only ever touched on the UI thread.
// Threads: Post and WaitForPost from any thread; Drain on the UI thread only.
// Lifetime: declare the inbox before the workers that post to it, so it outlives them; what
// is posted after the last Drain is dropped with the inbox, never run.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace kiosk {

class UiInbox {
public:
    using Delivery = std::function<void()>;

    explicit UiInbox(std::function<void()> wake = {}) : m_wake(std::move(wake)) {}
    UiInbox(const UiInbox&) = delete;
    UiInbox& operator=(const UiInbox&) = delete;

    // The loop's Platform::Wake. Once SetWake({}) returns, no wake runs any more (the
    // platform may be destroyed).
    void SetWake(std::function<void()> wake);

    void Post(Delivery delivery);
    // Runs every delivery posted so far; returns how many ran.
    size_t Drain();
    // Blocks until something waits to be drained, or `seconds` pass (tests, the benchmark).
    bool WaitForPost(double seconds);
    // Deliveries ever posted (a test can wait for a given number).
    size_t Posted() const;

private:
    std::function<void()> m_wake;
    mutable std::mutex m_mutex;
    std::condition_variable m_posted;
    std::deque<Delivery> m_waiting;
    size_t m_total = 0;
};

} // namespace kiosk
