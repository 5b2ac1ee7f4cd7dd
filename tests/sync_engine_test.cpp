// sync/sync_engine.h against a test district server speaking docs/sync-protocol.md over real
// HTTPS on loopback (throwaway CA from scripts/make-loopback-certs; verification always on).
#include <httplib.h>

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "storage/migrations.h"
#include "sync/sync_engine.h"
#include "sync/sync_worker.h"
#include "test_support.h"

using namespace netsync;
using nlohmann::json;

namespace {

std::string Cert(const std::string& name) { return std::string(KIOSK_TEST_CERTS) + "/" + name; }

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A district server that keeps everything in memory and can be told to misbehave.
struct FakeDistrict {
    httplib::SSLServer server{Cert("server.pem").c_str(), Cert("server.key").c_str()};
    std::thread thread;
    int port = 0;
    std::mutex lock;
    std::map<std::string, std::string> stored;  // id -> record JSON
    std::vector<size_t> batch_sizes;
    std::atomic<int> fail_next{0};              // answer 500 this many times
    std::atomic<int> max_batch{100000};         // larger batches get 413
    std::atomic<bool> unauthorized{false};
    std::atomic<int> busy_retry_after{0};       // > 0: answer 429 with this Retry-After
    std::atomic<int> sleep_after_store_ms{0};   // store, then stall (a lost response)
    std::atomic<bool> malformed{false};
    std::atomic<int> fail_directory_page{0};    // this page answers 500
    std::atomic<int> checkin_requests{0};
    std::atomic<int> too_large_answers{0};      // 413s sent
    std::atomic<int> service_requests{0};
    std::atomic<bool> claim_billion_pages{false};  // total_items and total_pages 10^9, never a last page
    std::atomic<bool> pages_never_end{false};      // the true total_items, but never a last page
    std::set<std::string> reject_ids;
    json reject_reason = "unknown program";     // what a rejection's "reason" holds (an independent server may send null)
    json programs = {{"programs", json::array({{{"id", "robotics"}, {"name", "Robotics Club"}, {"location", "Room 12"},
                                                {"schedules", {{{"byday", "MO,WE"}, {"opens_at", "15:15"}, {"closes_at", "17:00"}}}}}})}};
    json roster = {{"students", json::array({{{"student_id", "100207"}, {"display_name", "Liam Hernandez"}, {"program_ids", {"robotics"}}}})}};
    json services_en, services_es;
    std::string directory_etag = "\"dir-1\"";

