// kioskctl: the kiosk's command-line tool for staff and district IT (over SSH, in systemd
// timers, in tests). It opens the same database as the kiosk, on its own connection.
// Threads: single-threaded.
#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <unistd.h>
#include <nlohmann/json.hpp>
#include <ctime>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/config.h"
#include "kiosk/cli/doctor.h"
#include "kiosk/app/rules.h"
#include "kiosk/app/staff_pin.h"
#include "sync/sync_engine.h"
#include "kiosk/app/sync_settings.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "storage/pickup_roster.h"
#include "storage/program_import.h"

namespace {

constexpr char kUsage[] =
    "usage: kioskctl [--config FILE] [--db FILE] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  import-directory PATH [--locale CODE] [--translation CODE=PATH]... [--allow-empty]\n"
    "      Replace the directory with an HSDS 3.0 feed: a JSON service, array or list\n"
    "      envelope, NDJSON, or a CSV package folder. --locale names the language the feed\n"
    "      is written in (default en). --translation adds the same feed in another language.\n"
    "  import-translation PATH --locale CODE\n"
    "      Add or replace one language's text for the directory already imported.\n"
    "  directory-info\n"
    "      Print the directory's version, languages and service count.\n"
    "  search [TEXT] [--locale CODE] [--category ID] [--language CODE] [--age N] [--open-now] [--limit N]\n"
    "         [--synonyms FILE]  (default: the installed /usr/share/kiosk/i18n/synonyms.txt, if there)\n"
    "      Search the directory the way the kiosk does and print the results.\n"
    "  categories [--locale CODE]\n"
    "      List the categories with their service counts.\n"
    "  import-programs FILE.json [--allow-empty]\n"
    "      Replace the after-school programs ({\"programs\": [...]}, as the server sends them).\n"
    "  import-roster FILE.csv|FILE.json [--allow-empty]\n"
    "      Replace the roster (student_id, display_name, program_ids separated by ';'; optional\n"
    "      grade, pickup_required, do_not_release). Guardian pickup: [--adults ADULTS.csv]\n"
    "      (student_id, adult_id, display_name, relationship, pickup_code; codes are hashed, never\n"
    "      stored) and [--pickup-grades K,1,2]. The kiosk keeps first names and initials only.\n"
    "  check-in --student ID --program ID [--out]\n"
    "      Record a check-in (or check-out) exactly as the kiosk screen does.\n"
    "  sync [--wait]\n"
    "      One full sync with the district server (server_url, ca_file, pinned_pubkey and\n"
    "      token_file from the config). Exit 0 only when every pending check-in was\n"
    "      acknowledged and the directory is current; otherwise 1 with the reason. When the\n"
    "      server asked the kiosk to wait (429/503 Retry-After), says how long and exits 1;\n"
    "      with --wait, waits that long first.\n"
    "  status\n"
    "      The kiosk's state as JSON: queued, rejected and unverified check-ins, the clock,\n"
    "      the directory, programs and roster.\n"
    "  doctor\n"
    "      Check what a technician checks first: config, token file permissions, fonts,\n"
    "      database integrity, disk space, clock, and the server over the configured CA/pin\n"
    "      with the token. One line each; exit 1 if anything failed.\n"
    "  hash-pin\n"
    "      Read a staff PIN (4 to 12 digits) from standard input and print the\n"
    "      staff_pin_hash for the config (PBKDF2-SHA256, salted). The PIN itself is never stored.\n"
    "  export-checkins [--since YYYY-MM-DD]\n"
    "      Every check-in on this kiosk since that day, as CSV on standard output\n"
    "      (for carrying records out on a USB stick when a kiosk has been offline).\n"
    "\n"
    "options:\n"
    "  --config FILE  the kiosk's config (docs/config.md); its data_dir holds kiosk.db\n"
    "  --db FILE      the kiosk database (default: $KIOSK_DB, else <data_dir>/kiosk.db with\n"
    "                 --config, else kiosk.db)\n";

struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;  // --name value, in order
    std::vector<std::string> flags;

    std::optional<std::string> Option(const std::string& name) const {
        for (auto it = options.rbegin(); it != options.rend(); ++it) {
            if (it->first == name) return it->second;
        }
        return std::nullopt;
    }
    bool Flag(const std::string& name) const {
        for (const auto& f : flags) if (f == name) return true;
        return false;
    }
};

