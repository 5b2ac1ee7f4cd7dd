#!/usr/bin/env bash
# Figures 6 and 7, measured on the real kiosk binary under Xvfb:
#   6: CPU used on the welcome screen for 30 s, against the same binary forced to render
#      continuously (--continuous);
#   7: what the kiosk adds, at start, over an empty GLFW + GL + ImGui window opened the same way
#      in the same run (bench/empty_window): time to the first frame and peak RSS, with the
#      sample directory in three languages; the kiosk's own start-up profile in the details.
# Usage: kiosk_process_bench.sh KIOSK KIOSKCTL SOURCE_DIR EMPTY_WINDOW [--smoke]. One JSON line per figure.
set -euo pipefail
kiosk=$1 kioskctl=$2 src=$3 empty_window=$4
smoke=${5:-}
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
  --translation "es=$src/assets/directory/directory.es.json" --translation "vi=$src/assets/directory/directory.vi.json" \
  --translation "ar=$src/assets/directory/directory.ar.json" --translation "zh=$src/assets/directory/directory.zh.json" \
  --translation "ht=$src/assets/directory/directory.ht.json" >/dev/null
printf '{"languages": ["en", "es", "vi", "ar", "zh", "ht"], "data_dir": "%s"}\n' "$tmp" > "$tmp/kiosk.json"
# The kiosk as it was before Arabic, Chinese and Haitian Creole (figure 7's reference for
# what the six languages cost): en, es, vi only, in the directory and the languages offered.
KIOSK_DB="$tmp/kiosk3.db" "$kioskctl" import-directory "$src/assets/directory/directory.en.json" \
  --translation "es=$src/assets/directory/directory.es.json" --translation "vi=$src/assets/directory/directory.vi.json" >/dev/null
printf '{"languages": ["en", "es", "vi"], "data_dir": "%s"}\n' "$tmp" > "$tmp/kiosk3.json"
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

rss_by_mapping() {  # rss_by_mapping PID: JSON {mapping: MB} of the largest resident mappings
  awk '/^[0-9a-f]+-[0-9a-f]+ / { n = split($0, f, " "); name = (n >= 6) ? f[6] : "[anon]"; sub(".*/", "", name); next }
       /^Rss:/ { rss[name] += $2 }
       END { for (k in rss) if (rss[k] >= 256) printf "%s\t%.1f\n", k, rss[k] / 1024 }' "/proc/$1/smaps" |
    sort -t$'\t' -k2 -nr | jq -R -s 'split("\n") | map(select(length > 0) | split("\t") | {(.[0]): (.[1] | tonumber)}) | add'
}
first_frame() {  # first_frame COMMAND...: "ms peak_kb" for one start, to its first "screen:" line
  local start pid ms="" peak=0
  start=$(date +%s%N)
  "$@" --exit-after 3 > "$tmp/out" 2>&1 &
  pid=$!
  local mapped=false
  for _ in $(seq 600); do
    if [ -z "$ms" ] && grep -q '^screen: ' "$tmp/out"; then ms=$(( ($(date +%s%N) - start) / 1000000 )); fi
    if [ -n "$ms" ] && [ "$mapped" = false ] && [ $(( ($(date +%s%N) - start) / 1000000 )) -gt $((ms + 500)) ]; then
      # Where the resident memory is, half a second after the first frame (the last run's is kept).
      mapped=true
      rss_by_mapping "$pid" > "$tmp/mapping.$(basename "$1")" || true
    fi
    hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  wait "$pid" || true
  grep '^kiosk: start-up' "$tmp/out" >> "$tmp/profiles" || true
  echo "${ms:-0} $peak"
}
dropped=false
if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then dropped=true; fi
kiosk_ms=() kiosk_kb=() empty_ms=() empty_kb=() three_ms=() three_kb=()
: > "$tmp/profiles"
for _ in $(seq "$starts"); do
  [ "$dropped" = true ] && echo 3 > /proc/sys/vm/drop_caches
  read -r ms kb < <(first_frame "$kiosk" --config "$tmp/kiosk.json" --db "$tmp/kiosk.db"); kiosk_ms+=("$ms"); kiosk_kb+=("$kb")
  [ "$dropped" = true ] && echo 3 > /proc/sys/vm/drop_caches
  read -r ms kb < <(first_frame "$empty_window"); empty_ms+=("$ms"); empty_kb+=("$kb")
  [ "$dropped" = true ] && echo 3 > /proc/sys/vm/drop_caches
  read -r ms kb < <(first_frame "$kiosk" --config "$tmp/kiosk3.json" --db "$tmp/kiosk3.db"); three_ms+=("$ms"); three_kb+=("$kb")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# The kiosk's own account of where its start went (median of each stage over the runs).
