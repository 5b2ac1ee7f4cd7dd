// Search off the UI thread: answers arrive, the newest request wins, the shown answer stays
// until its successor, and the search screen draws from it without waiting.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "kiosk/app/directory_cache.h"
#include "kiosk/app/search_model.h"
#include "kiosk/app/search_worker.h"
#include "kiosk/app/ui_inbox.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
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
        auto en = hsds::ReadHsdsPath(test::SampleDirectory("en"));
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

// Drains the inbox until an answer for `key` arrives (as the loop does each frame).
std::shared_ptr<const SearchWorker::Answer> AnswerFor(UiInbox& inbox, std::shared_ptr<const SearchWorker::Answer>& last,
                                                      const std::string& key) {
    for (int i = 0; i < 100 && !(last && last->key == key); ++i) {
        if (inbox.WaitForPost(0.1)) inbox.Drain();
    }
    return last && last->key == key ? last : nullptr;
}

} // namespace

TEST_CASE("the worker answers off the calling thread, through the inbox; the newest request wins") {
    Directory d;
    std::atomic<int> wakes{0};
    UiInbox inbox([&wakes] { ++wakes; });
    std::shared_ptr<const SearchWorker::Answer> last;
    int delivered = 0;
    const auto ui_thread = std::this_thread::get_id();
    bool on_ui_thread = true;
    SearchWorker worker(d.path, inbox, [&](std::shared_ptr<const SearchWorker::Answer> answer) {
        on_ui_thread = on_ui_thread && std::this_thread::get_id() == ui_thread;
        ++delivered;
        last = std::move(answer);
    });
    worker.Ask(Query("tutor"), 7);
    CHECK(delivered == 0);  // the caller never waits: nothing is delivered until it drains
    auto answer = AnswerFor(inbox, last, QueryKey(Query("tutor")));
    REQUIRE(answer);
    CHECK(answer->epoch == 7);
    CHECK(!answer->services.empty());
    CHECK(on_ui_thread);
    CHECK(wakes >= 1);
    // Typing on: several requests before the worker gets to them; the last one is answered
    // last, and none after it.
    for (const char* text : {"f", "fo", "foo", "food"}) worker.Ask(Query(text), 7);
    answer = AnswerFor(inbox, last, QueryKey(Query("food")));
    REQUIRE(answer);
    CHECK(delivered <= 6);
}

TEST_CASE("the search model shows the last answer until the new one arrives, and drops answers from before a directory change") {
    Directory d;
    storage::Database db(d.path);
    storage::DirectoryStore store(db);
    DirectoryCache cache(store);
    SearchModel search(cache);
    UiInbox inbox;
    SearchWorker worker(d.path, inbox, [&search](std::shared_ptr<const SearchWorker::Answer> a) { search.Receive(std::move(a)); });
    search.UseWorker(&worker);
    KioskModel model;
    KioskConfig config;
    const auto now = *storage::ParseLocalTime("2026-11-24 16:00");
    model.OpenSearch();
    model.SearchText() = "tutor";
    auto found = search.Find(model, config, now);
    CHECK(found.waiting);
    CHECK(found.services->empty());
    for (int i = 0; i < 100 && search.Answers() == 0; ++i) {
        if (inbox.WaitForPost(0.1)) inbox.Drain();
    }
    found = search.Find(model, config, now);
    REQUIRE_FALSE(found.waiting);
    REQUIRE(!found.services->empty());
    const size_t tutors = found.services->size();
    // The next letter: the old answer stays on screen while the new one is on its way.
    model.SearchText() = "tutorzzzz";  // no word of the index is within two edits of it
    found = search.Find(model, config, now);
    CHECK(found.waiting);
    CHECK(found.services->size() == tutors);
    // The directory changes before that answer arrives: it is dropped, and the question is
    // asked again of the new directory.
    search.Invalidate();
    for (int i = 0; i < 100 && search.Answers() < 2; ++i) {
        if (inbox.WaitForPost(0.1)) inbox.Drain();
    }
    CHECK(search.Find(model, config, now).waiting);  // the stale answer was not taken
    for (int i = 0; i < 100 && search.Answers() < 3; ++i) {
        if (inbox.WaitForPost(0.1)) inbox.Drain();
    }
    found = search.Find(model, config, now);
    CHECK_FALSE(found.waiting);
    CHECK(found.services->empty());  // "tutorzzzz" finds nothing, typos forgiven or not
}

TEST_CASE("a database the worker cannot read gives an empty answer with the reason, never a crash") {
    test::ScratchDir dir;
    test::WriteFile(dir / "broken.db", "this is not a database");
    UiInbox inbox;
    std::shared_ptr<const SearchWorker::Answer> last;
    SearchWorker worker(dir / "broken.db", inbox, [&last](std::shared_ptr<const SearchWorker::Answer> a) { last = std::move(a); });
    worker.Ask(Query("food"), 0);
    auto answer = AnswerFor(inbox, last, QueryKey(Query("food")));
    REQUIRE(answer);
    CHECK(answer->services.empty());
    CHECK(!answer->error.empty());
}
