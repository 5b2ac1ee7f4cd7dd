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

# Imports with no valid record never empty what the kiosk has (issue 13.4).
printf '{"programs": []}' > "$tmp/no-programs.json"
printf 'student_id,display_name,program_ids\n' > "$tmp/header-only.csv"
printf '{"students": [{"display_name": "No Id"}]}' > "$tmp/no-ids.json"
check "an empty programs file is refused" 1 "no valid programs in it; nothing was replaced.*--allow-empty" -- "$kioskctl" import-programs "$tmp/no-programs.json"
check "a header-only roster is refused" 1 "no valid students in it" -- "$kioskctl" import-roster "$tmp/header-only.csv"
check "a roster with no valid record is refused, naming the first" 1 "no valid students in it \(1 skipped, the first: student 1, no student_id\)" -- "$kioskctl" import-roster "$tmp/no-ids.json"
check "the programs stayed" 0 '"programs": 7' -- "$kioskctl" status
check "the roster stayed" 0 '"roster_students": 50' -- "$kioskctl" status
check "--allow-empty empties the roster on purpose" 0 "imported 0 students" -- "$kioskctl" import-roster "$tmp/header-only.csv" --allow-empty

# The config's time zone is kioskctl's too (issue 13.5): a check-in at the kiosk's local time.
mkdir -p "$tmp/la"
printf '{"data_dir": "%s", "timezone": "America/Los_Angeles"}' "$tmp/la" > "$tmp/la.json"
unset KIOSK_DB
"$kioskctl" --config "$tmp/la.json" import-programs "$src/assets/checkin/programs.json" >/dev/null
offset=$(TZ=America/Los_Angeles date +%:z)
check "kioskctl records Los Angeles time, as the kiosk does" 0 "^recorded [0-9a-f-]{36} in [0-9T:-]+${offset}" -- \
  env TZ=UTC "$kioskctl" --config "$tmp/la.json" check-in --student 100207 --program art
printf '{"data_dir": "%s", "timezone": "Mars/Olympus"}' "$tmp/la" > "$tmp/mars.json"
check "an unknown time zone is refused, naming the key" 1 '"timezone" "Mars/Olympus" is not a time zone' -- "$kioskctl" --config "$tmp/mars.json" status

# Looking never creates a database (issue 13.11).
mkdir -p "$tmp/elsewhere"
check "status with no database says where it looked" 1 "there is no kiosk database at kiosk.db" -- bash -c "cd '$tmp/elsewhere' && '$kioskctl' status"
check "and left no kiosk.db behind" 1 "" -- test -e "$tmp/elsewhere/kiosk.db"
check "the kiosk database is its owner's alone" 0 "^600$" -- stat -c %a "$tmp/la/kiosk.db"
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