int Fail(const std::string& message) {
    std::cerr << "kioskctl: " << message << "\n";
    return 1;
}

int ImportDirectory(storage::Database& db, const Args& args) {
    if (args.positional.size() != 1) return Fail("import-directory takes one PATH\n" + std::string(kUsage));
    auto feed = hsds::ReadHsdsPath(args.positional[0]);
    if (!feed) return Fail(feed.Error());
    std::vector<std::pair<std::string, hsds::DirectoryFeed>> translations;
    for (const auto& [name, value] : args.options) {
        if (name != "--translation") continue;
        const auto equals = value.find('=');
        if (equals == std::string::npos || equals == 0) return Fail("--translation takes CODE=PATH, e.g. es=directory.es.json");
        auto translation = hsds::ReadHsdsPath(value.substr(equals + 1));
        if (!translation) return Fail(translation.Error());
        translations.emplace_back(value.substr(0, equals), std::move(translation.Value()));
    }
    storage::ReplaceOptions options;
    options.locale = args.Option("--locale").value_or("en");
    options.allow_empty = args.Flag("--allow-empty");
    options.version = "file:" + args.positional[0];
    storage::DirectoryStore store(db);
    auto report = store.ReplaceDirectory(feed.Value(), options, translations);
    if (!report) return Fail(report.Error());
    std::cout << report->Summary();
    for (const auto& [locale, translation] : translations) {
        std::cout << locale << ": " << translation.report.services << " services translated\n";
    }
    return 0;
}

int ImportTranslation(storage::Database& db, const Args& args) {
    const auto locale = args.Option("--locale");
    if (args.positional.size() != 1 || !locale) return Fail("import-translation takes PATH --locale CODE");
    auto feed = hsds::ReadHsdsPath(args.positional[0]);
    if (!feed) return Fail(feed.Error());
    storage::DirectoryStore store(db);
    auto report = store.ImportTranslation(feed.Value(), *locale);
    if (!report) return Fail(report.Error());
    std::cout << *locale << ": " << report->Summary();
    return 0;
}

int DirectoryInfo(storage::Database& db) {
    storage::DirectoryStore store(db);
    const storage::DirectoryInfo info = store.Info();
    if (info.default_locale.empty()) {
        std::cout << "no directory imported yet\n";
        return 0;
    }
    std::cout << "services: " << info.services << "\nlanguages:";
    for (const auto& locale : info.locales) std::cout << " " << locale;
    std::cout << "\nversion: " << info.version << "\nimported at: " << info.imported_at << "\nsource: " << info.source << "\n";
    return 0;
}

const char* OpenWord(storage::OpenState state) {
    switch (state) {
        case storage::OpenState::Open: return "open now";
        case storage::OpenState::ClosesSoon: return "closes soon";
        case storage::OpenState::Closed: return "closed";
        default: return "hours unknown";
    }
}

int Search(storage::Database& db, const Args& args) {
    storage::ServiceQuery query;
    for (const auto& word : args.positional) query.text += (query.text.empty() ? "" : " ") + word;
    query.locale = args.Option("--locale").value_or("");
    query.category_id = args.Option("--category").value_or("");
    query.language = args.Option("--language").value_or("");
    if (auto age = args.Option("--age")) {
        try {
            query.age = std::stoi(*age);
        } catch (...) {
            return Fail("--age takes a whole number of years, not \"" + *age + "\"");
        }
    }
    if (args.Flag("--open-now")) query.open = storage::OpenFilter::OpenNow;
    {
        const std::string path = args.Option("--synonyms").value_or("/usr/share/kiosk/i18n/synonyms.txt");
        std::string error;
        auto synonyms = std::make_shared<storage::Synonyms>(storage::Synonyms::Load(path, &error));
        if (!error.empty() && args.Option("--synonyms")) return Fail(error);
        query.synonyms = std::move(synonyms);
    }
    query.now = storage::LocalTimeNow();
    if (auto at = args.Option("--at")) {
        auto parsed = storage::ParseLocalTime(*at);
        if (!parsed) return Fail("--at takes a local time like 2026-11-23 15:05");
        query.now = *parsed;
    }
    if (auto limit = args.Option("--limit")) {
        try {
            query.limit = std::stoi(*limit);
        } catch (...) {
            query.limit = 0;
        }
        if (query.limit < 1) return Fail("--limit takes a number of results, 1 or more");
    }
    storage::DirectoryStore store(db);
    int matched = 0;
    const auto results = store.Find(query, &matched);
    for (const auto& s : results) {
        std::cout << s.id << "\t" << s.name << "\t" << s.organization_name << "\t" << OpenWord(s.open_state) << "\t";
        for (size_t i = 0; i < s.languages.size(); ++i) std::cout << (i ? "," : "") << s.languages[i];
        std::cout << "\n";
    }
    if (matched > static_cast<int>(results.size())) {
        std::cerr << matched << " found, the best " << results.size() << " shown (--limit N for more)\n";
    } else {
        std::cerr << results.size() << " found\n";
    }
    return 0;
}

