// The district server (server/) over real HTTPS on loopback, with the throwaway CA of
// scripts/make-loopback-certs: the kiosk's own sync engine against it, many kiosks at once, every
// bad-input case of the contract, token revoke, and the attendance report.
#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "server/console_api.h"
#include "server/hsds_api.h"
#include "server/http_server.h"
#include "base/secret_hash.h"
#include "server/pickup.h"
#include "server/printable.h"
#include "server/report.h"
#include "server/server_schema.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "storage/program_import.h"
#include "sync/https_client.h"
#include "sync/sync_engine.h"
#include "live_server.h"
#include "test_support.h"

using nlohmann::json;

namespace {

const bool kCurlReady = [] {
    netsync::GlobalInit();  // before the test threads start
    return true;
}();

using test::Cert;
using test::LiveServer;

std::map<std::string, std::string> Auth(const std::string& token) {
    return {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
}

json Record(const std::string& id, const std::string& student = "100207", const std::string& program = "homework",
            const std::string& kind = "in", const std::string& at = "2026-11-23T15:30:00-08:00") {
    return {{"id", id}, {"student_id", student}, {"program_id", program}, {"kind", kind}, {"at", at}, {"clock_trusted", true}};
}

// (A vector, not a json: a braced list of one record would otherwise become that record.)
std::string Batch(const std::vector<json>& records, const std::string& kiosk_time = "") {
    const std::string now = kiosk_time.empty() ? base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0) : kiosk_time;
    json list = json::array();
    for (const json& r : records) list.push_back(r);
    return json{{"kiosk_time", now}, {"records", list}}.dump();
}

struct KioskDb {
    test::ScratchDir dir;
    storage::Database db{dir / "kiosk.db"};
    storage::CheckinStore checkins{db};
    KioskDb() { storage::Migrate(db); }
    netsync::SyncSettings Settings(const std::string& url, const std::string& token) {
        netsync::SyncSettings s;
        s.server_url = url;
        s.tls = LiveServer::Tls();
        s.token = token;
        s.languages = {"en", "es"};
        s.directory_page_size = 10;
        return s;
    }
    void Queue(int n, const std::string& program = "homework") {
        for (int i = 0; i < n; ++i) {
            REQUIRE(checkins.Record(std::to_string(100000 + i), program, storage::CheckinKind::In, true,
                                    {1795447800 + i, -8 * 3600}).Ok());
        }
    }
};

} // namespace

TEST_CASE("the kiosk's sync engine against the real server: check-ins once, programs, roster and directory in two languages") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1", "Lincoln Elementary");
    KioskDb kiosk;
    kiosk.Queue(1200);
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), token));
    REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);
    CHECK(server.store->CheckinCount() == 1200);
    CHECK(kiosk.checkins.Counts().pending == 0);
    CHECK(kiosk.checkins.Programs().size() == 7);
    CHECK(kiosk.checkins.RosterSize() == 50);
    storage::DirectoryStore directory(kiosk.db);
    CHECK(directory.Info().services == 44);
    const auto ids = directory.ServiceIds();
    REQUIRE(!ids.empty());
    // The Spanish text arrived through Accept-Language.
    storage::DirectoryStore server_directory(kiosk.db);
    const auto en = server_directory.Get(ids.front(), "en");
    const auto es = server_directory.Get(ids.front(), "es");
    REQUIRE(en);
    REQUIRE(es);
    CHECK(en->service.name != es->service.name);
    // The heartbeat reached the server.
    const auto kiosks = server.store->Kiosks();
    REQUIRE(kiosks.size() == 1);
    CHECK(!kiosks[0].last_seen.empty());
    CHECK(kiosks[0].queue_depth == 0);
    CHECK(kiosks[0].app_version == "0.1.0");

    SUBCASE("a second sync sends nothing again and the directory answers 304") {
        const auto before = kiosk.db.DataVersion();
        (void)before;
        REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);
        CHECK(server.store->CheckinCount() == 1200);
        CHECK(storage::DirectoryStore(kiosk.db).Info().imported_at == directory.Info().imported_at);
    }
    SUBCASE("a new directory import reaches the kiosk at the next sync") {
        auto en_feed = hsds::ReadHsdsPath(test::SampleDirectory("en"));
        en_feed->services.resize(10);
        storage::ReplaceOptions o;
        REQUIRE(server.store->ReplaceDirectory(en_feed.Value(), o).Ok());
        REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);
        CHECK(storage::DirectoryStore(kiosk.db).Info().services == 10);
    }
}

TEST_CASE("server down, then up: every check-in arrives exactly once") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1");
    KioskDb kiosk;
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), token));
    server.Stop();
    kiosk.Queue(20);
    CHECK(engine.RunOnce() == netsync::SyncResult::Partial);
    CHECK(kiosk.checkins.Counts().pending == 20);
    CHECK(!netsync::ReadSyncStatus(kiosk.db).last_error.empty());
    server.Start();
    CHECK(engine.RunOnce() == netsync::SyncResult::Complete);
    CHECK(engine.RunOnce() == netsync::SyncResult::Complete);
    CHECK(server.store->CheckinCount() == 20);
    CHECK(kiosk.checkins.Counts().pending == 0);
}

TEST_CASE("a revoked kiosk gets 401 at once and is told to enrol again; other kiosks carry on") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1");
    const std::string other = server.Enroll("lobby-2");
    KioskDb kiosk;
    kiosk.Queue(3);
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), token));
    REQUIRE(server.store->RevokeKiosk("lobby-1"));
    CHECK(engine.RunOnce() == netsync::SyncResult::NeedsEnrollment);
    CHECK(netsync::ReadSyncStatus(kiosk.db).needs_enrollment);
    CHECK(kiosk.checkins.Counts().pending == 3);   // kept for when it is enrolled again
    CHECK(server.store->CheckinCount() == 0);
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    auto reply = client.Get("kiosk/v1/programs", Auth(other));
    REQUIRE(reply.Ok());
    CHECK(reply->status == 200);
    auto unknown = client.Get("kiosk/v1/programs", Auth("not-a-token"));
    CHECK(unknown->status == 401);
    auto none = client.Get("kiosk/v1/roster");
    CHECK(none->status == 401);
    // Re-enrolment gives a new token; the old one stays dead.
    const std::string fresh = district::NewToken();
    REQUIRE(server.store->AddKiosk("lobby-1", "", district::HashToken(fresh)).Ok());
    CHECK(client.Get("kiosk/v1/roster", Auth(token))->status == 401);
    CHECK(client.Get("kiosk/v1/roster", Auth(fresh))->status == 200);
}

TEST_CASE("only a hash of each token is stored") {
    LiveServer server(false);
    const std::string token = server.Enroll("lobby-1");
    server.store.reset();  // flush and close
    const std::string everything = server.database.Everything();
    CHECK(everything.find(token) == std::string::npos);
    CHECK(everything.find(district::HashToken(token)) != std::string::npos);
}

TEST_CASE("check-ins: accepted once, duplicate on a repeat, rejected for a reused id or an unknown program") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1");
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    auto first = client.Post("kiosk/v1/checkins", Batch({Record("a"), Record("b")}), Auth(token));
    REQUIRE(first->status == 200);
    auto results = json::parse(first->body)["results"];
    CHECK(results[0]["status"] == "accepted");
    CHECK(results[1]["status"] == "accepted");
    auto again = client.Post("kiosk/v1/checkins",
                             Batch({Record("a"), Record("b", "100208"), Record("c", "100207", "knitting"), Record("d"), Record("d")}),
                             Auth(token));
    REQUIRE(again->status == 200);
    results = json::parse(again->body)["results"];
    REQUIRE(results.size() == 5);
    CHECK(results[0]["status"] == "duplicate");
    CHECK(results[1]["status"] == "rejected");
    CHECK(results[1]["reason"].get<std::string>().find("id reused") != std::string::npos);
    CHECK(results[2]["status"] == "rejected");
    CHECK(results[2]["reason"].get<std::string>().find("unknown program") != std::string::npos);
    CHECK(results[3]["status"] == "accepted");
    CHECK(results[4]["status"] == "duplicate");  // the same id twice in one batch
    CHECK(server.store->CheckinCount() == 3);
}

TEST_CASE("a kiosk clock that is off is corrected by the batch's kiosk_time; the kiosk's own time is kept") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1");
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    // The kiosk's clock is two days and one hour behind; it recorded a check-in 10 minutes ago by its clock.
    const int64_t skew = 2 * 86400 + 3600;
    const std::string kiosk_now = base::Rfc3339(now - skew, -8 * 3600);
    const std::string at = base::Rfc3339(now - skew - 600, -8 * 3600);
    REQUIRE(client.Post("kiosk/v1/checkins", Batch({Record("late", "100207", "homework", "in", at)}, kiosk_now), Auth(token))->status == 200);
    // And a kiosk whose clock is right is left alone.
    const std::string right = base::Rfc3339(now - 600, -8 * 3600);
    REQUIRE(client.Post("kiosk/v1/checkins", Batch({Record("right", "100207", "homework", "out", right)}), Auth(token))->status == 200);
    const auto stored = server.store->CheckinsBetween("2000-01-01", "2100-01-01");
    REQUIRE(stored.size() == 2);
    for (const auto& c : stored) {
        if (c.id == "late") {
            CHECK(c.at == at);
            CHECK(std::llabs(c.corrected_unix - (now - 600)) <= 5);
            CHECK(c.local_date == base::Rfc3339(c.corrected_unix, -8 * 3600).substr(0, 10));
        } else {
            CHECK(c.corrected_unix == now - 600);
        }
    }
}

