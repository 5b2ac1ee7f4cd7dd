// Which store the district server uses: the `database` setting (README "Run the district
// server"). `sqlite:DIR` (or nothing: the data folder) is SQLite on this machine; a
// postgresql:// URL or a libpq "key=value" string is PostgreSQL, shared by any number of
// instances. A password never comes from the command line: libpq's ~/.pgpass or passfile=,
// or a database file readable by the service user alone.
// Threads: any (call before serving).
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "server/district_store.h"

namespace district {

struct DatabaseSetting {
    bool postgres = false;
    std::string value;        // SQLite: the data folder; PostgreSQL: the libpq setting
};

// From, in order: `option` (--database; refused if it carries a password), `file`
// (--database-file: the setting on its first line that is not a comment; refused unless only
// its owner can read it), else SQLite in `data_dir`.
base::Result<DatabaseSetting> ResolveDatabase(const std::string& option, const std::string& file, const std::string& data_dir);

// Opens the store. `prepare`: create the SQLite file or migrate PostgreSQL (init, db migrate);
// otherwise a PostgreSQL schema behind this program refuses with what to run.
// Throws storage::DbError.
std::unique_ptr<DistrictStore> OpenStore(const DatabaseSetting& setting, const std::string& data_dir, bool prepare);

} // namespace district
