// storage/migrations.h: every older schema version migrates to the newest, keeping its data.
#include <doctest/doctest.h>

#include "storage/database.h"
#include "storage/directory_store.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace storage;
using namespace hsds;

namespace {

bool TableExists(Database& db, const std::string& name) {
    auto& statement = db.Cached("SELECT 1 FROM sqlite_schema WHERE name = ?1");
    statement.Bind(1, name);
    const bool found = statement.Step();
    statement.Reset();
    return found;
}

} // namespace

TEST_CASE("a database at every older version migrates to the newest and keeps its directory") {
    for (int version = 0; version < kSchemaVersion; ++version) {
        CAPTURE(version);
        test::ScratchDir dir;
        {
            Database db(dir / "kiosk.db");
            Migrate(db, version);
            CHECK(db.UserVersion() == version);
            if (version >= 1) {
                db.Exec("INSERT INTO directory_meta VALUES('default_locale', 'en');"
                        "INSERT INTO organization(id, name) VALUES('o1', 'Harbor Family Counselling');"
                        "INSERT INTO service(id, organization_id, name, description, status) "
                        "VALUES('s1', 'o1', 'Teen Counselling', 'Help for teens', 'active');");
            }
            if (version >= 3) {
                // A queued check-in (v3 made the outbox; v4 added at_unix, v6 staff actions).
                db.Exec("INSERT INTO checkin_outbox(seq, id, student_id, program_id, kind, at, clock_trusted, verified, state) "
                        "VALUES(41, 'r-41', '100207', 'homework', 'out', '2026-11-23T15:30:00+00:00', 1, 0, 'pending')");
            }
            if (version >= 5) RebuildSearchIndex(db);  // as an import at v5 leaves it
            if (version >= 2 && version <= 4) {
                // The v2 to v4 index: one row per service and language, with the id as text.
                db.Exec("INSERT INTO service_fts(service_id, locale, name, organization) "
                        "VALUES('s1', 'en', 'Teen Counselling', 'Harbor Family Counselling')");
            }
        }
        Database db(dir / "kiosk.db");
        Migrate(db);
        CHECK(db.UserVersion() == kSchemaVersion);
        CHECK(TableExists(db, "service_fts"));
        CHECK(TableExists(db, "checkin_outbox"));
        if (version >= 3) {
            auto& row = db.Cached("SELECT seq, kind, verified, state, corrects IS NULL FROM checkin_outbox WHERE id = 'r-41'");
            REQUIRE(row.Step());
            CHECK(row.Int(0) == 41);
            CHECK(row.Text(1) == "out");
            CHECK(row.Int(2) == 0);
            CHECK(row.Text(3) == "pending");
            CHECK(row.Int(4) == 1);
            row.Reset();
            // The next record continues the sequence: a seq is never reused.
            db.Exec("INSERT INTO checkin_outbox(id, student_id, program_id, kind, at, clock_trusted) "
                    "VALUES('r-next', '100207', 'homework', 'void', '2026-11-23T16:00:00+00:00', 1)");
            auto& next = db.Cached("SELECT seq FROM checkin_outbox WHERE id = 'r-next'");
            REQUIRE(next.Step());
            CHECK(next.Int(0) > 41);
            next.Reset();
        }
        if (version >= 1) {
            DirectoryStore store(db);
            ServiceQuery query;
            query.text = "counsel";
            const auto found = store.Find(query);
            REQUIRE(found.size() == 1);
            CHECK(found[0].name == "Teen Counselling");
            CHECK(found[0].organization_name == "Harbor Family Counselling");
        }
    }
}

TEST_CASE("migrating twice changes nothing") {
    test::ScratchDir dir;
    Database db(dir / "kiosk.db");
    Migrate(db);
    Migrate(db);
    CHECK(db.UserVersion() == kSchemaVersion);
}

TEST_CASE("a database newer than this program is refused with a message saying so") {
    test::ScratchDir dir;
    Database db(dir / "kiosk.db");
    db.SetUserVersion(kSchemaVersion + 5);
    try {
        Migrate(db);
        FAIL("expected an error");
    } catch (const DbError& error) {
        CHECK(std::string(error.what()).find("newer than this program knows") != std::string::npos);
    }
    CHECK(db.UserVersion() == kSchemaVersion + 5);
}