TEST_CASE("bad input gets a clear 4xx naming the field, and nothing of the request is stored") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1");
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    auto expect = [&](const std::string& body, long status, const std::string& field) {
        CAPTURE(body.substr(0, 200));
        auto reply = client.Post("kiosk/v1/checkins", body, Auth(token));
        REQUIRE(reply.Ok());
        CHECK(reply->status == status);
        const json error = json::parse(reply->body, nullptr, false);
        REQUIRE(error.is_object());
        CHECK(error.contains("error"));
        if (!field.empty()) CHECK(error.value("field", "") == field);
    };
    expect("{not json", 400, "");
    expect("[1,2]", 400, "");
    expect(json{{"records", json::array()}}.dump(), 400, "kiosk_time");
    expect(json{{"kiosk_time", "yesterday"}, {"records", json::array()}}.dump(), 400, "kiosk_time");
    expect(json{{"kiosk_time", "2026-11-23T15:00:00Z"}}.dump(), 400, "records");
    expect(json{{"kiosk_time", "2026-11-23T15:00:00Z"}, {"records", "many"}}.dump(), 400, "records");
    json wrong_type = Record("x2");
    wrong_type["kind"] = 5;
    expect(Batch({Record("x1"), wrong_type}), 400, "records[1].kind");
    json missing = Record("x3");
    missing.erase("student_id");
    expect(Batch({missing}), 400, "records[0].student_id");
    json bad_kind = Record("x4");
    bad_kind["kind"] = "sideways";
    expect(Batch({bad_kind}), 400, "records[0].kind");
    json bad_time = Record("x5");
    bad_time["at"] = "2026-02-31T10:00:00Z";
    expect(Batch({bad_time}), 400, "records[0].at");
    json no_trust = Record("x6");
    no_trust.erase("clock_trusted");
    expect(Batch({no_trust}), 400, "records[0].clock_trusted");
    json long_id = Record(std::string(100, 'x'));
    expect(Batch({long_id}), 400, "records[0].id");
    expect(Batch({json(7)}), 400, "records[0]");
    std::vector<json> many;
    for (int i = 0; i < 501; ++i) many.push_back(Record("m" + std::to_string(i)));
    expect(Batch(many), 413, "records");
    // A body over the 4 MiB limit is refused before it is read whole.
    auto huge = client.Post("kiosk/v1/checkins", std::string(5 << 20, ' '), Auth(token));
    REQUIRE(huge.Ok());
    CHECK(huge->status == 413);
    // Heartbeats are checked the same way.
    auto heartbeat = client.Post("kiosk/v1/heartbeat", json{{"app_version", "1"}, {"queue_depth", "lots"}}.dump(), Auth(token));
    CHECK(heartbeat->status == 400);
    CHECK(json::parse(heartbeat->body)["field"] == "oldest_pending_at");
    CHECK(server.store->CheckinCount() == 0);
    // And the server still works.
    CHECK(client.Post("kiosk/v1/checkins", Batch({Record("fine")}), Auth(token))->status == 200);
    CHECK(server.store->CheckinCount() == 1);
}

TEST_CASE("a record the server refuses as corrupt is rejected on the kiosk with the server's words; the rest arrive") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1");
    KioskDb kiosk;
    kiosk.Queue(5);
    // A corrupt record in the outbox (a student id far longer than any school uses).
    REQUIRE(kiosk.checkins.Record(std::string(80, '9'), "homework", storage::CheckinKind::In, false, {1795447900, 0}).Ok());
    kiosk.Queue(1, "art");
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), token));
    CHECK(engine.RunOnce() == netsync::SyncResult::Complete);
    CHECK(server.store->CheckinCount() == 6);
    const auto counts = kiosk.checkins.Counts();
    CHECK(counts.pending == 0);
    CHECK(counts.rejected == 1);
    bool found = false;
    for (const auto& r : kiosk.checkins.Since(0)) {
        if (r.state == "rejected") {
            found = true;
            CHECK(r.reason.find("student_id") != std::string::npos);
        }
    }
    CHECK(found);
}

TEST_CASE("per-kiosk rate limit answers 429 with Retry-After, and other kiosks are served meanwhile") {
    LiveServer server;
    server.options.requests_per_second = 1;
    server.options.burst = 3;
    server.Start();
    const std::string noisy = server.Enroll("noisy");
    const std::string calm = server.Enroll("calm");
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    int limited = 0;
    std::string retry_after;
    for (int i = 0; i < 10; ++i) {
        auto reply = client.Get("kiosk/v1/programs", Auth(noisy));
        if (reply->status == 429) {
            ++limited;
            retry_after = reply->Header("retry-after");
        }
    }
    CHECK(limited >= 6);
    CHECK(std::stoi(retry_after) >= 1);
    CHECK(client.Get("kiosk/v1/programs", Auth(calm))->status == 200);
    // The kiosk's engine honours it.
    KioskDb kiosk;
    kiosk.Queue(1);
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), noisy));
    CHECK(engine.RunOnce() == netsync::SyncResult::Partial);
    CHECK(engine.RetryAfterSeconds() >= 1);
}

