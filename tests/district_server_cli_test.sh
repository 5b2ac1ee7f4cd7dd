#!/usr/bin/env bash
# district-server and kioskctl as district IT and staff run them: real binaries, real HTTPS
# on loopback (the test CA from scripts/make-loopback-certs), curl as an independent client.
# Usage: district_server_cli_test.sh DISTRICT_SERVER KIOSKCTL SOURCE_DIR CERT_DIR
set -u
server=$1 kioskctl=$2 src=$3 certs=$4
tmp=$(mktemp -d)
stack="$tmp/stack"
stop_server() { "$src/scripts/district-stack" stop "$stack"; }
trap 'stop_server; rm -rf "$tmp"' EXIT
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh"
export DISTRICT_SERVER_DATA="$tmp/data"

# Starts the server as the package runs it — district-server on a Unix socket, nginx in front
# with the package's site file — on PORT (0: any free one), and waits until it answers through
# nginx; sets $port. district-server's log is $stack/server.log.
start_server() {  # start_server PORT [SERVE OPTIONS...]
  local want=$1; shift
  port=$("$src/scripts/district-stack" start "$stack" --server "$server" --data "$DISTRICT_SERVER_DATA" --port "$want" \
           --cert "$certs/server.pem" --key "$certs/server.key" --ca "$certs/ca.pem" -- "$@") ||
    { echo "FAILED: the server did not start"; cat "$stack/server.log" "$stack/nginx-error.log" 2>/dev/null; exit 1; }
}
api() { curl -s --cacert "$certs/ca.pem" "$@"; }

check "commands need a database first" 1 "district-server init" -- "$server" kiosk list
check "init" 0 "district database ready" -- "$server" init
check "the data folder is private" 0 "^700$" -- stat -c %a "$tmp/data"
check "no kiosks yet" 0 "no kiosks enrolled" -- "$server" kiosk list
"$server" kiosk add lobby-1 --school "Lincoln Elementary" > "$tmp/add.txt" 2>&1
token=$(sed -n 3p "$tmp/add.txt")
check "kiosk add prints a token once" 0 "^[A-Za-z0-9_-]{43}$" -- echo "$token"
check "the token is not in the database" 1 "." -- grep -c "$token" "$tmp/data/district.db"
check "a second kiosk of the same name is refused" 1 "already enrolled" -- "$server" kiosk add lobby-1
check "a kiosk name with spaces is refused" 1 "letters, digits" -- "$server" kiosk add "lobby one"
check "directory import" 0 "imported 44 active services" -- "$server" directory import "$src/assets/directory/directory.en.json"
check "a translation import" 0 "^es: imported 44" -- "$server" directory import "$src/assets/directory/directory.es.json" --locale es
check "a broken feed is refused and named" 1 "is not HSDS JSON or NDJSON" -- "$server" directory import "$src/README.md"
check "the directory stayed" 0 "services: 44" -- "$server" directory info
# A new English text the Spanish was not made from: listed to redo, served as the source.
check "no translation is stale after importing both" 0 "every translation was made from the text" -- "$server" directory stale
changed_id=$(jq -r '.[0].id' "$src/assets/directory/directory.en.json")
jq '.[0].description = "A new description nobody has translated yet."' "$src/assets/directory/directory.en.json" > "$tmp/changed.en.json"
check "a changed English directory" 0 "imported 44 active services" -- "$server" directory import "$tmp/changed.en.json"
check "the Spanish of the changed text is listed to redo" 0 "^es	service	$changed_id	description$" -- "$server" directory stale
check "programs import" 0 "7 programs imported" -- "$server" programs import "$src/assets/checkin/programs.json"
check "roster import" 0 "50 students imported" -- "$server" roster import "$src/assets/checkin/roster.csv"
# Files with no valid record never empty what kiosks sync (issue 13.4).
printf '{"programs": []}' > "$tmp/no-programs.json"
printf '{"programs": [{"name": "x"}]}' > "$tmp/nameless-programs.json"
printf 'student_id,display_name,program_ids\n' > "$tmp/header-only.csv"
printf '{"pupils": []}' > "$tmp/wrong-shape.json"
check "an empty programs file is refused" 1 "no valid programs in it; nothing was replaced.*--allow-empty" -- "$server" programs import "$tmp/no-programs.json"
check "programs with no valid record are refused, naming the first" 1 "no valid programs in it \(1 skipped, the first: program 1, no id\)" -- "$server" programs import "$tmp/nameless-programs.json"
check "a header-only roster is refused" 1 "no valid students in it; nothing was replaced" -- "$server" roster import "$tmp/header-only.csv"
check "a roster of the wrong shape is refused in one line" 1 "expected \{\"students\": \[...\]\}" -- "$server" roster import "$tmp/wrong-shape.json"
check "the programs stayed" 0 "^7$" -- sqlite3 "$tmp/data/district.db" "SELECT count(*) FROM program"
check "the roster stayed" 0 "^50$" -- sqlite3 "$tmp/data/district.db" "SELECT count(*) FROM roster_student"
check "--allow-empty empties the programs on purpose" 0 "0 programs imported" -- "$server" programs import "$tmp/no-programs.json" --allow-empty
check "programs import again" 0 "7 programs imported" -- "$server" programs import "$src/assets/checkin/programs.json"
check "serve refuses a Unix socket path that is not absolute" 1 "absolute path" -- "$server" serve --listen unix:http.sock
check "serve refuses to start without a certificate" 1 "HTTPS only" -- "$server" serve --listen 127.0.0.1:0
check "serve refuses a key that is not a key" 1 "could not be loaded" -- \
  "$server" serve --listen 127.0.0.1:0 --cert "$certs/server.pem" --key "$certs/ca.pem"
