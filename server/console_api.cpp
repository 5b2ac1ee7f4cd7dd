// The web console's API (see console_api.h).
#include "server/console_api.h"

#include <httplib.h>
#include <qrencode.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "base/secret_hash.h"
#include "base/time_text.h"
#include "server/printable.h"
#include "server/report.h"
#include "server/tokens.h"
#include "hsds/reader.h"
#include "storage/pickup_roster.h"
#include "storage/program_import.h"
#include "storage/schedule.h"

namespace district {

using nlohmann::json;

namespace {

constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kCookie[] = "district_session";

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

void Reply(httplib::Response& res, int status, const json& body) {
    res.status = status;
    // An API answer is never cached, framed or run as anything but JSON.
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

void Fail(httplib::Response& res, int status, const std::string& message, const std::string& field = "") {
    json body = {{"error", message}};
    if (!field.empty()) body["field"] = field;
    Reply(res, status, body);
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
    const std::string header = req.get_header_value("Cookie");
    size_t at = 0;
    while (at < header.size()) {
        while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
        const size_t end = header.find(';', at);
        const std::string pair = header.substr(at, end == std::string::npos ? std::string::npos : end - at);
        const size_t equals = pair.find('=');
        if (equals != std::string::npos && pair.substr(0, equals) == name) return pair.substr(equals + 1);
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return {};
}

std::string SessionCookie(const std::string& id, bool clear) {
    // Path /admin: the console's pages and API only; Secure: nginx serves it over TLS only.
    return std::string(kCookie) + "=" + (clear ? "" : id) + "; Path=/admin; Secure; HttpOnly; SameSite=Strict" + (clear ? "; Max-Age=0" : "");
}

json AccountJson(const ConsoleAccount& a) {
    return {{"username", a.username}, {"role", a.role}, {"scope", a.scope}, {"created_at", a.created_at}};
}

// Days since 1970-01-01 of "YYYY-MM-DD", or nullopt.
std::optional<int64_t> DayNumber(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    const auto parsed = base::ParseRfc3339(date + "T00:00:00Z");
    if (!parsed) return std::nullopt;
    return parsed->unix_seconds / 86400;
}

std::string DateOf(int64_t day) { return base::Rfc3339(day * 86400, 0).substr(0, 10); }

bool OnlyParameters(const httplib::Request& req, httplib::Response& res, std::initializer_list<const char*> allowed) {
    for (const auto& param : req.params) {
        const std::string& name = param.first;
        if (std::none_of(allowed.begin(), allowed.end(), [&name](const char* a) { return name == a; })) {
            Fail(res, 400, "unknown parameter \"" + Printable(name) + "\"", name);
            return false;
        }
    }
    return true;
}

// `text` as a QR code in SVG (one square per module, a quiet zone of four), for the installer
// to scan a new kiosk's token from the screen instead of typing it.
std::string QrSvg(const std::string& text) {
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return {};
    const int n = code->width, size = n + 8;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) +
                      "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) {
            if (code->data[y * n + x] & 1) svg += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
        }
    }
    QRcode_free(code);
    return svg + "\"/></svg>";
}

} // namespace

std::string KioskState(const KioskInfo& k, int64_t now) {
    if (k.revoked) return "revoked";
    const auto seen = base::ParseRfc3339(k.last_seen);
    if (!seen || now - seen->unix_seconds > 15 * 60) return "silent";
    const auto oldest = base::ParseRfc3339(k.oldest_pending_at);
    if ((k.queue_depth > 0 && oldest && now - oldest->unix_seconds > 3600) || std::abs(k.clock_offset_seconds) > 120) return "behind";
    return "healthy";
}

bool ProgramHours(const std::vector<storage::Program>& programs, int weekday, int minute) {
    for (const auto& program : programs) {
        for (const auto& session : program.sessions) {
            const auto opens = storage::MinutesOfDay(session.opens_at), closes = storage::MinutesOfDay(session.closes_at);
            if (!opens || !closes) continue;
            const auto days = storage::ParseByDay(session.byday);
            auto on = [&](int day) { return std::find(days.begin(), days.end(), (day + 7) % 7) != days.end(); };
            if (*closes > *opens) {
                if (on(weekday) && minute >= *opens && minute < *closes) return true;
            } else if ((on(weekday) && minute >= *opens) || (on(weekday - 1) && minute < *closes)) {
                return true;  // a session running past midnight: its evening, or yesterday's after midnight
            }
        }
    }
    return false;
}