TEST_CASE("many kiosks posting overlapping batches at once: each record stored exactly once, no 5xx") {
    LiveServer server;
    server.Start();
    constexpr int kKiosks = 24;
    constexpr int kRecords = 300;    // shared pool of ids; every kiosk sends all of them, in its own order
    std::vector<std::string> tokens;
    for (int k = 0; k < kKiosks; ++k) tokens.push_back(server.Enroll("k" + std::to_string(k)));
    std::atomic<int> server_errors{0}, accepted{0}, duplicates{0}, other{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < kKiosks; ++k) {
        threads.emplace_back([&, k] {
            netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "kiosk");
            for (int start = 0; start < kRecords; start += 50) {
                std::vector<json> batch;
                for (int i = 0; i < 50; ++i) {
                    const int n = (start + i + k * 37) % kRecords;  // overlapping, shifted per kiosk
                    batch.push_back(Record("shared-" + std::to_string(n), std::to_string(100000 + n)));
                }
                auto reply = client.Post("kiosk/v1/checkins", Batch(batch), Auth(tokens[k]));
                if (!reply.Ok() || reply->status >= 500) {
                    ++server_errors;
                    continue;
                }
                if (reply->status != 200) {
                    ++other;
                    continue;
                }
                const json reply_body = json::parse(reply->body);
                for (const auto& r : reply_body["results"]) {
                    if (r["status"] == "accepted") ++accepted;
                    else if (r["status"] == "duplicate") ++duplicates;
                    else ++other;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(server_errors.load() == 0);
    CHECK(other.load() == 0);
    CHECK(accepted.load() == kRecords);
    CHECK(duplicates.load() == kKiosks * kRecords - kRecords);
    CHECK(server.store->CheckinCount() == kRecords);
}

TEST_CASE("the HSDS API: paging envelope, per_page cap, ETag and 304, Accept-Language, one service, bad parameters") {
    LiveServer server;
    server.Start();
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    auto page1 = client.Get("services?page=1&per_page=20&full=true");
    REQUIRE(page1->status == 200);
    const json envelope = json::parse(page1->body);
    CHECK(envelope["total_items"] == 44);
    CHECK(envelope["total_pages"] == 3);
    CHECK(envelope["page_number"] == 1);
    CHECK(envelope["size"] == 20);
    CHECK(envelope["first_page"] == true);
    CHECK(envelope["last_page"] == false);
    CHECK(envelope["empty"] == false);
    CHECK(envelope["contents"].size() == 20);
    CHECK(envelope["contents"][0].contains("organization"));
    CHECK(envelope["contents"][0].contains("service_at_locations"));
    const std::string etag = page1->Header("etag");
    CHECK(etag.size() > 2);
    CHECK(etag.front() == '"');
    CHECK(page1->Header("content-language") == "en");

    auto last = client.Get("services?page=3&per_page=20");
    const json last_page = json::parse(last->body);
    CHECK(last_page["size"] == 4);
    CHECK(last_page["last_page"] == true);
    CHECK(!last_page["contents"][0].contains("service_at_locations"));  // not full
    auto beyond = client.Get("services?page=9&per_page=20");
    CHECK(json::parse(beyond->body)["empty"] == true);
    auto capped = client.Get("services?per_page=100000");
    CHECK(json::parse(capped->body)["size"] == 44);
    CHECK(json::parse(capped->body)["total_pages"] == 1);

    auto unchanged = client.Get("services?page=1&per_page=20", {{"If-None-Match", etag}});
    CHECK(unchanged->status == 304);
    CHECK(unchanged->body.empty());

    auto spanish = client.Get("services?page=1&per_page=20&full=true", {{"Accept-Language", "es-MX,es;q=0.9,en;q=0.5"}});
    CHECK(spanish->Header("content-language") == "es");
    CHECK(spanish->Header("etag") == etag);
    CHECK(json::parse(spanish->body)["contents"][0]["name"] != envelope["contents"][0]["name"]);
    auto french = client.Get("services?page=1&per_page=20", {{"Accept-Language", "fr"}});
    CHECK(french->Header("content-language") == "en");

    const std::string id = envelope["contents"][0]["id"];
    auto one = client.Get("services/" + id);
    REQUIRE(one->status == 200);
    CHECK(json::parse(one->body)["name"] == envelope["contents"][0]["name"]);
    CHECK(client.Get("services/no-such-service")->status == 404);

    for (const std::string query : {"page=0", "page=abc", "per_page=-1", "page=1.5", "full=maybe"}) {
        CAPTURE(query);
        auto bad = client.Get("services?" + query);
        CHECK(bad->status == 400);
        CHECK(json::parse(bad->body).contains("field"));
    }
}

TEST_CASE("what the API serves parses back to the directory that was imported") {
    LiveServer server;
    server.Start();
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    auto page = client.Get("services?per_page=200&full=true");
    auto served = hsds::ParseHsdsText(page->body, "served");
    REQUIRE(served.Ok());
    auto original = hsds::ReadHsdsPath(test::SampleDirectory("en"));
    REQUIRE(served->services.size() == original->services.size());
    std::map<std::string, const hsds::Service*> by_id;
    for (const auto& s : served->services) by_id[s.id] = &s;
    for (const auto& o : original->services) {
        CAPTURE(o.id);
        REQUIRE(by_id.count(o.id));
        const hsds::Service& s = *by_id[o.id];
        CHECK(s.name == o.name);
        CHECK(s.description == o.description);
        CHECK(s.organization_id == o.organization_id);
        CHECK(s.phones.size() == o.phones.size());
        CHECK(s.schedules.size() == o.schedules.size());
        CHECK(s.location_ids == o.location_ids);
        CHECK(std::set<std::string>(s.term_ids.begin(), s.term_ids.end()) == std::set<std::string>(o.term_ids.begin(), o.term_ids.end()));
        CHECK(s.minimum_age == o.minimum_age);
        CHECK(s.maximum_age == o.maximum_age);
    }
    CHECK(served->organizations.size() == original->organizations.size());
    CHECK(served->locations.size() == original->locations.size());
}

TEST_CASE("Accept-Language negotiation") {
    const std::vector<std::string> available = {"en", "es", "vi"};
    CHECK(district::PickLocale("", available, "en") == "en");
    CHECK(district::PickLocale("es", available, "en") == "es");
    CHECK(district::PickLocale("es-MX", available, "en") == "es");
    CHECK(district::PickLocale("fr, vi;q=0.8, es;q=0.9", available, "en") == "es");
    CHECK(district::PickLocale("fr", available, "en") == "en");
    CHECK(district::PickLocale("es;q=0, vi", available, "en") == "vi");
    CHECK(district::PickLocale("*", available, "en") == "en");
    CHECK(district::PickLocale(";;,,q=,es;q=abc", available, "en") == "en");
}

TEST_CASE("the attendance report: check-ins, unique students, attended minutes, and groups under 5 students suppressed") {
    std::vector<storage::Program> programs = {{"robotics", "Robotics Club", "Trailblazers", "", "", {}},
                                              {"chess", "Chess", "Trailblazers", "", "", {}},
                                              {"art", "Art Studio", "Open Door", "", "", {}}};
    std::vector<district::StoredCheckin> checkins;
    const int64_t day = 1795392000;  // 2026-11-23T00:00Z
    auto add = [&](const std::string& student, const std::string& program, const std::string& kind, int64_t at,
                   const std::string& school = "Lincoln") {
        checkins.push_back({student + program + kind + std::to_string(at), "k", school, student, program, kind, "", at,
                            base::Rfc3339(at, 0).substr(0, 10)});
    };
    // Robotics: 6 students, each in at 15:00; five of them out at 16:30 (90 min), one never checks out.
    for (int i = 0; i < 6; ++i) {
        add("s" + std::to_string(i), "robotics", "in", day + 15 * 3600);
        if (i < 5) add("s" + std::to_string(i), "robotics", "out", day + 16 * 3600 + 1800);
    }
    // s0 comes again the next day for 60 minutes.
    add("s0", "robotics", "in", day + 86400 + 15 * 3600);
    add("s0", "robotics", "out", day + 86400 + 16 * 3600);
    // Chess: 2 students only (suppressed on its own).
    add("c1", "chess", "in", day + 15 * 3600, "Roosevelt");
    add("c2", "chess", "in", day + 15 * 3600, "Roosevelt");
    // Art: 5 students, no check-outs.
    for (int i = 0; i < 5; ++i) add("a" + std::to_string(i), "art", "in", day + 15 * 3600);
    std::sort(checkins.begin(), checkins.end(), [](const auto& a, const auto& b) {
        return std::tie(a.student_id, a.program_id, a.corrected_unix, a.kind) < std::tie(b.student_id, b.program_id, b.corrected_unix, b.kind);
    });

    const auto by_program = district::Attendance(checkins, programs, district::ReportBy::Program, "2026-11-01", "2026-11-30");
    REQUIRE(by_program.rows.size() == 3);
    std::map<std::string, district::AttendanceRow> rows;
    for (const auto& r : by_program.rows) rows[r.key] = r;
    CHECK(rows["robotics"].check_ins == 7);
    CHECK(rows["robotics"].unique_students == 6);
    CHECK(rows["robotics"].visits_with_checkout == 6);
    REQUIRE(rows["robotics"].average_minutes);
    CHECK(*rows["robotics"].average_minutes == doctest::Approx((5 * 90.0 + 60.0) / 6).epsilon(0.01));
    CHECK(rows["robotics"].label == "Robotics Club");
    CHECK(rows["robotics"].partner == "Trailblazers");
    CHECK(rows["chess"].suppressed);
    CHECK(rows["chess"].check_ins == 0);
    CHECK(rows["art"].unique_students == 5);
    CHECK(!rows["art"].suppressed);
    CHECK(!rows["art"].average_minutes);

    const std::string csv = district::ReportCsv(by_program);
    CHECK(csv.find("program_id,program,partner,check_ins,unique_students") == 0);
    CHECK(csv.find("chess,Chess,Trailblazers,suppressed,<5") != std::string::npos);
    CHECK(csv.find("robotics,Robotics Club,Trailblazers,7,6,6,85.0") != std::string::npos);
    const json j = json::parse(district::ReportJson(by_program));
    CHECK(j["rows"].size() == 3);
    CHECK(j["suppressed_below_students"] == 5);

    const auto by_partner = district::Attendance(checkins, programs, district::ReportBy::Partner, "2026-11-01", "2026-11-30");
    std::map<std::string, district::AttendanceRow> partners;
    for (const auto& r : by_partner.rows) partners[r.key] = r;
    CHECK(partners["Trailblazers"].unique_students == 8);
    CHECK(partners["Trailblazers"].check_ins == 9);
    CHECK(partners["Open Door"].unique_students == 5);

    const auto by_school = district::Attendance(checkins, programs, district::ReportBy::School, "2026-11-01", "2026-11-30");
    std::map<std::string, district::AttendanceRow> schools;
    for (const auto& r : by_school.rows) schools[r.key] = r;
    CHECK(schools["Lincoln"].unique_students == 11);
    CHECK(schools["Roosevelt"].suppressed);
}

TEST_CASE("RFC 3339 parsing takes what kiosks write and refuses the rest") {
    auto t = base::ParseRfc3339("2026-11-23T15:30:00-08:00");
    REQUIRE(t);
    CHECK(t->unix_seconds == 1795476600);
    CHECK(t->utc_offset_seconds == -8 * 3600);
    CHECK(base::ParseRfc3339("2026-11-23T23:30:00Z")->unix_seconds == 1795476600);
    CHECK(base::ParseRfc3339("2026-11-23T23:30:00.250Z")->unix_seconds == 1795476600);
    CHECK(base::Rfc3339(t->unix_seconds, t->utc_offset_seconds) == "2026-11-23T15:30:00-08:00");
    for (const char* bad : {"", "2026-11-23", "2026-11-23T15:30:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                            "2026-11-23T15:30:00+8", "2026-11-23T15:30:00Zjunk", "yesterday", "2026-11-23T25:00:00Z"}) {
        CAPTURE(bad);
        CHECK(!base::ParseRfc3339(bad));
    }
}

TEST_CASE("text from a client is printed with every control sequence escaped, and UTF-8 names kept") {
    using district::Printable;
    CHECK(Printable("1.0\x1b]0;pwned\x07\n") == "1.0\\x1B]0;pwned\\x07\\x0A");
    CHECK(Printable("Escuela Pe\xC3\xB1" "a") == "Escuela Pe\xC3\xB1" "a");
    CHECK(Printable("Tr\xC6\xB0\xE1\xBB\x9Dng") == "Tr\xC6\xB0\xE1\xBB\x9Dng");   // Trường
    CHECK(Printable("\xC2\x9B" "31m") == "\\xC2\\x9B31m");       // C1 CSI is a control sequence too
    CHECK(Printable("bad \xFF\xC0\xAF") == "bad \\xFF\\xC0\\xAF");  // not UTF-8, overlong
    CHECK(Printable("back\\slash") == "back\\x5Cslash");
    CHECK(Printable(std::string(1000, 'a'), 10).size() == 10);
}

TEST_CASE("staff put records right at the kiosk; the server applies each action exactly once and its report shows it") {
    LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1", "Lincoln Elementary");
    KioskDb kiosk;
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), token));
    // Six students in homework on Monday 23 November 15:30 (local -08:00); one mistyped id;
    // one recorded in the wrong program.
    const storage::ClockReading at{1795447800, -8 * 3600};
    std::vector<std::string> ids;
    for (const char* student : {"100200", "100207", "100214", "100221", "100228"}) {
        ids.push_back(kiosk.checkins.Record(student, "homework", storage::CheckinKind::In, true, at).Value().id);
    }
    const auto typo = kiosk.checkins.Record("999999", "homework", storage::CheckinKind::In, false, at).Value();
    const auto wrong_program = kiosk.checkins.Record("100235", "robotics", storage::CheckinKind::In, true, at).Value();
    const auto twice = kiosk.checkins.Record("100242", "homework", storage::CheckinKind::In, true, at).Value();
    REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);  // the originals reach the server first

    // At the kiosk, staff review: the typo was Ana (100214 is already here: it was 100249),
    // the robotics record was homework, and one record should not count at all.
    const storage::ClockReading later{1795451400, -8 * 3600};
    REQUIRE(kiosk.checkins.ForReview(false, 20).size() == 1);
    auto corrected = kiosk.checkins.ActOn(typo.id, storage::StaffAction::Correct, "100249", "homework", later);
    REQUIRE_MESSAGE(corrected.Ok(), corrected.Error());
    CHECK(corrected->kind == storage::CheckinKind::Correction);
    CHECK(corrected->corrects == typo.id);
    CHECK(kiosk.checkins.ForReview(false, 20).empty());   // reviewed: no longer listed
    REQUIRE(kiosk.checkins.ActOn(wrong_program.id, storage::StaffAction::Correct, "100235", "homework", later).Ok());
    REQUIRE(kiosk.checkins.ActOn(twice.id, storage::StaffAction::Void, "", "", later).Ok());
    CHECK_FALSE(kiosk.checkins.ActOn(twice.id, storage::StaffAction::Void, "", "", later).Ok());  // once
    CHECK(kiosk.checkins.FindRecord(typo.id)->student_id == "999999");  // the original is never edited
    REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);
    CHECK(kiosk.checkins.Counts().pending == 0);
    CHECK(server.store->CheckinCount() == 8 + 3);
    // The same actions again (a lost response): duplicates, applied once.
    {
        json again = json::array();
        netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
        for (const auto& r : kiosk.checkins.Since(later.unix_seconds)) {
            json record = Record(r.id, r.student_id, r.program_id, storage::KindText(r.kind), r.at);
            record["corrects"] = r.corrects;
            again.push_back(record);
        }
        REQUIRE(again.size() == 3);
        const auto answer = client.Post("kiosk/v1/checkins", Batch({again[0], again[1], again[2]}), Auth(token));
        REQUIRE(answer.Ok());
        const json results = json::parse(answer->body)["results"];
        for (const auto& result : results) CHECK(result["status"] == "duplicate");
    }
    CHECK(server.store->CheckinCount() == 8 + 3);

    const auto report = district::Attendance(server.store->CheckinsBetween("2026-11-23", "2026-11-23"), server.store->Programs(),
                                             district::ReportBy::Program, "2026-11-23", "2026-11-23");
    std::map<std::string, district::AttendanceRow> rows;
    for (const auto& r : report.rows) rows[r.key] = r;
    // homework: the five, Ana (corrected from 999999) and the robotics record moved here = 7;
    // the voided one counts for nothing. Robotics is left with nobody.
    CHECK(rows["homework"].check_ins == 7);
    CHECK(rows["homework"].unique_students == 7);
    CHECK(rows["homework"].corrected_by_staff == 2);
    CHECK(rows["homework"].voided_by_staff == 1);
    CHECK(rows["homework"].unverified == 0);  // the typo was corrected to a roster student
    CHECK(rows.count("robotics") == 0);
    const std::string csv = district::ReportCsv(report);
    CHECK(csv.find("corrected_by_staff,voided_by_staff,unverified") != std::string::npos);
    CHECK(csv.find("homework,Homework Help Club,BrightPath Learning Center,7,7,0,,2,1,0") != std::string::npos);
}

