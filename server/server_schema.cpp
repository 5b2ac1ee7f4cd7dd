// The server's schema for both stores. See server_schema.h.
#include "server/server_schema.h"

namespace district::schema {

namespace {

// SQLite. The server's own tables, beside the directory, program and roster tables it shares
// with the kiosk (storage::Migrate).
constexpr char kSqliteV1[] = R"sql(
CREATE TABLE kiosk(
  name              TEXT PRIMARY KEY,
  school            TEXT NOT NULL DEFAULT '',
  token_hash        TEXT NOT NULL UNIQUE,
  created_at        TEXT NOT NULL,
  revoked_at        TEXT,
  last_seen         TEXT,
  app_version       TEXT,
  queue_depth       INTEGER,
  oldest_pending_at TEXT,
  directory_etag    TEXT,
  clock_offset      INTEGER
);
CREATE TABLE checkin(
  seq            INTEGER PRIMARY KEY,  -- arrival order: rows are appended, not scattered by their random ids
  id             TEXT NOT NULL UNIQUE, -- the kiosk's UUID, the dedupe key
  kiosk          TEXT NOT NULL,
  student_id     TEXT NOT NULL,
  program_id     TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK(kind IN ('in','out')),
  at             TEXT NOT NULL,      -- as the kiosk wrote it
  at_unix        INTEGER NOT NULL,
  clock_trusted  INTEGER NOT NULL,
  kiosk_time     TEXT NOT NULL,      -- the batch's kiosk_time
  received_unix  INTEGER NOT NULL,   -- the server's clock when the batch arrived
  corrected_unix INTEGER NOT NULL,   -- at_unix shifted by the batch's clock offset when the kiosk clock was off
  local_date     TEXT NOT NULL       -- YYYY-MM-DD of corrected_unix at the kiosk's UTC offset
);
CREATE INDEX checkin_local_date ON checkin(local_date);
INSERT OR REPLACE INTO server_meta(key, value) VALUES('directory_version', '1'), ('programs_version', '1');
)sql";

// v2: staff actions from kiosks (confirm, correction, void) are records of their own that name
// the record they act on; originals are never edited. The table is rebuilt to widen its CHECK.
constexpr char kSqliteV2[] = R"sql(
CREATE TABLE checkin_v2(
  seq            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  kiosk          TEXT NOT NULL,
  student_id     TEXT NOT NULL,
  program_id     TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK(kind IN ('in','out','confirm','correction','void')),
  at             TEXT NOT NULL,
  at_unix        INTEGER NOT NULL,
  clock_trusted  INTEGER NOT NULL,
  kiosk_time     TEXT NOT NULL,
  received_unix  INTEGER NOT NULL,
  corrected_unix INTEGER NOT NULL,
  local_date     TEXT NOT NULL,
  verified       INTEGER NOT NULL DEFAULT 1,  -- 0: the student was not on the kiosk's roster
  corrects       TEXT                         -- a staff action: the record it acts on
);
INSERT INTO checkin_v2(seq, id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time,
                       received_unix, corrected_unix, local_date)
  SELECT seq, id, kiosk, student_id, program_id, kind, at, at_unix, clock_trusted, kiosk_time,
         received_unix, corrected_unix, local_date FROM checkin;
DROP TABLE checkin;
ALTER TABLE checkin_v2 RENAME TO checkin;
CREATE INDEX checkin_local_date ON checkin(local_date);
CREATE INDEX checkin_corrects ON checkin(corrects, seq) WHERE corrects IS NOT NULL;
)sql";

// v3: guardian pickup. A check-out releasing a child says who collected them (the adult's
// id) or which staff member released them and why.
constexpr char kSqliteV3[] = R"sql(
ALTER TABLE checkin ADD COLUMN collected_by TEXT;
ALTER TABLE checkin ADD COLUMN released_by TEXT;
ALTER TABLE checkin ADD COLUMN release_reason TEXT;
)sql";