std::string CheckNewAccount(const std::string& username, const std::string& role, const std::string& scope, const std::string& password) {
    if (username.size() < 3 || username.size() > 64 ||
        !std::all_of(username.begin(), username.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; })) {
        return "username must be 3 to 64 letters, digits, '.', '_' or '-'";
    }
    if (role != "admin" && role != "partner" && role != "school") return "role must be admin, partner or school";
    if (role != "admin" && scope.empty()) return "a " + role + " account needs the " + (role == "partner" ? "organization" : "school") + " it may see (scope)";
    if (role == "admin" && !scope.empty()) return "an admin account sees everything: it takes no scope";
    if (scope.size() > 200) return "scope is longer than 200 characters";
    if (password.size() < 12) return "password must be at least 12 characters";
    if (password.size() > 1024) return "password is longer than 1024 characters";
    return {};
}

namespace {

struct Console {
    Console(DistrictStore& s, ConsoleOptions o) : store(s), options(o) {}
    DistrictStore& store;
    ConsoleOptions options;
    // Verified against for unknown usernames, so every wrong sign-in takes as long. Made at the
    // first such sign-in, not at start: 600 000 rounds of PBKDF2 cost a start 0.3 s (and under
    // AddressSanitizer, whose quarantine keeps OpenSSL's freed blocks, 400 MB of RSS).
    std::once_flag dummy_once;
    std::string dummy;
    const std::string& DummyHash() {
        std::call_once(dummy_once, [this] { dummy = base::HashSecret("not a password", options.password_iterations); });
        return dummy;
    }

    struct Signed {
        ConsoleAccount account;
        ConsoleSession session;
    };

    // The signed-in account of this request, checked for role, and for a change its CSRF
    // token; answers 401/403 itself otherwise.
    std::optional<Signed> Authorize(const httplib::Request& req, httplib::Response& res, std::initializer_list<const char*> roles) {
        const std::string id = CookieValue(req, kCookie);
        std::optional<ConsoleSession> session;
        if (!id.empty() && id.size() < 200) session = store.FindSession(HashToken(id));
        const int64_t now = Now();
        if (session && (now - session->last_seen_unix > options.idle_seconds || now - session->created_unix > options.max_seconds)) {
            store.DeleteSession(session->id_hash);
            session.reset();
        }
        std::optional<ConsoleAccount> account;
        if (session) account = store.FindAccount(session->username);
        if (!session || !account) {
            Fail(res, 401, "sign in first (or again: sessions end after 30 minutes unused)");
            return std::nullopt;
        }
        if (req.method != "GET" && req.method != "HEAD") {
            const std::string sent = req.get_header_value("X-CSRF-Token");
            if (sent.empty() || !base::SameSecretText(sent, session->csrf_token)) {
                Fail(res, 403, "this change needs the X-CSRF-Token of your session (reload the page)");
                return std::nullopt;
            }
        }
        if (std::none_of(roles.begin(), roles.end(), [&](const char* r) { return account->role == r; })) {
            Fail(res, 403, "your account (" + account->role + ") may not see or do this");
            return std::nullopt;
        }
        if (now - session->last_seen_unix >= 60) store.TouchSession(session->id_hash, now);
        return Signed{*account, *session};
    }

    static json Body(const httplib::Request& req, httplib::Response& res) {
        json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            Fail(res, 400, "the body must be a JSON object");
            return json();
        }
        return body;
    }

    static bool Field(const json& body, httplib::Response& res, const char* name, std::string& out, size_t max, bool required = true) {
        if (!body.contains(name)) {
            if (!required) return true;
            Fail(res, 400, std::string(name) + " is missing", name);
            return false;
        }
        if (!body[name].is_string() || body[name].get<std::string>().size() > max) {
            Fail(res, 400, std::string(name) + " must be text of at most " + std::to_string(max) + " characters", name);
            return false;
        }
        out = body[name].get<std::string>();
        return true;
    }

    void Login(const httplib::Request& req, httplib::Response& res) {
        json body = Body(req, res);
        if (body.is_null()) return;
        std::string username, password;
        if (!Field(body, res, "username", username, 64) || !Field(body, res, "password", password, 1024)) return;
        // A session this browser had is never carried over (session fixation): sign-in makes a new one.
        if (const std::string old = CookieValue(req, kCookie); !old.empty() && old.size() < 200) store.DeleteSession(HashToken(old));
        const int64_t now = Now();
        auto account = store.FindAccount(username);
        if (account && account->locked_until > now) {
            res.set_header("Retry-After", std::to_string(account->locked_until - now));
            return Fail(res, 429, "too many wrong passwords for this account: try again in " + std::to_string(account->locked_until - now) + " s");
        }
        const bool right = base::VerifySecret(password, account ? account->password_hash : DummyHash(), 100000) && account;
        if (!right) {
            if (account) {
                const int failures = account->failures + 1;
                int64_t locked_until = 0;
                if (failures >= options.free_attempts) {
                    int64_t lock = options.first_lock_seconds;
                    for (int i = options.free_attempts; i < failures && lock < options.max_lock_seconds; ++i) lock *= 2;
                    locked_until = now + std::min(lock, options.max_lock_seconds);
                    store.AppendAudit(username, "account.locked", "after " + std::to_string(failures) + " wrong passwords, for " +
                                                                      std::to_string(locked_until - now) + " s");
                }
                store.SetLoginState(username, failures, locked_until);
            }
            return Fail(res, 401, "wrong username or password");
        }
        if (account->failures != 0 || account->locked_until != 0) store.SetLoginState(username, 0, 0);
        const std::string id = NewToken();
        ConsoleSession session{HashToken(id), username, NewToken(), now, now};
        store.CreateSession(session);
        store.DeleteSessionsBefore(now - options.max_seconds);
        res.set_header("Set-Cookie", SessionCookie(id, false));
        json out = AccountJson(*account);
        out["csrf_token"] = session.csrf_token;
        Reply(res, 200, out);
    }

