// Schema migrations. Never edit a step once it has shipped: add a new one.
#include "storage/migrations.h"

#include <functional>
#include <vector>

#include "storage/database.h"
#include "storage/directory_store.h"

namespace storage {

namespace {

// v1: the directory, an HSDS 3.0 subset. Text columns hold the default language; the
// translation table holds other languages field by field, so a missing translation falls
// back to the default language one field at a time.
constexpr char kDirectorySchemaSql[] = R"sql(
CREATE TABLE directory_meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE organization(
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  alternate_name TEXT,
  description    TEXT,
  email          TEXT,
  website        TEXT
);
CREATE TABLE service(
  id                      TEXT PRIMARY KEY,
  organization_id         TEXT REFERENCES organization(id) ON DELETE SET NULL,
  name                    TEXT NOT NULL,
  alternate_name          TEXT,
  description             TEXT,
  url                     TEXT,
  email                   TEXT,
  status                  TEXT NOT NULL,
  eligibility_description TEXT,
  minimum_age             INTEGER,
  maximum_age             INTEGER,
  fees_description        TEXT,
  application_process     TEXT,
  interpretation_services TEXT,
  alert                   TEXT,
  assured_date            TEXT,
  last_modified           TEXT
);
CREATE INDEX service_organization ON service(organization_id);
CREATE TABLE location(
  id             TEXT PRIMARY KEY,
  name           TEXT,
  alternate_name TEXT,
  description    TEXT,
  transportation TEXT,
  latitude       REAL,
  longitude      REAL
);
CREATE TABLE address(
  id             INTEGER PRIMARY KEY,
  location_id    TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
  address_1      TEXT,
  address_2      TEXT,
  city           TEXT,
  region         TEXT,
  state_province TEXT,
  postal_code    TEXT,
  country        TEXT,
  address_type   TEXT
);
CREATE INDEX address_location ON address(location_id);
CREATE TABLE service_at_location(
  service_id  TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  PRIMARY KEY(service_id, location_id)
) WITHOUT ROWID;
CREATE TABLE phone(
  id              INTEGER PRIMARY KEY,
  hsds_id         TEXT,
  service_id      TEXT REFERENCES service(id) ON DELETE CASCADE,
  location_id     TEXT REFERENCES location(id) ON DELETE CASCADE,
  organization_id TEXT REFERENCES organization(id) ON DELETE CASCADE,
  number          TEXT NOT NULL,
  extension       TEXT,
  type            TEXT,
  description     TEXT
);
CREATE INDEX phone_service ON phone(service_id);
CREATE INDEX phone_location ON phone(location_id);
CREATE INDEX phone_organization ON phone(organization_id);
CREATE TABLE phone_language(
  phone_id INTEGER NOT NULL REFERENCES phone(id) ON DELETE CASCADE,
  code     TEXT NOT NULL,
  name     TEXT,
  PRIMARY KEY(phone_id, code)
) WITHOUT ROWID;
CREATE TABLE schedule(
  id          INTEGER PRIMARY KEY,
  hsds_id     TEXT,
  service_id  TEXT REFERENCES service(id) ON DELETE CASCADE,
  location_id TEXT REFERENCES location(id) ON DELETE CASCADE,
  freq        TEXT,
  byday       TEXT,
  bymonthday  TEXT,
  interval    INTEGER NOT NULL DEFAULT 1,
  opens_at    TEXT,
  closes_at   TEXT,
  valid_from  TEXT,
  valid_to    TEXT,
  dtstart     TEXT,
  description TEXT
);
CREATE INDEX schedule_service ON schedule(service_id);
CREATE INDEX schedule_location ON schedule(location_id);
CREATE TABLE language(
  id          INTEGER PRIMARY KEY,
  service_id  TEXT REFERENCES service(id) ON DELETE CASCADE,
  location_id TEXT REFERENCES location(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  name        TEXT
);
CREATE INDEX language_service ON language(service_id);
CREATE INDEX language_location ON language(location_id);
CREATE TABLE taxonomy_term(
  id          TEXT PRIMARY KEY,
  code        TEXT,
  name        TEXT NOT NULL,
  description TEXT,
  parent_id   TEXT,
  taxonomy    TEXT
);
CREATE TABLE service_taxonomy(
  service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  term_id    TEXT NOT NULL REFERENCES taxonomy_term(id) ON DELETE CASCADE,
  PRIMARY KEY(service_id, term_id)
) WITHOUT ROWID;
CREATE INDEX service_taxonomy_term ON service_taxonomy(term_id);
-- Every language a family can be helped in at a service: its own, its phones' and its
-- locations'. Derived at import so the language filter is one indexed lookup.
CREATE TABLE service_spoken_language(
  service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
  code       TEXT NOT NULL,
  PRIMARY KEY(code, service_id)
) WITHOUT ROWID;
CREATE INDEX service_spoken_language_service ON service_spoken_language(service_id);
CREATE TABLE translation(
  entity    TEXT NOT NULL,   -- service, organization, location, taxonomy_term, schedule
  entity_id TEXT NOT NULL,
  locale    TEXT NOT NULL,
  field     TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY(entity, entity_id, locale, field)
) WITHOUT ROWID;
)sql";

// v2: full-text search over each service in each language, its effective text (translation
// or default-language fallback, field by field). Prefix indexes make "tut*" cheap.
constexpr char kSearchSchemaSql[] = R"sql(
CREATE VIRTUAL TABLE service_fts USING fts5(
  service_id UNINDEXED,
  locale UNINDEXED,
  name, alternate_name, description, organization, categories,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
)sql";

// v5: the search index without content. The v2 index stored each row's service id as text,
// so every match cost a read of the content table for it and of the size table for bm25:
// thousands of B-tree reads for a short prefix, 16 ms at p99 on 10 000 services. Now a row's
// rowid is the service's rowid * 64 + its language's index (search_locale), the index keeps
// no content and no column sizes, and a match is answered from the index alone.
constexpr char kSearchIndexV5Sql[] = R"sql(
DROP TABLE service_fts;
CREATE TABLE search_locale(
  idx  INTEGER PRIMARY KEY CHECK(idx BETWEEN 0 AND 63),
  code TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE service_fts USING fts5(
  name, alternate_name, description, organization, categories,
  content = '',
  columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
)sql";

// v3: the check-in outbox and sync state, completed by the check-in and sync work.
constexpr char kOutboxSchemaSql[] = R"sql(
CREATE TABLE checkin_outbox(
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,  -- local sequence number, never reused
  id              TEXT NOT NULL UNIQUE,               -- random UUID, the server's dedupe key
  student_id      TEXT NOT NULL,
  program_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK(kind IN ('in', 'out')),
  at              TEXT NOT NULL,                      -- RFC 3339 with UTC offset
  clock_trusted   INTEGER NOT NULL,
  verified        INTEGER NOT NULL DEFAULT 1,         -- 0: student not on the roster
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK(state IN ('pending', 'acknowledged', 'rejected')),
  reason          TEXT,                               -- why the server rejected it
  acknowledged_at TEXT
);
CREATE INDEX checkin_outbox_state ON checkin_outbox(state, seq);
CREATE TABLE sync_state(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// v4: after-school programs and the roster (replaced whole when a new version syncs), and
// what the check-in flow needs of the outbox: the instant as a number, lookups by student.
constexpr char kProgramsSchemaSql[] = R"sql(
CREATE TABLE program(
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  organization_name TEXT,
  location          TEXT,
  description       TEXT
);
CREATE TABLE program_session(
  id         INTEGER PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES program(id) ON DELETE CASCADE,
  byday      TEXT NOT NULL,
  opens_at   TEXT NOT NULL,
  closes_at  TEXT NOT NULL
);
CREATE INDEX program_session_program ON program_session(program_id);
CREATE TABLE roster_student(
  student_id   TEXT PRIMARY KEY,
  display_name TEXT NOT NULL
);
CREATE TABLE roster_enrollment(
  student_id TEXT NOT NULL REFERENCES roster_student(student_id) ON DELETE CASCADE,
  program_id TEXT NOT NULL,
  PRIMARY KEY(student_id, program_id)
) WITHOUT ROWID;
ALTER TABLE checkin_outbox ADD COLUMN at_unix INTEGER NOT NULL DEFAULT 0;
CREATE INDEX checkin_outbox_student ON checkin_outbox(student_id, seq);
)sql";

// v6: staff put records right. A confirmation, correction or void is a record of its own in
// the outbox (kind confirm / correction / void, naming the record it acts on in `corrects`),
// synced under the same exactly-once rules; the original is never edited or deleted. SQLite
// cannot widen a CHECK constraint in place, so the table is rebuilt, keeping every seq.
constexpr char kStaffActionsSql[] = R"sql(
CREATE TABLE checkin_outbox_v6(
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  student_id      TEXT NOT NULL,
  program_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK(kind IN ('in', 'out', 'confirm', 'correction', 'void')),
  at              TEXT NOT NULL,
  clock_trusted   INTEGER NOT NULL,
  verified        INTEGER NOT NULL DEFAULT 1,
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK(state IN ('pending', 'acknowledged', 'rejected')),
  reason          TEXT,
  acknowledged_at TEXT,
  at_unix         INTEGER NOT NULL DEFAULT 0,
  corrects        TEXT                                -- the record a staff action acts on
);
INSERT INTO checkin_outbox_v6(seq, id, student_id, program_id, kind, at, clock_trusted, verified, state, reason,
                              acknowledged_at, at_unix)
  SELECT seq, id, student_id, program_id, kind, at, clock_trusted, verified, state, reason, acknowledged_at, at_unix
  FROM checkin_outbox;
DROP TABLE checkin_outbox;
ALTER TABLE checkin_outbox_v6 RENAME TO checkin_outbox;
CREATE INDEX checkin_outbox_state ON checkin_outbox(state, seq);
CREATE INDEX checkin_outbox_student ON checkin_outbox(student_id, seq);
CREATE INDEX checkin_outbox_corrects ON checkin_outbox(corrects) WHERE corrects IS NOT NULL;
)sql";

// v7: each service's whole HSDS 3.0 document (hsds/document.h), so what the kiosk does not
// show is kept too and the district server serves it as the feed gave it. NULL for services
// imported before v7 (the server then renders the columns above; a new import fills it).
constexpr char kServiceDocumentSql[] = R"sql(
ALTER TABLE service ADD COLUMN document TEXT;
)sql";

// v10: guardian pickup. The roster says who must be picked up and by whom (the adults'
// codes only as hashes), with a note only staff see; a check-out records who collected the
// child (their id, never the code) or which staff member released them and why.
constexpr char kPickupSql[] = R"sql(
ALTER TABLE roster_student ADD COLUMN pickup_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE roster_student ADD COLUMN grade TEXT NOT NULL DEFAULT '';
ALTER TABLE roster_student ADD COLUMN do_not_release TEXT NOT NULL DEFAULT '';
CREATE TABLE roster_adult(
  student_id   TEXT NOT NULL REFERENCES roster_student(student_id) ON DELETE CASCADE,
  adult_id     TEXT NOT NULL,
  display_name TEXT NOT NULL,
  relationship TEXT NOT NULL DEFAULT '',
  code_hash    TEXT NOT NULL,
  PRIMARY KEY(student_id, adult_id)
) WITHOUT ROWID;
CREATE INDEX roster_adult_code ON roster_adult(code_hash);
ALTER TABLE checkin_outbox ADD COLUMN collected_by TEXT;
ALTER TABLE checkin_outbox ADD COLUMN released_by TEXT;
ALTER TABLE checkin_outbox ADD COLUMN release_reason TEXT;
)sql";