// v4: the web console. Accounts with slow password hashes, sessions kept as hashes of their
// ids, and the audit log, which the database itself keeps append-only.
constexpr char kSqliteV4[] = R"sql(
CREATE TABLE console_account(
  username      TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK(role IN ('admin','partner','school')),
  scope         TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE console_session(
  id_hash        TEXT PRIMARY KEY,
  username       TEXT NOT NULL REFERENCES console_account(username) ON DELETE CASCADE,
  csrf_token     TEXT NOT NULL,
  created_unix   INTEGER NOT NULL,
  last_seen_unix INTEGER NOT NULL
);
CREATE TABLE audit_log(
  seq    INTEGER PRIMARY KEY,
  at     TEXT NOT NULL,
  who    TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// v5: a partner's attendance reads its programs' records through an index, not the district's.
constexpr char kSqliteV5[] = R"sql(
CREATE INDEX checkin_program_date ON checkin(program_id, local_date);
)sql";

// v6: the records the server refused, for the school's staff to see in the web console.
constexpr char kSqliteV6[] = R"sql(
CREATE TABLE checkin_rejected(
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL,
  kiosk         TEXT NOT NULL,
  student_id    TEXT NOT NULL,
  program_id    TEXT NOT NULL,
  kind          TEXT NOT NULL,
  at            TEXT NOT NULL,
  reason        TEXT NOT NULL,
  received_unix INTEGER NOT NULL,
  UNIQUE(id, kiosk)
);
CREATE INDEX checkin_rejected_received ON checkin_rejected(received_unix);
)sql";


// PostgreSQL. Check-ins are partitioned by month of their local date (the partitions are made
// by PostgresDistrictStore as months arrive); since a partitioned table's unique keys must
// include the partition key, each record's id is kept unique in checkin_key, which also holds
// what a duplicate is compared with. The staff actions applied to a record are written onto it
// (fix_*, voided, confirmed), so a report reads one month's partition and nothing else.
constexpr char kPostgresV1[] = R"sql(
CREATE TABLE kiosk(
  name              TEXT PRIMARY KEY,
  school            TEXT NOT NULL DEFAULT '',
  token_hash        TEXT NOT NULL UNIQUE,
  created_at        TEXT NOT NULL,
  revoked_at        TEXT,
  last_seen         TEXT,
  app_version       TEXT,
  queue_depth       BIGINT,
  oldest_pending_at TEXT,
  directory_etag    TEXT,
  clock_offset      BIGINT
);
CREATE SEQUENCE checkin_seq;
CREATE TABLE checkin_key(
  id         TEXT PRIMARY KEY,
  kiosk      TEXT NOT NULL,
  kind       TEXT NOT NULL,
  local_date DATE NOT NULL,
  content    TEXT NOT NULL
);
CREATE INDEX checkin_key_local_date ON checkin_key(local_date);
CREATE TABLE checkin(
  seq            BIGINT NOT NULL DEFAULT nextval('checkin_seq'),
  id             TEXT NOT NULL,
  kiosk          TEXT NOT NULL,
  student_id     TEXT NOT NULL,
  program_id     TEXT NOT NULL,
  kind           TEXT NOT NULL CONSTRAINT checkin_kind_check CHECK(kind IN ('in','out')),
  at             TEXT NOT NULL,
  at_unix        BIGINT NOT NULL,
  clock_trusted  BOOLEAN NOT NULL,
  kiosk_time     TEXT NOT NULL,
  received_unix  BIGINT NOT NULL,
  corrected_unix BIGINT NOT NULL,
  local_date     DATE NOT NULL
) PARTITION BY RANGE (local_date);
CREATE INDEX checkin_local_date ON checkin(local_date);
CREATE INDEX checkin_id ON checkin(id);
CREATE TABLE reference(
  name    TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  image   BYTEA
);
INSERT INTO reference(name, version) VALUES('directory', 1), ('programs', 1);
)sql";

