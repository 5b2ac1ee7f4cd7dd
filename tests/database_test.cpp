// storage/database.h: the RAII layer.
#include <doctest/doctest.h>

#include <string>

#include "storage/database.h"
#include "test_support.h"

using storage::Database;
using storage::DbError;
using storage::Transaction;

TEST_CASE("a transaction that is not committed is rolled back") {
    test::ScratchDir dir;
    Database db(dir / "t.db");
    db.Exec("CREATE TABLE t(x INTEGER)");
    {
        Transaction transaction(db);
        db.Cached("INSERT INTO t VALUES(?1)").Bind(1, 7).Run();
    }
    auto& count = db.Cached("SELECT count(*) FROM t");
    REQUIRE(count.Step());
    CHECK(count.Int(0) == 0);
    {
        Transaction transaction(db);
        db.Cached("INSERT INTO t VALUES(?1)").Bind(1, 7).Run();
        transaction.Commit();
    }
    auto& again = db.Cached("SELECT count(*) FROM t");
    REQUIRE(again.Step());
    CHECK(again.Int(0) == 1);
}

TEST_CASE("an error carries SQLite's message and the SQL that failed") {
    test::ScratchDir dir;
    Database db(dir / "t.db");
    try {
        db.Exec("SELECT * FROM no_such_table");
        FAIL("expected an error");
    } catch (const DbError& error) {
        const std::string text = error.what();
        CHECK(text.find("no such table: no_such_table") != std::string::npos);
        CHECK(text.find("SELECT * FROM no_such_table") != std::string::npos);
    }
    CHECK_THROWS_AS(storage::Statement(db, "SELEC 1"), DbError);
}

TEST_CASE("a connection opens in WAL with synchronous FULL and foreign keys on") {
    test::ScratchDir dir;
    Database db(dir / "t.db");
    auto& mode = db.Cached("PRAGMA journal_mode");
    REQUIRE(mode.Step());
    CHECK(mode.Text(0) == "wal");
    auto& sync = db.Cached("PRAGMA synchronous");
    REQUIRE(sync.Step());
    CHECK(sync.Int(0) == 2);
    auto& fk = db.Cached("PRAGMA foreign_keys");
    REQUIRE(fk.Step());
    CHECK(fk.Int(0) == 1);
}

TEST_CASE("a file that is not a database is refused when opened, with a clear message") {
    test::ScratchDir dir;
    test::WriteFile(dir / "junk.db", std::string(4096, 'x'));
    try {
        Database db(dir / "junk.db");
        FAIL("expected an error");
    } catch (const DbError& error) {
        CHECK(error.IsCorrupt());
        CHECK(std::string(error.what()).find("not a database") != std::string::npos);
    }
}

TEST_CASE("statements bind text, numbers, null and optionals") {
    test::ScratchDir dir;
    Database db(dir / "t.db");
    db.Exec("CREATE TABLE t(a TEXT, b INTEGER, c REAL, d TEXT)");
    std::optional<std::string> none;
    db.Cached("INSERT INTO t VALUES(?1, ?2, ?3, ?4)").Bind(1, "héllo").Bind(2, int64_t{1} << 40).Bind(3, 2.5).Bind(4, none).Run();
    auto& row = db.Cached("SELECT a, b, c, d FROM t");
    REQUIRE(row.Step());
    CHECK(row.Text(0) == "héllo");
    CHECK(row.Int(1) == (int64_t{1} << 40));
    CHECK(row.Real(2) == doctest::Approx(2.5));
    CHECK_FALSE(row.OptionalText(3).has_value());
}

TEST_CASE("a second writer waits for the first instead of failing") {
    test::ScratchDir dir;
    Database first(dir / "t.db");
    first.Exec("CREATE TABLE t(x)");
    storage::DatabaseOptions quick;
    quick.busy_timeout_ms = 50;
    Database second(dir / "t.db", quick);
    Transaction hold(first);
    // The second waits its 50 ms for the first, then reports "busy" rather than hanging.
    bool busy = false;
    try {
        Transaction attempt(second);
    } catch (const DbError& error) {
        busy = error.IsBusy();
    }
    CHECK(busy);
}

TEST_CASE("data_version tells a connection that another one committed") {
    test::ScratchDir dir;
    Database reader(dir / "t.db");
    Database writer(dir / "t.db");
    writer.Exec("CREATE TABLE t(x)");
    const int64_t before = reader.DataVersion();
    CHECK(reader.DataVersion() == before);
    writer.Exec("INSERT INTO t VALUES(1)");
    CHECK(reader.DataVersion() != before);
}
