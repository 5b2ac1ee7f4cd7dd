#!/usr/bin/env bash
# Runs a test of the real binaries with the district server on PostgreSQL: inside
# with_postgres.sh, makes a fresh database and names it in $DISTRICT_SERVER_DATABASE, which
# every district-server the test starts (through scripts/district-stack, as packaged) reads.
# Usage: with_postgres.sh on_postgres_database.sh COMMAND [ARGS...]
set -u
[ -n "${DISTRICT_TEST_DATABASE:-}" ] || { echo "on_postgres_database: skipped: run through with_postgres.sh"; exit 77; }
name=district_$$
psql "$DISTRICT_TEST_DATABASE" -qc "CREATE DATABASE $name" || exit 1
export DISTRICT_SERVER_DATABASE="$DISTRICT_TEST_DATABASE dbname=$name"
"$@"
status=$?
echo "on_postgres_database: PostgreSQL holds $(psql "$DISTRICT_SERVER_DATABASE" -Atc 'SELECT count(*) FROM checkin_key') check-ins," \
     "directory version $(psql "$DISTRICT_SERVER_DATABASE" -Atc "SELECT version FROM reference WHERE name = 'directory'")"
exit $status
