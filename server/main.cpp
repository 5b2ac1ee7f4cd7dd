// district-server: the reference server kiosks sync with, and its admin commands.
// Run `district-server help` for the commands; README "Run the district server" walks
// through them end to end.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/secret_hash.h"
#include "server/console_api.h"
#include "server/http_server.h"
#include "server/printable.h"
#include "server/pickup.h"
#include "server/report.h"
#include "server/postgres_district_store.h"
#include "server/sqlite_district_store.h"
#include "server/server_schema.h"
#include "server/store_factory.h"
#include "server/tokens.h"
#include "storage/database.h"
#include "hsds/reader.h"
#include "storage/program_import.h"

namespace {

constexpr char kUsage[] =
    "usage: district-server COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  init                              create the data folder and its database\n"
    "  kiosk add NAME [--school NAME]    enrol a kiosk; prints its token once\n"
    "  kiosk list                        every kiosk: last seen, queue, version, clock\n"
    "  kiosk revoke NAME                 the kiosk's token stops working at once\n"
    "  account add USERNAME --role admin|partner|school [--scope NAME]\n"
    "      A web console account (password read from standard input, 12 characters or more).\n"
    "      partner: --scope is the organization, as programs name it; school: the school.\n"
    "  account list                      every console account\n"
    "  audit [--limit N]                 the console's audit log, newest first (append-only)\n"
    "  directory import PATH [--locale CODE] [--allow-empty]\n"
    "      Replace the directory with an HSDS 3.0 feed (JSON service, array, list envelope,\n"
    "      NDJSON, or a CSV package folder). With --locale naming a language other than the\n"
    "      directory's own, the feed is stored as that language's text instead.\n"
    "  directory info                    version, languages and service count\n"
    "  directory stale                   translated fields whose source text changed since (to redo)\n"
    "  programs import FILE.json [--allow-empty]\n"
    "                                    replace the after-school programs\n"
    "  roster import FILE.csv|FILE.json [--allow-empty]\n"
    "                                    replace the roster (student_id, display_name, program_ids;\n"
    "                                    optional grade, pickup_required, do_not_release);\n"
    "      [--adults ADULTS.csv]         guardian pickup: student_id, adult_id, display_name,\n"
    "                                    relationship, pickup_code (hashed here, never stored)\n"
    "      [--pickup-grades K,1,2]       students of these grades are released only to an adult\n"
    "                                    a file with no valid record is refused unless --allow-empty\n"
    "  report attendance --from YYYY-MM-DD --to YYYY-MM-DD [--by program|partner|school]\n"
    "                    [--format csv|json] [--min-students N]\n"
    "      Check-ins, unique students and average attended minutes; groups with fewer than\n"
    "      N (default 5) students are suppressed.\n"
    "  serve --listen unix:/PATH [--rate-limit N] [--threads N] [--quiet]\n"
    "      Serve the HSDS API and the kiosk endpoints on a Unix socket for nginx, which holds\n"
    "      TLS, slow clients and size limits (the packaged set-up: server/deploy/nginx-site.conf).\n"
    "  serve --listen ADDR:PORT --cert FILE --key FILE [--rate-limit N] [--threads N] [--quiet]\n"
    "      Serve HTTPS directly (development; not hardened against slow or hostile clients).\n"
    "\n"
    "  db migrate                        create or bring the database's schema up to this program's\n"
    "  db check                          the schema's version and anything missing\n"
    "  db partitions [--through YYYY-MM] PostgreSQL: the months of check-ins, one partition each\n"
    "                                    (--through: make the months up to that one ahead of time)\n"
    "  db prune --before YYYY-MM         PostgreSQL: drop the check-ins of months before that one\n"
    "\n"
    "options for every command:\n"
    "  --data DIR   the data folder (default: $DISTRICT_SERVER_DATA, else /var/lib/district-server)\n"
    "  --database SETTING\n"
    "               sqlite:DIR (the default: the data folder), or PostgreSQL: a postgresql:// URL or\n"
    "               libpq string, without a password (~/.pgpass or passfile= holds it).\n"
    "               Default: $DISTRICT_SERVER_DATABASE\n"
    "  --database-file FILE\n"
    "               the setting read from FILE (it may hold a password; only its owner may read it).\n"
    "               Default: $DISTRICT_SERVER_DATABASE_FILE\n";

struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<std::string> flags;