TEST_CASE("a staff action the server cannot apply is rejected with the reason; a void of a record it never had changes nothing") {
    LiveServer server;
    server.Start();
    const std::string a = server.Enroll("lobby-a");
    const std::string b = server.Enroll("lobby-b");
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    REQUIRE(client.Post("kiosk/v1/checkins", Batch({Record("orig-a")}), Auth(a))->status == 200);
    json correction = Record("fix-1", "100214", "homework", "correction", "2026-11-23T16:30:00-08:00");
    correction["corrects"] = "no-such-record";
    json foreign = Record("void-1", "100207", "homework", "void", "2026-11-23T16:30:00-08:00");
    foreign["corrects"] = "orig-a";  // lobby-a's record, voided by lobby-b
    json orphan = Record("void-2", "100207", "homework", "void", "2026-11-23T16:30:00-08:00");
    orphan["corrects"] = "never-stored";
    const auto answer = client.Post("kiosk/v1/checkins", Batch({correction, foreign, orphan}), Auth(b));
    REQUIRE(answer.Ok());
    REQUIRE(answer->status == 200);
    const json results = json::parse(answer->body)["results"];
    REQUIRE(results.size() == 3);
    CHECK(results[0]["status"] == "rejected");
    CHECK(results[0]["reason"] == "corrects a record this server does not have");
    CHECK(results[1]["status"] == "rejected");
    CHECK(results[1]["reason"] == "acts on another kiosk's record");
    CHECK(results[2]["status"] == "accepted");
    // Malformed actions are refused naming the field, and nothing is stored.
    json bare = Record("void-3", "100207", "homework", "void");
    auto refused = client.Post("kiosk/v1/checkins", Batch({bare}), Auth(b));
    CHECK(refused->status == 400);
    CHECK(json::parse(refused->body)["field"] == "records[0].corrects");
    json odd = Record("in-9");
    odd["corrects"] = "orig-a";
    refused = client.Post("kiosk/v1/checkins", Batch({odd}), Auth(b));
    CHECK(refused->status == 400);
    CHECK(server.store->CheckinCount() == 2);
}

namespace {

// GET path on the server and parse it, requiring a 200.
json GetJson(netsync::HttpsClient& client, const std::string& path) {
    auto answer = client.Get(path);
    REQUIRE(answer.Ok());
    REQUIRE_MESSAGE(answer->status == 200, path << " answered " << answer->status << ": " << answer->body);
    return json::parse(answer->body);
}

// Percent-encodes a query value (RFC 3986 unreserved characters kept).
std::string Encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

std::set<std::string> IdsOf(const json& envelope) {
    std::set<std::string> ids;
    for (const auto& service : envelope["contents"]) ids.insert(service["id"].get<std::string>());
    return ids;
}

} // namespace

TEST_CASE("the HSDS API's / and every /services parameter are honoured, cumulatively, and anything else is refused naming it") {
    LiveServer server;
    server.Start();
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    // What to expect, read from the feed file itself (not from the server's code).
    const json feed = json::parse(std::ifstream(test::SampleDirectory("en")));
    std::map<std::string, std::set<std::string>> by_organization, by_term;
    std::set<std::string> categorised;
    for (const auto& service : feed) {
        const std::string id = service["id"];
        by_organization[service["organization"]["id"]].insert(id);
        for (const auto& attribute : service.value("attributes", json::array())) {
            by_term[attribute["taxonomy_term"]["id"]].insert(id);
            categorised.insert(id);
        }
    }
    REQUIRE(by_organization.size() > 1);
    REQUIRE(by_term.size() > 1);

    const json root = GetJson(client, "");
    CHECK(root["version"].get<std::string>().rfind("3.", 0) == 0);
    CHECK(root["profile"].get<std::string>().rfind("https://", 0) == 0);
    CHECK(root["openapi_url"].get<std::string>().find("openapi.json") != std::string::npos);

    for (const auto& [organization, ids] : by_organization) {
        CAPTURE(organization);
        const json found = GetJson(client, "services?per_page=200&organization_id=" + organization);
        CHECK(found["total_items"] == ids.size());
        CHECK(IdsOf(found) == ids);
    }
    for (const auto& [term, ids] : by_term) {
        CAPTURE(term);
        CHECK(IdsOf(GetJson(client, "services?per_page=200&taxonomy_term_id=" + term)) == ids);
    }
    // Cumulative: an organization AND a term.
    const auto& [organization, org_ids] = *by_organization.begin();
    const std::string term = feed[0]["attributes"][0]["taxonomy_term"]["id"];
    std::set<std::string> both;
    for (const auto& id : org_ids) {
        if (by_term[term].count(id)) both.insert(id);
    }
    CHECK(IdsOf(GetJson(client, "services?per_page=200&organization_id=" + organization + "&taxonomy_term_id=" + term)) == both);
    CHECK(GetJson(client, "services?organization_id=no-such-org")["total_items"] == 0);
    const std::string taxonomy = feed[0]["attributes"][0]["taxonomy_term"]["taxonomy_id"];
    CHECK(IdsOf(GetJson(client, "services?per_page=200&taxonomy_id=" + Encode(taxonomy))) == categorised);

    // search: the kiosk's own search over the same directory, best first.
    KioskDb kiosk;
    auto en = hsds::ReadHsdsPath(test::SampleDirectory("en"));
    std::vector<std::pair<std::string, hsds::DirectoryFeed>> translations;
    translations.emplace_back("es", std::move(hsds::ReadHsdsPath(test::SampleDirectory("es")).Value()));
    REQUIRE(storage::DirectoryStore(kiosk.db).ReplaceDirectory(en.Value(), {}, translations).Ok());  // as the server holds it
    for (const char* words : {"tutor", "food pantry", "salud"}) {
        CAPTURE(std::string(words));
        storage::ServiceQuery query;
        query.text = words;
        query.limit = storage::ServiceQuery::kNoLimit;
        std::vector<std::string> expected;
        for (const auto& s : storage::DirectoryStore(kiosk.db).Find(query)) expected.push_back(s.id);
        const json found = GetJson(client, "services?per_page=200&search=" + Encode(words));
        std::vector<std::string> got;
        for (const auto& s : found["contents"]) got.push_back(s["id"]);
        CHECK(got == expected);
    }
    CHECK(GetJson(client, "services?search=tutor")["total_items"].get<int>() > 0);

    // modified_after: this server knows when the directory was replaced, and nothing finer.
    CHECK(GetJson(client, "services?modified_after=2000-01-01")["total_items"] == feed.size());
    CHECK(GetJson(client, "services?modified_after=2099-01-01T00:00:00Z")["total_items"] == 0);
    // minimal: ids and modified dates, all in one page.
    const json minimal = GetJson(client, "services?minimal=true");
    REQUIRE(minimal["contents"].size() == feed.size());
    CHECK(minimal["contents"][0].size() == 2);
    CHECK(minimal["contents"][0].contains("modified_date"));
    // format=ndjson: every service, a JSON text a line, no pagination.
    auto ndjson = client.Get("services?format=ndjson&organization_id=" + organization);
    REQUIRE(ndjson->status == 200);
    CHECK(ndjson->Header("content-type").find("ndjson") != std::string::npos);
    std::istringstream lines(ndjson->body);
    std::set<std::string> streamed;
    for (std::string line; std::getline(lines, line);) streamed.insert(json::parse(line)["id"].get<std::string>());
    CHECK(streamed == org_ids);

    // Anything else is refused, naming the parameter: never every service with a 200.
    for (const auto& [path, field] : std::vector<std::pair<std::string, std::string>>{
             {"services?organisation_id=x", "organisation_id"}, {"services?modified_after=yesterday", "modified_after"},
             {"services?minimal=maybe", "minimal"}, {"services?format=xml", "format"}, {"services?sort=name", "sort"},
             {"services/" + std::string(feed[0]["id"]) + "?full=true", "full"}, {"?x=1", "x"}}) {
        CAPTURE(path);
        auto refused = client.Get(path);
        REQUIRE(refused.Ok());
        CHECK(refused->status == 400);
        CHECK(json::parse(refused->body)["field"] == field);
    }
}

