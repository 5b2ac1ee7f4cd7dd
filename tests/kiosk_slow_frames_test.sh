#!/usr/bin/env bash
# Two quick taps while frames are slow (a Pi without GPU drawing, a language switch): the
# real kiosk under Xvfb draws each frame 300 ms late (--frame-delay) and is stopped while a
# person taps Español and then Find help 50 ms apart, so it finds both taps in one batch of
# events. Both must count: Spanish, on the categories screen. (ImGui 1.86 alone merges them
# into a drag from the first button to the second, and neither fires; asking GLFW where the
# pointer is at the press puts the first tap on the second button. render/pointer_queue.h.)
#   tests/kiosk_slow_frames_test.sh KIOSK KIOSKCTL SOURCE_DIR
set -u
kiosk=$1
kioskctl=$2
src=$3
tmp=$(mktemp -d)
kiosk_pid=""
xvfb_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null && wait "$kiosk_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; [ -f "$tmp/kiosk.log" ] && tail -20 "$tmp/kiosk.log"; exit 1; }
. "$(dirname "$0")/xvfb_support.sh"
start_xvfb 241 290 "$tmp/xvfb.log"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"  # Mesa's leak at exit, as in kiosk_xvfb_test.sh

KIOSK_DB="$tmp/kiosk.db" "$kioskctl" import-directory "$src/assets/directory/directory.en.json" \
  --translation "es=$src/assets/directory/directory.es.json" >/dev/null || fail "import"
"$kiosk" --db "$tmp/kiosk.db" --automation-file "$tmp/targets" --frame-delay 300 >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!
for _ in $(seq 600); do grep -q '^screen welcome$' "$tmp/targets" 2>/dev/null && break; sleep 0.1; done  # start-up: seconds under the sanitizers
grep -q '^screen welcome$' "$tmp/targets" 2>/dev/null || fail "the kiosk did not show its welcome screen"
sleep 1  # the start-up frames are over; every frame from here takes 300 ms
xy() { awk -v t="$1" '$1 == t { print $2, $3 }' "$tmp/targets"; }
es=$(xy language.es)
help=$(xy welcome.find_help)
[ -n "$es" ] && [ -n "$help" ] || fail "no language.es or welcome.find_help target"
# The kiosk is stopped while both taps arrive, so it finds them in one batch of events, as
# after a long frame, whatever the timing of this machine.
kill -STOP "$kiosk_pid"
# shellcheck disable=SC2086
xdotool mousemove $es click 1 sleep 0.05 mousemove $help click 1
kill -CONT "$kiosk_pid"
for _ in $(seq 100); do grep -q '^screen categories$' "$tmp/targets" && break; sleep 0.1; done
grep -q '^screen categories$' "$tmp/targets" || fail "the second tap was lost (screen: $(head -1 "$tmp/targets"))"
grep -q '^language es$' "$tmp/targets" || fail "the first tap was lost (language: $(sed -n 2p "$tmp/targets"))"
echo "ok: two taps 50 ms apart during 300 ms frames both counted (Spanish, categories)"