    FakeDistrict() {
        services_en = json::parse(ReadFile(test::SampleDirectory("en")));
        services_es = json::parse(ReadFile(test::SampleDirectory("es")));
        server.Post("/kiosk/v1/checkins", [this](const httplib::Request& req, httplib::Response& res) { Checkins(req, res); });
        server.Post("/kiosk/v1/heartbeat", [this](const httplib::Request& req, httplib::Response& res) {
            if (!Authorized(req, res)) return;
            res.status = 204;
        });
        server.Get("/kiosk/v1/programs", [this](const httplib::Request& req, httplib::Response& res) { Versioned(req, res, programs, "\"p1\""); });
        server.Get("/kiosk/v1/roster", [this](const httplib::Request& req, httplib::Response& res) { Versioned(req, res, roster, "\"r1\""); });
        server.Get("/services", [this](const httplib::Request& req, httplib::Response& res) { Services(req, res); });
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~FakeDistrict() {
        server.stop();
        thread.join();
    }
    std::string Url() const { return "https://127.0.0.1:" + std::to_string(port) + "/"; }

    bool Authorized(const httplib::Request& req, httplib::Response& res) {
        if (unauthorized || req.get_header_value("Authorization") != "Bearer test-token") {
            res.status = 401;
            return false;
        }
        return true;
    }
    void Versioned(const httplib::Request& req, httplib::Response& res, const json& body, const std::string& etag) {
        if (!Authorized(req, res)) return;
        res.set_header("ETag", etag);
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return;
        }
        res.set_content(body.dump(), "application/json");
    }
    void Checkins(const httplib::Request& req, httplib::Response& res) {
        ++checkin_requests;
        if (!Authorized(req, res)) return;
        if (fail_next > 0) {
            --fail_next;
            res.status = 500;
            return;
        }
        if (busy_retry_after > 0) {
            res.status = 429;
            res.set_header("Retry-After", std::to_string(busy_retry_after.load()));
            return;
        }
        const json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.contains("records")) {
            res.status = 400;
            return;
        }
        if (static_cast<int>(body["records"].size()) > max_batch) {
            ++too_large_answers;
            res.status = 413;
            return;
        }
        json results = json::array();
        {
            std::lock_guard<std::mutex> guard(lock);
            batch_sizes.push_back(body["records"].size());
            for (const json& r : body["records"]) {
                const std::string id = r["id"];
                if (reject_ids.count(id)) {
                    json result = {{"id", id}, {"status", "rejected"}};
                    if (!reject_reason.is_discarded()) result["reason"] = reject_reason;
                    results.push_back(std::move(result));
                } else if (stored.count(id)) {
                    results.push_back({{"id", id}, {"status", "duplicate"}});
                } else {
                    stored[id] = r.dump();
                    results.push_back({{"id", id}, {"status", "accepted"}});
                }
            }
        }
        if (sleep_after_store_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_after_store_ms.exchange(0)));
        res.set_content(malformed ? std::string("{\"results\": [") : json{{"results", results}}.dump(), "application/json");
    }
    void Services(const httplib::Request& req, httplib::Response& res) {
        const json& all = req.get_header_value("Accept-Language") == "es" ? services_es : services_en;
        const int page = std::stoi(req.get_param_value("page"));
        const int per_page = std::stoi(req.get_param_value("per_page"));
        res.set_header("ETag", directory_etag);
        if (page == 1 && req.get_header_value("If-None-Match") == directory_etag) {
            res.status = 304;
            return;
        }
        if (page == fail_directory_page) {
            res.status = 500;
            return;
        }
        ++service_requests;
        const int total = static_cast<int>(all.size());
        const int pages = (total + per_page - 1) / per_page;
        json contents = json::array();
        const int from = claim_billion_pages || pages_never_end ? 0 : (page - 1) * per_page;  // the liars repeat page 1
        for (int i = from; i < std::min(total, from + per_page); ++i) contents.push_back(all[i]);
        const int64_t claimed_items = claim_billion_pages ? 1000000000 : total;
        const int64_t claimed_pages = claim_billion_pages || pages_never_end ? 1000000000 : pages;
        const bool last = !claim_billion_pages && !pages_never_end && page >= pages;
        res.set_content(json{{"total_items", claimed_items}, {"total_pages", claimed_pages}, {"page_number", page},
                             {"size", contents.size()}, {"first_page", page == 1}, {"last_page", last},
                             {"empty", contents.empty()}, {"contents", contents}}.dump(),
                        "application/json");
    }
    size_t Stored() {
        std::lock_guard<std::mutex> guard(lock);
        return stored.size();
    }
};

struct Kiosk {
    test::ScratchDir dir;
    storage::Database db{dir / "kiosk.db"};
    storage::CheckinStore checkins{db};
    Kiosk() { storage::Migrate(db); }
    SyncSettings Settings(const std::string& url) {
        SyncSettings s;
        s.server_url = url;
        s.tls.ca_file = Cert("ca.pem");
        s.tls.low_speed_bytes_per_second = 1000;
        s.tls.low_speed_seconds = 1;
        s.token = "test-token";
        s.languages = {"en", "es"};
        s.directory_page_size = 10;
        return s;
    }
    void Queue(int n) {
        for (int i = 0; i < n; ++i) {
            REQUIRE(checkins.Record(std::to_string(100000 + i), "robotics", storage::CheckinKind::In, true,
                                    {1795447800 + i, 0}).Ok());
        }
    }
};

} // namespace

TEST_CASE("a full sync pushes every check-in once, in batches of 500, and pulls programs, roster and directory") {
    FakeDistrict district;
    Kiosk kiosk;
    kiosk.Queue(1200);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(district.Stored() == 1200);
    CHECK(district.batch_sizes == std::vector<size_t>{500, 500, 200});
    CHECK(kiosk.checkins.Counts().pending == 0);
    CHECK(kiosk.checkins.Programs().size() == 1);
    CHECK(kiosk.checkins.FindStudent("100207").has_value());
    storage::DirectoryStore directory(kiosk.db);
    CHECK(directory.Info().services == 44);
    CHECK(directory.Info().locales == std::vector<std::string>{"en", "es"});
    CHECK(directory.Info().version == "\"dir-1\"");
    const auto status = ReadSyncStatus(kiosk.db);
    CHECK_FALSE(status.last_success.empty());
    CHECK(status.last_error.empty());
    // Nothing changed: programs, roster and directory answer 304, and that is still complete.
    CHECK(engine.RunOnce() == SyncResult::Complete);
}