stage() { sed -n "s/.* $1 \([0-9.]*\) ms.*/\1/p" "$tmp/profiles" | sort -n | awk '{a[NR] = $1} END {print (NR ? ((NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) : -1)}'; }
profile=$(jq -n --argjson app "$(stage app)" --argjson window "$(stage window)" --argjson fonts "$(stage fonts)" \
  --argjson frame "$(stage frame)" '{app_open_ms: $app, window_open_ms: $window, font_atlas_ms: $fonts, first_frame_draw_ms: $frame}')
jq -cn --argjson kms "$(median "${kiosk_ms[@]}")" --argjson kkb "$(median "${kiosk_kb[@]}")" \
  --argjson ems "$(median "${empty_ms[@]}")" --argjson ekb "$(median "${empty_kb[@]}")" \
  --argjson tms "$(median "${three_ms[@]}")" --argjson tkb "$(median "${three_kb[@]}")" \
  --argjson starts "$starts" --argjson dropped "$dropped" --argjson machine "$machine" --argjson profile "$profile" \
  --argjson kmap "$(cat "$tmp/mapping.$(basename "$kiosk")" 2>/dev/null || echo null)" \
  --argjson emap "$(cat "$tmp/mapping.$(basename "$empty_window")" 2>/dev/null || echo null)" \
  --arg kruns "${kiosk_ms[*]}" --arg eruns "${empty_ms[*]}" '
  ($kms - $ems) as $added_ms | (($kkb - $ekb) / 1024) as $added_mb |
  (if $tms > 0 then ($kms / $tms - 1) * 100 else 999 end) as $six_ms_pct |
  (if $tkb > 0 then ($kkb / $tkb - 1) * 100 else 999 end) as $six_rss_pct |
  {figure: 7, name: "What the kiosk adds at start over an empty GLFW + GL window: time to first frame (median of \($starts))",
   value: $added_ms, unit: "ms",
   reference: $ems, reference_name: "an empty GLFW + GL + ImGui window opened the same way, same run (bench/empty_window)",
   ratio: (if $ems > 0 then "\($kms / $ems * 100 | round / 100)x the empty window" else "n/a" end),
   goal: "under +150 ms and under +25 MB peak RSS; six languages within 10% of three (first frame and peak RSS)",
   goal_met: ($kms > 0 and $ems > 0 and $added_ms < 150 and $added_mb < 25 and $six_ms_pct <= 10 and $six_rss_pct <= 10),
   details: {kiosk_first_frame_ms: $kms, empty_first_frame_ms: $ems, added_peak_rss_mb: ($added_mb * 10 | round / 10),
             kiosk_peak_rss_mb: ($kkb / 1024 * 10 | round / 10), empty_peak_rss_mb: ($ekb / 1024 * 10 | round / 10),
             kiosk_runs_ms: $kruns, empty_runs_ms: $eruns, kiosk_startup_profile: $profile,
             kiosk_rss_by_mapping_mb: $kmap, empty_rss_by_mapping_mb: $emap,
             three_languages_first_frame_ms: $tms, three_languages_peak_rss_mb: ($tkb / 1024 * 10 | round / 10),
             six_vs_three_first_frame_pct: ($six_ms_pct * 10 | round / 10), six_vs_three_peak_rss_pct: ($six_rss_pct * 10 | round / 10),
             page_cache_dropped: $dropped,
             directory: "the sample directory in en, es, vi, ar, zh and ht, all six offered (reference: en, es, vi)"}, machine: $machine}'
