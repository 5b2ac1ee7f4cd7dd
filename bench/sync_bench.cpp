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
#include "bench/district_harness.h"
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

using bench::Server;
using bench::Tls;
using bench::IngestResult;

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

void ServerIngest(const std::string& dir, const std::string& certs, const std::string& source, int kiosks, double seconds) {
    district::ServerOptions options;  // the defaults a district runs with, behind nginx as shipped
    Server server(dir + "/ingest-server", certs, source, options, /*behind_nginx=*/true);
    // Reference first, on the same server: one kiosk posting alone.
    const IngestResult alone = bench::Ingest({&server}, certs, 1, std::max(1.0, seconds / 6), 50, "solo");
    const int64_t before = server.store->CheckinCount();
    const IngestResult many = bench::Ingest({&server}, certs, kiosks, seconds, 50, "k");
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
