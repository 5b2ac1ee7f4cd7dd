// See version_cache.h.
#include "storage/version_cache.h"

#include <algorithm>

namespace storage {
namespace {

struct Entry {
    std::shared_ptr<const void> value;
    std::string path, version;
    uint64_t used = 0;
};
std::mutex g_lock;
std::map<std::string, Entry>* g_entries = nullptr;  // leaked: used until exit by any thread
uint64_t g_clock = 0;

} // namespace

std::shared_ptr<const void> VersionCache::Find(const std::string& key) {
    std::lock_guard guard(g_lock);
    if (!g_entries) return nullptr;
    auto it = g_entries->find(key);
    if (it == g_entries->end()) return nullptr;
    it->second.used = ++g_clock;
    return it->second.value;
}

void VersionCache::Put(const std::string& path, const std::string& version, const std::string& key, std::shared_ptr<const void> value) {
    std::lock_guard guard(g_lock);
    if (!g_entries) g_entries = new std::map<std::string, Entry>();
    std::erase_if(*g_entries, [&](const auto& entry) { return entry.second.path == path && entry.second.version != version; });
    while (g_entries->size() >= kMaxEntries) {
        auto oldest = std::min_element(g_entries->begin(), g_entries->end(),
                                       [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
        g_entries->erase(oldest);
    }
    g_entries->insert_or_assign(key, Entry{std::move(value), path, version, ++g_clock});
}

} // namespace storage
