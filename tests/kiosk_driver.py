"""Runs the real kiosk for the Python tests that drive it as people do: a fresh Xvfb, programs
and a roster imported with kioskctl, the kiosk with its automation file, and xdotool for scans
(typed as a USB scanner types) and taps (move + click in one command, as a touchscreen sends
them). Used by checkin_line_test.py, checkin_screens_test.py, pickup_test.py and scripts/demo
(which shows a pickup through the same taps)."""
import json
import os
import subprocess
import sys
import time

ALL_DAY = [{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59"}]


def fail(message, log=None):
    print("FAILED: " + message)
    if log and os.path.exists(log):
        print("".join(open(log, errors="replace").readlines()[-20:]))
    sys.exit(1)


def free_display(first, last):
    for n in range(first, last + 1):
        if not os.path.exists("/tmp/.X11-unix/X%d" % n) and not os.path.exists("/tmp/.X%d-lock" % n):
            return ":%d" % n
    fail("no free X display number")


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


def scan(student_id):
    """A keyboard-wedge scanner: the digits 2 ms apart, then Return."""
    xdotool("type", "--delay", "2", student_id)
    xdotool("key", "Return")


def read_state(path):
    """The kiosk's automation file: its screen, the check-in's (step, confirmations, lookups),
    the pickup's (step, releases, children), text cut short or missing from the atlas, and
    every target's centre (and in "boxes", its centre and size)."""
    state = {"targets": {}, "boxes": {}, "screen": None, "checkin": None, "pickup": None, "printer": None, "clipped": [], "missing": []}
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.split(" ")
        if parts[0] == "screen":
            state["screen"] = parts[1]
        elif parts[0] == "checkin":
            state["checkin"] = (parts[1], int(parts[2]), int(parts[3]))
        elif parts[0] == "pickup":
            state["pickup"] = (parts[1], int(parts[2]), int(parts[3]))
        elif parts[0] == "printer":
            state["printer"] = (int(parts[1]), int(parts[2]))  # labels printed, failed
            state["printer_error"] = " ".join(parts[3:])
        elif parts[0] in ("clipped", "missing"):
            state[parts[0]].append(line[len(parts[0]) + 1:])
        elif len(parts) == 5:
            state["targets"][parts[0]] = (int(parts[1]), int(parts[2]))
            state["boxes"][parts[0]] = tuple(int(p) for p in parts[1:5])  # centre x, y, width, height
    return state


def wait_for(path, predicate, what, seconds=60):
    """Polls the automation file until `predicate(state)` holds; fails naming `what` if it never does."""
    deadline = time.monotonic() + seconds
    state = None
    while time.monotonic() < deadline:
        state = read_state(path)
        if state and state["checkin"] and state["pickup"] and predicate(state):
            return state
        time.sleep(0.02)
    fail("timed out waiting for %s (last: %s)" % (what, state and (state["screen"], state["checkin"], state["pickup"])))


def tap_target(path, target, seconds=60):
    """Taps a target once it is on screen: move, press and release at once, as a touchscreen sends them."""
    state = wait_for(path, lambda s: target in s["targets"], "the %s button" % target, seconds)
    x, y = state["targets"][target]
    xdotool("mousemove", str(x), str(y), "click", "1")


class Kiosk:
    """The kiosk under its own Xvfb, with `programs` (id, name, room; all running all day) and
    `roster_csv` imported, and `config` (merged over data_dir) as its configuration."""

    def __init__(self, kiosk_bin, kioskctl, tmp, programs, roster_csv, config, size="1280x800", displays=(141, 160),
                 adults_csv=None, pickup_grades=None):
        self.tmp = tmp
        self.log = os.path.join(tmp, "kiosk.log")
        self.targets = os.path.join(tmp, "targets")
        self.db = os.path.join(tmp, "kiosk.db")
        self.xvfb = self.process = None
        with open(os.path.join(tmp, "programs.json"), "w") as f:
            json.dump({"programs": [{"id": pid, "name": name, "organization_name": "Trailblazers Youth Alliance", "location": room,
                                     "schedules": ALL_DAY} for pid, name, room in programs]}, f)
        with open(os.path.join(tmp, "roster.csv"), "w") as f:
            f.write(roster_csv)
        env = dict(os.environ, KIOSK_DB=self.db)
        roster_command = ["import-roster", os.path.join(tmp, "roster.csv")]
        if adults_csv:
            with open(os.path.join(tmp, "adults.csv"), "w") as f:
                f.write(adults_csv)
            roster_command += ["--adults", os.path.join(tmp, "adults.csv")]
        if pickup_grades:
            roster_command += ["--pickup-grades", pickup_grades]
        for command in (["import-programs", os.path.join(tmp, "programs.json")], roster_command):
            subprocess.run([kioskctl, *command], env=env, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(tmp, "kiosk.json"), "w") as f:
            json.dump(dict({"data_dir": tmp}, **config), f)
        display = free_display(*displays)
        self.xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", size + "x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.environ["DISPLAY"] = display
        for _ in range(50):
            if subprocess.run(["xdotool", "getmouselocation"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                break
            time.sleep(0.1)
        kenv = dict(os.environ)
        # Mesa's allocations at exit are not ours (as in the other Xvfb tests).
        kenv["ASAN_OPTIONS"] = (kenv.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
        self.process = subprocess.Popen([kiosk_bin, "--config", os.path.join(tmp, "kiosk.json"), "--db", self.db,
                                         "--automation-file", self.targets],
                                        stdout=open(self.log, "w"), stderr=subprocess.STDOUT, env=kenv)

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        for process in (self.process, self.xvfb):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
