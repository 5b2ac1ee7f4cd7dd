// kioskctl doctor. See doctor.h.
#include "kiosk/cli/doctor.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <ctime>
#include <algorithm>
#include <filesystem>
#include <map>

#include "kiosk/app/read_aloud.h"
#include "kiosk/app/sync_settings.h"
#include "print/label_printer.h"
#include "render/font_paths.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/directory_store.h"
#include "sync/https_client.h"
#include "sync/token_file.h"

namespace kiosk {

namespace {

std::string FirstExisting(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
        if (!p.empty() && std::filesystem::exists(p)) return p;
    }
    return "";
}

Check FontCheck(const char* what, const std::string& configured, const std::vector<std::string>& defaults, const char* package) {
    Check c{std::string("font: ") + what, Verdict::Ok, ""};
    if (!configured.empty() && !std::filesystem::exists(configured)) {
        c.verdict = Verdict::Warn;
        c.detail = "the configured " + configured + " does not exist; ";
    }
    const std::string found = FirstExisting(defaults);
    if (found.empty() && (configured.empty() || !std::filesystem::exists(configured))) {
        c.verdict = Verdict::Fail;
        c.detail += std::string("none found: install ") + package;
    } else {
        c.detail += "using " + (!configured.empty() && std::filesystem::exists(configured) ? configured : found);
    }
    return c;
}

} // namespace

const char* VerdictWord(Verdict verdict) {
    switch (verdict) {
        case Verdict::Ok: return "ok";
        case Verdict::Warn: return "warn";
        case Verdict::Fail: return "FAIL";
    }
    return "?";
}