    std::optional<std::string> Option(const std::string& name) const {
        for (auto it = options.rbegin(); it != options.rend(); ++it) {
            if (it->first == name) return it->second;
        }
        return std::nullopt;
    }
    bool Flag(const std::string& name) const { return std::find(flags.begin(), flags.end(), name) != flags.end(); }
};

int Fail(const std::string& message) {
    std::cerr << "district-server: " << message << "\n";
    return 1;
}

std::string DataDir(const Args& args) {
    if (auto data = args.Option("--data")) return *data;
    if (const char* env = std::getenv("DISTRICT_SERVER_DATA"); env && *env) return env;
    return "/var/lib/district-server";
}

bool ValidDate(const std::string& text) {
    return std::regex_match(text, std::regex(R"(\d{4}-\d{2}-\d{2})")) && base::ParseRfc3339(text + "T00:00:00Z");
}

std::string Now() { return base::Rfc3339(static_cast<int64_t>(std::time(nullptr)), 0); }

base::Result<district::DatabaseSetting> Database(const Args& args) {
    std::string file = args.Option("--database-file").value_or("");
    if (file.empty()) {
        if (const char* env = std::getenv("DISTRICT_SERVER_DATABASE_FILE"); env && *env) file = env;
    }
    std::string option = args.Option("--database").value_or("");
    if (option.empty() && file.empty()) {
        if (const char* env = std::getenv("DISTRICT_SERVER_DATABASE"); env && *env) option = env;
    }
    return district::ResolveDatabase(option, file, DataDir(args));
}

int Init(const Args& args) {
    const std::string dir = DataDir(args);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return Fail("cannot create " + dir + ": " + error.message());
    ::chmod(dir.c_str(), 0700);  // student ids and attendance: for the server's user only
    const auto setting = Database(args);
    if (!setting) return Fail(setting.Error());
    auto store = district::OpenStore(setting.Value(), dir, true);
    std::cout << "district database ready: " << store->Describe() << "\n";
    return 0;
}

// db migrate | check | partitions | prune --before YYYY-MM
int Db(const Args& args) {
    const std::string verb = args.positional.size() > 1 ? args.positional[1] : "";
    const auto setting = Database(args);
    if (!setting) return Fail(setting.Error());
    if (verb == "migrate") {
        auto store = district::OpenStore(setting.Value(), DataDir(args), true);
        std::cout << store->Describe() << ": server schema version " << store->SchemaVersion() << "\n";
        return 0;
    }
    if (verb == "check") {
        auto store = district::OpenStore(setting.Value(), DataDir(args), false);
        const auto problems = store->CheckSchema();
        std::cout << store->Describe() << ": server schema version " << store->SchemaVersion() << "\n";
        for (const auto& p : problems) std::cout << "problem: " << p << "\n";
        if (!problems.empty()) return Fail(std::to_string(problems.size()) + " problem(s) with the database");
        std::cout << "the schema matches this program's (" << district::schema::kVersion << ")\n";
        return 0;
    }
    if (verb == "partitions" || verb == "prune") {
        if (!setting.Value().postgres) return Fail("check-in partitions are kept by the PostgreSQL store only");
        district::PostgresDistrictStore store(setting.Value().value, (std::filesystem::path(DataDir(args)) / "cache").string(), false);
        if (const auto through = args.Option("--through"); verb == "partitions" && through) {
            store.CreatePartitions(store.Partitions().empty() ? *through : store.Partitions().back(), *through);
        }
        if (verb == "prune") {
            const auto before = args.Option("--before");
            if (!before) return Fail("db prune needs --before YYYY-MM (the first month to keep)");
            const int dropped = store.DropPartitionsBefore(*before);
            store.AppendAudit("command line", "db.prune", "months before " + *before + ": " + std::to_string(dropped) + " partition(s)");
            std::cout << "dropped " << dropped << " month(s) of check-ins before " << *before << "\n";
        }
        for (const auto& month : store.Partitions()) std::cout << month << "\n";
        return 0;
    }
    return Fail("db takes migrate, check, partitions or prune --before YYYY-MM");
}