    void Logout(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin", "partner", "school"});
        if (!who) return;
        store.DeleteSession(who->session.id_hash);
        res.set_header("Set-Cookie", SessionCookie("", true));
        Reply(res, 200, {{"signed_out", true}});
    }

    void Me(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin", "partner", "school"});
        if (!who) return;
        json out = AccountJson(who->account);
        out["csrf_token"] = who->session.csrf_token;
        Reply(res, 200, out);
    }

    void Kiosks(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {})) return;
        const auto who = Authorize(req, res, {"admin", "school"});
        if (!who) return;
        const int64_t now = Now();
        // Program hours: a session of any program is on now (the server's local time). A
        // silent kiosk is flagged then; out of hours it is only shown as silent.
        std::tm tm{};
        const std::time_t t = static_cast<std::time_t>(now);
        localtime_r(&t, &tm);
        const bool program_hours = ProgramHours(store.Programs(), tm.tm_wday, tm.tm_hour * 60 + tm.tm_min);
        json list = json::array();
        json flagged = json::array();
        for (const KioskInfo& k : store.Kiosks()) {
            if (who->account.role == "school" && k.school != who->account.scope) continue;
            const std::string state = KioskState(k, now);
            json item = {{"name", k.name},
                         {"school", k.school},
                         {"state", state},
                         {"last_seen", k.last_seen.empty() ? json() : json(k.last_seen)},
                         {"queue_depth", k.queue_depth},
                         {"oldest_pending_at", k.oldest_pending_at.empty() ? json() : json(k.oldest_pending_at)},
                         {"clock_offset_seconds", k.clock_offset_seconds},
                         {"app_version", k.app_version},
                         {"directory_version", k.directory_etag}};
            if ((state == "silent" && program_hours) || state == "behind") {
                std::string why = state == "silent" ? (k.last_seen.empty() ? "never seen" : "not seen for more than 15 minutes")
                                : std::abs(k.clock_offset_seconds) > 120 ? "its clock is " + std::to_string(k.clock_offset_seconds) + " s off"
                                                                         : "a record has waited more than an hour to be sent";
                flagged.push_back({{"name", k.name}, {"school", k.school}, {"state", state}, {"why", why}});
            }
            list.push_back(std::move(item));
        }
        Reply(res, 200, {{"kiosks", std::move(list)}, {"flagged", std::move(flagged)}, {"program_hours", program_hours}, {"now", base::Rfc3339(now, 0)}});
    }

    void Enrol(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json body = Body(req, res);
        if (body.is_null()) return;
        std::string name, school;
        if (!Field(body, res, "name", name, 64) || !Field(body, res, "school", school, 200)) return;
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; })) {
            return Fail(res, 400, "name must be letters, digits, '-', '_' or '.'", "name");
        }
        if (school.empty()) return Fail(res, 400, "school is missing", "school");
        const std::string token = NewToken();
        auto added = store.AddKiosk(name, school, HashToken(token));
        if (!added) return Fail(res, 409, added.Error(), "name");
        store.AppendAudit(who->account.username, "kiosk.enrol", name + " at " + school);
        // The token is in this answer only: the server keeps its hash.
        Reply(res, 201, {{"name", name}, {"school", school}, {"token", token}, {"qr_svg", QrSvg(token)}});
    }

    void Revoke(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        const std::string name = req.matches[1];
        if (!store.RevokeKiosk(name)) return Fail(res, 404, "no kiosk named \"" + Printable(name) + "\"");
        store.AppendAudit(who->account.username, "kiosk.revoke", name);
        Reply(res, 200, {{"name", name}, {"state", "revoked"}});
    }

    // Week by week (Monday to Sunday) per program, the report's figures with its suppression,
    // for an admin's every program or a partner's own. A program's total over the range is
    // shown only when none of its weeks is suppressed (else the total would give the hidden
    // week away by subtraction). No total across programs.
    std::optional<json> AttendanceData(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {"from", "to", "program"})) return std::nullopt;
        const auto who = Authorize(req, res, {"admin", "partner"});
        if (!who) return std::nullopt;
        const int64_t today = Now() / 86400;
        const std::string to = req.has_param("to") ? req.get_param_value("to") : DateOf(today);
        const auto to_day = DayNumber(to);
        if (!to_day) return Fail(res, 400, "to must be a date like 2026-11-30", "to"), std::nullopt;
        const std::string from = req.has_param("from") ? req.get_param_value("from") : DateOf(*to_day - 12 * 7 + 1);
        const auto from_day = DayNumber(from);
        if (!from_day) return Fail(res, 400, "from must be a date like 2026-09-01", "from"), std::nullopt;
        if (*from_day > *to_day) return Fail(res, 400, "from is after to", "from"), std::nullopt;
        if (*to_day - *from_day > 400) return Fail(res, 400, "at most 400 days at a time", "from"), std::nullopt;
        std::vector<storage::Program> programs = store.Programs();
        if (who->account.role == "partner") {
            std::erase_if(programs, [&](const storage::Program& p) { return p.organization_name != who->account.scope; });
        }
        if (req.has_param("program")) {
            const std::string wanted = req.get_param_value("program");
            const bool visible = std::any_of(programs.begin(), programs.end(), [&](const storage::Program& p) { return p.id == wanted; });
            if (!visible) {
                // Another partner's program and a program that does not exist look the same.
                return Fail(res, 403, "you may not see the program \"" + Printable(wanted) + "\"", "program"), std::nullopt;
            }
            std::erase_if(programs, [&](const storage::Program& p) { return p.id != wanted; });
        }
        // Weeks from the Monday on or before `from` (1970-01-01 was a Thursday: day 4 was a Monday).
        // The figures are computed in the database, week by week and for the whole span.
        const int64_t first_monday = *from_day - ((*from_day - 4) % 7 + 7) % 7;
        AttendanceQuery query = AttendanceQueryFor(programs, ReportBy::Program, from, to, false);
        query.week_zero_day = first_monday;
        const AttendanceAggregate by_week = store.AggregateAttendance(query);
        query.week_zero_day = -1;
        const AttendanceAggregate whole_span = store.AggregateAttendance(query);
        json weeks = json::array();
        std::map<std::string, bool> any_week_suppressed;
        for (int64_t monday = first_monday; monday <= *to_day; monday += 7) {
            const std::string start = DateOf(std::max(monday, *from_day)), end = DateOf(std::min(monday + 6, *to_day));
            const AttendanceReport report =
                AttendanceFromAggregate(by_week, programs, ReportBy::Program, start, end, options.min_students, (monday - first_monday) / 7);
            json rows = json::object();
            for (const AttendanceRow& row : report.rows) {
                any_week_suppressed[row.key] = any_week_suppressed[row.key] || row.suppressed;
                rows[row.key] = RowJson(row);
            }
            weeks.push_back({{"week_of", DateOf(monday)}, {"from", start}, {"to", end}, {"programs", std::move(rows)}});
        }
        const AttendanceReport whole = AttendanceFromAggregate(whole_span, programs, ReportBy::Program, from, to, options.min_students);
        json totals = json::object();
        for (const AttendanceRow& row : whole.rows) {
            AttendanceRow shown = row;
            shown.suppressed = row.suppressed || any_week_suppressed[row.key];  // complementary suppression
            totals[row.key] = RowJson(shown);
        }
        json list = json::array();
        for (const auto& p : programs) list.push_back({{"id", p.id}, {"name", p.name}, {"partner", p.organization_name}});
        return json{{"from", from}, {"to", to}, {"min_students", options.min_students}, {"programs", std::move(list)},
                    {"weeks", std::move(weeks)}, {"totals", std::move(totals)}};
    }

    static json RowJson(const AttendanceRow& row) {
        if (row.suppressed) {
            return {{"suppressed", true}, {"check_ins", nullptr}, {"unique_students", nullptr}, {"average_minutes", nullptr}};
        }
        return {{"suppressed", false},
                {"check_ins", row.check_ins},
                {"unique_students", row.unique_students},
                {"average_minutes", row.average_minutes ? json(*row.average_minutes) : json()}};
    }

    void Attendance_(const httplib::Request& req, httplib::Response& res) {
        if (auto data = AttendanceData(req, res)) Reply(res, 200, *data);
    }

    void AttendanceCsv(const httplib::Request& req, httplib::Response& res) {
        auto data = AttendanceData(req, res);
        if (!data) return;
        std::map<std::string, std::string> names;
        for (const auto& p : (*data)["programs"]) names[p["id"]] = p["name"];
        auto field = [](const std::string& text) {
            if (text.find_first_of(",\"\n\r") == std::string::npos && (text.empty() || (text[0] != '=' && text[0] != '+' && text[0] != '-' && text[0] != '@'))) return text;
            std::string out = "\"";
            if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) out += '\'';  // never a spreadsheet formula
            for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
            return out + "\"";
        };
        auto number = [](const json& v) { return v.is_null() ? std::string("suppressed") : v.is_number_float() ? nlohmann::json(v).dump() : std::to_string(v.get<int64_t>()); };
        std::string csv = "week_of,program_id,program,check_ins,unique_students,average_attended_minutes\n";
        for (const auto& week : (*data)["weeks"]) {
            for (const auto& [id, row] : week["programs"].items()) {
                csv += week["week_of"].get<std::string>() + "," + field(id) + "," + field(names[id]) + "," + number(row["check_ins"]) + "," +
                       (row["suppressed"].get<bool>() ? std::string("<") + std::to_string(options.min_students) : number(row["unique_students"])) + "," +
                       (row["average_minutes"].is_null() ? std::string(row["suppressed"].get<bool>() ? "suppressed" : "") : number(row["average_minutes"])) + "\n";
            }
        }
        res.status = 200;
        res.set_header("Cache-Control", "no-store");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Content-Disposition", "attachment; filename=\"attendance-" + (*data)["from"].get<std::string>() + "-to-" + (*data)["to"].get<std::string>() + ".csv\"");
        res.set_content(csv, "text/csv; charset=utf-8");
    }

    void ListAccounts(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json list = json::array();
        for (const auto& a : store.Accounts()) list.push_back(AccountJson(a));
        Reply(res, 200, {{"accounts", std::move(list)}});
    }

    void CreateAccount(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json body = Body(req, res);
        if (body.is_null()) return;
        std::string username, role, scope, password;
        if (!Field(body, res, "username", username, 64) || !Field(body, res, "role", role, 16) || !Field(body, res, "scope", scope, 200, false) ||
            !Field(body, res, "password", password, 1024)) {
            return;
        }
        if (const std::string wrong = CheckNewAccount(username, role, scope, password); !wrong.empty()) return Fail(res, 400, wrong);
        ConsoleAccount account{username, role, scope, base::HashSecret(password, options.password_iterations), "", 0, 0};
        auto added = store.AddAccount(account);
        if (!added) return Fail(res, 500, added.Error());
        if (!added.Value()) return Fail(res, 409, "an account named \"" + username + "\" exists already", "username");
        store.AppendAudit(who->account.username, "account.create", username + " (" + role + (scope.empty() ? "" : ": " + scope) + ")");
        Reply(res, 201, AccountJson(*store.FindAccount(username)));
    }

    // School staff's day: per program, today's check-ins at their school's kiosks, how many
    // have checked out and how many are still here; and the records of the last 14 days
    // that need a look (students not on the roster no one has confirmed, records staff
    // corrected or voided at the kiosk, records the server rejected). An admin sees every school's.
    void Today(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {})) return;
        const auto who = Authorize(req, res, {"admin", "school"});
        if (!who) return;
        const bool school = who->account.role == "school";
        const int64_t now = Now();
        std::string today;
        {
            std::tm tm{};
            const std::time_t t = static_cast<std::time_t>(now);
            localtime_r(&t, &tm);
            char text[16];
            std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
            today = text;
        }
        std::map<std::string, std::string> names;
        for (const auto& p : store.Programs()) names[p.id] = p.name;
        struct Count {
            int64_t check_ins = 0, checked_out = 0;
            std::set<std::string> in_now;
        };
        std::map<std::string, Count> programs;
        json review = json::array();
        const auto days = DayNumber(today);
        const std::string since = days ? DateOf(*days - 13) : today;
        for (const StoredCheckin& c : store.CheckinsBetween(since, today)) {
            if (school && c.school != who->account.scope) continue;
            if (c.local_date == today && !c.voided) {
                Count& count = programs[c.program_id];
                if (c.kind == "in") {
                    ++count.check_ins;
                    count.in_now.insert(c.student_id);
                } else {
                    ++count.checked_out;
                    count.in_now.erase(c.student_id);
                }
            }
            const char* why = c.voided ? "voided by staff" : c.corrected_by_staff ? "corrected by staff" : !c.verified ? "not on the roster, not confirmed" : nullptr;
            if (why && review.size() < 200) {
                review.push_back({{"at", c.at}, {"school", c.school}, {"kiosk", c.kiosk}, {"student_id", c.student_id},
                                  {"program", names.count(c.program_id) ? names[c.program_id] : c.program_id}, {"kind", c.kind}, {"why", why}});
            }
        }
        for (const RejectedCheckin& r : store.RejectedSince(now - 14 * 86400)) {
            if ((school && r.school != who->account.scope) || review.size() >= 200) continue;
            review.push_back({{"at", r.at}, {"school", r.school}, {"kiosk", r.kiosk}, {"student_id", r.student_id},
                              {"program", names.count(r.program_id) ? names[r.program_id] : r.program_id}, {"kind", r.kind},
                              {"why", "rejected by the server: " + r.reason}});
        }
        json list = json::array();
        for (const auto& [id, count] : programs) {
            list.push_back({{"program_id", id}, {"program", names.count(id) ? names[id] : id}, {"check_ins", count.check_ins},
                            {"checked_out", count.checked_out}, {"here_now", count.in_now.size()}});
        }
        Reply(res, 200, {{"date", today}, {"school", school ? who->account.scope : ""}, {"programs", std::move(list)}, {"review", std::move(review)}});
    }

    // The directory's freshness: per organization, its services whose assured_date (when
    // someone last confirmed them with the partner) is missing or older than `months`
    // (default 12), so someone can call the partner; and the translations made from a text
    // that has changed since.
    void Directory(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {"months"})) return;
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        int months = 12;
        if (req.has_param("months")) {
            const std::string text = req.get_param_value("months");
            if (text.empty() || text.size() > 3 || !std::all_of(text.begin(), text.end(), ::isdigit) || std::stoi(text) < 1 || std::stoi(text) > 120) {
                return Fail(res, 400, "months must be a whole number from 1 to 120", "months");
            }
            months = std::stoi(text);
        }
        const int64_t today = Now() / 86400;
        const std::string cutoff = DateOf(today - static_cast<int64_t>(std::lround(months * 30.44)));
        const auto snapshot = store.ReadDirectory();
        std::map<std::string, json> by_organization;
        std::map<std::string, std::string> service_names;
        size_t stale_services = 0;
        if (!snapshot.locales.empty()) {
            for (const storage::ServiceDetail& d : snapshot.locales.front().second) {
                service_names[d.service.id] = d.service.name;
                const std::string& assured = d.service.assured_date;
                if (!assured.empty() && assured >= cutoff) continue;
                ++stale_services;
                const std::string organization = d.organization.name.empty() ? "(no organization)" : d.organization.name;
                json& entry = by_organization[organization];
                if (entry.is_null()) entry = {{"organization", organization}, {"email", d.organization.email}, {"services", json::array()}};
                entry["services"].push_back({{"id", d.service.id}, {"name", d.service.name},
                                             {"assured_date", assured.empty() ? json() : json(assured)},
                                             {"why", assured.empty() ? "never confirmed with the partner" : "last confirmed " + assured}});
            }
        }
        json organizations = json::array();
        for (auto& [name, entry] : by_organization) organizations.push_back(std::move(entry));
        json stale = json::array();
        for (const auto& t : store.StaleTranslations()) {
            stale.push_back({{"locale", t.locale}, {"entity", t.entity}, {"id", t.entity_id}, {"field", t.field},
                             {"name", t.entity == "service" && service_names.count(t.entity_id) ? service_names[t.entity_id] : ""}});
        }
        Reply(res, 200, {{"version", snapshot.info.version},
                         {"imported_at", snapshot.info.imported_at},
                         {"locales", snapshot.info.locales},
                         {"services", snapshot.info.services},
                         {"months", months},
                         {"assured_before", cutoff},
                         {"services_to_confirm", stale_services},
                         {"organizations", std::move(organizations)},
                         {"stale_translations", std::move(stale)}});
    }

    static json Refused(const std::vector<hsds::SkippedRecord>& skipped) {
        json out = json::array();
        for (const auto& r : skipped) out.push_back({{"where", r.where}, {"reason", r.reason}});
        return out;
    }

    // Programs (the kiosk/v1/programs JSON): a preview, then the replace (never with none).
    void Programs(const httplib::Request& req, httplib::Response& res, bool replace) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json body = Body(req, res);
        if (body.is_null()) return;
        std::string file_name, text;
        if (!Field(body, res, "file_name", file_name, 200) || !Field(body, res, "programs", text, 3u << 20)) return;
        auto feed = storage::ParsePrograms(text, Printable(file_name, 200));
        json out = {{"file_name", file_name}, {"current_programs", static_cast<int64_t>(store.Programs().size())}};
        std::string error = feed ? storage::RefuseEmptyImport(feed->programs.size(), feed->skipped, "programs", Printable(file_name, 200), false)
                                 : feed.Error();
        out["programs"] = feed ? feed->programs.size() : 0;
        out["refused"] = feed ? Refused(feed->skipped) : json::array();
        out["error"] = error.empty() ? json() : json(error);
        if (!replace) return Reply(res, 200, out);
        if (!error.empty()) return Fail(res, 422, error + "; nothing was replaced");
        auto stored = store.ReplacePrograms(feed->programs);
        if (!stored) return Fail(res, 500, stored.Error());
        store.AppendAudit(who->account.username, "programs.import", std::to_string(stored.Value()) + " programs from " + file_name);
        out["imported"] = stored.Value();
        Reply(res, 200, out);
    }

    // An HSDS feed (JSON service, array, list envelope or NDJSON; a CSV package goes through
    // `district-server directory import`): the import report and what it would change, then
    // the replace, or with a locale other than the directory's own, its translation.
    void DirectoryUpload(const httplib::Request& req, httplib::Response& res, bool replace) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json body = Body(req, res);
        if (body.is_null()) return;
        std::string file_name, text, locale;
        if (!Field(body, res, "file_name", file_name, 200) || !Field(body, res, "feed", text, 3u << 20) ||
            !Field(body, res, "locale", locale, 35, false)) {
            return;
        }
        const auto snapshot = store.ReadDirectory();
        const std::string current = snapshot.info.default_locale;
        locale = locale.empty() ? (current.empty() ? "en" : current) : hsds::NormalizeLanguageCode(locale);
        const bool translation = !current.empty() && locale != current;
        auto feed = hsds::ParseHsdsText(text, Printable(file_name, 200));
        json out = {{"file_name", file_name}, {"locale", locale}, {"translation", translation}, {"current_services", snapshot.info.services}};
        if (!feed) {
            out["error"] = feed.Error();
            if (!replace) return Reply(res, 200, out);
            return Fail(res, 422, feed.Error() + "; nothing was replaced");
        }
        const hsds::ImportReport& report = feed->report;
        std::set<std::string> before, after;
        if (!snapshot.locales.empty()) {
            for (const auto& d : snapshot.locales.front().second) before.insert(d.service.id);
        }
        for (const auto& service : feed->services) {
            if (service.status.empty() || service.status == "active") after.insert(service.id);
        }
        int added = 0, removed = 0;
        for (const auto& id : after) added += before.count(id) ? 0 : 1;
        for (const auto& id : before) removed += after.count(id) ? 0 : 1;
        json warnings = json::array();
        for (size_t i = 0; i < report.warnings.size() && i < 50; ++i) warnings.push_back(report.warnings[i]);
        out.update({{"format", report.format}, {"services", report.services}, {"inactive_services", report.inactive_services},
                    {"organizations", report.organizations}, {"locations", report.locations}, {"categories", report.taxonomy_terms},
                    {"refused", Refused(report.skipped)}, {"warnings", std::move(warnings)},
                    {"new_services", translation ? 0 : added}, {"removed_services", translation ? 0 : removed}});
        const std::string empty = storage::RefuseEmptyImport(static_cast<size_t>(report.services), report.skipped, "services", Printable(file_name, 200), false);
        out["error"] = empty.empty() ? json() : json(empty);
        if (!replace) return Reply(res, 200, out);
        if (!empty.empty()) return Fail(res, 422, empty + "; nothing was replaced");
        base::Result<hsds::ImportReport> stored = translation ? store.ImportTranslation(feed.Value(), locale) : [&] {
            storage::ReplaceOptions options;
            options.locale = locale;
            options.version = "console:" + file_name + "@" + base::Rfc3339(Now(), 0);
            return store.ReplaceDirectory(feed.Value(), options);
        }();
        if (!stored) return Fail(res, 422, stored.Error());
        store.AppendAudit(who->account.username, translation ? "directory.translation" : "directory.import",
                          file_name + " (" + locale + "): " + std::to_string(report.services) + " services");
        out["imported"] = report.services;
        Reply(res, 200, out);
    }

    // A roster upload (the text of a CSV or JSON file, an optional adults CSV, the grades whose
    // children must be picked up), read by the same reader as `district-server roster import`.
    // A preview says what would be imported and which rows would be refused, replacing
    // nothing; the upload itself replaces the roster only when it has students (never an
    // empty replace by accident), and is audited.
    std::optional<storage::RosterImport> ReadRosterUpload(const httplib::Request& req, httplib::Response& res, json& out) {
        json body = Body(req, res);
        if (body.is_null()) return std::nullopt;
        std::string file_name, roster, adults, grades;
        if (!Field(body, res, "file_name", file_name, 200) || !Field(body, res, "roster", roster, 3u << 20) ||
            !Field(body, res, "adults", adults, 1u << 20, false) || !Field(body, res, "pickup_grades", grades, 100, false)) {
            return std::nullopt;
        }
        const bool csv = file_name.size() > 4 && file_name.substr(file_name.size() - 4) == ".csv";
        auto read = storage::ParseRosterImport(roster, csv, adults, grades, false, Printable(file_name, 200));
        out = {{"file_name", file_name}, {"current_students", static_cast<int64_t>(store.Roster().size())}};
        if (!read) {
            out["error"] = read.Error();
            out["students"] = 0;
            out["refused"] = json::array();
            return std::nullopt;
        }
        json refused = json::array();
        for (const auto& skipped : read->skipped) refused.push_back({{"where", skipped.where}, {"reason", skipped.reason}});
        size_t adults_count = 0, pickup = 0;
        for (const auto& student : read->students) {
            adults_count += student.adults.size();
            pickup += student.pickup_required ? 1 : 0;
        }
        out["students"] = read->students.size();
        out["authorized_adults"] = adults_count;
        out["pickup_required"] = pickup;
        out["refused"] = std::move(refused);
        out["error"] = nullptr;
        return std::move(read.Value());
    }

    void RosterPreview(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json out;
        ReadRosterUpload(req, res, out);
        if (res.status == 400) return;  // the request itself was malformed (answered)
        Reply(res, 200, out);
    }

    void RosterReplace(const httplib::Request& req, httplib::Response& res) {
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json out;
        auto read = ReadRosterUpload(req, res, out);
        if (res.status == 400) return;
        if (!read) return Fail(res, 422, out.value("error", std::string("the roster could not be read")) + "; nothing was replaced");
        auto stored = store.ReplaceRoster(read->students);
        if (!stored) return Fail(res, 500, stored.Error());
        store.AppendAudit(who->account.username, "students.import",
                          std::to_string(stored.Value()) + " students from " + out["file_name"].get<std::string>() + ", " +
                              std::to_string(out["refused"].size()) + " rows refused");
        out["imported"] = stored.Value();
        Reply(res, 200, out);
    }

    void Audit(const httplib::Request& req, httplib::Response& res) {
        if (!OnlyParameters(req, res, {})) return;
        const auto who = Authorize(req, res, {"admin"});
        if (!who) return;
        json list = json::array();
        for (const auto& e : store.Audit(500)) list.push_back({{"seq", e.seq}, {"at", e.at}, {"who", e.who}, {"action", e.action}, {"detail", e.detail}});
        Reply(res, 200, {{"entries", std::move(list)}});
    }
};

} // namespace

