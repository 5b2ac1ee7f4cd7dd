// The kiosk's key-value state. See kiosk_state.h.
#include "storage/kiosk_state.h"

#include "storage/database.h"

namespace storage {

std::string ReadState(Database& db, const std::string& key) {
    Statement& s = db.Cached("SELECT value FROM sync_state WHERE key = ?1");
    s.Bind(1, key);
    std::string value = s.Step() ? s.Text(0) : std::string();
    s.Reset();
    return value;
}

void WriteState(Database& db, const std::string& key, const std::string& value) {
    Statement& s = db.Cached("INSERT OR REPLACE INTO sync_state(key, value) VALUES(?1, ?2)");
    s.Bind(1, key).Bind(2, value).Run();
    s.Reset();
}

int64_t ReadStateInt(Database& db, const std::string& key, int64_t fallback) {
    const std::string text = ReadState(db, key);
    try {
        size_t used = 0;
        const int64_t value = std::stoll(text, &used);
        return used == text.size() ? value : fallback;
    } catch (...) {
        return fallback;
    }
}

} // namespace storage