check "a bad --listen is named" 1 "ADDRESS:PORT" -- "$server" serve --listen nowhere --cert "$certs/server.pem" --key "$certs/server.key"
start_server 0

# The HSDS API with curl, verifying the server against the test CA.
check "curl: the envelope" 0 '^44 3 true$' -- bash -c "curl -s --cacert '$certs/ca.pem' 'https://127.0.0.1:$port/services?per_page=20' | jq -r '\"\\(.total_items) \\(.total_pages) \\(.first_page)\"'"
etag=$(api -D - -o /dev/null "https://127.0.0.1:$port/services" | sed -nE 's/^ETag: (.*)\r$/\1/Ip')
check "curl: If-None-Match gives 304" 0 "^304$" -- curl -s -o /dev/null -w '%{http_code}' --cacert "$certs/ca.pem" -H "If-None-Match: $etag" "https://127.0.0.1:$port/services"
check "curl: Spanish by Accept-Language" 0 "Content-Language: es" -- curl -s -D - -o /dev/null --cacert "$certs/ca.pem" -H "Accept-Language: es-MX,es;q=0.9" "https://127.0.0.1:$port/services"
check "curl: a stale translation is served as its source and said so" 0 '^A new description nobody has translated yet\. description$' -- \
  bash -c "curl -s --cacert '$certs/ca.pem' -H 'Accept-Language: es' 'https://127.0.0.1:$port/services/$changed_id' | jq -r '\"\\(.description) \\(.x_translation_stale[0])\"'"
check "curl: GET / names the HSDS version and the OpenAPI description" 0 '^3\.0\.0 .*openapi\.json$' -- bash -c "curl -s --cacert '$certs/ca.pem' 'https://127.0.0.1:$port/' | jq -r '\"\\(.version) \\(.openapi_url)\"'"
check "curl: a misspelt filter is a 400 naming it, not every service" 0 '"field":"organisation_id"' -- curl -s --cacert "$certs/ca.pem" "https://127.0.0.1:$port/services?organisation_id=x"
check "curl: search finds with the kiosk's search" 0 '^[1-9][0-9]*$' -- bash -c "curl -s --cacert '$certs/ca.pem' 'https://127.0.0.1:$port/services?search=tutor' | jq '.total_items'"
check "curl: without the CA, curl refuses the server" 60 "" -- curl -s -o /dev/null "https://127.0.0.1:$port/services"
check "curl: kiosk endpoints need a token" 0 "^401$" -- curl -s -o /dev/null -w '%{http_code}' --cacert "$certs/ca.pem" "https://127.0.0.1:$port/kiosk/v1/roster"
check "curl: the roster with the token" 0 "^50$" -- bash -c "curl -s --cacert '$certs/ca.pem' -H 'Authorization: Bearer $token' 'https://127.0.0.1:$port/kiosk/v1/roster' | jq '.students | length'"
check "curl: a malformed batch is a 400 naming the field" 0 '"field":"records\[0\].kind"' -- curl -s --cacert "$certs/ca.pem" -H "Authorization: Bearer $token" \
  -d '{"kiosk_time":"2026-11-23T15:00:00Z","records":[{"id":"x","student_id":"1","program_id":"art","kind":7,"at":"2026-11-23T15:00:00Z","clock_trusted":true}]}' \
  "https://127.0.0.1:$port/kiosk/v1/checkins"
