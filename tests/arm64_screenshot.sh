#!/usr/bin/env bash
# The kiosk draws its welcome screen under Xvfb and the picture is right where it matters:
# the "Find help" button is the theme's teal, the page around it the theme's paper colour.
# scripts/cross-arm64 runs it on the arm64 OpenGL ES build (under qemu-user); it works on
# any build.   tests/arm64_screenshot.sh KIOSK OUT_DIR
set -u
kiosk=$1
out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

. "$(dirname "$0")/xvfb_support.sh"
start_xvfb 141 190 "$tmp/xvfb.log"

png="$out/arm64-welcome.png"
rm -f "$png"
timeout 300 "$kiosk" --windowed --db "$tmp/kiosk.db" --screenshot "$png" >"$tmp/kiosk.log" 2>&1 \
  || { cat "$tmp/kiosk.log"; fail "the kiosk did not draw its welcome screen"; }
[ "$(identify -format '%wx%h' "$png")" = "1280x800" ] || fail "the screenshot is not 1280x800"
pixel() { convert "$png" -crop "1x1+$1+$2" -format '%[fx:int(255*r)],%[fx:int(255*g)],%[fx:int(255*b)]' info:; }
button=$(pixel 100 260)   # inside "Find help"
page=$(pixel 640 620)     # between the buttons and the language row
near() {  # near R,G,B R,G,B: every channel within 3 (drivers round differently)
  awk -F, -v a="$1" -v b="$2" 'BEGIN { split(a, x); split(b, y)
    for (i = 1; i <= 3; i++) { d = x[i] - y[i]; if (d < -3 || d > 3) exit 1 } }'
}
near "$button" "14,94,96" || fail "the Find help button is $button, not the theme's teal 14,94,96"
near "$page" "246,244,239" || fail "the page is $page, not the theme's paper 246,244,239"
echo "ok: $png (1280x800, button and page in the theme's colours)"
