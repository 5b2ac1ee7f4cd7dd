#!/usr/bin/python3
"""Every screen a family sees, on the real kiosk under Xvfb, in all six of its languages
(English, Spanish, Vietnamese, Arabic, Chinese, Haitian Creole), at 800x480 (the official 7"
display) and 1280x800, plain, with Larger text and in high contrast: Welcome, the
categories, a category's services, a service's page, and search with the keyboard and with
its results. The directory is the sample one with its text in every language.

Each screen is saved as a PNG to be looked at, and the test fails where
  * text was drawn cut short (an ellipsis), or
  * a character was drawn with no font having it (tofu: ImGui's '?'), or
  * a screen in Arabic is not mirrored (Back must be on the right, Home on the left), or
  * a tap target is under 52 px (10 mm on the 7" display) in either direction, or two of them
    overlap.
Text contrast is checked on the palettes themselves (tests/contrast_test.cpp).

Usage: family_screens_test.py KIOSK KIOSKCTL SOURCE_DIR SHOTS_DIR [--quick]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

LANGUAGES = ("en", "es", "vi", "ar", "zh", "ht")
# A word each family might type: in their language, except Chinese (no input method on the
# kiosk: a Chinese-speaking parent browses by category, or types an English word).
SEARCH = {"en": "food", "es": "comida", "vi": "thực phẩm", "ar": "طعام", "zh": "food", "ht": "manje"}
SCREENS = ("welcome", "categories", "service-list", "service-detail", "search", "search-results")
MODES = ("plain", "larger", "contrast")


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    kiosk, kioskctl, src, shots = sys.argv[1:5]
    quick = "--quick" in sys.argv
    for tool in ("Xvfb", "import"):
        if not shutil.which(tool):
            print("SKIPPED: %s is not installed" % tool)
            return 0
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="family-screens-")
    problems, count = [], 0
    xvfb = {}
    started = time.monotonic()
    try:
        db = os.path.join(tmp, "kiosk.db")
        directory = os.path.join(src, "assets", "directory")
        args = [kioskctl, "import-directory", os.path.join(directory, "directory.en.json")]
        for code in LANGUAGES[1:]:
            args += ["--translation", "%s=%s" % (code, os.path.join(directory, "directory.%s.json" % code))]
        subprocess.run(args, check=True, capture_output=True, env=dict(os.environ, KIOSK_DB=db))
        for n, size in enumerate(("800x480", "1280x800")):
            display = ":%d" % (190 + n)
            xvfb[size] = subprocess.Popen(["Xvfb", display, "-screen", "0", size + "x24", "-nolisten", "tcp"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        for n, size in enumerate(("800x480", "1280x800")):
            width, height = size.split("x")
            config = os.path.join(tmp, "kiosk-%s.json" % size)
            with open(config, "w") as f:
                json.dump({"school_name": "Lincoln Elementary", "window_width": int(width), "window_height": int(height),
                           "languages": list(LANGUAGES), "read_aloud": False}, f)
            for language in LANGUAGES:
                for mode in MODES:
                    if mode == "contrast" and size != "800x480":
                        continue  # the palette does not change the layout: one size is enough
                    for screen in SCREENS:
                        if quick and (mode != "plain" or size != "800x480"):
                            continue
                        name = "family-%s-%s-%s-%s" % (size, language, mode, screen)
                        png = os.path.join(shots, name + ".png")
                        automation = os.path.join(tmp, name + ".txt")
                        command = [kiosk, "--config", config, "--db", db, "--windowed", "--screenshot", png,
                                   "--automation-file", automation, "--language", language,
                                   "--screen", "search" if screen.startswith("search") else screen]
                        if screen == "service-list" or screen == "service-detail":
                            command += ["--category", "food"]
                        if screen.startswith("search"):
                            command += ["--search", SEARCH[language]]
                        if screen == "search-results":
                            command.append("--search-results")
                        if mode == "larger":
                            command.append("--larger-text")
                        if mode == "contrast":
                            command.append("--high-contrast")
                        # Mesa leaks at exit: not ours, and a sanitized build must not fail on it.
                        asan = (os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
                        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                                env=dict(os.environ, DISPLAY=":%d" % (190 + n), ASAN_OPTIONS=asan))
                        if result.returncode != 0 or not os.path.exists(png):
                            problems.append("%s: the kiosk failed: %s" % (name, result.stderr.strip()[-300:]))
                            continue
                        count += 1
                        with open(automation, encoding="utf-8") as f:
                            lines = f.read().splitlines()
                        targets = {}
                        for line in lines:
                            if line.startswith("clipped "):
                                problems.append("%s: cut short: %s" % (name, line[8:]))
                            elif line.startswith("missing "):
                                problems.append("%s: no glyph: %s" % (name, line[8:]))
                            else:
                                parts = line.split(" ")
                                if len(parts) == 5:
                                    targets[parts[0]] = tuple(int(v) for v in parts[1:])
                        for target, (x, y, w, h) in targets.items():
                            # A target cut by the screen's edge or a list's is only partly
                            # shown (a card scrolled half away): only whole ones are measured.
                            if min(w, h) < 52 and not (target.startswith(("service.", "result.")) or y + h // 2 >= int(height) - 2):
                                problems.append("%s: %s is %dx%d px" % (name, target, w, h))
                        # No two things to tap on top of each other.
                        whole = [(t, r) for t, r in targets.items() if not t.startswith(("service.", "result."))]
                        for i, (a, (ax, ay, aw, ah)) in enumerate(whole):
                            for b, (bx, by, bw, bh) in whole[i + 1:]:
                                if abs(ax - bx) * 2 < aw + bw - 2 and abs(ay - by) * 2 < ah + bh - 2:
                                    problems.append("%s: %s and %s overlap" % (name, a, b))
                        if screen != "welcome" and "nav.back" in targets and "nav.home" in targets:
                            back_x, home_x = targets["nav.back"][0], targets["nav.home"][0]
                            if (language == "ar") != (back_x > home_x):
                                problems.append("%s: Back at x=%d, Home at x=%d" % (name, back_x, home_x))
    finally:
        for process in xvfb.values():
            process.terminate()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("family screens: %d screenshots in %s (%.0f s)" % (count, shots, time.monotonic() - started))
    if problems:
        fail("%d problems:\n  %s" % (len(problems), "\n  ".join(problems[:80])))
    print("ok: nothing cut short, no missing glyph, Arabic mirrored, every target at least 52 px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