int Kiosk(district::DistrictStore& store, const Args& args) {
    const std::string verb = args.positional.size() > 1 ? args.positional[1] : "";
    if (verb == "add") {
        if (args.positional.size() != 3) return Fail("kiosk add takes one NAME");
        const std::string name = args.positional[2];
        if (!std::regex_match(name, std::regex(R"([A-Za-z0-9][A-Za-z0-9._-]{0,63})"))) {
            return Fail("a kiosk name is 1 to 64 letters, digits, '.', '_' or '-' (e.g. lincoln-lobby)");
        }
        const std::string token = district::NewToken();
        auto added = store.AddKiosk(name, args.Option("--school").value_or(""), district::HashToken(token));
        if (!added) return Fail(added.Error());
        store.AppendAudit("command line", "kiosk.enrol", name + " at " + args.Option("--school").value_or(""));
        std::cout << "kiosk " << name << " enrolled. Its token (shown only this once; only a hash is kept):\n\n"
                  << token << "\n\n"
                  << "Put it in the kiosk's token_file, readable by the kiosk user only:\n"
                  << "  install -m 600 -o kiosk /dev/stdin /etc/kiosk/token   # then paste, Ctrl-D\n";
        return 0;
    }
    if (verb == "list") {
        const auto kiosks = store.Kiosks();
        if (kiosks.empty()) {
            std::cout << "no kiosks enrolled\n";
            return 0;
        }
        std::printf("%-24s %-20s %-8s %-25s %6s %-10s %s\n", "NAME", "SCHOOL", "STATE", "LAST SEEN", "QUEUE", "VERSION", "CLOCK OFFSET");
        for (const auto& k : kiosks) {
            // Names, schools and versions came from admins and from kiosks' heartbeats: printed
            // escaped, so none can carry terminal control sequences.
            const std::string name = district::Printable(k.name, 64), school = district::Printable(k.school, 64);
            const std::string version = district::Printable(k.app_version, 40), seen = district::Printable(k.last_seen, 40);
            std::printf("%-24s %-20s %-8s %-25s %6lld %-10s %llds\n", name.c_str(), school.empty() ? "-" : school.c_str(),
                        k.revoked ? "revoked" : "active", seen.empty() ? "never" : seen.c_str(),
                        static_cast<long long>(k.queue_depth), version.empty() ? "-" : version.c_str(),
                        static_cast<long long>(k.clock_offset_seconds));
        }
        return 0;
    }
    if (verb == "revoke") {
        if (args.positional.size() != 3) return Fail("kiosk revoke takes one NAME");
        if (!store.RevokeKiosk(args.positional[2])) return Fail("there is no kiosk named \"" + args.positional[2] + "\"");
        store.AppendAudit("command line", "kiosk.revoke", args.positional[2]);
        std::cout << "kiosk " << args.positional[2] << " revoked: its token no longer works\n";
        return 0;
    }
    return Fail("kiosk takes add, list or revoke\n" + std::string(kUsage));
}

int Account(district::DistrictStore& store, const Args& args) {
    const std::string verb = args.positional.size() > 1 ? args.positional[1] : "";
    if (verb == "add") {
        if (args.positional.size() != 3) return Fail("account add takes one USERNAME");
        const std::string username = args.positional[2], role = args.Option("--role").value_or("");
        const std::string scope = args.Option("--scope").value_or("");
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        if (const std::string wrong = district::CheckNewAccount(username, role, scope, password); !wrong.empty()) return Fail(wrong);
        district::ConsoleAccount account{username, role, scope, base::HashSecret(password, district::ConsoleOptions{}.password_iterations), "", 0, 0};
        password.assign(password.size(), '\0');
        auto added = store.AddAccount(account);
        if (!added) return Fail(added.Error());
        if (!added.Value()) return Fail("an account named \"" + username + "\" exists already");
        store.AppendAudit("command line", "account.create", username + " (" + role + (scope.empty() ? "" : ": " + scope) + ")");
        std::cout << "account " << username << " (" << role << (scope.empty() ? "" : ": " + scope) << ") created\n";
        return 0;
    }
    if (verb == "list") {
        for (const auto& a : store.Accounts()) {
            std::cout << district::Printable(a.username, 64) << "  " << a.role << "  " << district::Printable(a.scope, 200) << "  since "
                      << a.created_at << "\n";
        }
        return 0;
    }
    return Fail("account takes add or list\n" + std::string(kUsage));
}

