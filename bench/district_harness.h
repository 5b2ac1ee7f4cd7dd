// The district server as the sync benchmarks run it (in-process, behind nginx as shipped or
// over HTTPS directly) and simulated kiosks posting to it. Shared by sync_bench (figures 4, 8)
// and postgres_bench (figures 13-15).
#pragma once

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/time_text.h"
#include "bench/bench_common.h"
#include "hsds/reader.h"
#include "server/http_server.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "storage/program_import.h"
#include "sync/https_client.h"

namespace bench {

namespace fs = std::filesystem;
using nlohmann::json;

struct Server {
    std::unique_ptr<district::DistrictStore> store;
    std::unique_ptr<district::HttpServer> http;
    std::thread thread;
    int port = 0;

    std::string stack;  // behind nginx (scripts/district-stack), as shipped; "" = HTTPS served in-process
    std::string stack_script;

    // `shared`: another instance's database (PostgreSQL), already loaded; null: a store of its own in `dir`.
    Server(const std::string& dir, const std::string& certs, const std::string& source, district::ServerOptions options,
           bool behind_nginx = false, std::unique_ptr<district::DistrictStore> shared = nullptr, bool load_shared = false) {
        const bool load = !shared || load_shared;
        fs::remove_all(dir);
        fs::create_directories(dir);
        store = shared ? std::move(shared) : std::make_unique<district::SqliteDistrictStore>(dir, true);
        if (load) Load(source);
        Listen(dir, certs, source, options, behind_nginx);
    }
    void Load(const std::string& source) {
        auto programs = storage::ReadProgramsFile(source + "/assets/checkin/programs.json");
        (void)store->ReplacePrograms(programs->programs);
        auto directory = hsds::ReadHsdsPath(source + "/assets/directory/directory.en.json");
        storage::ReplaceOptions o;
        (void)store->ReplaceDirectory(directory.Value(), o);
    }
    void Listen(const std::string& dir, const std::string& certs, const std::string& source, district::ServerOptions options, bool behind_nginx) {
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

inline netsync::TlsOptions Tls(const std::string& certs) {
    netsync::TlsOptions tls;
    tls.ca_file = certs + "/ca.pem";
    return tls;
}

struct IngestResult {
    double seconds = 0;
    int64_t accepted = 0;
    int64_t other_status = 0;
    int64_t server_errors = 0;   // 5xx
    int64_t failures = 0;        // no reply at all
    int64_t requests = 0;
};

// `kiosks` simulated kiosks posting `batch`-record batches for `seconds`; kiosk k posts to
// servers[k % servers.size()] (instances sharing one database: enrolled through the first).
inline IngestResult Ingest(const std::vector<Server*>& servers, const std::string& certs, int kiosks, double seconds, int batch,
                           const std::string& prefix) {
    Server& server = *servers.front();
    std::vector<std::string> tokens;
    for (int k = 0; k < kiosks; ++k) tokens.push_back(server.Enroll(prefix + std::to_string(k)));
    std::atomic<int64_t> accepted{0}, other{0}, errors{0}, failures{0}, requests{0};
    std::atomic<bool> go{false};
    const double t0 = bench::NowSeconds();
    std::vector<std::thread> threads;
    for (int k = 0; k < kiosks; ++k) {
        threads.emplace_back([&, k] {
            netsync::HttpsClient client(servers[static_cast<size_t>(k) % servers.size()]->Url(), Tls(certs), "kiosk/bench");
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

} // namespace bench
