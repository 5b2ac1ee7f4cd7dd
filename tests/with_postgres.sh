#!/usr/bin/env bash
# Runs a command against a real PostgreSQL 15 of its own: initdb in a temporary folder, the
# server listening on a Unix socket there only (no TCP), run as an unprivileged user (nobody,
# when this runs as root: PostgreSQL refuses to run as root), stopped and removed at the end,
# whatever the command does. The command finds the server in $DISTRICT_TEST_DATABASE (a libpq
# setting; each test makes its own database on it).
# Usage: with_postgres.sh COMMAND [ARGS...]. Exits 77 (skipped) where PostgreSQL is not installed.
set -u
bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bindir=$candidate
done
if [ -z "$bindir" ]; then
  echo "with_postgres: skipped: PostgreSQL is not installed (scripts/setup installs postgresql-15)" >&2
  exit 77
fi
work=$(mktemp -d /tmp/district-pg.XXXXXX)
chmod 755 "$work"
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown nobody:nogroup "$work"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
stop() {
  "${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM
if ! "${as_user[@]}" "$bindir/initdb" -D "$work/data" -U district --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1; then
  echo "with_postgres: initdb failed:" >&2
  cat "$work/initdb.log" >&2
  exit 1
fi
# fsync=off: a test cluster thrown away at the end (the benchmark runs with PostgreSQL's defaults).
options="-c listen_addresses='' -c unix_socket_directories='$work' -c max_connections=300 -c fsync=${PG_FSYNC:-off}"
# Parallel queries' shared memory in the data folder, not /dev/shm (small in many containers).
options+=" -c dynamic_shared_memory_type=mmap"
options+=" -c shared_buffers=${PG_SHARED_BUFFERS:-128MB} ${PG_OPTIONS:-}"
if ! "${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -o "$options" -w -t 60 start >/dev/null; then
  echo "with_postgres: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
export DISTRICT_TEST_DATABASE="host=$work user=district dbname=postgres"
# For tests that take the database away mid-run: restarts it (pg_ctl keeps the options).
export DISTRICT_TEST_RESTART_DATABASE="${as_user[*]} $bindir/pg_ctl -D $work/data -m fast -w -t 60 restart -l $work/server.log"
echo "with_postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $work/.s.PGSQL.5432" >&2
"$@"
status=$?
if [ $status -ne 0 ] && [ -s "$work/server.log" ]; then
  echo "with_postgres: the server's log, last lines:" >&2
  tail -n 30 "$work/server.log" >&2
fi
exit $status
