// Fuzz target: everything a client sends the district server that the server reads itself —
// the check-in and heartbeat bodies, the Authorization and If-None-Match headers, query
// numbers, Accept-Language, and text it prints. The first byte picks the reader; the rest is
// the input. Any crash, sanitizer report or broken promise below is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "server/hsds_api.h"
#include "server/kiosk_requests.h"
#include "server/printable.h"

namespace {

void Require(bool condition) {
    if (!condition) std::abort();
}

bool HasControl(const std::string& text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    constexpr int64_t kNow = 1795447800;  // 2026-11-23
    district::RequestError error;
    switch (data[0] % 6) {
    case 0: {
        district::CheckinBatch batch;
        if (district::ParseCheckinBatch(input, 500, kNow, batch, error)) {
            Require(batch.records.size() <= 500);
            for (const auto& r : batch.records) {
                Require(r.kind == "in" || r.kind == "out");
                Require(!r.id.empty() && r.id.size() <= 64 && !HasControl(r.id) && !HasControl(r.student_id));
                Require(r.at_unix >= 946684800 && r.at_unix < 4102444800);
            }
        } else {
            Require((error.status == 400 || error.status == 413) && !error.message.empty());
        }
        break;
    }
    case 1: {
        district::Heartbeat heartbeat;
        if (district::ParseHeartbeat(input, kNow, heartbeat, error)) {
            Require(!HasControl(heartbeat.app_version) && heartbeat.queue_depth >= 0);
        } else {
            Require(error.status == 400 && !error.message.empty());
        }
        break;
    }
    case 2: {
        const std::string token = district::BearerToken(input);
        Require(token.size() < input.size() || token.empty());
        break;
    }
    case 3: {
        const size_t split = input.find('\n');
        const std::string header = input.substr(0, split), etag = split == std::string::npos ? "" : input.substr(split + 1);
        if (!etag.empty() && header == etag && etag.find(',') == std::string::npos && etag.front() != ' ' && etag.back() != ' ') {
            Require(district::EtagMatches(header, etag));
        } else {
            (void)district::EtagMatches(header, etag);
        }
        break;
    }
    case 4: {
        if (const auto number = district::WholeNumber(input)) Require(*number >= 1);
        const std::string picked = district::PickLocale(input, {"en", "es", "vi"}, "en");
        Require(picked == "en" || picked == "es" || picked == "vi");
        break;
    }
    default: {
        const std::string shown = district::Printable(input, 200);
        Require(!HasControl(shown) && shown.size() <= 200 + 4);
        break;
    }
    }
    return 0;
}
