// Search off the UI thread: answers arrive, the newest request wins, the shown answer stays
// until its successor, and the search screen draws from it without waiting.
#include <doctest/doctest.h>

#include <atomic>

#include "kiosk/directory_cache.h"
#include "kiosk/search_worker.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "storage/hsds_import.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace kiosk;

namespace {

struct Directory {
    test::ScratchDir dir;
    std::string path = dir / "kiosk.db";
    Directory() {
        storage::Database db(path);
        storage::Migrate(db);
        auto en = storage::ReadHsdsPath(test::SampleDirectory("en"));
        REQUIRE(storage::DirectoryStore(db).ReplaceDirectory(en.Value(), {}).Ok());
    }
};

storage::ServiceQuery Query(const std::string& text) {
    storage::ServiceQuery q;
    q.text = text;
    q.locale = "en";
    q.now = *storage::ParseLocalTime("2026-11-24 16:00");
    return q;
}

} // namespace

TEST_CASE("the worker answers off the calling thread; the newest request wins") {
    Directory d;
    std::atomic<int> wakes{0};
    SearchWorker worker(d.path, [&wakes] { ++wakes; });
    CHECK(worker.Find(Query("tutor")) == nullptr);  // nothing yet: the caller never waits
    REQUIRE(worker.WaitIdle(10));
    auto answer = worker.Find(Query("tutor"));
    REQUIRE(answer);
    CHECK(answer->key == QueryKey(Query("tutor")));
    CHECK(!answer->services.empty());
    CHECK(worker.Current(Query("tutor")));
    CHECK(wakes >= 1);
    // Typing on: several requests before the worker gets to them; the last one is answered.
    for (const char* text : {"f", "fo", "foo", "food"}) (void)worker.Find(Query(text));
    REQUIRE(worker.WaitIdle(10));
    answer = worker.Find(Query("food"));
    REQUIRE(answer);
    CHECK(answer->key == QueryKey(Query("food")));
    // A directory change keeps the shown answer and asks again.
    const uint64_t before = worker.Generation();
    worker.Invalidate();
    CHECK(worker.Find(Query("food")) != nullptr);
    REQUIRE(worker.WaitIdle(10));
    CHECK(worker.Generation() > before);
}

TEST_CASE("a database the worker cannot read gives an empty answer with the reason, never a crash") {
    test::ScratchDir dir;
    test::WriteFile(dir / "broken.db", "this is not a database");
    SearchWorker worker(dir / "broken.db");
    (void)worker.Find(Query("food"));
    REQUIRE(worker.WaitIdle(10));
    auto answer = worker.Find(Query("food"));
    REQUIRE(answer);
    CHECK(answer->services.empty());
    CHECK(!answer->error.empty());
}
