// See ui_inbox.h.
#include "kiosk/app/ui_inbox.h"

#include <chrono>

namespace kiosk {

void UiInbox::SetWake(std::function<void()> wake) {
    std::lock_guard lock(m_mutex);
    m_wake = std::move(wake);
}

void UiInbox::Post(Delivery delivery) {
    std::lock_guard lock(m_mutex);
    m_waiting.push_back(std::move(delivery));
    ++m_total;
    m_posted.notify_all();
    // Under the lock, so SetWake({}) cannot return while a wake is running. A wake never
    // touches the inbox (it only ends the loop's sleep).
    if (m_wake) m_wake();
}

size_t UiInbox::Drain() {
    std::deque<Delivery> taken;
    {
        std::lock_guard lock(m_mutex);
        taken.swap(m_waiting);
    }
    // Outside the lock: a delivery may start more work that posts again.
    for (Delivery& delivery : taken) delivery();
    return taken.size();
}

bool UiInbox::WaitForPost(double seconds) {
    std::unique_lock lock(m_mutex);
    return m_posted.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return !m_waiting.empty(); });
}

size_t UiInbox::Posted() const {
    std::lock_guard lock(m_mutex);
    return m_total;
}

} // namespace kiosk