void AddConsoleRoutes(httplib::Server& server, DistrictStore& store, ConsoleOptions options) {
    auto console = std::make_shared<Console>(store, options);
    using Req = httplib::Request;
    using Res = httplib::Response;
    server.Post("/admin/api/login", [console](const Req& req, Res& res) { console->Login(req, res); });
    server.Post("/admin/api/logout", [console](const Req& req, Res& res) { console->Logout(req, res); });
    server.Get("/admin/api/me", [console](const Req& req, Res& res) { console->Me(req, res); });
    server.Get("/admin/api/kiosks", [console](const Req& req, Res& res) { console->Kiosks(req, res); });
    server.Post("/admin/api/kiosks", [console](const Req& req, Res& res) { console->Enrol(req, res); });
    server.Post(R"(/admin/api/kiosks/([^/]+)/revoke)", [console](const Req& req, Res& res) { console->Revoke(req, res); });
    server.Get("/admin/api/attendance", [console](const Req& req, Res& res) { console->Attendance_(req, res); });
    server.Get("/admin/api/attendance.csv", [console](const Req& req, Res& res) { console->AttendanceCsv(req, res); });
    server.Get("/admin/api/accounts", [console](const Req& req, Res& res) { console->ListAccounts(req, res); });
    server.Post("/admin/api/accounts", [console](const Req& req, Res& res) { console->CreateAccount(req, res); });
    server.Get("/admin/api/audit", [console](const Req& req, Res& res) { console->Audit(req, res); });
    server.Get("/admin/api/directory", [console](const Req& req, Res& res) { console->Directory(req, res); });
    server.Post("/admin/api/programs/preview", [console](const Req& req, Res& res) { console->Programs(req, res, false); });
    server.Post("/admin/api/programs", [console](const Req& req, Res& res) { console->Programs(req, res, true); });
    server.Post("/admin/api/directory/preview", [console](const Req& req, Res& res) { console->DirectoryUpload(req, res, false); });
    server.Post("/admin/api/directory", [console](const Req& req, Res& res) { console->DirectoryUpload(req, res, true); });
    server.Get("/admin/api/today", [console](const Req& req, Res& res) { console->Today(req, res); });
    server.Post("/admin/api/roster/preview", [console](const Req& req, Res& res) { console->RosterPreview(req, res); });
    server.Post("/admin/api/roster", [console](const Req& req, Res& res) { console->RosterReplace(req, res); });
}

} // namespace district
