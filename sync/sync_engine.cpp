// The sync engine. See sync_engine.h and docs/sync-protocol.md.
#include "sync/sync_engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "storage/kiosk_state.h"
#include "hsds/reader.h"
#include "storage/program_import.h"

namespace netsync {

using nlohmann::json;

namespace {

constexpr int kMaxDirectoryRestarts = 3;
constexpr int64_t kMaxDirectoryServices = 1000000;  // a statewide 211 holds tens of thousands

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// "Sun, 23 Nov 2026 15:05:00 GMT" -> unix seconds; 0 when it is not an HTTP date.
int64_t ParseHttpDate(const std::string& text) {
    std::tm tm{};
    if (!strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return 0;
    return static_cast<int64_t>(timegm(&tm));
}

} // namespace

SyncEngine::SyncEngine(storage::Database& db, SyncSettings settings)
    : m_db(db),
      m_settings(std::move(settings)),
      m_client(m_settings.server_url, m_settings.tls, "kiosk/" + m_settings.app_version),
      m_random(std::random_device{}()) {}

double SyncEngine::Backoff(int attempt, std::mt19937& random) {
    const double cap = 300.0;
    const double ceiling = std::min(cap, 2.0 * std::pow(2.0, std::min(attempt, 20)));
    return std::uniform_real_distribution<double>(0.0, ceiling)(random);
}

double SyncEngine::RetryAfterSeconds() {
    if (m_retry_after >= 0) return m_retry_after;
    return Backoff(std::max(0, m_failures - 1), m_random);
}

std::map<std::string, std::string> SyncEngine::AuthHeaders() const {
    return {{"Authorization", "Bearer " + m_settings.token}, {"Accept", "application/json"}};
}

bool SyncEngine::Judge(const HttpResponse& response, const std::string& what, std::string& error) {
    if (const int64_t server_time = ParseHttpDate(response.Header("date")); server_time > 0) {
        storage::CheckinStore(m_db).SawTime(server_time);  // the newest time seen feeds the trusted-clock rule
        storage::WriteState(m_db, "clock_offset_seconds", std::to_string(server_time - Now()));
    }
    if (response.status == 401 || response.status == 403) {
        m_needs_enrollment = true;
        // Student names are kept only while the kiosk is enrolled. Check-ins are still
        // recorded (unverified) and nothing queued is touched.
        (void)storage::CheckinStore(m_db).ReplaceRoster({}, "");
        error = "the server refused this kiosk's token (" + std::to_string(response.status) +
                "): it must be enrolled again by district IT";
        return false;
    }
    if (response.status == 429 || response.status == 503) {
        const std::string retry = response.Header("retry-after");
        double seconds = 60;
        try {
            seconds = std::stod(retry);
        } catch (...) {
            if (const int64_t at = ParseHttpDate(retry); at > 0) seconds = static_cast<double>(std::max<int64_t>(0, at - Now()));
        }
        m_retry_after = std::clamp(seconds, 0.0, 3600.0);
        // Kept in the database, so the next `kioskctl sync` or a restarted kiosk waits too.
        storage::WriteState(m_db, "retry_not_before", std::to_string(Now() + static_cast<int64_t>(std::ceil(m_retry_after))));
        error = what + ": the server is busy (" + std::to_string(response.status) + "); trying again in " +
                std::to_string(static_cast<int>(m_retry_after)) + " s";
        return false;
    }
    if (response.status >= 500) {
        error = what + ": the server had an error (" + std::to_string(response.status) + ")";
        return false;
    }
    return true;
}

bool SyncEngine::PushCheckins(std::string& error) {
    storage::CheckinStore store(m_db);
    int batch = m_settings.batch_size;
    for (;;) {
        const auto pending = store.Pending(batch);
        if (pending.empty()) return true;
        json records = json::array();
        for (const auto& r : pending) {
            json record = {{"id", r.id}, {"student_id", r.student_id}, {"program_id", r.program_id},
                           {"kind", storage::KindText(r.kind)}, {"at", r.at}, {"clock_trusted", r.clock_trusted}};
            if (!r.verified) record["verified"] = false;     // not on the roster: the district reviews it
            if (!r.corrects.empty()) record["corrects"] = r.corrects;  // a staff action on that record
            if (!r.collected_by.empty()) record["collected_by"] = r.collected_by;  // released to this adult
            if (!r.released_by.empty()) {
                record["released_by"] = r.released_by;  // released by staff, without a code
                record["release_reason"] = r.release_reason;
            }
            records.push_back(std::move(record));
        }
        const std::time_t now = std::time(nullptr);
        std::tm tm{};
        localtime_r(&now, &tm);
        const json body = {{"kiosk_time", base::Rfc3339(static_cast<int64_t>(now), static_cast<int>(tm.tm_gmtoff))},
                           {"records", records}};
        auto response = m_client.Post("kiosk/v1/checkins", body.dump(), AuthHeaders());
        if (!response) {
            error = "sending check-ins: " + response.Error();
            return false;
        }
        if (!Judge(response.Value(), "sending check-ins", error)) return false;
        if (response->status == 413) {
            if (batch == 1) {
                error = "sending check-ins: the server refuses even a single record as too large";
                return false;
            }
            // Too large: halve what was sent (not the configured size: 20 pending records
            // under a batch size of 500 would take five more 413s before any halving showed).
            batch = std::max(1, static_cast<int>(pending.size()) / 2);
            continue;
        }
        if (response->status == 400) {
            // A corrupt record (or a bug). The server names the field; when it is one record's,
            // that record is marked rejected with the server's words (kept, shown to staff) and
            // the rest go on. Otherwise halve the batch to isolate it; a 400 that no record
            // explains is never blamed on a record: it is an error, retried later.
            const json reply = json::parse(response->body, nullptr, false);
            const std::string field = reply.is_object() ? reply.value("field", "") : "";
            const std::string message = reply.is_object() ? reply.value("error", "") : "";
            size_t index = 0;
            if (std::sscanf(field.c_str(), "records[%zu]", &index) == 1 && index < pending.size()) {
                store.MarkRejected(pending[index].id, "the server refused it: " + (message.empty() ? field : message));
                continue;
            }
            if (batch > 1 && field.empty()) {
                batch = std::max(1, static_cast<int>(pending.size()) / 2);
                continue;
            }
            error = "sending check-ins: the server refused the request (" + (message.empty() ? "400" : message) + ")";
            return false;
        }
        if (response->status != 200) {
            error = "sending check-ins: unexpected answer " + std::to_string(response->status);
            return false;
        }
        const json reply = json::parse(response->body, nullptr, false);
        if (reply.is_discarded() || !reply.is_object() || !reply.contains("results") || !reply["results"].is_array()) {
            error = "sending check-ins: the server's reply was not understood; nothing was marked as sent";
            return false;
        }
        // Each record the server answered for leaves the queue: accepted and duplicate as
        // acknowledged, rejected as rejected (kept with the server's reason, shown to staff).
        // A rejection is an answer, not a failure. Fields of the wrong type are read as absent.
        std::vector<std::string> acknowledged;
        size_t rejected = 0;
        std::set<std::string> sent;
        for (const auto& r : pending) sent.insert(r.id);
        for (const json& result : reply["results"]) {
            if (!result.is_object()) continue;
            const auto text = [&](const char* key) {
                const auto it = result.find(key);
                return it != result.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            const std::string id = text("id");
            if (!sent.erase(id)) continue;  // not one we sent, or answered twice: ignore
            const std::string status = text("status");
            if (status == "accepted" || status == "duplicate") {
                acknowledged.push_back(id);
            } else if (status == "rejected") {
                const std::string reason = text("reason");
                store.MarkRejected(id, reason.empty() ? "rejected by the server" : "the server refused it: " + reason);
                ++rejected;
            }
        }
        store.MarkAcknowledged(acknowledged, Now());
        if (acknowledged.empty() && rejected == 0) {
            // Nothing moved (every record missing from the reply): try again later, not in a loop.
            error = "sending check-ins: the server answered for none of " + std::to_string(pending.size()) + " records";
            return false;
        }
    }
}

bool SyncEngine::Heartbeat(std::string& error) {
    storage::CheckinStore store(m_db);
    const auto counts = store.Counts();
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    const json body = {{"app_version", m_settings.app_version}, {"queue_depth", counts.pending},
                       {"oldest_pending_at", counts.oldest_pending_at}, {"directory_etag", storage::ReadState(m_db, "directory_etag")},
                       {"kiosk_time", base::Rfc3339(static_cast<int64_t>(now), static_cast<int>(tm.tm_gmtoff))}};
    auto response = m_client.Post("kiosk/v1/heartbeat", body.dump(), AuthHeaders());
    if (!response) {
        error = "heartbeat: " + response.Error();
        return false;
    }
    return Judge(response.Value(), "heartbeat", error);
}

// GET a versioned resource (programs, roster): If-None-Match with the stored ETag, 304 means
// unchanged, otherwise `apply` parses and stores the body, and the new ETag is remembered.
bool SyncEngine::PullVersioned(const std::string& path, const char* what, const char* etag_key,
                               const std::function<std::string(const std::string& body, const std::string& etag)>& apply,
                               std::string& error) {
    auto headers = AuthHeaders();
    const std::string etag = storage::ReadState(m_db, etag_key);
    if (!etag.empty()) headers["If-None-Match"] = etag;
    auto response = m_client.Get(path, headers);
    if (!response) {
        error = std::string(what) + ": " + response.Error();
        return false;
    }
    if (!Judge(response.Value(), what, error)) return false;
    if (response->status == 304) return true;
    if (response->status != 200) {
        error = std::string(what) + ": unexpected answer " + std::to_string(response->status);
        return false;
    }
    error = apply(response->body, response->Header("etag"));
    if (!error.empty()) return false;
    storage::WriteState(m_db, etag_key, response->Header("etag"));
    return true;
}

bool SyncEngine::PullPrograms(std::string& error) {
    return PullVersioned("kiosk/v1/programs", "programs", "programs_etag", [this](const std::string& body, const std::string& etag) {
        auto feed = storage::ParsePrograms(body, "the server's programs");
        if (!feed) return "programs: " + feed.Error() + "; the old programs were kept";
        auto stored = storage::CheckinStore(m_db).ReplacePrograms(feed->programs, etag);
        return stored ? std::string() : stored.Error();
    }, error);
}

bool SyncEngine::PullRoster(std::string& error) {
    return PullVersioned("kiosk/v1/roster", "roster", "roster_etag", [this](const std::string& body, const std::string& etag) {
        auto feed = storage::ParseRosterJson(body, "the server's roster");
        if (!feed) return "roster: " + feed.Error() + "; the old roster was kept";
        auto stored = storage::CheckinStore(m_db).ReplaceRoster(feed->students, etag);
        return stored ? std::string() : stored.Error();
    }, error);
}

bool SyncEngine::PullDirectory(std::string& error) {
    const std::string known_etag = storage::ReadState(m_db, "directory_etag");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(m_settings.directory_deadline_seconds);
    for (int attempt = 0; attempt < kMaxDirectoryRestarts; ++attempt) {
        std::string version;
        bool restart = false;
        std::vector<std::pair<std::string, hsds::DirectoryFeed>> feeds;  // default language first
        std::vector<std::string> languages = {m_settings.default_language};
        for (const auto& code : m_settings.languages) {
            if (code != m_settings.default_language) languages.push_back(code);
        }
        for (const std::string& language : languages) {
            hsds::DirectoryFeed feed;
            int64_t page_limit = 1;  // from the first page's total_items and per_page
            for (int page = 1;; ++page) {
                if (std::chrono::steady_clock::now() > deadline) {
                    error = "the directory took longer than " + std::to_string(m_settings.directory_deadline_seconds) +
                            " s to read; the old directory was kept";
                    return false;
                }
                auto headers = std::map<std::string, std::string>{{"Accept", "application/json"}, {"Accept-Language", language}};
                if (page == 1 && language == m_settings.default_language && !known_etag.empty()) headers["If-None-Match"] = known_etag;
                const std::string path = "services?full=true&page=" + std::to_string(page) +
                                         "&per_page=" + std::to_string(m_settings.directory_page_size);
                auto response = m_client.Get(path, headers);
                if (!response) {
                    error = "directory page " + std::to_string(page) + ": " + response.Error() + "; the old directory was kept";
                    return false;
                }
                if (!Judge(response.Value(), "directory", error)) return false;
                if (response->status == 304) return true;  // nothing changed
                if (response->status != 200) {
                    error = "directory page " + std::to_string(page) + ": unexpected answer " + std::to_string(response->status) +
                            "; the old directory was kept";
                    return false;
                }
                const std::string etag = response->Header("etag");
                if (version.empty() && page == 1 && language == m_settings.default_language) version = etag;
                if (!etag.empty() && !version.empty() && etag != version) {
                    restart = true;  // the directory changed while we read it
                    break;
                }
                auto parsed = hsds::ParseHsdsText(response->body, "directory page " + std::to_string(page));
                const json envelope = json::parse(response->body, nullptr, false);
                if (!parsed || envelope.is_discarded() || !envelope.is_object() || !envelope.contains("contents")) {
                    error = "directory page " + std::to_string(page) + " was not an HSDS page; the old directory was kept";
                    return false;
                }
                hsds::MergeFeed(feed, std::move(parsed.Value()));
                const auto number = [&](const char* key, int64_t fallback) {
                    const auto it = envelope.find(key);
                    return it != envelope.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
                };
                if (page == 1) {
                    // A server may claim any number of pages; the pages that can hold its
                    // total_items are all that is ever read.
                    const int64_t total_items = number("total_items", -1);
                    const auto per_page = static_cast<int64_t>(envelope["contents"].is_array() ? envelope["contents"].size() : 0);
                    if (total_items > kMaxDirectoryServices) {
                        error = "the server claims " + std::to_string(total_items) + " services, more than any directory holds (" +
                                std::to_string(kMaxDirectoryServices) + "); the old directory was kept";
                        return false;
                    }
                    page_limit = total_items >= 0 && per_page > 0 ? std::max<int64_t>(1, (total_items + per_page - 1) / per_page)
                                                                  : kMaxDirectoryServices / std::max(1, m_settings.directory_page_size);
                }
                const auto last_page = envelope.find("last_page");
                const bool last = (last_page != envelope.end() && last_page->is_boolean() && last_page->get<bool>()) ||
                                  envelope["contents"].empty() || page >= number("total_pages", page);
                if (last) break;
                if (page >= page_limit) {
                    error = "the server's directory pages do not end after the " + std::to_string(page_limit) +
                            " pages its total_items fill; the old directory was kept";
                    return false;
                }
            }
            if (restart) break;
            feed.report.source = m_settings.server_url;
            feeds.emplace_back(language, std::move(feed));
        }
        if (restart) continue;
        storage::ReplaceOptions options;
        options.locale = m_settings.default_language;
        options.version = version;
        hsds::DirectoryFeed base = std::move(feeds.front().second);
        feeds.erase(feeds.begin());
        auto stored = storage::DirectoryStore(m_db).ReplaceDirectory(base, options, feeds);
        if (!stored) {
            error = stored.Error();
            return false;
        }
        storage::WriteState(m_db, "directory_etag", version);
        return true;
    }
    error = "the directory kept changing while it was read; the old one was kept";
    return false;
}

int64_t SyncEngine::WaitRequestedByServer() {
    const int64_t not_before = storage::ReadStateInt(m_db, "retry_not_before");
    return not_before > 0 ? std::max<int64_t>(0, not_before - Now()) : 0;
}

SyncResult SyncEngine::RunOnce() {
    m_retry_after = -1;
    m_needs_enrollment = false;
    std::string error;
    if (const int64_t wait = WaitRequestedByServer(); wait > 0) {
        // The server said when to come back (429/503 Retry-After); asking sooner only adds load.
        m_retry_after = static_cast<double>(wait);
        storage::WriteState(m_db, "last_error", "the server asked this kiosk to wait; trying again in " + std::to_string(wait) + " s");
        return SyncResult::Partial;
    }
    storage::WriteState(m_db, "last_attempt", base::Rfc3339(Now(), 0));
    bool ok = false;
    try {
        auto base = ValidateServerUrl(m_settings.server_url);
        if (!base) {
            error = base.Error();
        } else {
            ok = PushCheckins(error) && Heartbeat(error) && PullPrograms(error) && PullRoster(error) && PullDirectory(error);
        }
    } catch (const storage::DbError& db_error) {
        error = std::string("the kiosk database failed during sync: ") + db_error.what();
        ok = false;
    }
    storage::WriteState(m_db, "needs_enrollment", m_needs_enrollment ? "1" : "0");
    if (ok) {
        m_failures = 0;
        storage::WriteState(m_db, "retry_not_before", "");
        storage::WriteState(m_db, "last_success", base::Rfc3339(Now(), 0));
        storage::WriteState(m_db, "last_error", "");
        return SyncResult::Complete;
    }
    ++m_failures;
    storage::WriteState(m_db, "last_error", error);
    return m_needs_enrollment ? SyncResult::NeedsEnrollment : SyncResult::Partial;
}

SyncStatus ReadSyncStatus(storage::Database& db) {
    SyncStatus status;
    status.last_success = storage::ReadState(db, "last_success");
    status.last_attempt = storage::ReadState(db, "last_attempt");
    status.last_error = storage::ReadState(db, "last_error");
    try {
        status.clock_offset_seconds = std::stoll(storage::ReadState(db, "clock_offset_seconds"));
    } catch (...) {
    }
    status.needs_enrollment = storage::ReadState(db, "needs_enrollment") == "1";
    status.directory_etag = storage::ReadState(db, "directory_etag");
    return status;
}

} // namespace netsync
