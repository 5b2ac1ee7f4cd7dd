// storage/version_cache.h: values kept per database file and version, bounded.
#include <doctest/doctest.h>

#include <string>

#include "storage/version_cache.h"

using storage::VersionCache;

namespace {

struct Built {
    int number = 0;
};

// Gets (path, version) and says whether it had to be built.
bool Builds(const std::string& path, const std::string& version, int number = 0) {
    bool built = false;
    auto value = VersionCache::Get<Built>(path, version, "test", [&] {
        built = true;
        return std::make_shared<const Built>(Built{number});
    });
    CHECK(value != nullptr);
    return built;
}

} // namespace

TEST_CASE("a value is built once per file and version; a new version replaces the old") {
    CHECK(Builds("/cache-test/a.db", "1"));
    CHECK_FALSE(Builds("/cache-test/a.db", "1"));
    CHECK(Builds("/cache-test/a.db", "2"));
    CHECK(Builds("/cache-test/a.db", "1"));  // version 1 went when 2 came
    CHECK(Builds("/cache-test/b.db", "1"));  // another file with the same version is another value
    CHECK_FALSE(Builds("/cache-test/a.db", "1"));
    // The value built is the value got.
    auto first = VersionCache::Get<Built>("/cache-test/c.db", "7", "test", [] { return std::make_shared<const Built>(Built{7}); });
    auto again = VersionCache::Get<Built>("/cache-test/c.db", "7", "test", [] { return std::make_shared<const Built>(Built{8}); });
    CHECK(again->number == 7);
    CHECK(again == first);
}

TEST_CASE("files that come and go (a file per version, as the district server reads them) are bounded") {
    const size_t files = VersionCache::kMaxEntries * 3;
    for (size_t i = 0; i < files; ++i) CHECK(Builds("/cache-test/churn-" + std::to_string(i) + ".db", "1"));
    // The newest are kept, the oldest were let go.
    CHECK_FALSE(Builds("/cache-test/churn-" + std::to_string(files - 1) + ".db", "1"));
    CHECK(Builds("/cache-test/churn-0.db", "1"));
    // One used again and again is kept while others come and go.
    CHECK(Builds("/cache-test/hot.db", "1"));
    for (size_t i = 0; i < files; ++i) {
        CHECK_FALSE(Builds("/cache-test/hot.db", "1"));
        (void)Builds("/cache-test/other-" + std::to_string(i) + ".db", "1");
    }
}
