// The sync engine: one full sync with the district server as docs/sync-protocol.md lays it
// out — push check-ins (oldest first, batches of up to 500), heartbeat, then pull programs,
// roster and the directory — and the retry rules between syncs.
// Threads: a SyncEngine runs on the sync thread with that thread's own Database and
// HttpsClient. Other threads read its results from the sync_state table (ReadSyncStatus).
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "sync/https_client.h"

namespace storage {
class Database;
}

namespace netsync {

struct SyncSettings {
    std::string server_url;
    TlsOptions tls;
    std::string token;                       // never logged, never shown
    std::string app_version = "0.1.0";
    std::string default_language = "en";
    std::vector<std::string> languages = {"en"};  // directory text is fetched for each
    int batch_size = 500;
    int directory_page_size = 100;
    int directory_deadline_seconds = 600;    // a whole directory pull; past it the old directory stays
};

enum class SyncResult {
    Complete,          // every pending record acknowledged, directory current
    Partial,           // some step failed; retry after RetryAfterSeconds()
    NeedsEnrollment,   // 401/403: stop until staff re-enrol the kiosk
};

// What staff and `kioskctl status` see, kept in sync_state so any connection can read it.
struct SyncStatus {
    std::string last_success;       // RFC 3339 UTC, "" = never
    std::string last_attempt;
    std::string last_error;         // plain words; never contains the token
    int64_t clock_offset_seconds = 0;  // server Date minus our clock at the last reply
    bool needs_enrollment = false;
    std::string directory_etag;
    int64_t retry_at = 0;           // unix seconds; 0 = whenever
};

class SyncEngine {
public:
    SyncEngine(storage::Database& db, SyncSettings settings);

    SyncResult RunOnce();
    // How long to wait before the next attempt after a Partial result: the server's
    // Retry-After if it gave one, else full-jitter exponential backoff (base 2 s, cap 5 min).
    double RetryAfterSeconds();
    int ConsecutiveFailures() const { return m_failures; }
    // Seconds left of the wait a server asked for with Retry-After (kept in the database
    // across runs and restarts); 0 when none. RunOnce() does not contact the server before.
    int64_t WaitRequestedByServer();

    static double Backoff(int attempt, std::mt19937& random);  // full jitter

private:
    bool PushCheckins(std::string& error);
    bool Heartbeat(std::string& error);
    bool PullPrograms(std::string& error);
    bool PullRoster(std::string& error);
    bool PullVersioned(const std::string& path, const char* what, const char* etag_key,
                       const std::function<std::string(const std::string& body, const std::string& etag)>& apply,
                       std::string& error);
    bool PullDirectory(std::string& error);
    // Shared handling of a reply: Date header, 401/403, 429/503. Returns false if the
    // reply means "stop this sync".
    bool Judge(const HttpResponse& response, const std::string& what, std::string& error);
    std::map<std::string, std::string> AuthHeaders() const;

    storage::Database& m_db;
    SyncSettings m_settings;
    HttpsClient m_client;
    std::mt19937 m_random;
    int m_failures = 0;
    double m_retry_after = -1;   // from the server, this attempt
    bool m_needs_enrollment = false;
};

SyncStatus ReadSyncStatus(storage::Database& db);

} // namespace netsync