TEST_CASE("the optional endpoints: organizations, taxonomy terms and services at locations, each with its /{id}, as the feed has them") {
    LiveServer server;
    server.Start();
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    const json feed = json::parse(std::ifstream(test::SampleDirectory("en")));
    std::map<std::string, std::set<std::string>> services_of;  // organization -> its services
    std::map<std::string, std::string> organization_name;
    std::map<std::string, std::string> term_name;
    std::set<std::pair<std::string, std::string>> placements;  // (service, location)
    std::map<std::string, std::set<std::pair<std::string, std::string>>> placements_of;  // organization -> placements
    for (const auto& service : feed) {
        const std::string organization = service["organization"]["id"];
        services_of[organization].insert(service["id"].get<std::string>());
        organization_name[organization] = service["organization"]["name"];
        for (const auto& attribute : service.value("attributes", json::array())) {
            term_name[attribute["taxonomy_term"]["id"]] = attribute["taxonomy_term"]["name"];
        }
        for (const auto& sal : service.value("service_at_locations", json::array())) {
            const std::string location = sal.contains("location_id") ? sal["location_id"].get<std::string>() : sal["location"]["id"].get<std::string>();
            placements.emplace(service["id"].get<std::string>(), location);
            placements_of[organization].emplace(service["id"].get<std::string>(), location);
        }
    }

    const json organizations = GetJson(client, "organizations?per_page=200");
    CHECK(organizations["total_items"] == services_of.size());
    for (const auto& [organization, services] : services_of) {
        CAPTURE(organization);
        const json one = GetJson(client, "organizations/" + organization);
        CHECK(one["name"] == organization_name[organization]);
        std::set<std::string> listed;
        for (const auto& s : one["services"]) listed.insert(s["id"].get<std::string>());
        CHECK(listed == services);
        CHECK(GetJson(client, "organizations/" + organization + "?full_service=true")["services"][0].contains("service_at_locations"));
    }
    const std::string some = organization_name.begin()->second;
    const json found = GetJson(client, "organizations?search=" + Encode(some.substr(0, some.size() / 2)));
    CHECK(found["total_items"].get<int>() >= 1);

    const json terms = GetJson(client, "taxonomy_terms?per_page=200");
    CHECK(terms["total_items"] == term_name.size());
    for (const auto& [term, name] : term_name) CHECK(GetJson(client, "taxonomy_terms/" + term)["name"] == name);

    const json sals = GetJson(client, "service_at_locations?per_page=200");
    CHECK(sals["total_items"] == placements.size());
    std::set<std::pair<std::string, std::string>> served;
    for (const auto& sal : sals["contents"]) served.emplace(sal["service_id"].get<std::string>(), sal["location_id"].get<std::string>());
    CHECK(served == placements);
    const auto& [organization, its] = *placements_of.begin();
    std::set<std::pair<std::string, std::string>> filtered;
    const json of_organization = GetJson(client, "service_at_locations?per_page=200&organization_id=" + organization);  // kept alive
    for (const auto& sal : of_organization["contents"]) {
        filtered.emplace(sal["service_id"].get<std::string>(), sal["location_id"].get<std::string>());
    }
    CHECK(filtered == its);
    const std::string sal_id = sals["contents"][0]["id"];
    const json one_sal = GetJson(client, "service_at_locations/" + Encode(sal_id));
    CHECK(one_sal.contains("location"));
    CHECK(one_sal.contains("service"));

    for (const auto& [path, status] : std::vector<std::pair<std::string, int>>{
             {"organizations?sort=name", 400}, {"taxonomy_terms?organization_id=x", 400}, {"service_at_locations?postcode=94110", 400},
             {"organizations/no-such-id", 404}, {"taxonomy_terms/no-such-id", 404}, {"organizations/" + services_of.begin()->first + "?full=true", 400}}) {
        CAPTURE(path);
        auto answer = client.Get(path);
        REQUIRE(answer.Ok());
        CHECK(answer->status == status);
    }
}

TEST_CASE("guardian pickup end to end: codes hashed at import, kiosks get only what release needs, releases stored exactly once") {
    LiveServer server;
    auto roster = storage::ParseRosterJson(R"({"students": [
        {"student_id": "100207", "display_name": "Liam Hernandez Ruiz", "program_ids": ["homework"], "grade": "1",
         "do_not_release": "Not to his uncle",
         "adults": [{"adult_id": "rosa", "display_name": "Rosa Ruiz", "relationship": "mother", "pickup_code": "48213"}]},
        {"student_id": "100208", "display_name": "Emma Hernandez Ruiz", "program_ids": ["homework"], "grade": "4",
         "adults": [{"adult_id": "rosa", "display_name": "Rosa Ruiz", "relationship": "mother", "pickup_code": "48213"}]},
        {"student_id": "100209", "display_name": "Noah Smith", "program_ids": ["homework"], "grade": "8"}]})", "roster.json");
    REQUIRE(roster.Ok());
    // The same code for two different adults is refused: it would show another family's children.
    {
        auto clash = roster->students;
        clash[2].adults.push_back({"tom", "Tom Smith", "father", "", "48213"});
        auto refused = storage::PrepareRoster(clash, {});
        REQUIRE_FALSE(refused.Ok());
        CHECK(refused.Error().find("the same pickup code") != std::string::npos);
        CHECK(refused.Error().find("48213") == std::string::npos);  // never the code itself
        auto two = roster->students;
        two[1].adults[0].pickup_code = "11112";
        CHECK_FALSE(storage::PrepareRoster(two, {}).Ok());
    }
    auto prepared = storage::PrepareRoster(roster->students, {"K", "1", "2", "3"});
    REQUIRE(prepared.Ok());
    CHECK(prepared.Value()[0].pickup_required);   // grade 1
    CHECK_FALSE(prepared.Value()[1].pickup_required);  // grade 4
    CHECK(prepared.Value()[0].adults[0].pickup_code.empty());
    CHECK(prepared.Value()[0].adults[0].code_hash == prepared.Value()[1].adults[0].code_hash);  // one salt a roster
    REQUIRE(server.store->ReplaceRoster(prepared.Value()).Ok());
    server.Start();
    const std::string token = server.Enroll("lobby-1", "Lincoln Elementary");

    // What a kiosk receives, read by curl's peer (our HTTPS client) as JSON.
    netsync::HttpsClient client(server.Url(), LiveServer::Tls(), "test");
    auto got = client.Get("kiosk/v1/roster", Auth(token));
    REQUIRE(got->status == 200);
    CHECK(got->body.find("48213") == std::string::npos);
    CHECK(got->body.find("Hernandez Ruiz") == std::string::npos);  // first name and initial only
    CHECK(got->body.find("grade") == std::string::npos);
    const json students = json::parse(got->body)["students"];
    CHECK(students[0]["display_name"] == "Liam R.");
    CHECK(students[0]["pickup_required"] == true);
    CHECK(students[0]["adults"][0]["code_hash"].get<std::string>().rfind("pbkdf2-sha256$20000$", 0) == 0);

    // The kiosk syncs; a database that holds no more than release data.
    KioskDb kiosk;
    netsync::SyncEngine engine(kiosk.db, kiosk.Settings(server.Url(), token));
    REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);
    const auto liam = kiosk.checkins.FindStudent("100207");
    REQUIRE(liam.has_value());
    CHECK(liam->display_name == "Liam R.");
    CHECK(liam->pickup_required);
    CHECK(liam->grade.empty());
    CHECK(liam->do_not_release == "Not to his uncle");  // staff see it at the kiosk
    REQUIRE(liam->adults.size() == 1);
    CHECK(base::VerifySecret("48213", liam->adults[0].code_hash, 10000));
    {
        auto& dump = kiosk.db.Cached("SELECT count(*) FROM roster_student WHERE display_name LIKE '%Hernandez%' OR display_name LIKE '%Smith%'");
        dump.Step();
        CHECK(dump.Int(0) == 0);
        dump.Reset();
    }

    // A release syncs with the adult's id; sent again it is a duplicate; the same id with
    // another adult is refused as a reused id.
    REQUIRE(kiosk.checkins.Record("100207", "homework", storage::CheckinKind::In, true, {1795447800, -8 * 3600}).Ok());
    REQUIRE(kiosk.checkins.Release("100207", "homework", {"rosa", "", ""}, true, {1795447800 + 3600, -8 * 3600}).Ok());
    REQUIRE(kiosk.checkins.Release("100208", "homework", {"", "Ms. Lee", "mother at the office, ID checked"}, true,
                                   {1795447800 + 3700, -8 * 3600}).Ok());
    REQUIRE(engine.RunOnce() == netsync::SyncResult::Complete);
    CHECK(kiosk.checkins.Counts().pending == 0);
    auto out = Record("r1", "100207", "homework", "out");
    out["collected_by"] = "rosa";
    auto first = client.Post("kiosk/v1/checkins", Batch({out}), Auth(token));
    REQUIRE(first->status == 200);
    CHECK(json::parse(first->body)["results"][0]["status"] == "accepted");
    auto again = client.Post("kiosk/v1/checkins", Batch({out}), Auth(token));
    CHECK(json::parse(again->body)["results"][0]["status"] == "duplicate");
    out["collected_by"] = "tom";
    auto changed = client.Post("kiosk/v1/checkins", Batch({out}), Auth(token));
    CHECK(json::parse(changed->body)["results"][0]["status"] == "rejected");

    // Release fields that do not hang together get a 400 naming the field.
    auto bad = [&](json record, const std::string& field) {
        auto answer = client.Post("kiosk/v1/checkins", Batch({record}), Auth(token));
        REQUIRE(answer->status == 400);
        CAPTURE(answer->body);
        CHECK(answer->body.find(field) != std::string::npos);
    };
    auto in_with_adult = Record("r2");
    in_with_adult["collected_by"] = "rosa";
    bad(in_with_adult, "collected_by");
    auto both = Record("r3", "100207", "homework", "out");
    both["collected_by"] = "rosa";
    both["released_by"] = "Ms. Lee";
    both["release_reason"] = "x";
    bad(both, "released_by");
    auto no_reason = Record("r4", "100207", "homework", "out");
    no_reason["released_by"] = "Ms. Lee";
    bad(no_reason, "release_reason");
    auto control = Record("r5", "100207", "homework", "out");
    control["released_by"] = "Ms.\x1b[2J Lee";
    control["release_reason"] = "x";
    bad(control, "released_by");
}

