#!/usr/bin/env bash
# A token file that others can read stops syncing, never the kiosk: it starts, a student
# checks in, and staff are told why nothing is sent (docs/sync-protocol.md, docs/config.md).
# Usage: kiosk_token_refused_test.sh KIOSK KIOSKCTL SOURCE_DIR
set -u
kiosk=$1 kioskctl=$2 src=$3
tmp=$(mktemp -d)
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }
# shellcheck source=xvfb_support.sh
. "$(dirname "$0")/xvfb_support.sh"
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh"
start_xvfb 230 260 "$tmp/xvfb.log"
# Under the sanitizers: Mesa's GL driver leaks at exit, unknown to us (as in kiosk_xvfb_test.sh).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

printf 'a-token\n' > "$tmp/token"; chmod 644 "$tmp/token"
cat > "$tmp/kiosk.json" <<JSON
{"data_dir": "$tmp", "server_url": "https://127.0.0.1:9/", "token_file": "$tmp/token", "fullscreen": false,
 "assets_dir": "$src/assets"}
JSON
"$kioskctl" --config "$tmp/kiosk.json" import-programs "$src/assets/checkin/programs.json" >/dev/null
check "the kiosk runs with a token file others can read, and says it does not sync" 0 \
  "not syncing: token file .* can be read by other users" -- "$kiosk" --config "$tmp/kiosk.json" --exit-after 3
check "a check-in is still recorded" 0 "^recorded " -- "$kioskctl" --config "$tmp/kiosk.json" check-in --student 100207 --program art
check "staff see why nothing is sent" 0 '"last_error": "not syncing: token file .*chmod 600' -- "$kioskctl" --config "$tmp/kiosk.json" status
check "and doctor fails on it" 1 "^FAIL  token file .*chmod 600" -- "$kioskctl" --config "$tmp/kiosk.json" doctor
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