int AuditLog(district::DistrictStore& store, const Args& args) {
    int limit = 100;
    if (auto text = args.Option("--limit")) {
        try {
            limit = std::stoi(*text);
        } catch (...) {
            return Fail("--limit must be a number");
        }
    }
    for (const auto& e : store.Audit(limit)) {
        std::cout << e.at << "  " << district::Printable(e.who, 64) << "  " << e.action << "  " << district::Printable(e.detail, 300) << "\n";
    }
    return 0;
}

int Directory(district::DistrictStore& store, const Args& args) {
    const std::string verb = args.positional.size() > 1 ? args.positional[1] : "";
    if (verb == "info") {
        const auto snapshot = store.ReadDirectory();
        if (snapshot.info.default_locale.empty()) {
            std::cout << "no directory imported yet\n";
            return 0;
        }
        std::cout << "services: " << snapshot.info.services << "\nlanguages:";
        for (const auto& locale : snapshot.info.locales) std::cout << " " << locale;
        std::cout << "\nimported at: " << snapshot.info.imported_at << "\nsource: " << snapshot.info.source << "\n";
        return 0;
    }
    if (verb == "stale") {
        const auto stale = store.StaleTranslations();
        if (stale.empty()) {
            std::cout << "every translation was made from the text the directory has now\n";
            return 0;
        }
        std::cout << stale.size() << " translated field" << (stale.size() == 1 ? " was" : "s were")
                  << " made from a text that has changed since (shown in the directory's language until translated again):\n";
        for (const auto& s : stale) std::cout << s.locale << "\t" << s.entity << "\t" << s.entity_id << "\t" << s.field << "\n";
        return 0;
    }
    if (verb != "import" || args.positional.size() != 3) return Fail("directory takes `import PATH [--locale CODE]`, `info` or `stale`");
    const std::string path = args.positional[2];
    auto feed = hsds::ReadHsdsPath(path);
    if (!feed) return Fail(feed.Error());
    const auto locale = args.Option("--locale");
    const std::string current = store.ReadDirectory().info.default_locale;
    if (locale && !current.empty() && *locale != current) {
        auto report = store.ImportTranslation(feed.Value(), hsds::NormalizeLanguageCode(*locale));
        if (!report) return Fail(report.Error());
        std::cout << *locale << ": " << report->Summary();
        return 0;
    }
    storage::ReplaceOptions options;
    options.locale = locale ? hsds::NormalizeLanguageCode(*locale) : (current.empty() ? "en" : current);
    options.allow_empty = args.Flag("--allow-empty");
    options.version = "file:" + path + "@" + Now();
    auto report = store.ReplaceDirectory(feed.Value(), options);
    if (!report) return Fail(report.Error());
    store.AppendAudit("command line", "directory.import", path);
    std::cout << report->Summary();
    return 0;
}

int ReportImport(district::DistrictStore& store, const base::Result<int>& stored, const char* what,
                 const std::vector<hsds::SkippedRecord>& skipped) {
    if (!stored) return Fail(stored.Error());
    store.AppendAudit("command line", std::string(what) + ".import", std::to_string(stored.Value()) + " " + what);
    std::cout << stored.Value() << " " << what << " imported\n";
    for (const auto& s : skipped) std::cout << "skipped " << s.where << ": " << s.reason << "\n";
    return 0;
}

