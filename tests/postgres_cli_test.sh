#!/usr/bin/env bash
# district-server's database commands as district IT runs them, on a real PostgreSQL (run
# through tests/with_postgres.sh): the database setting and where a password may come from,
# db migrate / check / partitions / prune, a schema behind the program, and the admin commands
# on PostgreSQL end to end.
# Usage: with_postgres.sh postgres_cli_test.sh DISTRICT_SERVER SOURCE_DIR
set -u
server=$1 src=$2
[ -n "${DISTRICT_TEST_DATABASE:-}" ] || { echo "skipped: no PostgreSQL (run through with_postgres.sh)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh"
export DISTRICT_SERVER_DATA="$tmp/data"
psql "$DISTRICT_TEST_DATABASE" -qc "CREATE DATABASE cli" || exit 1
db="$DISTRICT_TEST_DATABASE dbname=cli"
unset DISTRICT_SERVER_DATABASE DISTRICT_SERVER_DATABASE_FILE

check "a password on the command line is refused" 1 "password.*pgpass" -- "$server" db migrate --database "$db password=hunter2-secret"
check "the refusal never prints the password" 1 "^[^h]*$|hidden" -- bash -c "\"$server\" db migrate --database '$db password=hunter2-secret' 2>&1 | grep -c hunter2 | grep -qx 0 && echo hidden; exit 1"
check "a setting that is neither SQLite nor PostgreSQL" 1 "neither sqlite:DIR nor a PostgreSQL" -- "$server" db check --database "mysql://x"
check "an unreachable PostgreSQL is named, without its password" 1 "cannot connect to .*host=$tmp/nowhere" -- "$server" db check --database "host=$tmp/nowhere dbname=x"
check "a schema not yet made: commands say to migrate" 1 "db migrate" -- "$server" kiosk list --database "$db"
check "db migrate" 0 "PostgreSQL 15.*server schema version 6" -- "$server" db migrate --database "$db"
check "db migrate again changes nothing" 0 "server schema version 6" -- "$server" db migrate --database "$db"
check "db check" 0 "the schema matches" -- "$server" db check --database "$db"

printf '# the district database\n%s\n' "$db" > "$tmp/database"
chmod 644 "$tmp/database"
check "a database file others can read is refused" 1 "chmod 600" -- "$server" db check --database-file "$tmp/database"
chmod 600 "$tmp/database"
check "a database file readable by its owner only" 0 "the schema matches" -- "$server" db check --database-file "$tmp/database"
export DISTRICT_SERVER_DATABASE="$db"
check "the setting from the environment" 0 "the schema matches" -- "$server" db check

check "kiosk add on PostgreSQL" 0 "enrolled" -- "$server" kiosk add lobby-1 --school "Lincoln Elementary"
check "kiosk list on PostgreSQL" 0 "lobby-1 +Lincoln Elementary" -- "$server" kiosk list
check "programs import on PostgreSQL" 0 "programs" -- "$server" programs import "$src/assets/checkin/programs.json"
check "roster import on PostgreSQL" 0 "students" -- "$server" roster import "$src/assets/checkin/roster.csv" --adults "$src/assets/checkin/adults.csv" --pickup-grades K,1,2
check "directory import on PostgreSQL" 0 "" -- "$server" directory import "$src/assets/directory/directory.en.json"
check "directory info on PostgreSQL" 0 "services: [1-9]" -- "$server" directory info
check "report on PostgreSQL" 0 "program_id,program,partner" -- "$server" report attendance --from 2026-09-01 --to 2026-12-31 --format csv
check "the audit log on PostgreSQL" 0 "kiosk.enrol" -- "$server" audit
check "the audit log refuses changes in PostgreSQL itself" 1 "append-only" -- psql "$db" -v ON_ERROR_STOP=1 -c "DELETE FROM audit_log"
check "and TRUNCATE" 1 "append-only" -- psql "$db" -v ON_ERROR_STOP=1 -c "TRUNCATE audit_log"

month=$(date -u +%Y-%m)
check "this month's partition exists" 0 "^$month$" -- "$server" db partitions
check "partitions made ahead" 0 "^2031-08$" -- "$server" db partitions --through 2031-08
check "a bad month is refused" 1 "YYYY-MM" -- "$server" db prune --before 2026-13
check "prune drops the months before" 0 "dropped [1-9][0-9]* month" -- "$server" db prune --before 2031-08
check "what is left" 0 "^2031-08$" -- "$server" db partitions
check "the prune is audited" 0 "db.prune" -- "$server" audit

# A column lost behind the program's back, and a schema newer than the program.
psql "$db" -qc "ALTER TABLE kiosk DROP COLUMN app_version" || exit 1
check "db check names what is missing" 1 "table kiosk has no column app_version" -- "$server" db check
psql "$db" -qc "UPDATE server_meta SET value = '99' WHERE key = 'schema_version'" || exit 1
check "a newer schema is refused, naming both versions" 1 "99.*6|6.*99" -- "$server" db migrate

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "postgres_cli_test: all checks passed"