check "the token never reaches the log" 1 "." -- grep -c "$token" "$stack/server.log"

# A kiosk (kioskctl) syncing with it: 20 check-ins while the server is down, then all arrive once.
printf '%s\n' "$token" > "$tmp/token"; chmod 600 "$tmp/token"
cat > "$tmp/kiosk.json" <<JSON
{"data_dir": "$tmp/kiosk", "server_url": "https://127.0.0.1:$port/", "ca_file": "$certs/ca.pem",
 "token_file": "$tmp/token", "languages": ["en", "es"]}
JSON
mkdir -p "$tmp/kiosk"
check "kioskctl sync: programs, roster and directory arrive" 0 "" -- "$kioskctl" --config "$tmp/kiosk.json" sync
check "the kiosk has the directory in two languages" 0 "languages: en es" -- "$kioskctl" --config "$tmp/kiosk.json" directory-info
# The server's Date header teaches the kiosk the time (issue 13.6).
check "after a sync the kiosk has seen the server's time, not 1970" 0 "\"newest_seen\": \"$(date -u +%Y)-" -- "$kioskctl" --config "$tmp/kiosk.json" status
# kioskctl doctor on a good set-up, then on broken ones (it changes nothing).
check "doctor: all is well" 0 "^ok    server +https://127.0.0.1:$port/ is reachable over verified TLS" -- "$kioskctl" --config "$tmp/kiosk.json" doctor
check "doctor: the database is checked" 0 "^ok    database .* is intact" -- "$kioskctl" --config "$tmp/kiosk.json" doctor
chmod 644 "$tmp/token"
check "doctor: a token readable by others fails, with the fix" 1 "^FAIL  token file .*chmod 600" -- "$kioskctl" --config "$tmp/kiosk.json" doctor
chmod 600 "$tmp/token"
sed "s|$certs/ca.pem|$certs/other-ca.pem|" "$tmp/kiosk.json" > "$tmp/wrong-ca.json"
check "doctor: a server the configured CA did not sign fails" 1 "^FAIL  server .*(SSL|certificate)" -- "$kioskctl" --config "$tmp/wrong-ca.json" doctor
printf 'not-the-token\n' > "$tmp/bad-token"; chmod 600 "$tmp/bad-token"
sed "s|$tmp/token|$tmp/bad-token|" "$tmp/kiosk.json" > "$tmp/bad-token.json"
check "doctor: a refused token says to enrol again" 1 "^FAIL  server .*enrol it again" -- "$kioskctl" --config "$tmp/bad-token.json" doctor
printf '{"idle_timeout_seconds": 1}' > "$tmp/bad-config.json"
check "doctor: a bad config is named" 1 '^FAIL  config .*"idle_timeout_seconds"' -- "$kioskctl" --config "$tmp/bad-config.json" doctor
head -c 8192 "$tmp/kiosk/kiosk.db" > "$tmp/broken.db"; printf 'garbage' >> "$tmp/broken.db"
check "doctor: a damaged database fails" 1 "^FAIL  database" -- "$kioskctl" --config "$tmp/kiosk.json" --db "$tmp/broken.db" doctor
server_port=$port
stop_server
check "doctor: the server down fails, naming curl's reason" 1 "^FAIL  server .*(connect|refused)" -- "$kioskctl" --config "$tmp/kiosk.json" doctor
tr -d '\r' < "$src/assets/checkin/roster.csv" > "$tmp/roster.csv"
students=$(tail -n +2 "$tmp/roster.csv" | head -20 | cut -d, -f1)
for s in $students; do
  program=$(grep "^$s," "$tmp/roster.csv" | cut -d, -f3 | cut -d';' -f1)
  "$kioskctl" --config "$tmp/kiosk.json" check-in --student "$s" --program "$program" >/dev/null || echo "FAILED: check-in $s"
