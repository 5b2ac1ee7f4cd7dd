# Sourced by the tests that run the kiosk under Xvfb. `start_xvfb FIRST LAST LOG` picks a free
# display number between FIRST and LAST (each test has its own range, so they can run at
# once), starts a 1280x800 Xvfb on it, sets DISPLAY, display and xvfb_pid (the caller's
# cleanup stops it), and waits until the server answers. Needs the caller's fail().
start_xvfb() {
  local first=$1 last=$2 log=$3 n
  display=""
  for n in $(seq "$first" "$last"); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
  done
  [ -n "$display" ] || fail "no free X display number"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
}