int Categories(storage::Database& db, const Args& args) {
    storage::DirectoryStore store(db);
    for (const auto& c : store.Categories(args.Option("--locale").value_or(""))) {
        std::cout << c.id << "\t" << c.code << "\t" << c.name << "\t" << c.services << "\n";
    }
    return 0;
}

// "imported 7 programs, skipped 0" and each skipped record with its reason.
int ReportImport(const base::Result<int>& stored, const char* what, const std::vector<hsds::SkippedRecord>& skipped) {
    if (!stored) return Fail(stored.Error());
    std::cout << "imported " << stored.Value() << " " << what << ", skipped " << skipped.size() << "\n";
    for (const auto& s : skipped) std::cout << "  skipped " << s.where << ": " << s.reason << "\n";
    return 0;
}

int ImportPrograms(storage::Database& db, const Args& args) {
    if (args.positional.size() != 1) return Fail("import-programs takes one FILE.json");
    auto feed = storage::ReadProgramsFile(args.positional[0]);
    if (!feed) return Fail(feed.Error());
    if (auto refused = storage::RefuseEmptyImport(feed->programs.size(), feed->skipped, "programs", args.positional[0],
                                                  args.Flag("--allow-empty"));
        !refused.empty()) {
        return Fail(refused);
    }
    storage::CheckinStore store(db);
    return ReportImport(store.ReplacePrograms(feed->programs, "file:" + args.positional[0]), "programs", feed->skipped);
}

int ImportRoster(storage::Database& db, const Args& args) {
    if (args.positional.size() != 1) return Fail("import-roster takes one FILE.csv or FILE.json");
    auto roster = storage::ReadRosterImport(args.positional[0], args.Option("--adults").value_or(""),
                                            args.Option("--pickup-grades").value_or(""), args.Flag("--allow-empty"));
    if (!roster) return Fail(roster.Error());
    // What a kiosk keeps is what a district server would send it: first name and initial.
    for (auto& student : roster->students) student.display_name = storage::ShortName(student.display_name);
    storage::CheckinStore store(db);
    return ReportImport(store.ReplaceRoster(roster->students, "file:" + args.positional[0]), "students", roster->skipped);
}

int CheckIn(storage::Database& db, const Args& args, const kiosk::KioskConfig& config) {
    const auto student = args.Option("--student");
    const auto program = args.Option("--program");
    if (!student || !program) return Fail("check-in takes --student ID --program ID [--out]");
    storage::CheckinStore store(db, KIOSK_BUILD_EPOCH);
    const kiosk::CheckinRules rules = kiosk::CheckinRulesFrom(config);  // the screen's rules, from the same config
    if (!std::regex_match(*student, std::regex(rules.student_id_pattern))) {
        return Fail("\"" + *student + "\" is not a student ID (student_id_pattern " + rules.student_id_pattern + ")");
    }
    if (!store.FindProgram(*program)) return Fail("there is no program \"" + *program + "\" on this kiosk");
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    const auto last = store.LastRecordOf(*student);
    if (last && now >= last->at_unix && now - last->at_unix < rules.duplicate_window_seconds) {
        std::cout << "already checked " << storage::KindText(last->kind) << " at " << kiosk::LocalClock(last->at_unix)
                  << "; nothing recorded\n";
        return 0;
    }
    const bool verified = store.FindStudent(*student).has_value();
    auto record = store.Record(*student, *program, args.Flag("--out") ? storage::CheckinKind::Out : storage::CheckinKind::In,
                               verified, {static_cast<int64_t>(now), static_cast<int>(tm.tm_gmtoff)});
    if (!record) return Fail(record.Error());
    std::cout << "recorded " << record->id << " " << storage::KindText(record->kind) << " " << record->at
              << (verified ? "" : " (unverified: not on the roster)") << (record->clock_trusted ? "" : " (clock untrusted)")
              << "\n";
    return 0;
}

