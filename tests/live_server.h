// The real district server for tests: a DistrictStore and HttpServer in this process, on
// a free loopback port, over HTTPS with the throwaway CA of scripts/make-loopback-certs
// (KIOSK_TEST_CERTS), loaded with the sample directory, programs and roster.
// The store is SQLite, or PostgreSQL when DISTRICT_TEST_DATABASE names a server (ctest
// district_server_postgres runs the same tests through tests/with_postgres.sh): each store
// then gets a database of its own on that server.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <memory>
#include <string>
#include <thread>

#include "server/http_server.h"
#include "server/pg.h"
#include "server/postgres_district_store.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "hsds/reader.h"
#include "storage/program_import.h"
#include "sync/https_client.h"
#include "test_support.h"

namespace test {

inline std::string Cert(const std::string& name) { return std::string(KIOSK_TEST_CERTS) + "/" + name; }

// The PostgreSQL server the district tests run against, or "" for SQLite.
inline std::string PostgresUnderTest() {
    const char* env = std::getenv("DISTRICT_TEST_DATABASE");
    return env && *env ? env : "";
}

// One store's database, SQLite in `dir` or a fresh PostgreSQL database, with raw access to it
// for the tests that check what the database itself holds or refuses.
struct StoreUnderTest {
    std::string dir;
    std::string conninfo;  // "" = SQLite

    explicit StoreUnderTest(std::string folder) : dir(std::move(folder)) {
        const std::string server = PostgresUnderTest();
        if (server.empty()) return;
        static std::atomic<int> counter{0};
        const std::string name = "district_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
        pg::Connection admin(server);
        admin.Exec("CREATE DATABASE " + name);
        conninfo = server + " dbname=" + name;
    }
    std::unique_ptr<district::DistrictStore> Open(bool create = true) const {
        if (conninfo.empty()) return std::make_unique<district::SqliteDistrictStore>(dir, create);
        return std::make_unique<district::PostgresDistrictStore>(conninfo, dir + "/cache", true);
    }
    // Runs SQL on the store's database as the server's own user would; throws storage::DbError.
    void Exec(const std::string& sql) const {
        if (conninfo.empty()) {
            storage::Database db(district::SqliteDistrictStore::DatabasePath(dir));
            db.Exec(sql);
        } else {
            pg::Connection db(conninfo);
            db.ExecScript(sql);
        }
    }
    // Every byte the database keeps, as far as a test can read it: the SQLite file and its
    // WAL, or every table's rows as text.
    std::string Everything() const {
        std::stringstream bytes;
        if (conninfo.empty()) {
            std::ifstream in(district::SqliteDistrictStore::DatabasePath(dir), std::ios::binary);
            bytes << in.rdbuf();
            std::ifstream wal(district::SqliteDistrictStore::DatabasePath(dir) + "-wal", std::ios::binary);
            bytes << wal.rdbuf();
            return bytes.str();
        }
        pg::Connection db(conninfo);
        pg::Rows tables = db.Exec("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
        for (int i = 0; i < tables.Count(); ++i) {
            pg::Rows rows = db.Exec("SELECT t::text FROM " + tables.Text(i, 0) + " t");
            for (int j = 0; j < rows.Count(); ++j) bytes << rows.Text(j, 0) << "\n";
        }
        return bytes.str();
    }
};

// The real district server, in this process, on a free loopback port.
struct LiveServer {
    test::ScratchDir dir;
    StoreUnderTest database{dir.Path().string()};
    std::unique_ptr<district::DistrictStore> store;
    district::ServerOptions options;
    std::unique_ptr<district::HttpServer> http;
    std::thread thread;
    int port = 0;

    explicit LiveServer(bool with_data = true) {
        store = database.Open();
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
