#!/usr/bin/python3
"""A whole guardian pickup on the real kiosk, at 800x480 (the 7" display), as people do it.

Maria (grade 1) and Lucas (kindergarten) are checked in by scanning their badges; the roster,
imported with kioskctl, says their mother Ana may collect both with code 4821. Then:
 - Maria scans again to leave on her own: refused (a grown-up picks her up), nothing recorded;
 - Ana taps "Pick up a child", types a wrong code: told so, nothing shown;
 - Ana types 4821 on the keypad (taps: move + press + release at once), sees both children,
   taps each, confirms; a goodbye names them.
Then staff open the panel: Sofia is still waiting (with her do-not-release note); her mother
forgot the code, so staff release her with a reason and their name.
The outbox, read with Python's sqlite3 (not our code), must hold exactly those three
check-outs, and the code must appear nowhere in the kiosk's database.
Screenshots of each step are kept in SHOTS (look at them).

Usage: pickup_test.py KIOSK KIOSKCTL SOURCE_DIR SHOTS [--language CODE] [--size WxH] [--larger]
  (the kiosk's default language, the screen size, and Larger text tapped on before the
  pickup and before the staff panel; the screenshots' names then say which)
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk, fail, read_state as read, scan, tap_target as tap, wait_for as wait, xdotool  # noqa: E402


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    kiosk_bin, kioskctl, _, shots = sys.argv[1:5]
    extra = sys.argv[5:]
    language = extra[extra.index("--language") + 1] if "--language" in extra else "en"
    size = extra[extra.index("--size") + 1] if "--size" in extra else "800x480"
    larger = "--larger" in extra
    tag = "" if (language, size, larger) == ("en", "800x480", False) else "%s-%s%s-" % (language, size, "-larger" if larger else "")
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="pickup-")
    kiosk = None
    try:
        roster = ("student_id,display_name,program_ids,grade,do_not_release\n100,Maria Garcia,robotics,1,\n101,Lucas Garcia,art,K,\n"
                  "102,Minh Tran,robotics,8,\n103,Sofia Pham,art,2,Not to her father (court order on file)\n")
        adults = ("student_id,adult_id,display_name,relationship,pickup_code\n100,ana,Ana Garcia,mother,4821\n"
                  "101,ana,Ana Garcia,mother,4821\n103,linh,Linh Pham,mother,90817\n")
        pin_hash = subprocess.run([kioskctl, "hash-pin"], input="2468\n", capture_output=True, text=True, check=True).stdout.strip()
        kiosk = Kiosk(kiosk_bin, kioskctl, tmp, [("robotics", "Robotics Club", "Room 12"), ("art", "Art Studio", "Room 3")],
                      roster, {"station_mode": "off", "duplicate_window_seconds": 5, "staff_pin_hash": pin_hash,
                       "default_language": language}, size=size,
                      adults_csv=adults, pickup_grades="K,1,2")
        path = kiosk.targets

        def shot(name):
            time.sleep(0.3)  # the frame after the state settled
            subprocess.run(["import", "-window", "root", os.path.join(shots, "pickup-%s%s.png" % (tag, name))], check=False)
            state = read(path)
            if state["clipped"]:
                fail("text cut short on %s: %s" % (name, state["clipped"]))
            # Every button whole on the screen and at least 52 px tall (10 mm on the 7" display).
            width, height = (int(v) for v in size.split("x"))
            for target, (x, y, w, h) in state["boxes"].items():
                # In the children's list, which scrolls, a row part-way into view is the cue to
                # scroll; the first row must be whole.
                if target.startswith("pickup.child.") and target != "pickup.child.0":
                    continue
                if y + h / 2 > height + 1 or x + w / 2 > width + 1 or h < 52:
                    fail("%s on %s is %dx%d at (%d, %d): cut off or under 52 px" % (target, name, w, h, x, y))

        state = wait(path, lambda s: s["screen"] == "welcome" and "welcome.pickup" in s["targets"], "Welcome with Pick up a child")
        shot("1-welcome")
        for sid, n in (("100", 1), ("101", 2), ("103", 3)):
            scan(sid)
            wait(path, lambda s, n=n: s["checkin"][1] >= n and s["checkin"][0] == "confirmed", "the check-in of %s" % sid)
        time.sleep(6)  # past the duplicate window
        looked_up = read(path)["checkin"][2]
        scan("100")
        wait(path, lambda s: s["checkin"][2] > looked_up and s["checkin"][0] == "already", "Maria refused a self check-out")
        shot("2-self-checkout-refused")
        tap(path, "nav.home")
        if larger:
            tap(path, "display.larger")
            time.sleep(0.5)
        tap(path, "welcome.pickup")
        wait(path, lambda s: s["screen"] == "pickup" and "pickup.key.enter" in s["targets"], "the pickup keypad")
        for digit in "0000":
            tap(path, "pickup.key.%s" % digit)
        tap(path, "pickup.key.enter")
        wait(path, lambda s: s["pickup"][0] == "enter-code", "the wrong code's answer")
        time.sleep(1)
        shot("3-wrong-code")
        for digit in "4821":
            tap(path, "pickup.key.%s" % digit)
        shot("4-code-typed")
        tap(path, "pickup.key.enter")
        state = wait(path, lambda s: s["pickup"][0] == "choose" and s["pickup"][2] == 2 and "pickup.child.1" in s["targets"],
                     "both children")
        shot("5-children")
        tap(path, "pickup.child.0")
        tap(path, "pickup.child.1")
        time.sleep(0.5)
        shot("6-both-chosen")
        tap(path, "pickup.confirm")
        state = wait(path, lambda s: s["pickup"][0] == "done" and s["pickup"][1] == 2, "the goodbye")
        shot("7-goodbye")
        if state["missing"]:
            fail("glyphs missing from the atlas: %s" % state["missing"])
        # Staff: Sofia is still here; her mother forgot the code. The corner held three
        # seconds, the PIN, her card (with the do-not-release note), a reason, a name, Release.
        tap(path, "pickup.done")
        wait(path, lambda s: s["screen"] == "welcome", "Welcome again")
        if larger:
            tap(path, "display.larger")
            time.sleep(0.5)
        xdotool("mousemove", "5", "5", "mousedown", "1")
        wait(path, lambda s: s["screen"] == "staff", "the staff PIN", seconds=10)
        xdotool("mouseup", "1")
        for key in ("pin.2", "pin.4", "pin.6", "pin.8", "pin.enter"):
            tap(path, key)
        wait(path, lambda s: "pickup.late.0" in s["targets"] and "pickup.late.1" not in s["targets"], "Sofia waiting to be picked up")
        shot("8-staff-waiting")
        tap(path, "pickup.late.0")
        wait(path, lambda s: "release.save" in s["targets"], "the release form")
        tap(path, "release.reason.0")
        shot("9-staff-release-form")
        for key in ("key.m", "key.s", "key.space", "key.l", "key.e", "key.e"):
            tap(path, key)
        shot("9-staff-release")
        tap(path, "release.save")
        wait(path, lambda s: "release.save" not in s["targets"] and "staff.exit" in s["targets"], "the panel after the release")
        shot("10-staff-after-release")
        if read(path)["missing"]:
            fail("glyphs missing from the atlas: %s" % read(path)["missing"])

        time.sleep(0.5)
        con = sqlite3.connect("file:%s?mode=ro" % kiosk.db, uri=True)
        outs = con.execute("SELECT student_id, collected_by, released_by, release_reason FROM checkin_outbox WHERE kind = 'out' "
                           "ORDER BY student_id").fetchall()
        ins = con.execute("SELECT count(*) FROM checkin_outbox WHERE kind = 'in'").fetchone()[0]
        names = [r[0] for r in con.execute("SELECT display_name FROM roster_student ORDER BY student_id")]
        leaked = []
        for table, in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            columns = [c[1] for c in con.execute("PRAGMA table_info(%s)" % table)]
            for column in columns:
                try:
                    n = con.execute("SELECT count(*) FROM %s WHERE CAST(%s AS TEXT) LIKE '%%4821%%'" % (table, column)).fetchone()[0]
                except sqlite3.Error:
                    continue
                if n:
                    leaked.append("%s.%s" % (table, column))
        con.close()
        expected = [("100", "ana", None, None), ("101", "ana", None, None),
                    ("103", None, "ms lee", "No code: ID checked")]
        if outs != expected:
            fail("the outbox's check-outs are %s, not %s" % (outs, expected))
        if ins != 3:
            fail("%d check-ins, not 3" % ins)
        if names != ["Maria G.", "Lucas G.", "Minh T.", "Sofia P."]:
            fail("the kiosk keeps more than first names and initials: %s" % names)
        if leaked:
            fail("the pickup code is in the kiosk's database: %s" % leaked)
        print("pickup: 2 children released to ana, 1 by staff with a reason; self check-out refused; wrong code refused; "
              "code stored nowhere; shots in %s" % shots)
        return 0
    finally:
        if kiosk:
            kiosk.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
