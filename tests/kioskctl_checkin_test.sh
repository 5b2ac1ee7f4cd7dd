#!/usr/bin/env bash
# kioskctl's check-in commands as staff use them: real binary, real database.
set -u
kioskctl=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KIOSK_DB="$tmp/kiosk.db"
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh"
check "programs import" 0 "imported 7 programs, skipped 0" -- "$kioskctl" import-programs "$src/assets/checkin/programs.json"
check "roster import" 0 "imported 50 students, skipped 0" -- "$kioskctl" import-roster "$src/assets/checkin/roster.csv"
check "a roster student checks in" 0 "^recorded [0-9a-f-]{36} in " -- "$kioskctl" check-in --student 100207 --program homework
check "a second check-in within two minutes records nothing" 0 "already checked in at .*nothing recorded" -- \
  "$kioskctl" check-in --student 100207 --program homework
check "a student not on the roster is recorded, unverified" 0 "unverified" -- "$kioskctl" check-in --student 424242 --program art
check "letters are not a student id" 1 "is not a student ID" -- "$kioskctl" check-in --student 12ab --program art
check "an unknown program is refused" 1 "no program \"chess\"" -- "$kioskctl" check-in --student 100214 --program chess
check "a missing roster file is named" 1 "cannot read" -- "$kioskctl" import-roster "$tmp/none.csv"
printf 'name,age\nx,1\n' > "$tmp/bad.csv"
check "a roster without the right columns is refused" 1 "must name student_id and display_name" -- "$kioskctl" import-roster "$tmp/bad.csv"
check "status counts the queue" 0 '"queue_depth": 2' -- "$kioskctl" status
check "export lists both records" 0 '"424242","art",in,.*,true,false,pending' -- "$kioskctl" export-checkins --since 2020-01-01
# The kiosk once saw a time a day ahead of its clock now: a power cut reset the clock.
sqlite3 "$KIOSK_DB" "INSERT OR REPLACE INTO sync_state(key, value) VALUES('newest_time_seen', '$(( $(date +%s) + 86400 ))')"
check "status warns staff about the clock" 0 '"warning": "the clock is earlier' -- "$kioskctl" status
check "a check-in is still recorded, marked untrusted" 0 "clock untrusted" -- "$kioskctl" check-in --student 100214 --program robotics
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