// From standard input, not the command line: a PIN in argv shows in `ps` and shell history.
int HashPin() {
    std::string pin;
    if (isatty(STDIN_FILENO)) std::cerr << "staff PIN (4 to 12 digits): " << std::flush;
    std::getline(std::cin, pin);
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    if (!kiosk::ValidPin(pin)) return Fail("a staff PIN is 4 to 12 digits");
    std::cout << kiosk::HashPin(pin) << "\n";
    return 0;
}

int Sync(storage::Database& db, const kiosk::KioskConfig& config, const Args& args) {
    auto configured = kiosk::SyncSettingsFrom(config, KIOSK_VERSION);
    if (!configured) return Fail(configured.Error());
    const netsync::SyncSettings& settings = configured.Value();
    netsync::GlobalInit();
    netsync::SyncEngine engine(db, settings);
    if (const int64_t wait = engine.WaitRequestedByServer(); wait > 0) {
        // The server's Retry-After outlives this process: the next run honours it too.
        if (!args.Flag("--wait")) {
            return Fail("the server asked this kiosk to wait; it can sync again in " + std::to_string(wait) +
                        " s (kioskctl sync --wait waits, then syncs)");
        }
        std::cout << "waiting " << wait << " s, as the server asked\n" << std::flush;
        std::this_thread::sleep_for(std::chrono::seconds(wait));
    }
    const auto result = engine.RunOnce();
    const auto status = netsync::ReadSyncStatus(db);
    if (result == netsync::SyncResult::Complete) {
        std::cout << "sync complete: nothing pending, directory " << status.directory_etag << "\n";
        return 0;
    }
    return Fail("sync incomplete: " + status.last_error);
}

int Status(storage::Database& db) {
    storage::CheckinStore checkins(db, KIOSK_BUILD_EPOCH);
    storage::DirectoryStore directory(db);
    const auto counts = checkins.Counts();
    const auto info = directory.Info();
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    const bool trusted = checkins.ClockTrusted(now);
    int64_t untrusted = 0;
    for (const auto& r : checkins.Since(0)) untrusted += r.clock_trusted ? 0 : 1;
    nlohmann::json status = {
        {"queue_depth", counts.pending},
        {"oldest_pending_at", counts.oldest_pending_at},
        {"rejected", counts.rejected},
        {"unverified", counts.unverified},
        {"untrusted_clock_records", untrusted},
        {"clock", {{"now", base::Rfc3339(now, 0)}, {"newest_seen", base::Rfc3339(checkins.NewestTimeSeen(), 0)},
                   {"trusted", trusted}}},
        {"directory", {{"services", info.services}, {"version", info.version}, {"imported_at", info.imported_at},
                       {"languages", info.locales}}},
        {"programs", checkins.Programs().size()},
        {"roster_students", checkins.RosterSize()},
    };
    const auto sync = netsync::ReadSyncStatus(db);
    status["sync"] = {{"last_success", sync.last_success}, {"last_attempt", sync.last_attempt}, {"last_error", sync.last_error},
                      {"clock_offset_seconds", sync.clock_offset_seconds}, {"needs_enrollment", sync.needs_enrollment}};
    if (!trusted) {
        status["warning"] = "the clock is earlier than a time this kiosk has already seen (or than its software): "
                            "check-ins are recorded but marked untrusted until the clock is set";
    }
    std::cout << status.dump(2) << "\n";
    return 0;
}