TEST_CASE("a late pickup is late from the end of its own session, one that runs past midnight included") {
    // Midnight Basketball, Fridays 22:00-02:00 (kiosk wall clock -08:00); 2026-11-27 is a Friday.
    std::vector<storage::Program> programs = {{"night", "Midnight Basketball", "Trailblazers", "", "", {{"FR", "22:00", "02:00"}}}};
    const int64_t friday_local_midnight = 1795392000 + 8 * 3600 + 4 * 86400;  // 2026-11-27T00:00-08:00
    std::vector<district::StoredCheckin> checkins;
    auto add = [&](const std::string& student, const std::string& kind, int minute, const std::string& adult = "") {
        const int64_t at = friday_local_midnight + minute * 60;
        const std::string when = base::Rfc3339(at, -8 * 3600);
        district::StoredCheckin c{student + kind, "k", "Lincoln", student, "night", kind, when, at, when.substr(0, 10)};
        c.collected_by = adult;
        checkins.push_back(std::move(c));
    };
    for (int i = 0; i < 6; ++i) {
        const std::string s = "n" + std::to_string(i);
        add(s, "in", 22 * 60);
        if (i < 3) add(s, "out", 24 * 60 + 90, "adult");       // 01:30 Saturday: the session is still on
        else if (i < 5) add(s, "out", 24 * 60 + 150, "adult");  // 02:30 Saturday: half an hour late
        else add(s, "out", 23 * 60, "adult");                   // 23:00 Friday: early
    }
    std::sort(checkins.begin(), checkins.end(), [](const auto& a, const auto& b) {
        return std::tie(a.student_id, a.program_id, a.corrected_unix) < std::tie(b.student_id, b.program_id, b.corrected_unix);
    });
    const auto report = district::Attendance(checkins, programs, district::ReportBy::Program, "2026-11-27", "2026-11-28");
    REQUIRE(report.rows.size() == 1);
    CHECK(report.rows[0].released_to_adults == 6);
    CHECK(report.rows[0].late_pickups == 2);  // before: 23:00 counted late, 02:30 on time
}

TEST_CASE("the attendance report counts guardian releases, exception releases and late pickups, suppressed like every figure") {
    // Robotics runs MO-FR 15:00-17:00. 2026-11-23 is a Monday; times are the kiosk's wall clock (-08:00).
    std::vector<storage::Program> programs = {{"robotics", "Robotics Club", "Trailblazers", "", "", {{"MO,TU,WE,TH,FR", "15:00", "17:00"}}},
                                              {"art", "Art Studio", "Open Door", "", "", {{"MO,TU,WE,TH,FR", "15:00", "17:00"}}}};
    const int64_t monday_local_midnight = 1795392000 + 8 * 3600;  // 2026-11-23T00:00-08:00
    std::vector<district::StoredCheckin> checkins;
    auto add = [&](const std::string& student, const std::string& program, const std::string& kind, int minute_of_day,
                   const std::string& adult = "", const std::string& staff = "") {
        const int64_t at = monday_local_midnight + minute_of_day * 60;
        district::StoredCheckin c{student + kind, "k", "Lincoln", student, program, kind, base::Rfc3339(at, -8 * 3600), at,
                                  "2026-11-23"};
        c.collected_by = adult;
        c.released_by = staff;
        checkins.push_back(std::move(c));
    };
    for (int i = 0; i < 6; ++i) {
        const std::string s = "r" + std::to_string(i);
        add(s, "robotics", "in", 15 * 60);
        if (i < 3) add(s, "robotics", "out", 16 * 60 + 55, "adult" + std::to_string(i));  // on time, with a code
        else if (i == 3) add(s, "robotics", "out", 17 * 60 + 20, "adult3");               // 20 min late, with a code
        else if (i == 4) add(s, "robotics", "out", 17 * 60 + 40, "", "Ms. Lee");          // late, released by staff
        else add(s, "robotics", "out", 16 * 60);                                          // a teenager leaving on their own
    }
    // Art: two students only; one released late by staff. Suppressed: nothing of it is shown.
    add("a1", "art", "in", 15 * 60);
    add("a1", "art", "out", 18 * 60, "", "Ms. Lee");
    add("a2", "art", "in", 15 * 60);
    std::sort(checkins.begin(), checkins.end(), [](const auto& a, const auto& b) {
        return std::tie(a.student_id, a.program_id, a.corrected_unix) < std::tie(b.student_id, b.program_id, b.corrected_unix);
    });
    const auto report = district::Attendance(checkins, programs, district::ReportBy::Program, "2026-11-23", "2026-11-23");
    REQUIRE(report.rows.size() == 2);
    const auto& art = report.rows[0].key == "art" ? report.rows[0] : report.rows[1];
    const auto& robotics = report.rows[0].key == "robotics" ? report.rows[0] : report.rows[1];
    CHECK(robotics.released_to_adults == 4);
    CHECK(robotics.exception_releases == 1);
    CHECK(robotics.late_pickups == 2);
    CHECK(art.suppressed);
    CHECK(art.exception_releases == 0);
    CHECK(art.late_pickups == 0);
    const std::string csv = district::ReportCsv(report);
    CHECK(csv.find("released_to_adults,exception_releases,late_pickups") != std::string::npos);
    CHECK(csv.find(",4,1,2\n") != std::string::npos);
    const auto json = nlohmann::json::parse(district::ReportJson(report));
    for (const auto& row : json["rows"]) {
        if (row["program_id"] == "art") CHECK(row["late_pickups"].is_null());
        else CHECK(row["late_pickups"] == 2);
    }
}

TEST_CASE("the console's kiosk states: revoked, silent after 15 minutes, behind with an hour-old record or a clock 2 minutes off") {
    const int64_t now = 1795447800;
    district::KioskInfo k;
    k.name = "lobby";
    CHECK(district::KioskState(k, now) == "silent");  // never seen
    k.last_seen = base::Rfc3339(now - 60, 0);
    CHECK(district::KioskState(k, now) == "healthy");
    k.last_seen = base::Rfc3339(now - 16 * 60, 0);
    CHECK(district::KioskState(k, now) == "silent");
    k.last_seen = base::Rfc3339(now - 60, 0);
    k.queue_depth = 3;
    k.oldest_pending_at = base::Rfc3339(now - 3601, 0);
    CHECK(district::KioskState(k, now) == "behind");
    k.oldest_pending_at = base::Rfc3339(now - 600, 0);
    CHECK(district::KioskState(k, now) == "healthy");
    k.clock_offset_seconds = -121;
    CHECK(district::KioskState(k, now) == "behind");
    k.revoked = true;
    CHECK(district::KioskState(k, now) == "revoked");
}

TEST_CASE("a silent kiosk is flagged in program hours: any program's session on now, past midnight included") {
    const std::vector<storage::Program> programs = {{"art", "Art", "Open Door", "", "", {{"MO,WE", "15:00", "17:00"}}},
                                                    {"night", "Midnight Basketball", "Trailblazers", "", "", {{"FR", "22:00", "02:00"}}}};
    constexpr int kMonday = 1, kTuesday = 2, kFriday = 5, kSaturday = 6;
    CHECK(district::ProgramHours(programs, kMonday, 15 * 60 + 30));
    CHECK_FALSE(district::ProgramHours(programs, kMonday, 17 * 60 + 30));
    CHECK_FALSE(district::ProgramHours(programs, kTuesday, 15 * 60 + 30));
    CHECK(district::ProgramHours(programs, kFriday, 23 * 60));
    CHECK(district::ProgramHours(programs, kSaturday, 60));          // Friday's session, after midnight
    CHECK_FALSE(district::ProgramHours(programs, kSaturday, 3 * 60));
    CHECK_FALSE(district::ProgramHours({}, kMonday, 15 * 60 + 30));
}

