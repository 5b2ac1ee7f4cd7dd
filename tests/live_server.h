// The real district server for tests: SqliteDistrictStore and HttpServer in this process, on
// a free loopback port, over HTTPS with the throwaway CA of scripts/make-loopback-certs
// (KIOSK_TEST_CERTS), loaded with the sample directory, programs and roster.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "server/http_server.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "hsds/reader.h"
#include "storage/program_import.h"
#include "sync/https_client.h"
#include "test_support.h"

namespace test {

inline std::string Cert(const std::string& name) { return std::string(KIOSK_TEST_CERTS) + "/" + name; }

// The real district server, in this process, on a free loopback port.
struct LiveServer {
    test::ScratchDir dir;
    std::unique_ptr<district::SqliteDistrictStore> store;
    district::ServerOptions options;
    std::unique_ptr<district::HttpServer> http;
    std::thread thread;
    int port = 0;

    explicit LiveServer(bool with_data = true) {
        store = std::make_unique<district::SqliteDistrictStore>(dir.Path().string(), true);
        options.cert_file = Cert("server.pem");
        options.key_file = Cert("server.key");
        options.port = 0;
        options.log = [](const std::string& line) {
            if (line.find(" 200 ") == std::string::npos && line.find(" 304 ") == std::string::npos) std::fprintf(stderr, "server: %s\n", line.c_str());
        };
        if (with_data) Load();
    }
    ~LiveServer() { Stop(); }
    void Load() {
        auto en = hsds::ReadHsdsPath(test::SampleDirectory("en"));
        REQUIRE(en.Ok());
        storage::ReplaceOptions o;
        o.locale = "en";
        REQUIRE(store->ReplaceDirectory(en.Value(), o).Ok());
        auto es = hsds::ReadHsdsPath(test::SampleDirectory("es"));
        REQUIRE(store->ImportTranslation(es.Value(), "es").Ok());
        auto programs = storage::ReadProgramsFile(test::SourceDir() + "/assets/checkin/programs.json");
        REQUIRE(store->ReplacePrograms(programs->programs).Ok());
        auto roster = storage::ReadRosterFile(test::SourceDir() + "/assets/checkin/roster.csv");
        REQUIRE(store->ReplaceRoster(roster->students).Ok());
    }
    void Start() {
        options.port = port;  // the same port again after a Stop()
        http = std::make_unique<district::HttpServer>(*store, options);
        auto bound = http->Bind();
        REQUIRE_MESSAGE(bound.Ok(), bound.Error());
        port = bound.Value();
        thread = std::thread([this] { http->Run(); });
        // Ready when a TLS request gets an answer.
        netsync::HttpsClient probe(Url(), Tls(), "probe");
        for (int i = 0; i < 200; ++i) {
            if (probe.Get("health").Ok()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    void Stop() {
        if (!http) return;
        http->Stop();
        thread.join();
        http.reset();
    }
    std::string Url() const { return "https://127.0.0.1:" + std::to_string(port) + "/"; }
    static netsync::TlsOptions Tls() {
        netsync::TlsOptions tls;
        tls.ca_file = Cert("ca.pem");
        tls.low_speed_bytes_per_second = 1000;
        tls.low_speed_seconds = 2;
        return tls;
    }
    std::string Enroll(const std::string& name, const std::string& school = "") {
        const std::string token = district::NewToken();
        REQUIRE(store->AddKiosk(name, school, district::HashToken(token)).Ok());
        return token;
    }
};

} // namespace test
