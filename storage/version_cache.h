// Values computed from a database file's contents, kept in memory while the contents stay
// the same: the search index's vocabulary (search_text.h) and what search results show
// (directory_store.cpp). The caller names the version (a value the writer changes with the
// contents, read in the caller's transaction); a new version of a file replaces the old one's
// values. At most kMaxEntries are kept, the least recently used go first: the district server
// reads each version of its directory from a file of its own, so files come and go.
// Threads: any; values are built outside the lock (two threads may both build one; one wins).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace storage {

class VersionCache {
public:
    static constexpr size_t kMaxEntries = 16;

    template <typename T>
    static std::shared_ptr<const T> Get(const std::string& path, const std::string& version, const std::string& what,
                                        const std::function<std::shared_ptr<const T>()>& build) {
        const std::string key = path + "\n" + version + "\n" + what;
        if (auto found = Find(key)) return std::static_pointer_cast<const T>(found);
        std::shared_ptr<const T> built = build();
        Put(path, version, key, built);
        return built;
    }

private:
    static std::shared_ptr<const void> Find(const std::string& key);
    static void Put(const std::string& path, const std::string& version, const std::string& key, std::shared_ptr<const void> value);
};

} // namespace storage