done
check "with the server down, sync fails and says why" 1 "connect|refused|reach" -- "$kioskctl" --config "$tmp/kiosk.json" sync
check "20 check-ins wait in the queue" 0 '"queue_depth": 20' -- "$kioskctl" --config "$tmp/kiosk.json" status
start_server "$server_port"
check "with the server back, sync succeeds" 0 "" -- "$kioskctl" --config "$tmp/kiosk.json" sync
check "the queue is empty" 0 '"queue_depth": 0' -- "$kioskctl" --config "$tmp/kiosk.json" status
check "the server holds exactly 20" 0 "^20$" -- sqlite3 "$tmp/data/district.db" "SELECT count(*) FROM checkin"
check "a second sync sends none again" 0 "" -- "$kioskctl" --config "$tmp/kiosk.json" sync
check "still exactly 20, 20 distinct ids" 0 "^20\|20$" -- sqlite3 "$tmp/data/district.db" "SELECT count(*), count(DISTINCT id) FROM checkin"
check "kiosk list shows the heartbeat" 0 "lobby-1 +Lincoln Elementary +active +20[0-9-]+T.* +0 +0.1.0" -- "$server" kiosk list
today=$(date +%F)
check "the attendance report (CSV)" 0 "^program_id,program,partner,check_ins" -- "$server" report attendance --from "$today" --to "$today"
check "the attendance report (JSON)" 0 '"suppressed_below_students": 5' -- "$server" report attendance --from "$today" --to "$today" --by partner --format json
check "a bad date is named" 1 "not a date" -- "$server" report attendance --from 2026-13-45 --to "$today"
check "a bad --by is named" 1 "program, partner or school" -- "$server" report attendance --from "$today" --to "$today" --by county
check "a threshold below 5 is refused" 1 "at least 5" -- "$server" report attendance --from "$today" --to "$today" --min-students 1
# A busy server's Retry-After outlives the kioskctl run that was told it (issue 13.8).
stop_server
start_server "$server_port" --rate-limit 0.2
check "a kiosk over its rate limit is told when to come back" 1 "busy \(429\); trying again in [0-9]+ s" -- "$kioskctl" --config "$tmp/kiosk.json" sync
requests_before=$(grep -c "/kiosk/v1/" "$stack/server.log")
check "the next kioskctl sync waits for it, contacting nobody" 1 "asked this kiosk to wait; it can sync again in [0-9]+ s .*--wait" -- "$kioskctl" --config "$tmp/kiosk.json" sync
check "and sent no request" 0 "^$requests_before$" -- grep -c "/kiosk/v1/" "$stack/server.log"
stop_server
start_server "$server_port"
check "kioskctl sync --wait waits as long as it was told, then syncs" 0 "waiting [0-9]+ s, as the server asked" -- \
  "$kioskctl" --config "$tmp/kiosk.json" sync --wait
check "kiosk revoke" 0 "revoked" -- "$server" kiosk revoke lobby-1
check "a revoked kiosk's sync says it must be enrolled again" 1 "enrolled again" -- "$kioskctl" --config "$tmp/kiosk.json" sync
check "revoking an unknown kiosk is named" 1 "no kiosk named" -- "$server" kiosk revoke nobody
stop_server
check "the server stopped cleanly on SIGTERM" 0 "stopped" -- cat "$stack/server.log"

# The HSDS examples of ../shared served as an API: curl returns what the example files contain.
examples="$src/../shared/hsds-examples"
if [ -d "$examples" ]; then
  export DISTRICT_SERVER_DATA="$tmp/examples"
  "$server" init >/dev/null
  check "the HSDS example service imports" 0 "imported 1 active service" -- "$server" directory import "$examples/service_full.json"
  start_server 0
  id=$(jq -r .id "$examples/service_full.json")
  api "https://127.0.0.1:$port/services/$id" > "$tmp/served.json"
  for field in .name .description .url .email .status .minimum_age .maximum_age .organization.name \
               '[.service_at_locations[].location.name]' '[.service_at_locations[].location.addresses[].postal_code]' \
               '[.languages[].code]'; do
    # Exactly as the example has it: the server serves the record as the feed gave it.
    want=$(jq -c "$field" "$examples/service_full.json")
    got=$(jq -c "$field" "$tmp/served.json")
    check "curl: the example's $field" 0 "" -- test "$want" = "$got"
  done
  # Phone numbers too, stray quotes and all (the kiosk shows them cleaned; the API is lossless).
  want=$(jq -c '[.phones[].number]' "$examples/service_full.json")
  check "curl: the example's phone numbers, as given" 0 "" -- test "$want" = "$(jq -c '[.phones[].number]' "$tmp/served.json")"
  stop_server
  "$server" directory import "$examples/csv" >/dev/null
  start_server 0
  api "https://127.0.0.1:$port/services/$id" > "$tmp/served-csv.json"
  check "curl: the CSV package serves the same service" 0 "" -- test "$(jq -c '[.name,.organization.name]' "$tmp/served.json")" = "$(jq -c '[.name,.organization.name]' "$tmp/served-csv.json")"
  stop_server
else
  echo "skipped: the HSDS examples (../shared/hsds-examples is not beside the checkout)"
fi

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