TEST_CASE("server down, then up: everything arrives, once") {
    Kiosk kiosk;
    kiosk.Queue(20);
    int port = 0;
    {
        FakeDistrict probe;
        port = probe.port;
    }
    SyncEngine down(kiosk.db, kiosk.Settings("https://127.0.0.1:" + std::to_string(port) + "/"));
    CHECK(down.RunOnce() == SyncResult::Partial);
    CHECK(kiosk.checkins.Counts().pending == 20);
    CHECK(ReadSyncStatus(kiosk.db).last_error.find("sending check-ins") != std::string::npos);
    FakeDistrict district;
    SyncEngine up(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(up.RunOnce() == SyncResult::Complete);
    CHECK(district.Stored() == 20);
}

TEST_CASE("500s are retried later; nothing is lost or doubled") {
    FakeDistrict district;
    district.fail_next = 2;
    Kiosk kiosk;
    kiosk.Queue(5);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(engine.ConsecutiveFailures() == 2);
    const double wait = engine.RetryAfterSeconds();
    CHECK(wait >= 0);
    CHECK(wait <= 4.0);  // full jitter over [0, 2 s * 2^1]
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(district.Stored() == 5);
}

TEST_CASE("a response lost after the server stored the batch: the retry comes back duplicate, one copy") {
    FakeDistrict district;
    district.sleep_after_store_ms = 2500;  // longer than the kiosk's 1 s low-speed limit
    Kiosk kiosk;
    kiosk.Queue(7);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(kiosk.checkins.Counts().pending == 7);  // not acknowledged: the kiosk never saw the reply
    CHECK(district.Stored() == 7);
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(kiosk.checkins.Counts().pending == 0);
    CHECK(district.Stored() == 7);
}

TEST_CASE("401 stops syncing and says the kiosk must be enrolled again") {
    FakeDistrict district;
    district.unauthorized = true;
    Kiosk kiosk;
    kiosk.Queue(3);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    REQUIRE(kiosk.checkins.ReplaceRoster({{"100207", "Liam Hernandez", {"robotics"}}}, "old").Ok());
    CHECK(engine.RunOnce() == SyncResult::NeedsEnrollment);
    CHECK(kiosk.checkins.RosterSize() == 0);  // names are kept only while the kiosk is enrolled
    const auto status = ReadSyncStatus(kiosk.db);
    CHECK(status.needs_enrollment);
    CHECK(status.last_error.find("enrolled again") != std::string::npos);
    CHECK(status.last_error.find("test-token") == std::string::npos);  // the token is never shown
    CHECK(kiosk.checkins.Counts().pending == 3);
}

TEST_CASE("413 halves the batch until it fits") {
    FakeDistrict district;
    district.max_batch = 100;
    Kiosk kiosk;
    kiosk.Queue(300);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(district.Stored() == 300);
    for (size_t size : district.batch_sizes) CHECK(size <= 100);
}

TEST_CASE("413 halves what was sent, not the configured batch size: 20 records to a server that takes 8 cost two 413s") {
    FakeDistrict district;
    district.max_batch = 8;
    Kiosk kiosk;
    kiosk.Queue(20);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));  // batch_size 500
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(district.Stored() == 20);
    CHECK(district.too_large_answers == 2);  // 20 -> 10 -> 5
    for (size_t size : district.batch_sizes) CHECK(size <= 8);
}