int Programs(district::DistrictStore& store, const Args& args) {
    if (args.positional.size() != 3 || args.positional[1] != "import") return Fail("programs takes `import FILE.json`");
    auto feed = storage::ReadProgramsFile(args.positional[2]);
    if (!feed) return Fail(feed.Error());
    if (auto refused = storage::RefuseEmptyImport(feed->programs.size(), feed->skipped, "programs", args.positional[2],
                                                  args.Flag("--allow-empty"));
        !refused.empty()) {
        return Fail(refused);
    }
    return ReportImport(store, store.ReplacePrograms(feed->programs), "programs", feed->skipped);
}

int Roster(district::DistrictStore& store, const Args& args) {
    if (args.positional.size() != 3 || args.positional[1] != "import") return Fail("roster takes `import FILE.csv`");
    auto roster = storage::ReadRosterImport(args.positional[2], args.Option("--adults").value_or(""),
                                            args.Option("--pickup-grades").value_or(""), args.Flag("--allow-empty"));
    if (!roster) return Fail(roster.Error());
    return ReportImport(store, store.ReplaceRoster(roster->students), "students", roster->skipped);
}

int Report(district::DistrictStore& store, const Args& args) {
    if (args.positional.size() != 2 || args.positional[1] != "attendance") return Fail("report takes `attendance --from DATE --to DATE`");
    const auto from = args.Option("--from");
    const auto to = args.Option("--to");
    if (!from || !to) return Fail("report attendance needs --from YYYY-MM-DD and --to YYYY-MM-DD");
    if (!ValidDate(*from)) return Fail("--from \"" + *from + "\" is not a date like 2026-09-01");
    if (!ValidDate(*to)) return Fail("--to \"" + *to + "\" is not a date like 2026-12-31");
    if (*to < *from) return Fail("--to is before --from");
    const std::string by_text = args.Option("--by").value_or("program");
    district::ReportBy by;
    if (by_text == "program") by = district::ReportBy::Program;
    else if (by_text == "partner") by = district::ReportBy::Partner;
    else if (by_text == "school") by = district::ReportBy::School;
    else return Fail("--by takes program, partner or school, not \"" + by_text + "\"");
    const std::string format = args.Option("--format").value_or("csv");
    if (format != "csv" && format != "json") return Fail("--format takes csv or json, not \"" + format + "\"");
    int min_students = 5;
    if (auto n = args.Option("--min-students")) {
        if (!std::regex_match(*n, std::regex(R"(\d{1,4})")) || std::stoi(*n) < 5) {
            return Fail("--min-students is a whole number of at least 5 (smaller groups could single out a child)");
        }
        min_students = std::stoi(*n);
    }
    // Computed in the database: a year of a state's check-ins never passes through this process.
    const auto programs = store.Programs();
    const auto report = district::AttendanceFromAggregate(
        store.AggregateAttendance(district::AttendanceQueryFor(programs, by, *from, *to, true)), programs, by, *from, *to, min_students);
    std::cout << (format == "json" ? district::ReportJson(report) : district::ReportCsv(report));
    return 0;
}

