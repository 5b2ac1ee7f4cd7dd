// The database setting. See store_factory.h.
#include "server/store_factory.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "server/pg.h"
#include "server/postgres_district_store.h"
#include "server/sqlite_district_store.h"

namespace district {

namespace {

std::string Trim(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

base::Result<DatabaseSetting> Interpret(const std::string& text, const std::string& data_dir, bool password_allowed) {
    DatabaseSetting setting;
    if (text.empty()) {
        setting.value = data_dir;
        return setting;
    }
    if (text.rfind("sqlite:", 0) == 0) {
        setting.value = text.substr(7);
        if (setting.value.empty()) return base::Result<DatabaseSetting>::Fail("sqlite: needs the data folder, e.g. sqlite:/var/lib/district-server");
        return setting;
    }
    if (!pg::IsPostgresSetting(text)) {
        return base::Result<DatabaseSetting>::Fail(
            "the database setting is neither sqlite:DIR nor a PostgreSQL URL (postgresql://...) or libpq string (host=... dbname=...)");
    }
    if (const std::string why = pg::CheckSetting(text, password_allowed); !why.empty()) {
        return base::Result<DatabaseSetting>::Fail("the database setting: " + why);
    }
    setting.postgres = true;
    setting.value = text;
    return setting;
}

} // namespace

base::Result<DatabaseSetting> ResolveDatabase(const std::string& option, const std::string& file, const std::string& data_dir) {
    if (!option.empty()) return Interpret(option, data_dir, false);
    if (!file.empty()) {
        struct stat info {};
        if (::stat(file.c_str(), &info) != 0) return base::Result<DatabaseSetting>::Fail("cannot read the database file " + file);
        if ((info.st_mode & 077) != 0) {
            return base::Result<DatabaseSetting>::Fail("the database file " + file +
                                                       " may hold a password and others can read it: chmod 600 it (owner: the service user)");
        }
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            line = Trim(line);
            if (line.empty() || line[0] == '#') continue;
            return Interpret(line, data_dir, true);
        }
        return base::Result<DatabaseSetting>::Fail("the database file " + file + " names no database");
    }
    return Interpret("", data_dir, false);
}

std::unique_ptr<DistrictStore> OpenStore(const DatabaseSetting& setting, const std::string& data_dir, bool prepare) {
    if (!setting.postgres) return std::make_unique<SqliteDistrictStore>(setting.value, prepare);
    return std::make_unique<PostgresDistrictStore>(setting.value, (std::filesystem::path(data_dir) / "cache").string(), prepare);
}

} // namespace district
