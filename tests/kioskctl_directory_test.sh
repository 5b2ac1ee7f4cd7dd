#!/usr/bin/env bash
# kioskctl's directory commands as a district IT person uses them: real binary, real files.
set -u
kioskctl=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KIOSK_DB="$tmp/kiosk.db"
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh"

check "the sample directory imports with its Spanish translation" 0 "imported 44 active services, 22 organizations" -- \
  "$kioskctl" import-directory "$src/assets/directory/directory.en.json" --translation "es=$src/assets/directory/directory.es.json"
check "the import report says nothing was skipped" 0 "skipped 0 records" -- \
  "$kioskctl" import-directory "$src/assets/directory/directory.en.json" --translation "es=$src/assets/directory/directory.es.json"
check "directory-info lists both languages" 0 "languages: en es" -- "$kioskctl" directory-info
check "a Spanish search finds Tutoría" 0 "Tutoría de Matemáticas" -- "$kioskctl" search tutori --locale es
check "categories are listed in Spanish" 0 "Alimentos" -- "$kioskctl" categories --locale es

printf 'this is not a directory\n' > "$tmp/notes.txt"
check "a text file is refused in one line" 1 "^kioskctl: .*notes.txt is not HSDS JSON or NDJSON" -- "$kioskctl" import-directory "$tmp/notes.txt"
check "a missing file is refused" 1 "no such file" -- "$kioskctl" import-directory "$tmp/nope.json"
echo '{"id":"x","location_type":"physical","name":"Hall"}' > "$tmp/location.json"
check "a feed with no services leaves the directory alone" 1 "left as it was" -- "$kioskctl" import-directory "$tmp/location.json"
check "... and the directory is still there" 0 "services: 44" -- "$kioskctl" directory-info
check "an unknown command is named" 1 "unknown command \"frobnicate\"" -- "$kioskctl" frobnicate
check "a bad --age is named" 1 "--age takes a whole number" -- "$kioskctl" search --age old
check "--limit keeps the best N and says how many more there are" 0 "the best 3 shown" -- "$kioskctl" search a --limit 3
check "a bad --limit is named" 1 "--limit takes a number of results" -- "$kioskctl" search a --limit 0

head -c 8192 /dev/urandom > "$tmp/junk.db"
check "a database file that is junk is refused clearly" 1 "damaged or not a kiosk database" -- \
  env KIOSK_DB="$tmp/junk.db" "$kioskctl" directory-info

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
