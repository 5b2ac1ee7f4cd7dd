// The web console's API at a school year's scale (issue 19):
//   figure 11: a partner's attendance page (GET /admin/api/attendance, its 12 weeks) with 5
//              million check-ins for 200 schools and 2 000 programs over a year; goal p95
//              under 250 ms. Reference: the same weeks read without the program index (every
//              program's rows, as before the index), measured in the same run.
//   figure 12: district IT's kiosks page (GET /admin/api/kiosks, 200 kiosks); goal p95 under 100 ms.
// The server runs in-process over HTTPS on loopback; requests go through libcurl with the
// session cookie, as a browser's would. The check-ins are written straight into the
// database (setting up is not measured).
// Usage: console_bench --dir DIR --certs DIR [--smoke]
#include <filesystem>
#include <iostream>
#include <thread>

#include "base/time_text.h"
#include "bench/bench_common.h"
#include "server/http_server.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "base/secret_hash.h"
#include "storage/database.h"
#include "sync/https_client.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const bool smoke = bench::Smoke(argc, argv);
    const std::string dir = bench::Arg(argc, argv, "--dir", "/tmp") + "/console";
    const std::string certs = bench::Arg(argc, argv, "--certs");
    const int64_t checkins = smoke ? 20000 : 5000000;
    const int schools = 200, programs = 2000, partners = 200, students = smoke ? 2000 : 150000;
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto store = std::make_unique<district::SqliteDistrictStore>(dir, true);

    // 2 000 programs, ten for each of 200 partners; 200 kiosks, one a school.
    std::vector<storage::Program> list;
    for (int p = 0; p < programs; ++p) {
        list.push_back({"prog-" + std::to_string(p), "Program " + std::to_string(p), "Partner " + std::to_string(p % partners), "Room 1", "",
                        {{"MO,TU,WE,TH,FR", "15:00", "17:00"}}});
    }
    (void)store->ReplacePrograms(list);
    for (int k = 0; k < schools; ++k) {
        (void)store->AddKiosk("kiosk-" + std::to_string(k), "School " + std::to_string(k), district::HashToken(district::NewToken()));
        district::Heartbeat beat;
        beat.app_version = "0.1.0";
        beat.queue_depth = k % 7;
        store->RecordHeartbeat("kiosk-" + std::to_string(k), beat);
    }
    (void)store->AddAccount({"partner7", "partner", "Partner 7", base::HashSecret("partner-password-7", 100000), "", 0, 0});
    (void)store->AddAccount({"it", "admin", "", base::HashSecret("district-it-password", 100000), "", 0, 0});

    // A school year of check-ins: pairs of in and out, every day of the last 365 (ending today).
    const double setup_start = bench::NowSeconds();
    const int64_t today = static_cast<int64_t>(std::time(nullptr)) / 86400;
    {
        storage::Database db(district::SqliteDistrictStore::DatabasePath(dir));
        db.Exec("PRAGMA synchronous = OFF");
        storage::Transaction tx(db);
        storage::Statement& insert = db.Cached(
            "INSERT INTO checkin(id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time, received_unix, "
            "corrected_unix, local_date, verified) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?6, ?7, ?7, ?8, 1)");
        for (int64_t n = 0; n < checkins; n += 2) {
            const int64_t visit = n / 2;
            const int program = static_cast<int>(visit % programs);
            const int64_t day = today - (visit / 7) % 365;
            const std::string student = std::to_string((visit * 7919) % students);
            const std::string date = base::Rfc3339(day * 86400, 0).substr(0, 10);
            for (int out = 0; out < 2; ++out) {
                const int64_t at = day * 86400 + 15 * 3600 + out * 5400 + (visit % 600);
                insert.Bind(1, "r" + std::to_string(n + out)).Bind(2, "kiosk-" + std::to_string(visit % schools)).Bind(3, student)
                    .Bind(4, "prog-" + std::to_string(program)).Bind(5, out ? "out" : "in").Bind(6, base::Rfc3339(at, 0)).Bind(7, at)
                    .Bind(8, date).Run();
                insert.Reset();
            }
        }
        tx.Commit();
        db.Exec("ANALYZE");
    }
    const double setup_seconds = bench::NowSeconds() - setup_start;

    district::ServerOptions options;
    options.cert_file = certs + "/server.pem";
    options.key_file = certs + "/server.key";
    options.port = 0;
    options.console.password_iterations = 100000;
    district::HttpServer http(*store, options);
    auto bound = http.Bind();
    if (!bound) {
        std::cerr << "console_bench: " << bound.Error() << "\n";
        return 1;
    }
    std::thread serving([&] { http.Run(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    netsync::TlsOptions tls;
    tls.ca_file = certs + "/ca.pem";
    const std::string base = "https://127.0.0.1:" + std::to_string(bound.Value()) + "/";

    // Signs in; the session cookie for the requests that follow.
    auto sign_in = [&](netsync::HttpsClient& client, const std::string& user, const std::string& password) {
        auto reply = client.Post("admin/api/login", nlohmann::json{{"username", user}, {"password", password}}.dump());
        if (!reply || reply->status != 200) throw std::runtime_error("sign-in failed for " + user);
        const std::string cookie = reply->Header("set-cookie");
        return std::map<std::string, std::string>{{"Cookie", cookie.substr(0, cookie.find(';'))}};
    };
    auto timed = [&](netsync::HttpsClient& client, const std::string& path, const std::map<std::string, std::string>& headers, int runs,
                     size_t& bytes) {
        std::vector<double> ms;
        for (int i = 0; i < runs; ++i) {
            const double start = bench::NowSeconds();
            auto reply = client.Get(path, headers);
            ms.push_back((bench::NowSeconds() - start) * 1000.0);
            if (!reply || reply->status != 200) throw std::runtime_error(path + " failed");
            bytes = reply->body.size();
        }
        return ms;
    };
    const int runs = smoke ? 5 : 40;
    int exit_code = 0;
    try {
        netsync::HttpsClient partner(base, tls, "console-bench");
        const auto partner_cookie = sign_in(partner, "partner7", "partner-password-7");
        size_t attendance_bytes = 0;
        timed(partner, "admin/api/attendance", partner_cookie, 2, attendance_bytes);  // warm the page cache
        const auto attendance = timed(partner, "admin/api/attendance", partner_cookie, runs, attendance_bytes);
        // Reference: the same 12 weeks of every program's rows, as the page read them before the index.
        std::vector<double> unfiltered;
        const std::string to = base::Rfc3339(today * 86400, 0).substr(0, 10), from = base::Rfc3339((today - 83) * 86400, 0).substr(0, 10);
        size_t rows = 0;
        for (int i = 0; i < (smoke ? 2 : 3); ++i) {
            const double start = bench::NowSeconds();
            rows = store->CheckinsBetween(from, to).size();
            unfiltered.push_back((bench::NowSeconds() - start) * 1000.0);
        }
        bench::Figure f;
        f.number = 11;
        f.name = "Console: a partner's attendance page (12 weeks), " + std::to_string(checkins) + " check-ins, " + std::to_string(schools) +
                 " schools, " + std::to_string(programs) + " programs";
        f.value = bench::Percentile(attendance, 95);
        f.unit = "ms p95";
        f.reference = bench::Median(unfiltered);
        f.reference_name = "reading those weeks' rows of every program (before the program index), median";
        f.ratio_text = bench::Ratio(f.reference, f.value, "x faster");
        f.goal = "p95 under 250 ms";
        f.goal_met = f.value < 250.0;
        f.details = {{"p50_ms", bench::Median(attendance)}, {"max_ms", bench::Percentile(attendance, 100)}, {"runs", runs},
                     {"answer_bytes", attendance_bytes}, {"rows_of_every_program", rows}, {"setup_seconds", setup_seconds}};
        bench::Emit(f);

        netsync::HttpsClient it(base, tls, "console-bench");
        const auto it_cookie = sign_in(it, "it", "district-it-password");
        size_t kiosk_bytes = 0;
        timed(it, "admin/api/kiosks", it_cookie, 2, kiosk_bytes);
        const auto kiosks = timed(it, "admin/api/kiosks", it_cookie, runs, kiosk_bytes);
        const auto health = timed(it, "health", {}, runs, kiosk_bytes);
        bench::Figure g;
        g.number = 12;
        g.name = "Console: district IT's kiosks page, " + std::to_string(schools) + " kiosks";
        g.value = bench::Percentile(kiosks, 95);
        g.unit = "ms p95";
        g.reference = bench::Percentile(health, 95);
        g.reference_name = "GET /health on the same connection (the HTTPS round trip alone), p95";
        g.ratio_text = bench::Ratio(g.value, g.reference, "x the round trip");
        g.goal = "p95 under 100 ms";
        g.goal_met = g.value < 100.0;
        g.details = {{"p50_ms", bench::Median(kiosks)}, {"runs", runs}};
        bench::Emit(g);
    } catch (const std::exception& error) {
        std::cerr << "console_bench: " << error.what() << "\n";
        exit_code = 1;
    }
    http.Stop();
    serving.join();
    store.reset();
    fs::remove_all(dir);
    return exit_code;
}