int ExportCheckins(storage::Database& db, const Args& args) {
    int64_t since = 0;
    if (auto day = args.Option("--since")) {
        auto parsed = storage::ParseLocalTime(*day + " 00:00");
        if (!parsed) return Fail("--since takes a date like 2026-09-01");
        std::tm tm{};
        tm.tm_year = parsed->year - 1900;
        tm.tm_mon = parsed->month - 1;
        tm.tm_mday = parsed->day;
        tm.tm_isdst = -1;
        since = static_cast<int64_t>(std::mktime(&tm));
    }
    storage::CheckinStore store(db);
    std::cout << "id,student_id,program_id,kind,at,clock_trusted,verified,state,reason\n";
    auto quote = [](const std::string& text) {
        std::string out = "\"";
        for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    for (const auto& r : store.Since(since)) {
        std::cout << r.id << "," << quote(r.student_id) << "," << quote(r.program_id) << "," << storage::KindText(r.kind) << ","
                  << r.at << "," << (r.clock_trusted ? "true" : "false") << "," << (r.verified ? "true" : "false") << ","
                  << r.state << "," << quote(r.reason) << "\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    Args args;
    std::string command;
    std::string db_path = std::getenv("KIOSK_DB") ? std::getenv("KIOSK_DB") : "";
    std::string config_path;
    static const char* kFlags[] = {"--allow-empty", "--open-now", "--out", "--wait", "--help", "-h"};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool is_flag = std::any_of(std::begin(kFlags), std::end(kFlags), [&](const char* f) { return arg == f; });
        if (is_flag) {
            args.flags.push_back(arg);
        } else if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
            if (i + 1 >= argc) return Fail(arg + " needs a value\n" + kUsage);
            if (arg == "--db") db_path = argv[++i];
            else if (arg == "--config") config_path = argv[++i];
            else args.options.emplace_back(arg, argv[++i]);
        } else if (command.empty()) {
            command = arg;
        } else {
            args.positional.push_back(arg);
        }
    }
    if (args.Flag("--help") || args.Flag("-h") || command.empty() || command == "help") {
        std::cout << kUsage;
        return command.empty() && !args.Flag("--help") && !args.Flag("-h") ? 2 : 0;
    }
    if (command == "hash-pin") return HashPin();
    if (command == "doctor") {
        // Before anything opens the database or trusts the config: those are what it checks.
        auto config = kiosk::LoadConfig(config_path);
        const kiosk::KioskConfig checked = config ? config.Value() : kiosk::KioskConfig{};
        const std::string path = !db_path.empty() ? db_path : config_path.empty() ? "kiosk.db" : checked.data_dir + "/kiosk.db";
        const auto checks = kiosk::RunDoctor(checked, config_path, config ? "" : config.Error(), path, KIOSK_BUILD_EPOCH, KIOSK_VERSION);
        bool failed = false;
        for (const auto& c : checks) {
            std::printf("%-4s  %-20s %s\n", kiosk::VerdictWord(c.verdict), c.name.c_str(), c.detail.c_str());
            failed |= c.verdict == kiosk::Verdict::Fail;
        }
        return failed ? 1 : 0;
    }
    auto loaded = kiosk::LoadConfig(config_path);
    if (!loaded) return Fail(loaded.Error());
    const kiosk::KioskConfig config = loaded.Value();
    kiosk::ApplyTimezone(config);  // check-ins carry the kiosk's local time and offset, as on the screen
    if (db_path.empty()) db_path = config_path.empty() ? "kiosk.db" : config.data_dir + "/kiosk.db";
    static const char* kReadOnly[] = {"status", "directory-info", "search", "categories", "export-checkins"};
    const bool reads_only = std::any_of(std::begin(kReadOnly), std::end(kReadOnly), [&](const char* c) { return command == c; });
    if (reads_only && access(db_path.c_str(), F_OK) != 0) {
        // Looking must never create: a stray ./kiosk.db would hide the real one.
        return Fail("there is no kiosk database at " + db_path + "; give --config FILE (its data_dir holds kiosk.db) or --db FILE");
    }
    try {
        storage::Database db(db_path);
        storage::Migrate(db);
        if (command == "import-directory") return ImportDirectory(db, args);
        if (command == "import-translation") return ImportTranslation(db, args);
        if (command == "directory-info") return DirectoryInfo(db);
        if (command == "search") return Search(db, args);
        if (command == "categories") return Categories(db, args);
        if (command == "import-programs") return ImportPrograms(db, args);
        if (command == "import-roster") return ImportRoster(db, args);
        if (command == "check-in") return CheckIn(db, args, config);
        if (command == "export-checkins") return ExportCheckins(db, args);
        if (command == "status") return Status(db);
        if (command == "sync") return Sync(db, config, args);
        return Fail("unknown command \"" + command + "\"\n" + kUsage);
    } catch (const storage::DbError& error) {
        if (error.IsDiskFull()) return Fail("the disk is full: " + std::string(error.what()));
        if (error.IsCorrupt()) return Fail(db_path + " is damaged or not a kiosk database: " + error.what());
        return Fail(error.what());
    }
}