std::vector<Check> RunDoctor(const KioskConfig& config, const std::string& config_path, const std::string& config_error,
                             const std::string& db_path, int64_t build_unix_seconds, const std::string& app_version) {
    std::vector<Check> checks;
    // Config
    if (!config_error.empty()) {
        checks.push_back({"config", Verdict::Fail, config_error + " (fix it; the kiosk will not start)"});
        return checks;  // everything below reads the config
    }
    checks.push_back({"config", Verdict::Ok, config_path.empty() ? "no config file: built-in defaults" : config_path + " is valid"});

    // Token file and server settings
    if (config.server_url.empty()) {
        checks.push_back({"sync", Verdict::Warn, "no server_url: this kiosk keeps every record but never syncs"});
    } else if (config.token_file.empty()) {
        checks.push_back({"token file", Verdict::Fail, "server_url is set but token_file is not (district IT enrols the kiosk)"});
    } else {
        auto token = netsync::LoadToken(config.token_file);
        if (!token) checks.push_back({"token file", Verdict::Fail, token.Error()});
        else checks.push_back({"token file", Verdict::Ok, config.token_file + " is readable by this user only"});
    }

    // Fonts
    const render::FontPaths fonts = render::DefaultFontPaths();
    checks.push_back(FontCheck("text", config.font_regular, fonts.regular, "fonts-noto-core"));
    checks.push_back(FontCheck("icons", config.font_icons, fonts.icons, "fonts-material-design-icons-iconfont"));
    // Scripts Noto Sans lacks, for the languages offered: without them Arabic is unjoined and
    // Chinese shows boxes, so the kiosk still runs and doctor warns.
    auto offers = [&](const char* code) {
        return std::find(config.languages.begin(), config.languages.end(), code) != config.languages.end();
    };
    if (offers("ar")) {
        Check arabic = FontCheck("Arabic", "", fonts.arabic, "fonts-noto-core");
        if (arabic.verdict == Verdict::Fail) arabic.verdict = Verdict::Warn;
        checks.push_back(arabic);
    }
    if (offers("zh")) {
        Check chinese = FontCheck("Chinese", "", fonts.cjk, "fonts-noto-cjk");
        if (chinese.verdict == Verdict::Fail) chinese.verdict = Verdict::Warn;
        checks.push_back(chinese);
    }

    // Read aloud: a voice per language and a device to play on, else the button is absent.
    if (!config.read_aloud) {
        checks.push_back({"read aloud", Verdict::Ok, "turned off in the config (read_aloud: false)"});
    } else {
        ReadAloud::Options options;
        options.device = config.audio_device;
        options.languages = config.languages;
        ReadAloud speech(options);
        speech.WaitProbed();
        // The languages that can be read, and the others grouped by why not.
        std::vector<std::string> voiced;
        std::map<std::string, std::vector<std::string>> why_not;
        for (const auto& language : config.languages) {
            const std::string why = speech.WhyUnavailable(language);
            if (why.empty()) voiced.push_back(language);
            else why_not[why].push_back(language);
        }
        auto join = [](const std::vector<std::string>& items) {
            std::string out;
            for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
            return out;
        };
        if (why_not.empty()) {
            checks.push_back({"read aloud", Verdict::Ok, "espeak-ng voices for " + join(voiced) + " on ALSA \"" + config.audio_device + "\""});
        } else {
            std::string detail;
            for (const auto& [why, languages] : why_not) detail += (detail.empty() ? "" : "; ") + why + " (" + join(languages) + ")";
            detail += voiced.empty() ? ": the speaker button is hidden" : ": hidden there, shown for " + join(voiced);
            checks.push_back({"read aloud", Verdict::Warn, detail});
        }
    }

    // Check-in labels: optional; a printer that is not ready is a warning (check-ins go on).
    if (config.label_printer.empty()) {
        checks.push_back({"label printer", Verdict::Ok, "none configured: check-ins print no labels"});
    } else {
        print::PrinterSettings printer;
        printer.destination = config.label_printer;
        printer.server = config.label_printer_server;
        const auto ready = print::ProbePrinter(printer);
        if (ready) checks.push_back({"label printer", Verdict::Ok, ready.Value()});
        else checks.push_back({"label printer", Verdict::Warn, ready.Error() + " (check-ins go on without labels)"});
    }

    // Database
    int64_t newest_seen = 0;
    if (!std::filesystem::exists(db_path)) {
        checks.push_back({"database", Verdict::Warn, db_path + " does not exist yet (the kiosk creates it at first start)"});
    } else {
        try {
            storage::DatabaseOptions options;
            options.read_only = true;
            storage::Database db(db_path, options);
            // integrity_check, not quick_check: SQLite 3.40's quick_check reports NOT NULL
            // violations that are not there in WITHOUT ROWID tables whose primary key lists
            // the columns in another order (service_spoken_language); integrity_check is right.
            storage::Statement check(db, "PRAGMA integrity_check");
            std::string result = check.Step() ? check.Text(0) : "no answer";
            if (result != "ok") {
                checks.push_back({"database", Verdict::Fail, db_path + " failed its integrity check: " + result +
                                                                 " (copy it off with `kioskctl export-checkins` first, then restore or re-create)"});
            } else {
                storage::CheckinStore store(db, build_unix_seconds);
                const auto counts = store.Counts();
                const auto info = storage::DirectoryStore(db).Info();
                checks.push_back({"database", Verdict::Ok,
                                  db_path + " is intact; " + std::to_string(counts.pending) + " check-ins waiting, " +
                                      std::to_string(info.services) + " services"});
                if (counts.rejected > 0) {
                    checks.push_back({"rejected check-ins", Verdict::Warn,
                                      std::to_string(counts.rejected) + " rejected by the server: see the staff panel or `kioskctl export-checkins`"});
                }
                newest_seen = store.NewestTimeSeen();
            }
        } catch (const storage::DbError& error) {
            checks.push_back({"database", Verdict::Fail, db_path + " cannot be read: " + error.what()});
        }
    }

    // Disk space where the database lives
    const std::string dir = std::filesystem::path(db_path).parent_path().empty() ? "." : std::filesystem::path(db_path).parent_path().string();
    struct statvfs fs{};
    if (statvfs(dir.c_str(), &fs) == 0) {
        const double free_mb = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize) / 1e6;
        const Verdict v = free_mb < 50 ? Verdict::Fail : free_mb < 500 ? Verdict::Warn : Verdict::Ok;
        checks.push_back({"disk space", v, std::to_string(static_cast<long long>(free_mb)) + " MB free in " + dir +
                                               (v == Verdict::Ok ? "" : " (check-ins need room: free some space)")});
    }

    // Clock
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    if (now < build_unix_seconds || (newest_seen > 0 && now < newest_seen)) {
        checks.push_back({"clock", Verdict::Fail, "the clock (" + base::Rfc3339(now, 0) + ") is earlier than " +
                                                      (now < build_unix_seconds ? "this software's build" : "a time this kiosk has already seen") +
                                                      ": set it (timedatectl, NTP); check-ins are marked untrusted meanwhile"});
    } else {
        checks.push_back({"clock", Verdict::Ok, base::Rfc3339(now, 0)});
    }

    // Server reachable, with the configured CA and pin, and the token accepted
    if (!config.server_url.empty()) {
        auto settings = SyncSettingsFrom(config, app_version);
        if (!settings) {
            checks.push_back({"server", Verdict::Fail, settings.Error()});
        } else {
            netsync::GlobalInit();
            netsync::TlsOptions tls = settings->tls;
            tls.connect_timeout_seconds = 5;
            tls.low_speed_seconds = 5;
            netsync::HttpsClient client(settings->server_url, tls, "kiosk/" + app_version + " (doctor)");
            auto reply = client.Get("kiosk/v1/programs", {{"Authorization", "Bearer " + settings->token}});
            if (!reply) {
                checks.push_back({"server", Verdict::Fail, reply.Error()});
            } else if (reply->status == 401 || reply->status == 403) {
                checks.push_back({"server", Verdict::Fail, settings->server_url + " is reachable but refused this kiosk's token: district IT must enrol it again"});
            } else if (reply->status >= 400) {
                checks.push_back({"server", Verdict::Fail, settings->server_url + " answered " + std::to_string(reply->status)});
            } else {
                checks.push_back({"server", Verdict::Ok, settings->server_url + " is reachable over verified TLS and accepts the token"});
            }
        }
    }
    return checks;
}

} // namespace kiosk
