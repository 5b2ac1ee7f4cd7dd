// Benchmarks of sync and the district server over real HTTPS on loopback:
//   figure 4: a kiosk draining 100 000 queued check-ins to the district server, against the
//             same kiosk sending one record per request (measured on a sample, as a rate);
//   figure 8: 200 simulated kiosks posting 50-record batches at once for 30 s, against one
//             kiosk posting alone.
// Usage: sync_bench --dir DIR --certs DIR [--smoke] [--only 4|8]
#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include "bench/bench_common.h"
#include "server/http_server.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "storage/program_import.h"
#include "sync/https_client.h"
#include "sync/sync_engine.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Server {
    std::unique_ptr<district::SqliteDistrictStore> store;
    std::unique_ptr<district::HttpServer> http;
    std::thread thread;
    int port = 0;

    std::string stack;  // behind nginx (scripts/district-stack), as shipped; "" = HTTPS served in-process
    std::string stack_script;

    Server(const std::string& dir, const std::string& certs, const std::string& source, district::ServerOptions options,
           bool behind_nginx = false) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        store = std::make_unique<district::SqliteDistrictStore>(dir, true);
        auto programs = storage::ReadProgramsFile(source + "/assets/checkin/programs.json");
        (void)store->ReplacePrograms(programs->programs);
        auto directory = hsds::ReadHsdsPath(source + "/assets/directory/directory.en.json");
        storage::ReplaceOptions o;
        (void)store->ReplaceDirectory(directory.Value(), o);
        if (behind_nginx) {
            options.unix_socket = dir + "/http.sock";
        } else {
            options.cert_file = certs + "/server.pem";
            options.key_file = certs + "/server.key";
            options.port = 0;
        }
        http = std::make_unique<district::HttpServer>(*store, options);
        auto bound = http->Bind();
        if (!bound) throw std::runtime_error(bound.Error());
        port = bound.Value();
        thread = std::thread([this] { http->Run(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (behind_nginx) {
            stack = dir + "/stack";
            stack_script = source + "/scripts/district-stack";
            const std::string command = stack_script + " start " + stack + " --socket " + options.unix_socket +
                                        " --port 0 --cert " + certs + "/server.pem --key " + certs + "/server.key --ca " + certs +
                                        "/ca.pem";
            FILE* out = popen(command.c_str(), "r");
            char line[64] = {};
            if (!out || !fgets(line, sizeof line, out) || pclose(out) != 0) throw std::runtime_error("nginx did not start: " + command);
            port = std::atoi(line);
        }
    }
    ~Server() {
        if (!stack.empty()) (void)std::system((stack_script + " stop " + stack + " >/dev/null 2>&1").c_str());
        http->Stop();
        thread.join();
    }
    std::string Url() const { return "https://127.0.0.1:" + std::to_string(port) + "/"; }
    std::string Enroll(const std::string& name) {
        const std::string token = district::NewToken();
        (void)store->AddKiosk(name, "", district::HashToken(token));
        return token;
    }
};

netsync::TlsOptions Tls(const std::string& certs) {
    netsync::TlsOptions tls;
    tls.ca_file = certs + "/ca.pem";
    return tls;
}

// A kiosk database with `n` queued check-ins (queued without fsync: setting up is not measured).
std::unique_ptr<storage::Database> QueuedKiosk(const std::string& path, int n) {
    fs::remove(path);
    fs::remove(path + "-wal");
    {
        storage::Database db(path);
        storage::Migrate(db);
        db.Exec("PRAGMA synchronous=OFF");
        storage::CheckinStore store(db);
        const int64_t start = static_cast<int64_t>(std::time(nullptr)) - n;
        for (int i = 0; i < n; ++i) {
            (void)store.Record(std::to_string(100000 + i % 5000), "robotics", i % 2 ? storage::CheckinKind::Out : storage::CheckinKind::In,
                               true, {start + i, 0});
        }
    }
    return std::make_unique<storage::Database>(path);  // synchronous=FULL again, as on a kiosk
}

void Drain(const std::string& dir, const std::string& certs, const std::string& source, int records, int reference_records) {
    district::ServerOptions options;
    options.requests_per_second = 1e9;  // no rate limit: both sides measure the transport, not the limiter
    options.burst = 1e9;
    Server server(dir + "/drain-server", certs, source, options);
    const std::string token = server.Enroll("drain");
    netsync::SyncSettings settings;
    settings.server_url = server.Url();
    settings.tls = Tls(certs);
    settings.token = token;

    auto kiosk = QueuedKiosk(dir + "/drain-kiosk.db", records);
    netsync::SyncEngine engine(*kiosk, settings);
    const double t0 = bench::NowSeconds();
    const netsync::SyncResult result = engine.RunOnce();
    const double drain = bench::NowSeconds() - t0;
    const int64_t left = storage::CheckinStore(*kiosk).Counts().pending;
    const int64_t stored = server.store->CheckinCount();

    // The reference: the same kind of records, one request per record.
    auto one_by_one = QueuedKiosk(dir + "/drain-one.db", reference_records);
    netsync::SyncSettings single = settings;
    single.batch_size = 1;
    netsync::SyncEngine reference_engine(*one_by_one, single);
    const double r0 = bench::NowSeconds();
    (void)reference_engine.RunOnce();
    const double reference_seconds = bench::NowSeconds() - r0;
    const double per_record = reference_seconds / reference_records;
    const double extrapolated = per_record * records;

    bench::Figure f;
    f.number = 4;
    f.name = "Sync drain: " + std::to_string(records) + " queued check-ins to the district server (HTTPS, loopback)";
    f.value = drain;
    f.unit = "s";
    f.reference = extrapolated;
    f.reference_name = "one request per record (" + std::to_string(reference_records) + " sent, rate extrapolated to " +
                       std::to_string(records) + ")";
    f.ratio_text = bench::Ratio(extrapolated, drain, "x faster");
    f.goal = "under 15 s, and at least 20x faster than one per request";
    f.goal_met = drain < 15.0 && extrapolated / drain >= 20.0 && left == 0 && stored == records;
    f.details = {{"sync_result", result == netsync::SyncResult::Complete ? "complete" : "incomplete"},
                 {"records_per_second", records / drain}, {"left_on_kiosk", left}, {"stored_on_server", stored},
                 {"reference_records_per_second", 1.0 / per_record}, {"batch", settings.batch_size},
                 {"note", "the whole sync: push, heartbeat, programs, roster and the 44-service directory"}};
    bench::Emit(f);
}

struct IngestResult {
    double seconds = 0;
    int64_t accepted = 0;
    int64_t other_status = 0;
    int64_t server_errors = 0;   // 5xx
    int64_t failures = 0;        // no reply at all
    int64_t requests = 0;
};

IngestResult Ingest(Server& server, const std::string& certs, int kiosks, double seconds, int batch, const std::string& prefix) {
    std::vector<std::string> tokens;
    for (int k = 0; k < kiosks; ++k) tokens.push_back(server.Enroll(prefix + std::to_string(k)));
    std::atomic<int64_t> accepted{0}, other{0}, errors{0}, failures{0}, requests{0};
    std::atomic<bool> go{false};
    const double t0 = bench::NowSeconds();
    std::vector<std::thread> threads;
    for (int k = 0; k < kiosks; ++k) {
        threads.emplace_back([&, k] {
            netsync::HttpsClient client(server.Url(), Tls(certs), "kiosk/bench");
            const std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + tokens[k]}};
            while (!go) std::this_thread::yield();
            int64_t seq = 0;
            while (bench::NowSeconds() - t0 < seconds) {
                json records = json::array();
                const std::string now = base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0);
                for (int i = 0; i < batch; ++i, ++seq) {
                    records.push_back({{"id", prefix + std::to_string(k) + "-" + std::to_string(seq)},
                                       {"student_id", std::to_string(100000 + seq % 4000)}, {"program_id", "robotics"},
                                       {"kind", seq % 2 ? "out" : "in"}, {"at", now}, {"clock_trusted", true}});
                }
                auto reply = client.Post("kiosk/v1/checkins", json{{"kiosk_time", now}, {"records", records}}.dump(), headers);
                ++requests;
                if (!reply) {
                    ++failures;
                    continue;
                }
                if (reply->status >= 500) {
                    ++errors;
                    continue;
                }
                if (reply->status != 200) {
                    ++other;
                    continue;
                }
                const json body = json::parse(reply->body, nullptr, false);
                if (body.is_discarded()) {
                    ++other;
                    continue;
                }
                for (const auto& r : body["results"]) {
                    if (r.value("status", "") == "accepted") ++accepted;
                    else ++other;
                }
            }
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    IngestResult result;
    result.seconds = bench::NowSeconds() - t0;
    result.accepted = accepted;
    result.other_status = other;
    result.server_errors = errors;
    result.failures = failures;
    result.requests = requests;
    return result;
}

void ServerIngest(const std::string& dir, const std::string& certs, const std::string& source, int kiosks, double seconds) {
    district::ServerOptions options;  // the defaults a district runs with, behind nginx as shipped
    Server server(dir + "/ingest-server", certs, source, options, /*behind_nginx=*/true);
    // Reference first, on the same server: one kiosk posting alone.
    const IngestResult alone = Ingest(server, certs, 1, std::max(1.0, seconds / 6), 50, "solo");
    const int64_t before = server.store->CheckinCount();
    const IngestResult many = Ingest(server, certs, kiosks, seconds, 50, "k");
    const int64_t stored = server.store->CheckinCount() - before;
    const double rate = many.accepted / many.seconds;
    const double alone_rate = alone.accepted / alone.seconds;
    bench::Figure f;
    f.number = 8;
    f.name = "District server ingest through nginx: " + std::to_string(kiosks) + " kiosks, 50-record batches, " +
             std::to_string(static_cast<int>(seconds)) + " s";
    f.value = rate;
    f.unit = "records/s";
    f.reference = alone_rate;
    f.reference_name = "one kiosk posting 50-record batches alone";
    f.ratio_text = bench::Ratio(rate, alone_rate);
    f.goal = "over 5000 records/s, zero 5xx, each record stored exactly once";
    f.goal_met = rate > 5000 && many.server_errors == 0 && many.failures == 0 && stored == many.accepted && many.other_status == 0;
    f.details = {{"accepted", many.accepted}, {"stored", stored}, {"requests", many.requests},
                 {"server_errors_5xx", many.server_errors}, {"no_reply", many.failures}, {"other_status", many.other_status},
                 {"seconds", many.seconds}, {"server_threads", options.threads}};
    bench::Emit(f);
}

} // namespace

int main(int argc, char** argv) {
    const bool smoke = bench::Smoke(argc, argv);
    const std::string dir = bench::Arg(argc, argv, "--dir", "bench-tmp");
    const std::string certs = bench::Arg(argc, argv, "--certs");
    const std::string source = bench::Arg(argc, argv, "--source", KIOSK_SOURCE_DIR);
    const std::string only = bench::Arg(argc, argv, "--only");
    if (certs.empty()) {
        std::cerr << "sync_bench: --certs DIR is needed (scripts/make-loopback-certs DIR makes one)\n";
        return 2;
    }
    fs::create_directories(dir);
    netsync::GlobalInit();
    try {
        if (only.empty() || only == "4") Drain(dir, certs, source, smoke ? 1000 : 100000, smoke ? 20 : 2000);
        if (only.empty() || only == "8") ServerIngest(dir, certs, source, smoke ? 8 : 200, smoke ? 2 : 30);
    } catch (const std::exception& error) {
        std::cerr << "sync_bench: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
