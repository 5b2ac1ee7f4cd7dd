#!/usr/bin/env python3
"""Arabic as the kiosk draws it, against HarfBuzz's own rendering.

For real service texts of the Arabic sample directory (names, descriptions, eligibility: the
lines a family reads), tests/render_line draws each line the way the kiosk does (the kiosk's
atlas, its shaper, glyphs placed as ImGui places them), and:
  * its glyph ids, in visual order, must be exactly those `hb-shape` gives the same text;
  * its pixels must match `hb-view`'s image of the same text at the same size: the ink's
    width and height within 3 % (or 3 px), and the two images overlapping (intersection over
    union of the dark pixels, after cropping each to its ink) at 0.80 or better.
Side-by-side images (ours above, hb-view's below) go to OUT_DIR to be looked at.
Only lines wholly in Arabic script are compared: hb-view shapes one run in one font, while
the kiosk gives Latin words and numbers to Noto Sans in their own direction (the C++ tests
check that order).

usage: arabic_shaping_test.py RENDER_LINE SOURCE_DIR OUT_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

EM = 32
FONTS = {0: "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
         1: "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf"}


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(0)


def read_pgm(data):
    # P5 WIDTH HEIGHT 255, then bytes (ImageMagick may put comments in the header).
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos:pos + width * height]


def gray(path):
    out = subprocess.run(["convert", path, "-background", "white", "-flatten", "-colorspace", "Gray", "pgm:-"],
                         check=True, capture_output=True).stdout
    return read_pgm(out)


def ink(image):
    width, height, pixels = image
    points = [(i % width, i // width) for i, v in enumerate(pixels) if v < 128]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    return x0, y0, x1 - x0 + 1, y1 - y0 + 1, {(x - x0, y - y0) for x, y in points}


def main():
    render_line, source, out_dir = sys.argv[1:4]
    for tool in ("hb-view", "hb-shape", "convert"):
        if not shutil.which(tool):
            skip(f"{tool} is not installed (libharfbuzz-bin, imagemagick)")
    if not all(os.path.exists(f) for f in FONTS.values()):
        skip("Noto Sans Arabic (fonts-noto-core) is not installed")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(source, "assets", "directory", "directory.ar.json"), encoding="utf-8") as f:
        services = json.load(f)
    lines = []
    for s in services:
        for field in ("name", "description", "eligibility_description"):
            text = s.get(field) or ""
            # Wholly Arabic: letters, marks, spaces and Arabic punctuation (no Latin, no digits).
            if text and not re.search(r"[A-Za-z0-9$]", text) and len(text) <= 90:
                lines.append(text)
    lines = lines[:40]
    if len(lines) < 20:
        print(f"FAILED: only {len(lines)} wholly Arabic lines in the sample directory")
        return 1
    failures, worst_iou, checked = [], 1.0, 0
    for n, text in enumerate(lines):
        weight = 1 if n % 4 == 0 else 0  # a quarter in bold, as headings and names are drawn
        ours = os.path.join(out_dir, f"line{n:02d}-kiosk.pgm")
        result = subprocess.run([render_line, str(EM), str(weight), ours, text], check=True, capture_output=True, text=True)
        our_ids = [int(v) for v in result.stdout.split("\n")[0].split()]
        missing = int(result.stdout.split("\n")[1].split()[1])
        shaped = subprocess.run(["hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters", FONTS[weight], text],
                                check=True, capture_output=True, text=True).stdout.strip()
        hb_ids = [int(v) for v in shaped.strip("[]").split("|")]
        if our_ids != hb_ids:
            failures.append(f"line {n} ({text}): glyphs {our_ids} differ from hb-shape's {hb_ids}")
            continue
        if missing:
            failures.append(f"line {n} ({text}): {missing} glyphs not in the atlas")
        reference = os.path.join(out_dir, f"line{n:02d}-hb-view.png")
        subprocess.run(["hb-view", f"--font-size={EM}", f"--margin={EM}", "--background=#FFFFFF", "--foreground=#000000",
                        "--output-format=png", f"--output-file={reference}", FONTS[weight], text], check=True)
        a, b = ink(gray(ours)), ink(gray(reference))
        if not a or not b:
            failures.append(f"line {n}: nothing drawn")
            continue
        aw, ah, bw, bh = a[2], a[3], b[2], b[3]
        if abs(aw - bw) > max(3, 0.03 * bw) or abs(ah - bh) > max(3, 0.03 * bh):
            failures.append(f"line {n} ({text}): ink {aw}x{ah} px, hb-view's {bw}x{bh} px")
        union = a[4] | b[4]
        iou = len(a[4] & b[4]) / len(union)
        # A pixel off either way is anti-aliasing, not shaping: compare with one pixel of slack.
        near = {(x + dx, y + dy) for (x, y) in b[4] for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        near_ours = {(x + dx, y + dy) for (x, y) in a[4] for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        matched = (len([p for p in a[4] if p in near]) + len([p for p in b[4] if p in near_ours])) / (len(a[4]) + len(b[4]))
        worst_iou = min(worst_iou, matched)
        checked += 1
        if matched < 0.95:
            failures.append(f"line {n} ({text}): only {matched:.2f} of the ink matches hb-view's (IoU {iou:.2f})")
        # Side by side for a person to look at: ours above, hb-view's below.
        subprocess.run(["convert", ours, reference, "-background", "white", "-alpha", "remove", "-append",
                        os.path.join(out_dir, f"line{n:02d}-compare.png")], check=True)
    print(f"{checked} lines compared with hb-view, {len(lines)} with hb-shape; worst ink match {worst_iou:.3f}; "
          f"images in {out_dir}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
