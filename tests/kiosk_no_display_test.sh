#!/usr/bin/env bash
# Without a display (or a GL context) the kiosk says so in one line and exits non-zero;
# with a broken config it names the key and exits before opening anything.
set -u
kiosk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$kiosk" --db "$tmp/k.db" 2>&1); code=$?
[ "$code" -eq 3 ] || { echo "FAILED: exit $code without a display, wanted 3: $out"; exit 1; }
grep -q "cannot open the kiosk window" <<<"$out" || { echo "FAILED: message: $out"; exit 1; }
echo '{"idle_timeout_seconds": "soon"}' > "$tmp/bad.json"
out=$("$kiosk" --config "$tmp/bad.json" 2>&1); code=$?
[ "$code" -eq 2 ] || { echo "FAILED: exit $code with a bad config, wanted 2"; exit 1; }
grep -q '"idle_timeout_seconds" must be a whole number' <<<"$out" || { echo "FAILED: message: $out"; exit 1; }
echo ok