TEST_CASE("Retry-After outlives the run: a second engine on the same database (the next kioskctl sync) waits too") {
    FakeDistrict district;
    district.busy_retry_after = 30;
    Kiosk kiosk;
    kiosk.Queue(2);
    {
        SyncEngine first(kiosk.db, kiosk.Settings(district.Url()));
        CHECK(first.RunOnce() == SyncResult::Partial);
    }
    const int asked = district.checkin_requests;
    CHECK(asked == 1);
    SyncEngine second(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(second.WaitRequestedByServer() >= 29);
    CHECK(second.RunOnce() == SyncResult::Partial);
    CHECK(district.checkin_requests == asked);  // nothing was sent before the time the server named
    CHECK(second.RetryAfterSeconds() >= 29);
    CHECK(ReadSyncStatus(kiosk.db).last_error.find("asked this kiosk to wait") != std::string::npos);
    CHECK(kiosk.checkins.Counts().pending == 2);
}

TEST_CASE("a 200 whose results are all rejected is an answer: the records leave the queue and the sync completes") {
    FakeDistrict district;
    Kiosk kiosk;
    kiosk.Queue(3);
    for (const auto& record : kiosk.checkins.Pending(10)) district.reject_ids.insert(record.id);
    SUBCASE("with a reason") {}
    SUBCASE("with \"reason\": null") { district.reject_reason = nullptr; }
    SUBCASE("with a number for a reason") { district.reject_reason = 42; }
    SUBCASE("with no reason") { district.reject_reason = json(json::value_t::discarded); }
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(kiosk.checkins.Counts().pending == 0);
    CHECK(kiosk.checkins.Counts().rejected == 3);
    CHECK(ReadSyncStatus(kiosk.db).last_error.empty());
    CHECK(district.checkin_requests == 1);
}

TEST_CASE("a server claiming 10^9 directory pages is not believed: the pull stops, the old directory stays") {
    FakeDistrict district;
    Kiosk kiosk;
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    REQUIRE(engine.RunOnce() == SyncResult::Complete);
    const auto before = storage::DirectoryStore(kiosk.db).Info();
    district.directory_etag = "\"dir-2\"";

    district.claim_billion_pages = true;
    district.service_requests = 0;
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(district.service_requests == 1);
    CHECK(ReadSyncStatus(kiosk.db).last_error.find("more than any directory holds") != std::string::npos);

    district.claim_billion_pages = false;
    district.pages_never_end = true;
    district.service_requests = 0;
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(district.service_requests == 5);  // 44 services at 10 a page fill 5 pages; no more are read
    CHECK(ReadSyncStatus(kiosk.db).last_error.find("do not end") != std::string::npos);
    CHECK(storage::DirectoryStore(kiosk.db).Info().version == before.version);
}

TEST_CASE("a directory pull that outlasts its deadline stops and keeps the old directory") {
    FakeDistrict district;
    district.pages_never_end = true;
    Kiosk kiosk;
    auto settings = kiosk.Settings(district.Url());
    settings.directory_deadline_seconds = 0;
    SyncEngine engine(kiosk.db, settings);
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(district.service_requests <= 1);
    CHECK(ReadSyncStatus(kiosk.db).last_error.find("took longer than") != std::string::npos);
}

TEST_CASE("429 with Retry-After is honoured") {
    FakeDistrict district;
    district.busy_retry_after = 7;
    Kiosk kiosk;
    kiosk.Queue(1);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(engine.RetryAfterSeconds() == doctest::Approx(7));
}

TEST_CASE("a malformed or truncated reply acknowledges nothing") {
    FakeDistrict district;
    district.malformed = true;
    Kiosk kiosk;
    kiosk.Queue(4);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Partial);
    CHECK(kiosk.checkins.Counts().pending == 4);
    CHECK(ReadSyncStatus(kiosk.db).last_error.find("not understood") != std::string::npos);
    district.malformed = false;
    CHECK(engine.RunOnce() == SyncResult::Complete);  // the retry gets "duplicate" for all four
    CHECK(district.Stored() == 4);
}

TEST_CASE("a rejected record is kept, shown to staff, and never sent again") {
    FakeDistrict district;
    Kiosk kiosk;
    kiosk.Queue(3);
    district.reject_ids.insert(kiosk.checkins.Pending(1).front().id);
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(kiosk.checkins.Counts().rejected == 1);
    CHECK(kiosk.checkins.Counts().pending == 0);
    CHECK(district.Stored() == 2);
    district.batch_sizes.clear();
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(district.batch_sizes.empty());
}

TEST_CASE("a directory page that fails midway keeps the old directory") {
    FakeDistrict district;
    Kiosk kiosk;
    SyncEngine engine(kiosk.db, kiosk.Settings(district.Url()));
    REQUIRE(engine.RunOnce() == SyncResult::Complete);
    district.directory_etag = "\"dir-2\"";
    district.services_en[0]["name"] = "Renamed Service";
    district.fail_directory_page = 3;
    CHECK(engine.RunOnce() == SyncResult::Partial);
    storage::DirectoryStore directory(kiosk.db);
    CHECK(directory.Info().version == "\"dir-1\"");
    CHECK(directory.Info().services == 44);
    storage::ServiceQuery query;
    query.text = "renamed";
    CHECK(directory.Find(query).empty());
    district.fail_directory_page = 0;
    CHECK(engine.RunOnce() == SyncResult::Complete);
    CHECK(directory.Info().version == "\"dir-2\"");
    CHECK(directory.Find(query).size() == 1);
}

TEST_CASE("backoff is full jitter under an exponential ceiling capped at five minutes") {
    std::mt19937 random(1);
    for (int attempt = 0; attempt < 30; ++attempt) {
        for (int i = 0; i < 50; ++i) {
            const double wait = SyncEngine::Backoff(attempt, random);
            CHECK(wait >= 0.0);
            CHECK(wait <= std::min(300.0, 2.0 * std::pow(2.0, attempt)) + 1e-9);
        }
    }
}

TEST_CASE("the sync thread syncs at start and a few seconds after a check-in, without the UI waiting") {
    FakeDistrict district;
    Kiosk kiosk;
    netsync::SyncWorker worker(kiosk.dir / "kiosk.db", kiosk.Settings(district.Url()), 3600, 1);
    worker.Start();
    for (int i = 0; i < 100 && worker.Runs() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(worker.Runs() >= 1);
    kiosk.Queue(3);  // the UI thread records on its own connection
    worker.CheckinRecorded();
    for (int i = 0; i < 100 && district.Stored() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(district.Stored() == 3);
    worker.Stop();
}