int Serve(district::DistrictStore& store, const Args& args) {
    district::ServerOptions options;
    const std::string listen = args.Option("--listen").value_or("127.0.0.1:8443");
    std::smatch m;
    if (listen.rfind("unix:", 0) == 0) {
        options.unix_socket = listen.substr(5);
        if (options.unix_socket.empty() || options.unix_socket[0] != '/') return Fail("--listen unix: takes an absolute path, e.g. unix:/run/district-server/http.sock");
        if (args.Option("--cert") || args.Option("--key")) return Fail("--cert and --key are for HTTPS on a port; on a Unix socket nginx holds TLS");
    } else if (std::regex_match(listen, m, std::regex(R"(\[?([^\[\]]+?)\]?:(\d{1,5}))"))) {
        options.host = m[1];
        options.port = std::stoi(m[2]);
        if (options.port > 65535) return Fail("--listen: the port must be 1 to 65535 (0: any free port)");
        options.cert_file = args.Option("--cert").value_or("");
        options.key_file = args.Option("--key").value_or("");
    } else {
        return Fail("--listen takes unix:/PATH (behind nginx) or ADDRESS:PORT (HTTPS), e.g. 0.0.0.0:8443 or [::1]:8443");
    }
    if (auto rate = args.Option("--rate-limit")) {
        try {
            options.requests_per_second = std::stod(*rate);
        } catch (...) {
            return Fail("--rate-limit takes requests per second per kiosk, e.g. 50");
        }
        if (options.requests_per_second <= 0) return Fail("--rate-limit must be above 0");
        options.burst = std::max(1.0, options.requests_per_second * 2);
    }
    if (auto threads = args.Option("--threads")) {
        if (!std::regex_match(*threads, std::regex(R"(\d{1,4})")) || std::stoi(*threads) < 2) return Fail("--threads takes a number from 2");
        options.threads = std::stoi(*threads);
    }
    std::mutex log_lock;
    if (!args.Flag("--quiet")) {
        options.log = [&log_lock](const std::string& line) {
            std::lock_guard lock(log_lock);
            std::cerr << Now() << " " << line << "\n";
        };
    }
    // SIGINT/SIGTERM stop the server cleanly: blocked here, waited for on one thread.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    district::HttpServer server(store, options);
    auto port = server.Bind();
    if (!port) return Fail(port.Error());
    std::thread stopper([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        server.Stop();
    });
    if (!options.unix_socket.empty()) {
        std::cerr << "district-server: serving HTTP on unix:" << options.unix_socket << " for nginx (" << store.Kiosks().size()
                  << " kiosks enrolled)" << std::endl;
    } else {
        std::cerr << "district-server: serving https://" << (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host)
                  << ":" << port.Value() << "/ (" << store.Kiosks().size() << " kiosks enrolled)" << std::endl;
    }
    server.Run();
    pthread_kill(stopper.native_handle(), SIGTERM);  // if Run() ended on its own
    stopper.join();
    std::cerr << "district-server: stopped\n";
    return 0;
}

Args Parse(int argc, char** argv) {
    static const std::vector<std::string> kFlags = {"--allow-empty", "--quiet"};
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0) {
            if (std::find(kFlags.begin(), kFlags.end(), arg) != kFlags.end()) {
                args.flags.push_back(arg);
            } else if (i + 1 < argc) {
                args.options.emplace_back(arg, argv[++i]);
            } else {
                args.options.emplace_back(arg, "");
            }
        } else {
            args.positional.push_back(arg);
        }
    }
    return args;
}

} // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            std::cout << kUsage;
            return 0;
        }
    }
    const Args args = Parse(argc, argv);
    if (args.positional.empty() || args.positional[0] == "help") {
        std::cout << kUsage;
        return args.positional.empty() ? 2 : 0;
    }
    for (const auto& [name, value] : args.options) {
        if (value.empty()) return Fail(name + " needs a value");
    }
    const std::string command = args.positional[0];
    try {
        if (command == "init") return Init(args);
        if (command == "db") return Db(args);
        static const std::vector<std::string> kCommands = {"kiosk", "account", "audit", "directory", "programs", "roster", "report", "serve"};
        if (std::find(kCommands.begin(), kCommands.end(), command) == kCommands.end()) {
            return Fail("unknown command \"" + command + "\"\n" + kUsage);
        }
        const auto setting = Database(args);
        if (!setting) return Fail(setting.Error());
        auto opened = district::OpenStore(setting.Value(), DataDir(args), false);
        district::DistrictStore& store = *opened;
        if (command == "kiosk") return Kiosk(store, args);
        if (command == "account") return Account(store, args);
        if (command == "audit") return AuditLog(store, args);
        if (command == "directory") return Directory(store, args);
        if (command == "programs") return Programs(store, args);
        if (command == "roster") return Roster(store, args);
        if (command == "report") return Report(store, args);
        return Serve(store, args);
    } catch (const storage::DbError& error) {
        return Fail(std::string("database: ") + error.what());
    } catch (const std::exception& error) {
        return Fail(error.what());
    }
}