TEST_CASE("console accounts are checked before they are made, and the audit log cannot be changed") {
    CHECK(district::CheckNewAccount("ada", "admin", "", "correct horse battery").empty());
    CHECK(district::CheckNewAccount("tya", "partner", "Trailblazers Youth Alliance", "trailblazers-2026").empty());
    CHECK(district::CheckNewAccount("tya", "partner", "", "trailblazers-2026").find("organization") != std::string::npos);
    CHECK(district::CheckNewAccount("rbe", "school", "", "riverbend-staff-1").find("school") != std::string::npos);
    CHECK(district::CheckNewAccount("ada", "admin", "Lincoln", "correct horse battery").find("no scope") != std::string::npos);
    CHECK(district::CheckNewAccount("ada", "root", "", "correct horse battery").find("role") != std::string::npos);
    CHECK(district::CheckNewAccount("a d", "admin", "", "correct horse battery").find("username") != std::string::npos);
    CHECK(district::CheckNewAccount("ada", "admin", "", "short").find("12") != std::string::npos);

    test::ScratchDir dir;
    test::StoreUnderTest database(dir.Path().string());
    auto opened = database.Open();
    district::DistrictStore& store = *opened;
    district::ConsoleAccount ada{"ada", "admin", "", base::HashSecret("correct horse battery", 100000), "", 0, 0};
    REQUIRE(store.AddAccount(ada).Value());
    CHECK_FALSE(store.AddAccount(ada).Value());  // the name is taken
    store.SetLoginState("ada", 3, 1795447800);
    CHECK(store.FindAccount("ada")->failures == 3);
    // Sessions are found by the hash of their id, and expire by last use.
    store.CreateSession({district::HashToken("the-id"), "ada", "csrf", 1000, 1000});
    REQUIRE(store.FindSession(district::HashToken("the-id")));
    CHECK_FALSE(store.FindSession("the-id"));
    store.DeleteSessionsBefore(1001);
    CHECK_FALSE(store.FindSession(district::HashToken("the-id")));
    store.AppendAudit("ada", "kiosk.enrol", "lobby at Lincoln");
    store.AppendAudit("ada", "kiosk.revoke", "lobby");
    const auto entries = store.Audit(10);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].action == "kiosk.revoke");  // newest first
    CHECK_THROWS_WITH_AS(database.Exec("UPDATE audit_log SET who = 'nobody'"), doctest::Contains("append-only"), storage::DbError);
    CHECK_THROWS_WITH_AS(database.Exec("DELETE FROM audit_log"), doctest::Contains("append-only"), storage::DbError);
    CHECK(store.Audit(10).size() == 2);
}

TEST_CASE("a partner's check-ins are read through its programs' index, records a staff correction moved into them included") {
    test::ScratchDir dir;
    test::StoreUnderTest database(dir.Path().string());
    auto opened = database.Open();
    district::DistrictStore& store = *opened;
    REQUIRE(store.ReplacePrograms({{"art", "Art Studio", "Open Door", "", "", {}}, {"robotics", "Robotics Club", "Trailblazers", "", "", {}}}).Ok());
    district::CheckinBatch batch;
    batch.kiosk = "lobby";
    batch.kiosk_time = "2026-11-23T16:00:00+00:00";
    batch.received_unix = 1795449600;
    auto record = [](const char* id, const char* student, const char* program, const char* kind, const char* corrects) {
        district::IncomingCheckin r;
        r.id = id;
        r.student_id = student;
        r.program_id = program;
        r.kind = kind;
        r.at = "2026-11-23T15:30:00+00:00";
        r.at_unix = 1795447800;
        r.corrects = corrects;
        return r;
    };
    // Maria checked in to art by mistake; staff corrected it to robotics. Lucas is in robotics.
    batch.records = {record("a", "100", "art", "in", ""), record("b", "101", "robotics", "in", ""),
                     record("c", "100", "robotics", "correction", "a")};
    for (const auto& result : store.StoreCheckins(batch)) CHECK(result.status == "accepted");
    const std::vector<std::string> robotics{"robotics"}, art{"art"};
    const auto mine = store.CheckinsBetween("2026-11-23", "2026-11-23", &robotics);
    REQUIRE(mine.size() == 2);
    for (const auto& c : mine) CHECK(c.program_id == "robotics");
    // Art's read still finds the record it lost, as robotics (the console drops it).
    const auto lost = store.CheckinsBetween("2026-11-23", "2026-11-23", &art);
    REQUIRE(lost.size() == 1);
    CHECK(lost[0].program_id == "robotics");
    CHECK(store.CheckinsBetween("2026-11-23", "2026-11-23").size() == 2);
    CHECK(store.CheckinsBetween("2026-11-24", "2026-11-30", &robotics).empty());
}

TEST_CASE("the store's schema is the one server_schema.h describes, at its version, for SQLite and PostgreSQL alike") {
    for (const auto& step : district::schema::Steps()) {
        CHECK_MESSAGE(std::string(step.sqlite).size() > 0, step.what);
        CHECK_MESSAGE(std::string(step.postgres).size() > 0, step.what);
    }
    CHECK(district::schema::Steps().back().version == district::schema::kVersion);
    test::ScratchDir dir;
    test::StoreUnderTest database(dir.Path().string());
    auto store = database.Open();
    CHECK(store->SchemaVersion() == district::schema::kVersion);
    const auto problems = store->CheckSchema();
    for (const auto& p : problems) MESSAGE(p);
    CHECK(problems.empty());
    // Opening it again migrates nothing and loses nothing.
    REQUIRE(store->AddKiosk("lobby", "Lincoln", "hash").Ok());
    store.reset();
    store = database.Open();
    CHECK(store->Kiosks().size() == 1);
    // A column dropped behind the program's back is reported.
    store.reset();
    database.Exec("ALTER TABLE kiosk DROP COLUMN app_version");
    store = database.Open();
    const auto broken = store->CheckSchema();
    REQUIRE(broken.size() == 1);
    CHECK(broken[0] == "table kiosk has no column app_version");
}

