#!/usr/bin/env bash
# Figures 6 and 7, measured on the real kiosk binary under Xvfb:
#   6: CPU used on the welcome screen for 30 s, against the same binary forced to render
#      continuously (--continuous);
#   7: start to first frame and peak RSS with the sample directory in three languages, against
#      the same start with an empty database.
# Usage: kiosk_process_bench.sh KIOSK KIOSKCTL SOURCE_DIR [--smoke]. One JSON line per figure.
set -euo pipefail
kiosk=$1 kioskctl=$2 src=$3
smoke=${4:-}
seconds=30 starts=7
[ "$smoke" = "--smoke" ] && seconds=3 starts=2
tmp=$(mktemp -d)
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for n in $(seq 150 199); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
KIOSK_DB="$tmp/kiosk.db" "$kioskctl" import-directory "$src/assets/directory/directory.en.json" \
  --translation "es=$src/assets/directory/directory.es.json" >/dev/null
printf '{"languages": ["en", "es", "vi"], "data_dir": "%s"}\n' "$tmp" > "$tmp/kiosk.json"
ticks=$(getconf CLK_TCK)
machine=$(jq -n --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" --argjson cores "$(nproc)" '{cores: $cores, cpu: $cpu}')

cpu_seconds() {  # cpu_seconds [EXTRA ARGS]: CPU seconds over $seconds on the welcome screen
  "$kiosk" --config "$tmp/kiosk.json" --exit-after "$((seconds + 4))" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep 2  # start-up (fonts, first frames) is not idle
  local before after
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$seconds"
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  wait "$pid" || true
  awk -v t=$((after - before)) -v hz="$ticks" 'BEGIN { printf "%.4f", t / hz }'
}
idle=$(cpu_seconds)
continuous=$(cpu_seconds --continuous)
jq -cn --argjson idle "$idle" --argjson cont "$continuous" --argjson s "$seconds" --argjson machine "$machine" '
  ($idle / $s * 100) as $pct | (if $idle > 0 then $cont / $idle else 1e9 end) as $ratio |
  {figure: 6, name: "Idle CPU on the welcome screen (\($s) s, Xvfb)", value: $pct, unit: "% of one core",
   reference: ($cont / $s * 100), reference_name: "the same binary rendering continuously (--continuous)",
   ratio: (if $idle > 0 then "\($ratio | . * 10 | round / 10)x less" else "no CPU measured idle" end),
   goal: "under 1% of one core and at least 50x below continuous rendering",
   goal_met: ($pct < 1 and $ratio >= 50),
   details: {idle_cpu_seconds: $idle, continuous_cpu_seconds: $cont, seconds: $s}, machine: $machine}'

first_frame() {  # first_frame CONFIG DB: "ms peak_kb" for one start
  local start out pid ms="" peak=0
  start=$(date +%s%N)
  "$kiosk" --config "$1" --db "$2" --exit-after 3 > "$tmp/out" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    if [ -z "$ms" ] && grep -q '^screen: welcome' "$tmp/out"; then ms=$(( ($(date +%s%N) - start) / 1000000 )); fi
    hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  wait "$pid" || true
  echo "${ms:-0} $peak"
}
dropped=false
if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then dropped=true; fi
printf '{"data_dir": "%s/empty"}\n' "$tmp" > "$tmp/empty.json"; mkdir -p "$tmp/empty"
sample_ms=() sample_kb=() empty_ms=()
for _ in $(seq "$starts"); do
  [ "$dropped" = true ] && echo 3 > /proc/sys/vm/drop_caches
  read -r ms kb < <(first_frame "$tmp/kiosk.json" "$tmp/kiosk.db"); sample_ms+=("$ms"); sample_kb+=("$kb")
  [ "$dropped" = true ] && echo 3 > /proc/sys/vm/drop_caches
  read -r ms _ < <(first_frame "$tmp/empty.json" "$tmp/empty/kiosk.db"); empty_ms+=("$ms")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
max() { printf '%s\n' "$@" | sort -n | tail -1; }
jq -cn --argjson ms "$(median "${sample_ms[@]}")" --argjson kb "$(max "${sample_kb[@]}")" --argjson ref "$(median "${empty_ms[@]}")" \
  --argjson starts "$starts" --argjson dropped "$dropped" --argjson machine "$machine" \
  --arg all "${sample_ms[*]}" '
  {figure: 7, name: "Start to first frame, sample directory in 3 languages (median of \($starts))", value: $ms, unit: "ms",
   reference: $ref, reference_name: "the same start with an empty database",
   ratio: (if $ref > 0 then "\($ms / $ref * 100 | round / 100)x" else "n/a" end),
   goal: "first frame under 500 ms, RSS under 80 MB",
   goal_met: ($ms > 0 and $ms < 500 and $kb / 1024 < 80),
   details: {peak_rss_mb: ($kb / 1024 * 10 | round / 10), runs_ms: $all, page_cache_dropped: $dropped,
             note: "RSS includes Mesa llvmpipe (software GL under Xvfb)"}, machine: $machine}'
