// Open Referral's HSDS 3.0 examples (../shared/hsds-examples beside the checkout) served as an
// HSDS API by the district server and read by the kiosk's sync engine over real HTTPS: the
// kiosk ends up with what the example files say. Without the folder this program exits 77,
// which ctest reports as skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "server/http_server.h"
#include "server/sqlite_district_store.h"
#include "server/tokens.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "sync/https_client.h"
#include "sync/sync_engine.h"
#include "test_support.h"

namespace {

std::string ExamplesDir() {
    if (const char* env = std::getenv("HSDS_EXAMPLES_DIR")) return env;
    return test::SourceDir() + "/../shared/hsds-examples";
}

std::string Cert(const std::string& name) { return std::string(KIOSK_TEST_CERTS) + "/" + name; }

// Serves `example` (a file or the CSV folder) and syncs a fresh kiosk from it; returns what
// the kiosk stored for the example's service, next to what a direct import of the file gives.
void ServeAndSync(const std::string& example) {
    CAPTURE(example);
    test::ScratchDir server_dir;
    district::SqliteDistrictStore store(server_dir.Path().string(), true);
    auto feed = hsds::ReadHsdsPath(ExamplesDir() + "/" + example);
    REQUIRE_MESSAGE(feed.Ok(), feed.Error());
    storage::ReplaceOptions options;
    REQUIRE(store.ReplaceDirectory(feed.Value(), options).Ok());
    REQUIRE(store.ReplacePrograms({}).Ok());
    const std::string token = district::NewToken();
    REQUIRE(store.AddKiosk("conformance", "", district::HashToken(token)).Ok());
    district::ServerOptions server_options;
    server_options.cert_file = Cert("server.pem");
    server_options.key_file = Cert("server.key");
    server_options.port = 0;
    district::HttpServer server(store, server_options);
    auto port = server.Bind();
    REQUIRE_MESSAGE(port.Ok(), port.Error());
    std::thread serving([&] { server.Run(); });

    test::ScratchDir kiosk_dir;
    storage::Database kiosk(kiosk_dir / "kiosk.db");
    storage::Migrate(kiosk);
    netsync::SyncSettings settings;
    settings.server_url = "https://127.0.0.1:" + std::to_string(port.Value()) + "/";
    settings.tls.ca_file = Cert("ca.pem");
    settings.token = token;
    settings.languages = {"en"};
    netsync::SyncEngine engine(kiosk, settings);
    netsync::SyncResult result = netsync::SyncResult::Partial;
    for (int attempt = 0; attempt < 50 && result != netsync::SyncResult::Complete; ++attempt) {
        result = engine.RunOnce();  // the first may race the listener starting
        if (result != netsync::SyncResult::Complete) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    server.Stop();
    serving.join();
    REQUIRE_MESSAGE(result == netsync::SyncResult::Complete, netsync::ReadSyncStatus(kiosk).last_error);

    // The kiosk holds what a direct import of the example holds, field by field.
    test::ScratchDir direct_dir;
    storage::Database direct(direct_dir / "direct.db");
    storage::Migrate(direct);
    REQUIRE(storage::DirectoryStore(direct).ReplaceDirectory(feed.Value(), options).Ok());
    storage::DirectoryStore synced(kiosk), imported(direct);
    const auto ids = imported.ServiceIds();
    REQUIRE(!ids.empty());
    CHECK(synced.ServiceIds() == ids);
    for (const auto& id : ids) {
        const auto a = synced.Get(id, "en");
        const auto b = imported.Get(id, "en");
        REQUIRE(a);
        REQUIRE(b);
        CHECK(a->service.name == b->service.name);
        CHECK(a->service.description == b->service.description);
        CHECK(a->service.eligibility_description == b->service.eligibility_description);
        CHECK(a->service.minimum_age == b->service.minimum_age);
        CHECK(a->service.maximum_age == b->service.maximum_age);
        CHECK(a->organization.name == b->organization.name);
        CHECK(a->spoken_languages == b->spoken_languages);
        REQUIRE(a->service.phones.size() == b->service.phones.size());
        for (size_t i = 0; i < a->service.phones.size(); ++i) {
            CHECK(a->service.phones[i].number == b->service.phones[i].number);
            CHECK(a->service.phones[i].extension == b->service.phones[i].extension);
        }
        REQUIRE(a->locations.size() == b->locations.size());
        for (size_t i = 0; i < a->locations.size(); ++i) {
            CHECK(a->locations[i].name == b->locations[i].name);
            REQUIRE(a->locations[i].addresses.size() == b->locations[i].addresses.size());
            for (size_t j = 0; j < a->locations[i].addresses.size(); ++j) {
                CHECK(a->locations[i].addresses[j].address_1 == b->locations[i].addresses[j].address_1);
                CHECK(a->locations[i].addresses[j].postal_code == b->locations[i].addresses[j].postal_code);
            }
        }
        REQUIRE(a->service.schedules.size() == b->service.schedules.size());
        for (size_t i = 0; i < a->service.schedules.size(); ++i) {
            CHECK(a->service.schedules[i].byday == b->service.schedules[i].byday);
            CHECK(a->service.schedules[i].opens_at == b->service.schedules[i].opens_at);
            CHECK(a->service.schedules[i].closes_at == b->service.schedules[i].closes_at);
        }
        CHECK(a->categories.size() == b->categories.size());
    }
}

} // namespace

TEST_CASE("the example service, served as an HSDS API, reaches the kiosk as the file describes it") {
    ServeAndSync("service_full.json");
}

TEST_CASE("the example list envelope and organization, served and synced") {
    ServeAndSync("service_list.json");
    ServeAndSync("organization_full.json");
}

TEST_CASE("the example CSV package, served and synced") { ServeAndSync("csv"); }

int main(int argc, char** argv) {
    if (!std::filesystem::is_directory(ExamplesDir())) {
        std::cout << "SKIPPED: the HSDS examples folder " << ExamplesDir()
                  << " is not there (it sits beside the checkout as shared/hsds-examples); "
                     "set HSDS_EXAMPLES_DIR to run these tests\n";
        return 77;
    }
    netsync::GlobalInit();
    doctest::Context context(argc, argv);
    return context.run();
}
