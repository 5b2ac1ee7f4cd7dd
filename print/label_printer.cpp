// The printer thread (see label_printer.h): CUPS's IPP client, one job per label.
#include "print/label_printer.h"

#include <cups/cups.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace print {

namespace {

// libcups asks this each half second the server says nothing: keep waiting (1) until the
// printer's timeout, or give up (0) at once when the kiosk is stopping.
struct Patience {
    const std::atomic<int>* cancel;
    std::chrono::steady_clock::time_point deadline;
};
int KeepWaiting(http_t*, void* data) {
    const auto* patience = static_cast<const Patience*>(data);
    return *patience->cancel == 0 && std::chrono::steady_clock::now() < patience->deadline ? 1 : 0;
}

std::string MediaFor(const PrinterSettings& s) {
    if (!s.media.empty()) return s.media;
    char media[64];
    std::snprintf(media, sizeof media, "Custom.%gx%gmm", s.size.width_mm, s.size.height_mm);
    return media;
}

} // namespace

LabelPrinter::LabelPrinter(PrinterSettings settings) : m_settings(std::move(settings)) {
    m_status.configured = !m_settings.destination.empty();
    if (m_status.configured) m_thread = std::thread([this] { Loop(); });
}

LabelPrinter::~LabelPrinter() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_cancel = 1;
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void LabelPrinter::Submit(CheckinLabel label) {
    if (!m_status.configured) return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        while (m_queue.size() >= m_settings.max_waiting) {
            m_queue.pop_front();
            m_status.failed += 2;
            m_status.last_error = "the printer is not keeping up: older labels were dropped";
        }
        m_queue.push_back(std::move(label));
        m_status.waiting = m_queue.size();
    }
    m_wake.notify_one();
}

PrinterStatus LabelPrinter::Status() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_status;
}

bool LabelPrinter::WaitIdle(double seconds) {
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_idle.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return m_queue.empty() && !m_busy; });
}

void LabelPrinter::Loop() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_stop) return;
        CheckinLabel label = std::move(m_queue.front());
        m_queue.pop_front();
        m_status.waiting = m_queue.size();
        m_busy = true;
        lock.unlock();
        std::string errors[2];
        {
            auto tag = RenderTag(label, m_settings.size, m_settings.fonts);
            // Titles without spaces: Debian 12's cupsd (2.4.2) crashed on "tag 7KQ" as a job title.
            errors[0] = tag ? Send(EncodePng(tag.Value()), "kiosk-tag-" + label.code) : tag.Error();
        }
        {
            auto stub = RenderStub(label, m_settings.size, m_settings.fonts);
            errors[1] = stub ? Send(EncodePng(stub.Value()), "kiosk-stub-" + label.code) : stub.Error();
        }
        lock.lock();
        m_busy = false;
        for (const std::string& error : errors) {
            if (error.empty()) {
                ++m_status.printed;
            } else {
                ++m_status.failed;
                m_status.last_error = error;
            }
        }
        if (errors[0].empty() && errors[1].empty()) m_status.last_error.clear();
        if (m_settings.changed) {
            lock.unlock();
            m_settings.changed();
            lock.lock();
        }
        if (m_queue.empty()) m_idle.notify_all();
    }
}

namespace {

// A connection to the settings' print server, or nullptr with `error` saying why.
http_t* Connect(const PrinterSettings& settings, std::string& error) {
    const std::string server = settings.server.empty() ? cupsServer() : settings.server;
    std::string host = server;
    int port = ippPort();
    if (!server.empty() && server[0] != '/') {
        const auto colon = server.rfind(':');
        if (colon != std::string::npos && server.find(']') == std::string::npos) {
            host = server.substr(0, colon);
            port = std::atoi(server.c_str() + colon + 1);
        }
    }
    // No cancel flag for the connection: connecting is bounded by the timeout.
    http_t* http = httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, settings.timeout_ms, nullptr);
    if (!http) error = "cannot reach the print server " + server + " (" + cupsLastErrorString() + ")";
    return http;
}

} // namespace

base::Result<std::string> ProbePrinter(const PrinterSettings& settings) {
    using R = base::Result<std::string>;
    std::string error;
    http_t* http = Connect(settings, error);
    if (!http) return R::Fail(error);
    cups_dest_t* dest = cupsGetNamedDest(http, settings.destination.c_str(), nullptr);
    httpClose(http);
    if (!dest) return R::Fail("the print server has no printer named \"" + settings.destination + "\" (lpstat -p lists them)");
    auto option = [dest](const char* name) {
        const char* value = cupsGetOption(name, dest->num_options, dest->options);
        return std::string(value ? value : "");
    };
    const std::string accepting = option("printer-is-accepting-jobs");
    const std::string state = option("printer-state");  // 3 idle, 4 printing, 5 stopped
    const std::string reasons = option("printer-state-reasons");
    cupsFreeDests(1, dest);
    if (accepting == "false" || state == "5") {
        return R::Fail(settings.destination + " is stopped or refuses jobs" + (reasons.empty() || reasons == "none" ? "" : " (" + reasons + ")") +
                       ": cupsenable / cupsaccept it");
    }
    return settings.destination + (state == "4" ? " is printing" : " is ready");
}

std::string LabelPrinter::Send(const std::string& png, const std::string& title) {
    std::string connect_error;
    http_t* http = Connect(m_settings, connect_error);
    if (!http) return connect_error;
    // The whole label gets the timeout again once connected (a slow printer spooling a job).
    Patience patience{&m_cancel, std::chrono::steady_clock::now() + std::chrono::milliseconds(m_settings.timeout_ms)};
    httpSetTimeout(http, 0.5, KeepWaiting, &patience);
    cups_option_t* options = nullptr;
    int count = 0;
    const std::string media = MediaFor(m_settings);
    count = cupsAddOption("media", media.c_str(), count, &options);
    count = cupsAddOption("fit-to-page", "true", count, &options);
    count = cupsAddIntegerOption("ppi", m_settings.size.dpi, count, &options);
    std::string error;
    const int job = cupsCreateJob(http, m_settings.destination.c_str(), title.c_str(), count, options);
    if (job == 0) {
        error = "the printer " + m_settings.destination + " refused the label: " + cupsLastErrorString();
    } else if (cupsStartDocument(http, m_settings.destination.c_str(), job, title.c_str(), "image/png", 1) != HTTP_STATUS_CONTINUE) {
        error = "the printer " + m_settings.destination + " did not take the label: " + cupsLastErrorString();
    } else {
        const bool written = cupsWriteRequestData(http, png.data(), png.size()) == HTTP_STATUS_CONTINUE;
        if (cupsFinishDocument(http, m_settings.destination.c_str()) != IPP_STATUS_OK || !written) {
            error = "the label did not reach " + m_settings.destination + ": " + cupsLastErrorString();
        }
    }
    cupsFreeOptions(count, options);
    httpClose(http);
    return error;
}

} // namespace print