TEST_CASE("two server instances on one PostgreSQL behave as one: each record once whichever receives it, the same versions and data on both") {
    if (test::PostgresUnderTest().empty()) {
        MESSAGE("skipped: runs on PostgreSQL only (ctest district_server_postgres)");
        return;
    }
    test::ScratchDir dir_a, dir_b;
    test::StoreUnderTest database(dir_a.Path().string());
    auto a = database.Open();
    test::StoreUnderTest other = database;
    other.dir = dir_b.Path().string();  // the second instance: its own folder, the same database
    auto b = other.Open();

    // Programs and directory written through one instance are what the other serves, at the same version.
    auto programs = storage::ReadProgramsFile(test::SourceDir() + "/assets/checkin/programs.json");
    REQUIRE(a->ReplacePrograms(programs->programs).Ok());
    CHECK(b->ProgramsVersion() == a->ProgramsVersion());
    CHECK(b->Programs().size() == programs->programs.size());
    auto en = hsds::ReadHsdsPath(test::SampleDirectory("en"));
    storage::ReplaceOptions o;
    o.locale = "en";
    REQUIRE(b->ReplaceDirectory(en.Value(), o).Ok());
    CHECK(a->DirectoryVersion() == b->DirectoryVersion());
    const auto found = a->SearchServices("food", "en");
    CHECK_FALSE(found.empty());
    CHECK(found == b->SearchServices("food", "en"));
    CHECK(a->ReadDirectory().locales.at(0).second.size() == b->ReadDirectory().locales.at(0).second.size());
    // A refused import changes neither instance's version.
    const int64_t version = a->DirectoryVersion();
    CHECK_FALSE(a->ReplaceDirectory(hsds::DirectoryFeed{}, o).Ok());
    CHECK(b->DirectoryVersion() == version);

    // Eight kiosks' retries of the same 120 records, in different orders, through both instances at once.
    const std::string program = programs->programs.at(0).id;
    auto record = [&](int n) {
        district::IncomingCheckin r;
        r.id = "rec-" + std::to_string(n);
        r.student_id = std::to_string(100000 + n);
        r.program_id = program;
        r.kind = "in";
        r.at = "2026-11-23T15:30:00-05:00";
        r.at_unix = 1795465800;
        r.at_offset_seconds = -5 * 3600;
        return r;
    };
    std::atomic<int> accepted{0}, duplicates{0}, other_status{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            district::CheckinBatch batch;
            batch.kiosk = "lobby";
            batch.kiosk_time = "2026-11-23T16:00:00-05:00";
            batch.received_unix = 1795467600;
            for (int i = 0; i < 120; ++i) batch.records.push_back(record(t % 2 ? (i * 7 + t) % 120 : 119 - (i + t) % 120));
            for (const auto& r : (t % 2 ? *a : *b).StoreCheckins(batch)) {
                if (r.status == "accepted") ++accepted;
                else if (r.status == "duplicate") ++duplicates;
                else ++other_status;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(accepted.load() == 120);
    CHECK(duplicates.load() == 7 * 120);
    CHECK(other_status.load() == 0);
    CHECK(a->CheckinCount() == 120);
    CHECK(b->CheckinCount() == 120);

    // A staff correction arriving at the other instance applies to the record; a reused id is refused there too.
    district::CheckinBatch fix;
    fix.kiosk = "lobby";
    fix.kiosk_time = "2026-11-23T17:00:00-05:00";
    fix.received_unix = 1795471200;
    district::IncomingCheckin correction = record(500);
    correction.kind = "correction";
    correction.corrects = "rec-3";
    correction.student_id = "777777";
    district::IncomingCheckin reused = record(4);
    reused.student_id = "999999";
    fix.records = {correction, reused};
    const auto results = b->StoreCheckins(fix);
    CHECK(results[0].status == "accepted");
    CHECK(results[1].status == "rejected");
    bool corrected = false;
    for (const auto& c : a->CheckinsBetween("2026-11-23", "2026-11-23")) {
        if (c.id == "rec-3") corrected = c.student_id == "777777" && c.corrected_by_staff;
    }
    CHECK(corrected);
    CHECK(a->RejectedSince(0).size() == 1);
}

namespace {

// Compares two reports row by row, every figure.
void SameReport(const district::AttendanceReport& expected, const district::AttendanceReport& got, const std::string& what) {
    INFO(what);
    REQUIRE(expected.rows.size() == got.rows.size());
    for (size_t i = 0; i < expected.rows.size(); ++i) {
        const auto& e = expected.rows[i];
        const auto& g = got.rows[i];
        INFO("row " << e.key);
        CHECK(e.key == g.key);
        CHECK(e.label == g.label);
        CHECK(e.partner == g.partner);
        CHECK(e.suppressed == g.suppressed);
        CHECK(e.check_ins == g.check_ins);
        CHECK(e.unique_students == g.unique_students);
        CHECK(e.visits_with_checkout == g.visits_with_checkout);
        CHECK(e.average_minutes.has_value() == g.average_minutes.has_value());
        if (e.average_minutes && g.average_minutes) CHECK(*e.average_minutes == doctest::Approx(*g.average_minutes).epsilon(0.002));
        CHECK(e.corrected_by_staff == g.corrected_by_staff);
        CHECK(e.voided_by_staff == g.voided_by_staff);
        CHECK(e.unverified == g.unverified);
        CHECK(e.released_to_adults == g.released_to_adults);
        CHECK(e.exception_releases == g.exception_releases);
        CHECK(e.late_pickups == g.late_pickups);
    }
}

} // namespace

TEST_CASE("the attendance report computed in the database equals the one computed from the rows, week by week, every rule included") {
    test::ScratchDir dir;
    test::StoreUnderTest database(dir.Path().string());
    auto store = database.Open();
    std::vector<storage::Program> programs = {
        {"robotics", "Robotics Club", "Trailblazers", "", "", {{"MO,TU,WE,TH,FR", "15:00", "17:00"}}},
        {"chess", "Chess", "Trailblazers", "", "", {{"MO,WE", "15:30", "16:30"}}},
        {"art", "Art Studio", "Open Door", "", "", {{"FR,SA", "20:00", "01:00"}}},  // past midnight
        {"homework", "Homework Help", "", "", "", {}}};
    REQUIRE(store->ReplacePrograms(programs).Ok());
    for (int k = 0; k < 3; ++k) REQUIRE(store->AddKiosk("k" + std::to_string(k), k == 2 ? "" : "School " + std::to_string(k), "h" + std::to_string(k)).Ok());

    // Three weeks of a fixed random district: ins and outs, some released to adults or by staff,
    // late or not, some students unknown to the roster; then staff void, confirm and correct.
    std::mt19937 random(20261202);
    auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const int64_t monday = 1795392000;  // 2026-11-23T00:00Z, a Monday
    std::vector<std::string> stored_ids;
    int next_id = 0;
    for (int k = 0; k < 3; ++k) {
        district::CheckinBatch batch;
        batch.kiosk = "k" + std::to_string(k);
        batch.kiosk_time = "2026-12-14T00:00:00-05:00";
        batch.received_unix = monday + 21 * 86400;
        for (int n = 0; n < 160; ++n) {
            const std::string student = std::to_string(100 + pick(14));
            const std::string program = programs[static_cast<size_t>(pick(4))].id;
            const int64_t day = monday + pick(21) * 86400;
            const int64_t in_at = day + (13 + pick(9)) * 3600 + pick(60) * 60;  // 13:00 to 21:59 UTC
            auto make = [&](const char* kind, int64_t at) {
                district::IncomingCheckin r;
                r.id = "r" + std::to_string(++next_id);
                r.student_id = student;
                r.program_id = program;
                r.kind = kind;
                r.at_offset_seconds = -5 * 3600;
                r.at_unix = at;
                r.at = base::Rfc3339(at, r.at_offset_seconds);
                r.verified = pick(8) != 0;
                return r;
            };
            batch.records.push_back(make("in", in_at));
            if (pick(4) != 0) {
                district::IncomingCheckin out = make("out", in_at + (20 + pick(400)) * 60);
                const int release = pick(4);
                if (release == 1) out.collected_by = "adult-" + std::to_string(pick(5));
                if (release == 2) {
                    out.released_by = "Ms. Rivera";
                    out.release_reason = "parent called";
                }
                batch.records.push_back(out);
            }
        }
        for (const auto& r : batch.records) stored_ids.push_back(r.id);
        for (const auto& result : store->StoreCheckins(batch)) REQUIRE(result.status == "accepted");
        // Staff at this kiosk act on some of its records.
        district::CheckinBatch actions = batch;
        actions.records.clear();
        for (int a = 0; a < 25; ++a) {
            const district::IncomingCheckin& original = batch.records[static_cast<size_t>(pick(static_cast<int>(batch.records.size())))];
            district::IncomingCheckin action = original;
            action.id = "r" + std::to_string(++next_id);
            action.corrects = original.id;
            action.at = "2026-12-01T10:00:00-05:00";
            action.at_unix = 1796137200;
            const int which = pick(3);
            action.kind = which == 0 ? "void" : which == 1 ? "confirm" : "correction";
            if (which == 2) {
                action.student_id = std::to_string(100 + pick(14));
                action.program_id = programs[static_cast<size_t>(pick(4))].id;
            }
            action.collected_by.clear();
            action.released_by.clear();
            action.release_reason.clear();
            actions.records.push_back(action);
        }
        for (const auto& result : store->StoreCheckins(actions)) REQUIRE(result.status == "accepted");
    }

    const std::string from = "2026-11-23", to = "2026-12-13";
    const auto rows = store->CheckinsBetween(from, to);
    REQUIRE(rows.size() > 300);
    for (const auto by : {district::ReportBy::Program, district::ReportBy::Partner, district::ReportBy::School}) {
        for (const int min_students : {1, 5}) {
            const auto expected = district::Attendance(rows, programs, by, from, to, min_students);
            const auto aggregate = store->AggregateAttendance(district::AttendanceQueryFor(programs, by, from, to, true));
            const auto got = district::AttendanceFromAggregate(aggregate, programs, by, from, to, min_students);
            SameReport(expected, got, "by " + std::to_string(static_cast<int>(by)) + ", min " + std::to_string(min_students));
        }
    }
    // Homework Help is dropped from the district's list: its check-ins still count, as they did.
    const std::vector<storage::Program> listed(programs.begin(), programs.begin() + 3);
    for (const auto by : {district::ReportBy::Program, district::ReportBy::Partner}) {
        const auto aggregate = store->AggregateAttendance(district::AttendanceQueryFor(listed, by, from, to, true));
        SameReport(district::Attendance(rows, listed, by, from, to, 1), district::AttendanceFromAggregate(aggregate, listed, by, from, to, 1),
                   "homework no longer listed");
    }
    int64_t late = 0;
    for (const auto& r : district::Attendance(rows, programs, district::ReportBy::Program, from, to, 1).rows) late += r.late_pickups;
    CHECK(late > 0);  // the rule was exercised

    // A partner's programs only, week by week, as the console asks.
    std::vector<storage::Program> trailblazers(programs.begin(), programs.begin() + 2);
    std::vector<std::string> ids = {"chess", "robotics"};
    auto query = district::AttendanceQueryFor(trailblazers, district::ReportBy::Program, from, to, false);
    query.week_zero_day = monday / 86400;
    const auto weekly = store->AggregateAttendance(query);
    for (int week = 0; week < 3; ++week) {
        const std::string start = base::Rfc3339(monday + week * 7 * 86400, 0).substr(0, 10);
        const std::string end = base::Rfc3339(monday + (week * 7 + 6) * 86400, 0).substr(0, 10);
        auto mine = store->CheckinsBetween(start, end, &ids);
        std::erase_if(mine, [](const district::StoredCheckin& c) { return c.program_id != "chess" && c.program_id != "robotics"; });
        SameReport(district::Attendance(mine, trailblazers, district::ReportBy::Program, start, end, 1),
                   district::AttendanceFromAggregate(weekly, trailblazers, district::ReportBy::Program, start, end, 1, week),
                   "week " + std::to_string(week));
    }
}

TEST_CASE("a void or confirmation stored before the record it acts on applies when the record arrives, on both stores") {
    test::ScratchDir dir;
    test::StoreUnderTest database(dir.Path().string());
    auto store = database.Open();
    REQUIRE(store->ReplacePrograms({{"art", "Art Studio", "Open Door", "", "", {}}}).Ok());
    district::CheckinBatch batch;
    batch.kiosk = "lobby";
    batch.kiosk_time = "2026-11-23T16:00:00+00:00";
    batch.received_unix = 1795449600;
    auto record = [](const char* id, const char* kind, const char* corrects, bool verified = true) {
        district::IncomingCheckin r;
        r.id = id;
        r.student_id = "100";
        r.program_id = "art";
        r.kind = kind;
        r.at = "2026-11-23T15:30:00+00:00";
        r.at_unix = 1795447800;
        r.corrects = corrects;
        r.verified = verified;
        return r;
    };
    // Staff's actions first (another instance stored them, say), then the records themselves.
    batch.records = {record("v", "void", "a"), record("c", "confirm", "b")};
    for (const auto& result : store->StoreCheckins(batch)) CHECK(result.status == "accepted");
    batch.records = {record("a", "in", ""), record("b", "in", "", false), record("d", "in", "", false)};
    for (const auto& result : store->StoreCheckins(batch)) CHECK(result.status == "accepted");
    std::map<std::string, district::StoredCheckin> by_id;
    for (const auto& c : store->CheckinsBetween("2026-11-23", "2026-11-23")) by_id[c.id] = c;
    REQUIRE(by_id.size() == 3);
    CHECK(by_id["a"].voided);
    CHECK_FALSE(by_id["b"].voided);
    CHECK(by_id["b"].verified);   // confirmed by staff
    CHECK_FALSE(by_id["d"].verified);
}
