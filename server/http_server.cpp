// The district server's HTTPS front. See http_server.h and docs/sync-protocol.md.
#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "server/console_api.h"
#include "server/hsds_api.h"
#include "server/kiosk_requests.h"
#include "server/pickup.h"
#include "server/printable.h"
#include "server/tokens.h"
#include "storage/checkin_store.h"
#include "storage/database.h"

namespace district {

namespace {

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

using nlohmann::json;

namespace {

// With the charset spelled out, cpp-httplib leaves bodies uncompressed. Its on-the-fly
// Brotli runs at the slowest quality and took a third of the CPU of a 100 000-record sync
// (found by bench/sync_bench); kiosks sit on the district's own network.
constexpr char kJson[] = "application/json; charset=utf-8";

// Text that came from a client (a path, an id) may hold bytes that are not UTF-8: they are
// replaced, never thrown on (a throw outside a handler ended the process).
void SendJson(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

// 400 (or another 4xx) with a JSON error naming the field at fault.
void SendError(httplib::Response& res, int status, const std::string& message, const std::string& field = "") {
    json body = {{"error", message}};
    if (!field.empty()) body["field"] = field;
    SendJson(res, status, body);
}

// RFC 9110's IMF-fixdate, for the Date header every answer carries: the kiosks' trusted-clock
// rule and the staff panel's clock offset are learnt from it.
std::string HttpDate(std::time_t now) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[40];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return text;
}

// Token buckets, one per kiosk.
class RateLimiter {
public:
    RateLimiter(double rate, double burst) : m_rate(rate), m_burst(burst) {}
    // 0 when the request may go ahead, else the seconds to wait.
    int Take(const std::string& kiosk) {
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
        std::lock_guard lock(m_lock);
        auto [it, fresh] = m_buckets.try_emplace(kiosk, Bucket{m_burst, now});
        Bucket& b = it->second;
        b.tokens = std::min(m_burst, b.tokens + (now - b.last) * m_rate);
        b.last = now;
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return 0;
        }
        return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / m_rate)));
    }

private:
    struct Bucket {
        double tokens;
        double last;
    };
    double m_rate;
    double m_burst;
    std::mutex m_lock;
    std::map<std::string, Bucket> m_buckets;
};

// A versioned JSON document (programs, roster) cached per version.
struct VersionedBody {
    int64_t version = -1;
    std::string body;
    std::string etag;
};

} // namespace

struct HttpServer::Impl {
    DistrictStore& store;
    ServerOptions options;
    std::unique_ptr<httplib::Server> server;  // an SSLServer when serving HTTPS itself
    RenderedDirectoryCache directory;
    RateLimiter limiter;
    std::mutex versioned_lock;
    VersionedBody programs;
    VersionedBody roster;

    Impl(DistrictStore& s, ServerOptions o)
        : store(s), options(std::move(o)), directory(s), limiter(options.requests_per_second, options.burst) {}

    int listen_fd = -1;  // the listening socket, seen through cpp-httplib's socket options hook