struct Step {
    int version;
    std::function<void(Database&)> apply;
};

const std::vector<Step>& Steps() {
    static const std::vector<Step> steps = {
        {1, [](Database& db) { db.Exec(kDirectorySchemaSql); }},
        {2, [](Database& db) { db.Exec(kSearchSchemaSql); }},  // filled by v5
        {3, [](Database& db) { db.Exec(kOutboxSchemaSql); }},
        {4, [](Database& db) { db.Exec(kProgramsSchemaSql); }},
        {5,
         [](Database& db) {
             db.Exec(kSearchIndexV5Sql);
             RebuildSearchIndex(db);  // a directory imported before v5 stays searchable
         }},
        {6, [](Database& db) { db.Exec(kStaffActionsSql); }},
        {7, [](Database& db) { db.Exec(kServiceDocumentSql); }},
        // v8: each translation remembers the text it was made from (text_hash), so one whose
        // source has changed since shows the source instead, with a note, until it is redone
        // (NULL, for translations stored before: taken as made from the current text); and the
        // search index's text folded as people type it (search_fold: "đ" as "d").
        {8,
         [](Database& db) {
             db.Exec("ALTER TABLE translation ADD COLUMN source_hash TEXT;");
             RebuildSearchIndex(db);
         }},
        // v9: Arabic folded as people type it (search_fold: vowel marks, alef forms, the article).
        {9, [](Database& db) { RebuildSearchIndex(db); }},
        {10, [](Database& db) { db.Exec(kPickupSql); }},
    };
    return steps;
}

} // namespace

void Migrate(Database& db, int target) {
    const int current = db.UserVersion();
    if (current > kSchemaVersion) {
        throw DbError(0,
                      "database " + db.Path() + " has schema version " + std::to_string(current) +
                          ", newer than this program knows (" + std::to_string(kSchemaVersion) +
                          "); install the newer kiosk software or restore a backup",
                      "");
    }
    for (const Step& step : Steps()) {
        if (step.version <= current || step.version > target) continue;
        Transaction transaction(db);
        step.apply(db);
        db.SetUserVersion(step.version);
        transaction.Commit();
    }
}

std::string DescribeSchema(Database& db) { return "schema version " + std::to_string(db.UserVersion()); }

} // namespace storage
