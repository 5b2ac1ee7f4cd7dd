// Fuzz target: an HSDS feed (JSON service, array, list envelope or NDJSON) read and imported
// into a directory that already holds one service, as kioskctl import-directory and
// district-server directory import do. Beyond crashes: an import either replaces the
// directory with the feed's active services or changes nothing, and never leaves it empty
// without --allow-empty (an "emptying" input is a finding like a crash).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"

namespace {

void Require(bool condition) {
    if (!condition) std::abort();
}

constexpr char kSeedService[] =
    R"({"id": "seed-1", "name": "Seed Tutoring", "status": "active", "description": "Homework help.",
        "organization": {"id": "org-1", "name": "Seed Org"}})";

storage::Database& Directory() {
    static std::unique_ptr<storage::Database> db = [] {
        auto d = std::make_unique<storage::Database>(":memory:");
        storage::Migrate(*d);
        auto seed = hsds::ParseHsdsText(kSeedService, "seed");
        Require(seed.Ok());
        storage::ReplaceOptions options;
        options.version = "seed";
        Require(storage::DirectoryStore(*d).ReplaceDirectory(seed.Value(), options).Ok());
        return d;
    }();
    return *db;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    auto feed = hsds::ParseHsdsText(input, "fuzz");
    if (!feed) {
        Require(!feed.Error().empty());
        return 0;
    }
    storage::Database& db = Directory();
    storage::DirectoryStore store(db);
    const auto before = store.Info();
    storage::ReplaceOptions options;
    options.version = "fuzz";
    auto report = store.ReplaceDirectory(feed.Value(), options);
    const auto after = store.Info();
    Require(after.services > 0);  // never emptied without allow_empty
    if (!report) {
        Require(!report.Error().empty() && after.services == before.services && after.version == before.version);
    }
    return 0;
}