    void RaiseBacklog() {
        if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);  // a listening socket takes a new backlog
    }

    void Log(const std::string& line) {
        if (options.log) options.log(line);
    }

    // The kiosk a request's bearer token belongs to; answers 401 (or 429) itself otherwise.
    std::optional<std::string> Authenticate(const httplib::Request& req, httplib::Response& res) {
        const std::string header = req.get_header_value("Authorization");
        const std::string token = BearerToken(header);
        std::optional<std::string> kiosk;
        if (!token.empty()) kiosk = store.KioskForToken(HashToken(token));
        if (!kiosk) {
            res.set_header("WWW-Authenticate", "Bearer");
            SendError(res, 401, header.empty() ? "this endpoint needs a kiosk token" : "unknown or revoked kiosk token");
            return std::nullopt;
        }
        if (const int wait = limiter.Take(*kiosk); wait > 0) {
            res.set_header("Retry-After", std::to_string(wait));
            SendError(res, 429, "too many requests from this kiosk; try again in " + std::to_string(wait) + " s");
            return std::nullopt;
        }
        return kiosk;
    }

    // The language, the directory's validators and, when the client's copy is current, 304.
    static std::string Negotiate(const httplib::Request& req, httplib::Response& res, const RenderedDirectory& dir) {
        const std::string locale = PickLocale(req.get_header_value("Accept-Language"), dir.locales, dir.default_locale);
        res.set_header("ETag", dir.etag);
        res.set_header("Vary", "Accept-Language");
        res.set_header("Content-Language", locale);
        res.set_header("Cache-Control", "no-cache");
        if (EtagMatches(req.get_header_value("If-None-Match"), dir.etag)) res.status = 304;
        return locale;
    }

    // A parameter this endpoint does not take is an error, never silently ignored: a client
    // filtering by a misspelt parameter would otherwise get every service and no warning.
    static bool OnlyParameters(const httplib::Request& req, httplib::Response& res, std::initializer_list<const char*> allowed) {
        for (const auto& param : req.params) {
            const std::string& name = param.first;  // (clang 14 cannot capture a structured binding)
            if (std::none_of(allowed.begin(), allowed.end(), [&name](const char* a) { return name == a; })) {
                std::string list;
                for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
                SendError(res, 400, "unknown parameter \"" + Printable(name) + "\"" + (list.empty() ? std::string(": this endpoint takes none") : "; this endpoint takes " + list),
                          name);
                return false;
            }
        }
        return true;
    }

    static bool BoolParameter(const httplib::Request& req, httplib::Response& res, const char* name, bool& out) {
        if (!req.has_param(name)) return true;
        const std::string value = req.get_param_value(name);
        if (value == "true" || value == "1") out = true;
        else if (value == "false" || value == "0") out = false;
        else {
            SendError(res, 400, std::string(name) + " must be true or false", name);
            return false;
        }
        return true;
    }

    // What every list endpoint takes alike: page, per_page (capped), format and modified_after.
    // False (with the 400 sent, naming the parameter) when one is bad.
    struct ListParameters {
        int page = 1;
        int per_page = 0;
        std::string format = "json";
        std::optional<int64_t> modified_after;
    };
    bool ReadListParameters(const httplib::Request& req, httplib::Response& res, ListParameters& p) const {
        p.per_page = options.default_per_page;
        if (req.has_param("page")) {
            const auto value = WholeNumber(req.get_param_value("page"));
            if (!value) return SendError(res, 400, "page must be a whole number from 1", "page"), false;
            p.page = *value;
        }
        if (req.has_param("per_page")) {
            const auto value = WholeNumber(req.get_param_value("per_page"));
            if (!value) return SendError(res, 400, "per_page must be a whole number from 1", "per_page"), false;
            p.per_page = std::min(*value, options.per_page_cap);
        }
        if (req.has_param("format")) p.format = req.get_param_value("format");
        if (p.format != "json" && p.format != "ndjson") return SendError(res, 400, "format must be json or ndjson", "format"), false;
        if (req.has_param("modified_after")) {
            const std::string value = req.get_param_value("modified_after");
            auto at = base::ParseRfc3339(value);
            if (!at && value.size() == 10) at = base::ParseRfc3339(value + "T00:00:00Z");  // a date alone: its start, UTC
            if (!at) {
                SendError(res, 400, "modified_after must be an RFC 3339 date-time like 2026-11-01T00:00:00Z (or a date)", "modified_after");
                return false;
            }
            p.modified_after = at->unix_seconds;
        }
        return true;
    }

    void Services(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {"search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id", "organization_id",
                                       "modified_after", "minimal", "full"})) {
            return;
        }
        ListParameters list;
        if (!ReadListParameters(req, res, list)) return;
        const int page = list.page, per_page = list.per_page;
        const std::string& format = list.format;
        const std::optional<int64_t>& modified_after = list.modified_after;
        bool full = false, minimal = false;
        if (!BoolParameter(req, res, "full", full) || !BoolParameter(req, res, "minimal", minimal)) return;
        for (const char* name : {"search", "taxonomy_term_id", "taxonomy_id", "organization_id"}) {
            if (req.has_param(name) && req.get_param_value(name).size() > 500) {
                return SendError(res, 400, std::string(name) + " is longer than 500 characters", name);
            }
        }
        const auto dir = directory.Current();
        const std::string locale = Negotiate(req, res, *dir);
        // The filters are cumulative (a boolean AND), as the HSDS API reference says.
        std::vector<size_t> selection;
        if (req.has_param("search") && !req.get_param_value("search").empty()) {
            for (const std::string& id : store.SearchServices(req.get_param_value("search"), locale)) {  // best first
                if (auto it = dir->index_of.find(id); it != dir->index_of.end()) selection.push_back(it->second);
            }
        } else {
            for (size_t i = 0; i < dir->facts.size(); ++i) selection.push_back(i);
        }
        auto keep = [&](const char* name, auto matches) {
            if (!req.has_param(name)) return;
            const std::string wanted = req.get_param_value(name);
            std::erase_if(selection, [&](size_t i) { return !matches(dir->facts[i], wanted); });
        };
        keep("organization_id", [](const RenderedDirectory::Facts& f, const std::string& w) { return f.organization_id == w; });
        keep("taxonomy_term_id", [](const RenderedDirectory::Facts& f, const std::string& w) {
            return std::find(f.taxonomy_term_ids.begin(), f.taxonomy_term_ids.end(), w) != f.taxonomy_term_ids.end();
        });
        keep("taxonomy_id", [](const RenderedDirectory::Facts& f, const std::string& w) {
            return std::find(f.taxonomy_ids.begin(), f.taxonomy_ids.end(), w) != f.taxonomy_ids.end();
        });
        if (modified_after && dir->modified_unix < *modified_after) selection.clear();
        const bool everything = selection.size() == dir->facts.size() && !req.has_param("search");
        if (res.status == 304) return;
        if (minimal) return res.set_content(MinimalJson(*dir, selection), kJson);
        if (format == "ndjson") return res.set_content(ServicesNdjson(*dir, locale, full, selection), "application/x-ndjson");
        res.set_content(PageJson(*dir, locale, page, per_page, full, everything ? nullptr : &selection), kJson);
    }

    // The optional list endpoints (organizations, taxonomy terms, services at locations),
    // derived from the services: paged, filtered as their OpenAPI parameters say, any other
    // parameter a 400 naming it.
    enum class ListingKind { Organizations, Taxonomies, TaxonomyTerms, ServiceAtLocations };

    static const RenderedDirectory::Listing& ListingOf(const RenderedDirectory& dir, ListingKind kind) {
        switch (kind) {
            case ListingKind::Organizations: return dir.organizations;
            case ListingKind::Taxonomies: return dir.taxonomies;
            case ListingKind::TaxonomyTerms: return dir.taxonomy_terms;
            case ListingKind::ServiceAtLocations: break;
        }
        return dir.service_at_locations;
    }

    void ListEndpoint(const httplib::Request& req, httplib::Response& res, ListingKind kind) {
        const bool organizations = kind == ListingKind::Organizations, terms = kind == ListingKind::TaxonomyTerms;
        const bool allowed = organizations ? OnlyParameters(req, res, {"search", "full_service", "full", "page", "per_page", "format"})
                           : terms ? OnlyParameters(req, res, {"search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id"})
                           : kind == ListingKind::Taxonomies ? OnlyParameters(req, res, {"search", "page", "per_page", "format"})
                                   : OnlyParameters(req, res, {"search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
                                                               "full", "page", "per_page", "format", "postcode", "proximity"});
        if (!allowed) return;
        ListParameters list;
        if (!ReadListParameters(req, res, list)) return;
        const int page = list.page, per_page = list.per_page;
        const std::string& format = list.format;
        const std::optional<int64_t>& modified_after = list.modified_after;
        bool full = false, full_service = false, top_only = false;
        if (!BoolParameter(req, res, "full", full) || !BoolParameter(req, res, "full_service", full_service) ||
            !BoolParameter(req, res, "top_only", top_only)) {
            return;
        }
        if (req.has_param("postcode") || req.has_param("proximity")) {
            // Honest rather than silently ignored: this server keeps no service areas or geocodes.
            return SendError(res, 400, "postcode and proximity are not offered by this server (it keeps no service areas)",
                             req.has_param("postcode") ? "postcode" : "proximity");
        }
        const auto dir = directory.Current();
        const std::string locale = Negotiate(req, res, *dir);
        const RenderedDirectory::Listing& listing = ListingOf(*dir, kind);
        std::vector<size_t> selection;
        const std::string search = req.has_param("search") ? Lower(req.get_param_value("search")) : std::string();
        for (size_t i = 0; i < listing.ids.size(); ++i) {
            if (!search.empty() && listing.search_text[i].find(search) == std::string::npos) continue;
            if (req.has_param("parent_id") && listing.parent_ids[i] != req.get_param_value("parent_id")) continue;
            if (terms && req.has_param("taxonomy_id") && listing.taxonomy_ids[i] != req.get_param_value("taxonomy_id")) continue;
            if (top_only && !listing.parent_ids[i].empty()) continue;
            // Services at locations: filtered by their service's facts.
            if (kind == ListingKind::ServiceAtLocations) {
                const auto& facts = dir->facts[listing.services[i].front()];
                if (req.has_param("organization_id") && facts.organization_id != req.get_param_value("organization_id")) continue;
                auto has = [](const std::vector<std::string>& list, const std::string& v) { return std::find(list.begin(), list.end(), v) != list.end(); };
                if (req.has_param("taxonomy_term_id") && !has(facts.taxonomy_term_ids, req.get_param_value("taxonomy_term_id"))) continue;
                if (req.has_param("taxonomy_id") && !has(facts.taxonomy_ids, req.get_param_value("taxonomy_id"))) continue;
                if (modified_after && dir->modified_unix < *modified_after) continue;
            }
            selection.push_back(i);
        }
        if (res.status == 304) return;
        static const std::vector<std::string> kNone;
        auto texts = [&](const auto& by_locale) -> const std::vector<std::string>& {
            const auto it = by_locale.find(locale);
            return it == by_locale.end() ? kNone : it->second;
        };
        const std::vector<std::string>& items = full_service ? texts(listing.with_full_services) : full ? texts(listing.full) : texts(listing.brief);
        if (format == "ndjson") {
            std::string out;
            for (size_t i : selection) out += items[i] + "\n";
            return res.set_content(out, "application/x-ndjson");
        }
        res.set_content(EnvelopeJson(items, selection, page, per_page), kJson);
    }

    void OneOf(const httplib::Request& req, httplib::Response& res, ListingKind kind) {
        const bool organizations = kind == ListingKind::Organizations;
        if (!(organizations ? OnlyParameters(req, res, {"full_service"}) : OnlyParameters(req, res, {}))) return;
        bool full_service = false;
        if (!BoolParameter(req, res, "full_service", full_service)) return;
        const auto dir = directory.Current();
        const RenderedDirectory::Listing& listing = ListingOf(*dir, kind);
        const std::string id = req.matches[1];
        const auto it = listing.index_of.find(id);
        if (it == listing.index_of.end()) return SendError(res, 404, "no such id \"" + Printable(id) + "\"", "id");
        const std::string locale = Negotiate(req, res, *dir);
        if (res.status == 304) return;
        // A single organization comes with its services; a service at location with its location and service.
        const auto& by_locale = organizations ? (full_service ? listing.with_full_services : listing.full) : listing.full;
        const auto texts = by_locale.find(locale);
        if (texts == by_locale.end()) return SendError(res, 404, "no such id \"" + Printable(id) + "\"", "id");
        res.set_content(texts->second.at(it->second), kJson);
    }

    void Service(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {})) return;
        const auto dir = directory.Current();
        const std::string id = req.matches[1];
        const auto it = dir->index_of.find(id);
        if (it == dir->index_of.end()) return SendError(res, 404, "no service with id \"" + Printable(id) + "\"", "id");
        const std::string locale = Negotiate(req, res, *dir);
        if (res.status == 304) return;
        res.set_content(dir->by_locale.at(locale).full.at(it->second), kJson);
    }

    void Versioned(const httplib::Request& req, httplib::Response& res, VersionedBody& cache, bool is_roster) {
        if (!Authenticate(req, res)) return;
        VersionedBody current;
        {
            const int64_t version = store.ProgramsVersion();
            std::lock_guard lock(versioned_lock);
            if (cache.version != version) {
                json body;
                if (is_roster) {
                    body = RosterForKiosks(store.Roster());  // first name and initial, code hashes: what release needs
                } else {
                    json list = json::array();
                    for (const auto& p : store.Programs()) {
                        json schedules = json::array();
                        for (const auto& s : p.sessions) {
                            schedules.push_back({{"byday", s.byday}, {"opens_at", s.opens_at}, {"closes_at", s.closes_at}});
                        }
                        list.push_back({{"id", p.id}, {"name", p.name}, {"organization_name", p.organization_name},
                                        {"location", p.location}, {"description", p.description}, {"schedules", std::move(schedules)}});
                    }
                    body = {{"programs", std::move(list)}};
                }
                cache.version = version;
                cache.body = body.dump();
                cache.etag = "\"" + Sha256Hex(cache.body).substr(0, 32) + "\"";
            }
            current = cache;
        }
        res.set_header("ETag", current.etag);
        res.set_header("Cache-Control", "no-cache, private");
        if (EtagMatches(req.get_header_value("If-None-Match"), current.etag)) {
            res.status = 304;
            return;
        }
        res.set_content(current.body, kJson);
    }

    void Checkins(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = Authenticate(req, res);
        if (!kiosk) return;
        CheckinBatch batch;
        RequestError error;
        if (!ParseCheckinBatch(req.body, options.max_batch, static_cast<int64_t>(std::time(nullptr)), batch, error)) {
            return SendError(res, error.status, error.message, error.field);
        }
        batch.kiosk = *kiosk;
        std::vector<CheckinResult> results;
        try {
            results = store.StoreCheckins(batch);
        } catch (const storage::DbError& db_error) {
            // Nothing of the batch was stored (its transaction rolled back): the kiosk keeps it and retries.
            Log(std::string("storing check-ins from ") + *kiosk + " failed: " + db_error.what());
            res.set_header("Retry-After", "30");
            return SendError(res, 503, "the server could not store the batch; nothing of it was kept, send it again later");
        }
        json out = json::array();
        for (const auto& result : results) {
            json item = {{"id", result.id}, {"status", result.status}};
            if (!result.reason.empty()) item["reason"] = result.reason;
            out.push_back(std::move(item));
        }
        SendJson(res, 200, {{"results", std::move(out)}});
    }

    void HeartbeatRequest(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = Authenticate(req, res);
        if (!kiosk) return;
        Heartbeat h;
        RequestError error;
        if (!ParseHeartbeat(req.body, static_cast<int64_t>(std::time(nullptr)), h, error)) {
            return SendError(res, error.status, error.message, error.field);
        }
        store.RecordHeartbeat(*kiosk, h);
        res.status = 204;
    }

    // For nginx's auth_request: answers 204 for a known token, 401 otherwise, and never reads a
    // body, so nginx reads the body of a kiosk request only after its token was checked.
    // Rate limits are applied by the request itself, not here (a 429 from auth_request would
    // become nginx's 500).
    void Auth(const httplib::Request& req, httplib::Response& res) {
        const std::string token = BearerToken(req.get_header_value("Authorization"));
        if (!token.empty() && store.KioskForToken(HashToken(token))) {
            res.status = 204;
            return;
        }
        res.set_header("WWW-Authenticate", "Bearer");
        SendError(res, 401, token.empty() ? "this endpoint needs a kiosk token" : "unknown or revoked kiosk token");
    }

    void Routes() {
        using Req = httplib::Request;
        using Res = httplib::Response;
        server->Get("/", [](const Req& req, Res& res) {
            if (!OnlyParameters(req, res, {})) return;
            SendJson(res, 200, ApiRootJson());
        });
        server->Get("/services", [this](const Req& req, Res& res) { Services(req, res); });
        server->Get("/organizations", [this](const Req& req, Res& res) { ListEndpoint(req, res, ListingKind::Organizations); });
        server->Get(R"(/organizations/([^/]+))", [this](const Req& req, Res& res) { OneOf(req, res, ListingKind::Organizations); });
        server->Get("/taxonomies", [this](const Req& req, Res& res) { ListEndpoint(req, res, ListingKind::Taxonomies); });
        server->Get(R"(/taxonomies/([^/]+))", [this](const Req& req, Res& res) { OneOf(req, res, ListingKind::Taxonomies); });
        server->Get("/taxonomy_terms", [this](const Req& req, Res& res) { ListEndpoint(req, res, ListingKind::TaxonomyTerms); });
        server->Get(R"(/taxonomy_terms/([^/]+))", [this](const Req& req, Res& res) { OneOf(req, res, ListingKind::TaxonomyTerms); });
        server->Get("/service_at_locations", [this](const Req& req, Res& res) { ListEndpoint(req, res, ListingKind::ServiceAtLocations); });
        server->Get(R"(/service_at_locations/([^/]+))", [this](const Req& req, Res& res) { OneOf(req, res, ListingKind::ServiceAtLocations); });
        server->Get(R"(/services/([^/]+))", [this](const Req& req, Res& res) { Service(req, res); });
        server->Get("/kiosk/v1/programs", [this](const Req& req, Res& res) { Versioned(req, res, programs, false); });
        server->Get("/kiosk/v1/roster", [this](const Req& req, Res& res) { Versioned(req, res, roster, true); });
        server->Post("/kiosk/v1/checkins", [this](const Req& req, Res& res) { Checkins(req, res); });
        server->Post("/kiosk/v1/heartbeat", [this](const Req& req, Res& res) { HeartbeatRequest(req, res); });
        server->Get("/kiosk/v1/auth", [this](const Req& req, Res& res) { Auth(req, res); });
        server->Get("/health", [](const Req&, Res& res) { SendJson(res, 200, {{"status", "ok"}}); });
        AddConsoleRoutes(*server, store, options.console);
        server->set_pre_routing_handler([](const Req& req, Res& res) {
            res.set_header("Date", HttpDate(std::time(nullptr)));
            // Every answer is whole: cpp-httplib 0.11 would build one part per range asked for
            // (a 7.5 KB `Range: bytes=0-,0-,...` made a 290 MB answer) and has no switch for it,
            // so the ranges it parsed are dropped before any handler runs.
            const_cast<Req&>(req).ranges.clear();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server->set_error_handler([](const Req& req, Res& res) {
            if (!res.has_header("Date")) res.set_header("Date", HttpDate(std::time(nullptr)));
            if (!res.body.empty()) return;
            if (res.status == 404) SendError(res, 404, "nothing at " + req.path);
            else if (res.status == 413) SendError(res, 413, "the request is larger than this server accepts");
            else if (res.status == 405) SendError(res, 405, "method not allowed here");
            else if (res.status == 400) SendError(res, 400, "the request could not be read");
            else if (res.status == 416) SendError(res, 416, "this server does not serve byte ranges");
        });
        server->set_exception_handler([this](const Req& req, Res& res, std::exception_ptr ep) {
            std::string what = "unknown error";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            // Whatever a handler throws becomes a 500 with a JSON body and a log line; nothing
            // leaves the worker (and with it the process). The error handler cannot throw.
            Log("error serving " + req.method + " " + Printable(req.path) + ": " + what);
            res.headers.erase("ETag");
            SendError(res, 500, "the server had an internal error");
        });
        server->set_logger([this](const Req& req, const Res& res) {
            // Method, path and status only: headers (and with them the token) are never logged.
            // Behind nginx the peer is the Unix socket; the client's address comes in X-Real-IP.
            const std::string peer = options.unix_socket.empty() ? req.remote_addr : req.get_header_value("X-Real-IP");
            Log(Printable(peer, 64) + " " + Printable(req.method, 16) + " " + Printable(req.path) + " " +
                std::to_string(res.status) + " " + std::to_string(res.body.size()));
        });
    }
};

HttpServer::HttpServer(DistrictStore& store, ServerOptions options) : m_impl(std::make_unique<Impl>(store, std::move(options))) {}

HttpServer::~HttpServer() { Stop(); }

base::Result<int> HttpServer::Bind() {
    using R = base::Result<int>;
    const ServerOptions& o = m_impl->options;
    if (!o.unix_socket.empty()) {
        // Behind nginx (the shipped set-up): plain HTTP on a Unix socket that only the server's
        // group can open; nginx holds TLS, slow clients and the size limits (README).
        m_impl->server = std::make_unique<httplib::Server>();
        m_impl->server->set_address_family(AF_UNIX);
    } else {
        for (const auto& [what, path] : {std::pair<const char*, std::string>{"certificate", o.cert_file}, {"key", o.key_file}}) {
            if (path.empty()) return R::Fail(std::string("HTTPS only: a ") + what + " file is required (--cert and --key)");
            std::ifstream probe(path);
            if (!probe) return R::Fail(std::string("cannot read the ") + what + " file " + path);
        }
        m_impl->server = std::make_unique<httplib::SSLServer>(o.cert_file.c_str(), o.key_file.c_str());
        if (!m_impl->server->is_valid()) {
            return R::Fail("the certificate " + o.cert_file + " and key " + o.key_file +
                           " could not be loaded (not PEM, or the key does not match the certificate)");
        }
    }
    httplib::Server& s = *m_impl->server;
    const int threads = std::max(2, o.threads);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    s.set_payload_max_length(o.max_body_bytes);
    s.set_read_timeout(15);
    s.set_write_timeout(15);
    s.set_keep_alive_timeout(5);
    // A worker serves one connection at a time: closing each after a few requests lets every
    // kiosk in the queue get its turn (200 kiosks posting at once never wait for a timeout).
    s.set_keep_alive_max_count(static_cast<size_t>(std::max(1, o.requests_per_connection)));
    if (o.unix_socket.empty()) s.set_tcp_nodelay(true);
    // cpp-httplib listens with a backlog of 5, fixed in Debian's compiled library. On a Unix
    // socket a full backlog refuses the connection at once (EAGAIN), and nginx answered 502 to
    // 81 of 26 769 requests from 200 kiosks (found by bench/sync_bench figure 8). The socket is
    // caught here and its backlog raised once it listens.
    int* listening = &m_impl->listen_fd;
    s.set_socket_options([listening](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        *listening = sock;
    });
    m_impl->Routes();
    if (!o.unix_socket.empty()) {
        namespace fs = std::filesystem;
        std::error_code error;
        // A socket left by a server that was killed is replaced; any other file is not touched.
        if (fs::is_socket(o.unix_socket, error)) fs::remove(o.unix_socket, error);
        else if (fs::exists(o.unix_socket, error)) return R::Fail(o.unix_socket + " exists and is not a socket; remove it or choose another path");
        if (o.unix_socket.size() >= sizeof(sockaddr_un{}.sun_path)) return R::Fail("the socket path " + o.unix_socket + " is too long");
        const mode_t old_mask = ::umask(0117);  // srw-rw----: the server's user and group (nginx is in it)
        const bool bound = s.bind_to_port(o.unix_socket, 80);
        ::umask(old_mask);
        if (!bound) return R::Fail("cannot listen on the Unix socket " + o.unix_socket + " (is its folder there and writable?)");
        m_impl->RaiseBacklog();
        return 0;
    }
    int port = o.port;
    if (port == 0) {
        port = s.bind_to_any_port(o.host);
        if (port <= 0) return R::Fail("cannot listen on " + o.host + " (no free port)");
    } else if (!s.bind_to_port(o.host, port)) {
        return R::Fail("cannot listen on " + o.host + ":" + std::to_string(port) +
                       " (in use, not an address of this machine, or a privileged port)");
    }
    m_impl->RaiseBacklog();
    return port;
}

void HttpServer::Run() {
    if (m_impl->server) m_impl->server->listen_after_bind();
}

void HttpServer::Stop() {
    if (m_impl && m_impl->server) m_impl->server->stop();
}

} // namespace district