constexpr char kPostgresV2[] = R"sql(
ALTER TABLE checkin DROP CONSTRAINT checkin_kind_check;
ALTER TABLE checkin ADD CONSTRAINT checkin_kind_check CHECK(kind IN ('in','out','confirm','correction','void'));
ALTER TABLE checkin ADD COLUMN verified BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE checkin ADD COLUMN corrects TEXT;
ALTER TABLE checkin ADD COLUMN fix_seq BIGINT;
ALTER TABLE checkin ADD COLUMN fix_student TEXT;
ALTER TABLE checkin ADD COLUMN fix_program TEXT;
ALTER TABLE checkin ADD COLUMN voided BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE checkin ADD COLUMN confirmed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE checkin_key ADD COLUMN corrects TEXT;
CREATE INDEX checkin_key_corrects ON checkin_key(corrects) WHERE corrects IS NOT NULL;
)sql";

constexpr char kPostgresV3[] = R"sql(
ALTER TABLE checkin ADD COLUMN collected_by TEXT;
ALTER TABLE checkin ADD COLUMN released_by TEXT;
ALTER TABLE checkin ADD COLUMN release_reason TEXT;
)sql";

constexpr char kPostgresV4[] = R"sql(
CREATE TABLE console_account(
  username      TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK(role IN ('admin','partner','school')),
  scope         TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,
  locked_until  BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE console_session(
  id_hash        TEXT PRIMARY KEY,
  username       TEXT NOT NULL REFERENCES console_account(username) ON DELETE CASCADE,
  csrf_token     TEXT NOT NULL,
  created_unix   BIGINT NOT NULL,
  last_seen_unix BIGINT NOT NULL
);
CREATE TABLE audit_log(
  seq    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at     TEXT NOT NULL,
  who    TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)sql";

constexpr char kPostgresV5[] = R"sql(
CREATE INDEX checkin_program_date ON checkin(program_id, local_date);
CREATE INDEX checkin_fix_program_date ON checkin(fix_program, local_date) WHERE fix_program IS NOT NULL;
)sql";

constexpr char kPostgresV6[] = R"sql(
CREATE TABLE checkin_rejected(
  seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id            TEXT NOT NULL,
  kiosk         TEXT NOT NULL,
  student_id    TEXT NOT NULL,
  program_id    TEXT NOT NULL,
  kind          TEXT NOT NULL,
  at            TEXT NOT NULL,
  reason        TEXT NOT NULL,
  received_unix BIGINT NOT NULL,
  UNIQUE(id, kiosk)
);
CREATE INDEX checkin_rejected_received ON checkin_rejected(received_unix);
)sql";

} // namespace

const std::vector<Step>& Steps() {
    static const std::vector<Step> steps = {
        {1, "kiosks and check-ins", kSqliteV1, kPostgresV1},
        {2, "staff actions (confirm, correction, void) as records of their own", kSqliteV2, kPostgresV2},
        {3, "guardian pickup: who collected a child, or who released them and why", kSqliteV3, kPostgresV3},
        {4, "the web console: accounts, sessions and the append-only audit log", kSqliteV4, kPostgresV4},
        {5, "a partner's attendance through a (program, date) index", kSqliteV5, kPostgresV5},
        {6, "the records the server refused, for school staff", kSqliteV6, kPostgresV6},
    };
    return steps;
}

const std::vector<Table>& Tables() {
    static const std::vector<Table> tables = {
        {"server_meta", {"key", "value"}},
        {"kiosk", {"name", "school", "token_hash", "created_at", "revoked_at", "last_seen", "app_version", "queue_depth",
                   "oldest_pending_at", "directory_etag", "clock_offset"}},
        {"checkin", {"seq", "id", "kiosk", "student_id", "program_id", "kind", "at", "at_unix", "clock_trusted", "kiosk_time",
                     "received_unix", "corrected_unix", "local_date", "verified", "corrects", "collected_by", "released_by",
                     "release_reason"}},
        {"console_account", {"username", "role", "scope", "password_hash", "created_at", "failures", "locked_until"}},
        {"console_session", {"id_hash", "username", "csrf_token", "created_unix", "last_seen_unix"}},
        {"audit_log", {"seq", "at", "who", "action", "detail"}},
        {"checkin_rejected", {"seq", "id", "kiosk", "student_id", "program_id", "kind", "at", "reason", "received_unix"}},
    };
    return tables;
}

} // namespace district::schema
