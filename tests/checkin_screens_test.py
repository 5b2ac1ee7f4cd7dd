#!/usr/bin/python3
"""Every check-in and staff-review screen, on the real kiosk under Xvfb, at 800x480 (the
official 7" display) and 1280x800, in English, Spanish, Vietnamese, Arabic, Chinese and Haitian Creole (the school's default
language): the station's keypad, a student's program choice with their name, the unknown-id
question, leaving a program, the check-out confirmation, and the staff panel's review of a
record. Each is saved as a PNG for a person to look at, and the test fails if any text on
them was drawn cut short or with a letter no font had.

Usage: checkin_screens_test.py KIOSK KIOSKCTL SOURCE_DIR SHOTS_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk as RunningKiosk, fail, read_state as read, scan, tap_target as tap, wait_for, xdotool  # noqa: E402


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    kiosk_bin, kioskctl, src, shots = sys.argv[1:5]
    os.makedirs(shots, exist_ok=True)
    clipped_everywhere = []
    missing_everywhere = []  # letters no font in the atlas had (drawn as '?')
    for size in ("800x480", "1280x800"):
        for language in ("en", "es", "vi", "ar", "zh", "ht"):
            tmp = tempfile.mkdtemp(prefix="checkin-screens-")
            running = None
            try:
                pin_hash = subprocess.run([kioskctl, "hash-pin"], input="2468\n", capture_output=True, text=True, check=True).stdout.strip()
                running = RunningKiosk(kiosk_bin, kioskctl, tmp,
                                       [("robotics", "Robotics Club", "Room 12"), ("art", "Art Studio", "Room 3"),
                                        ("homework", "Homework Help Club", "Library"), ("calligraphy", "书法 Calligraphy", "Phòng 7")],
                                       "student_id,display_name,program_ids\n100214,Ana López,robotics;art;homework\n"
                                       "100221,Nguyễn Minh,robotics\n100233,李小龙,robotics;calligraphy\n"
                                       "100245,مريم حداد,robotics;calligraphy\n",
                                       {"station_mode": "always", "default_language": language, "duplicate_window_seconds": 0,
                                        "staff_pin_hash": pin_hash},
                                       size=size, displays=(161, 180))
                log, path = running.log, running.targets

                def shot(name, state):
                    time.sleep(0.3)  # the screen settles (a frame or two)
                    state = read(path)
                    for text in state["clipped"]:
                        clipped_everywhere.append("%s %s %s: %s" % (size, language, name, text))
                    for text in state["missing"]:
                        missing_everywhere.append("%s %s %s: %s" % (size, language, name, text))
                    subprocess.run(["import", "-window", "root", os.path.join(shots, "checkin-%s-%s-%s.png" % (size, language, name))], check=True)

                shot("1-station-keypad", wait_for(path, lambda s: s["checkin"][0] == "enter-id" and "keypad.enter" in s["targets"], "the keypad"))
                scan("100214")
                shot("2-choose-program", wait_for(path, lambda s: s["checkin"][0] == "choose-program", "Ana's choice"))
                tap(path, "checkin.option.0")
                wait_for(path, lambda s: s["checkin"][0] == "confirmed", "Ana's confirmation")
                scan("100214")  # she leaves (the duplicate window is off here)
                shot("3-leaving", wait_for(path, lambda s: s["checkin"][0] == "choose-program", "Ana's leaving question"))
                tap(path, "checkin.option.0")
                shot("4-checked-out", wait_for(path, lambda s: s["checkin"][0] == "confirmed", "the check-out confirmation"))
                # Names in other scripts than the session's, a program's too: drawn, never '?'.
                for student, label in (("100233", "chinese"), ("100245", "arabic")):
                    scan(student)
                    shot("4-%s-name-choice" % label, wait_for(path, lambda s: s["checkin"][0] == "choose-program", "the choice of " + student))
                    tap(path, "checkin.option.1")
                    shot("4-%s-name-confirmed" % label, wait_for(path, lambda s: s["checkin"][0] == "confirmed", "the confirmation of " + student))
                scan("999999")
                shot("5-unknown-id", wait_for(path, lambda s: s["checkin"][0] == "unknown-id", "the unknown-id question"))
                tap(path, "checkin.anyway")
                wait_for(path, lambda s: s["checkin"][0] == "choose-program", "the programs for an unknown id")
                tap(path, "checkin.option.0")
                wait_for(path, lambda s: s["checkin"][0] == "confirmed", "the unknown id's confirmation")
                # Staff: the corner held three seconds, the PIN, the review.
                tap(path, "checkin.done")
                wait_for(path, lambda s: s["checkin"][0] == "enter-id", "the keypad again")
                xdotool("mousemove", "5", "5", "mousedown", "1")
                wait_for(path, lambda s: s["screen"] == "staff", "the staff PIN", seconds=10)
                xdotool("mouseup", "1")
                for key in ("pin.2", "pin.4", "pin.6", "pin.8", "pin.enter"):
                    tap(path, key)
                shot("6-staff-review-list", wait_for(path, lambda s: "review.unverified.0" in s["targets"], "the review list"))
                tap(path, "review.unverified.0")
                shot("7-staff-review", wait_for(path, lambda s: "review.correct" in s["targets"], "the review"))
                tap(path, "review.correct")
                shot("8-staff-correct", wait_for(path, lambda s: "review.save" in s["targets"], "the correction"))
                if not running.alive():
                    fail("the kiosk exited", log)
            finally:
                if running:
                    running.stop()
                shutil.rmtree(tmp, ignore_errors=True)
    if clipped_everywhere:
        fail("text cut short:\n  " + "\n  ".join(sorted(set(clipped_everywhere))))
    if missing_everywhere:
        fail("letters missing from the fonts:\n  " + "\n  ".join(sorted(set(missing_everywhere))))
    print("checkin screens: 12 screens x 2 sizes x 6 languages in %s, nothing cut short, no letter missing" % shots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
