#!/usr/bin/env python3
"""Check-in labels through a real CUPS: the test starts its own cupsd (configuration, spool,
logs and socket in a temporary folder) with a PDF printer (printer-driver-cups-pdf), runs the
real kiosk under Xvfb configured to print to it, and scans students as a line would:
  1. Maria (grade 1, must be picked up) checks in: her tag and the adult's stub come out as
     PDFs, rendered with pdftoppm into SCREENSHOTS for a person to look at; both carry ink.
  2. Minh (grade 8, goes home alone) checks in: no label (labels are for pickup children).
  3. The print server is stopped; Lucas checks in: confirmed as fast as ever, his labels are
     counted as failed, and the staff panel says the printer is not printing.
`kioskctl doctor` says the printer is ready while it is, and that it cannot be reached after.
    label_print_test.py KIOSK KIOSKCTL SOURCE_DIR SCREENSHOTS
cups-pdf runs only as root (it says so itself): elsewhere the test is skipped (exit 77), as it
is when cupsd, cups-pdf or pdftoppm are not installed. cups-pdf reads its settings only from
/etc/cups, so the test writes /etc/cups/cups-pdf-<its own name>.conf there (its output
folder in the temporary folder) and removes it at the end."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk, fail, read_state, scan, tap_target, wait_for, xdotool  # noqa: E402

SKIP = 77


def ink(png):
    """The share of the picture that is not white (ImageMagick's mean, 1.0 = all white)."""
    mean = subprocess.run(["convert", png, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"],
                          capture_output=True, text=True, check=True).stdout
    return 1.0 - float(mean)


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    kiosk_bin, kioskctl, _, shots = sys.argv[1:5]
    missing = [tool for tool in ("cupsd", "lpadmin", "lpstat", "pdftoppm", "convert") if not shutil.which(tool)]
    if not os.path.exists("/usr/lib/cups/backend/cups-pdf"):
        missing.append("cups-pdf (printer-driver-cups-pdf)")
    if missing:
        print("SKIPPED: not installed: %s (scripts/setup installs them)" % ", ".join(missing))
        return SKIP
    if os.geteuid() != 0:
        print("SKIPPED: cups-pdf prints only when CUPS runs it as root; run the suite as root to test labels")
        return SKIP
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="labels-")
    os.chmod(tmp, 0o755)  # CUPS's filters run as lp
    name = "kiosktest%d" % os.getpid()
    pdf_conf = "/etc/cups/cups-pdf-%s.conf" % name
    cupsd = kiosk = None
    try:
        root = os.path.join(tmp, "root")
        for d in ("root", "spool", "cache", "state", "log", "pdf"):
            os.makedirs(os.path.join(tmp, d), mode=0o755)
        for d in ("tmp", "cpspool"):
            os.makedirs(os.path.join(tmp, d))
            os.chmod(os.path.join(tmp, d), 0o1777)
        socket = os.path.join(tmp, "cups.sock")
        with open(os.path.join(root, "cupsd.conf"), "w") as f:
            f.write("Listen %s\nLogLevel info\nBrowsing No\nDefaultAuthType None\n"
                    "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                    "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n" % socket)
        with open(os.path.join(root, "cups-files.conf"), "w") as f:
            f.write("ServerRoot {t}/root\nRequestRoot {t}/spool\nCacheDir {t}/cache\nStateDir {t}/state\nTempDir {t}/tmp\n"
                    "ErrorLog {t}/log/error_log\nAccessLog {t}/log/access_log\nPageLog {t}/log/page_log\n"
                    "Printcap {t}/printcap\nSystemGroup root\nFileDevice No\n".format(t=tmp))
        with open(pdf_conf, "w") as f:
            f.write("Out {t}/pdf\nAnonDirName {t}/pdf\nSpool {t}/cpspool\nLog {t}/log\nGrp root\nUserUMask 0022\n".format(t=tmp))
        cupsd = subprocess.Popen(["cupsd", "-f", "-c", os.path.join(root, "cupsd.conf"), "-s", os.path.join(root, "cups-files.conf")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        if subprocess.run(["cupsd", "-t", "-c", os.path.join(root, "cupsd.conf"), "-s", os.path.join(root, "cups-files.conf")],
                          capture_output=True).returncode != 0:
            fail("cupsd refuses the test's configuration (cupsd -t)")
        for _ in range(200):  # until the scheduler answers on its socket
            if os.path.exists(socket) and subprocess.run(["lpstat", "-h", socket, "-r"], capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        subprocess.run(["lpadmin", "-h", socket, "-p", "KioskLabels", "-v", "cups-pdf:/" + name,
                        "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd", "-E"], check=True)

        roster = ("student_id,display_name,program_ids,grade\n100,Maria Garcia,robotics,1\n101,Lucas Garcia,robotics,K\n"
                  "102,Minh Tran,robotics,8\n")
        adults = "student_id,adult_id,display_name,relationship,pickup_code\n100,ana,Ana Garcia,mother,4821\n101,ana,Ana Garcia,mother,4821\n"
        pin_hash = subprocess.run([kioskctl, "hash-pin"], input="2468\n", capture_output=True, text=True, check=True).stdout.strip()
        kiosk = Kiosk(kiosk_bin, kioskctl, tmp, [("robotics", "Robotics Club", "Room 12")], roster,
                      {"station_mode": "always", "duplicate_window_seconds": 5, "staff_pin_hash": pin_hash,
                       "school_name": "Riverbend Elementary",
                       "label_printer": "KioskLabels", "label_printer_server": socket},
                      size="800x480", displays=(181, 200), adults_csv=adults, pickup_grades="K,1,2")
        path = kiosk.targets
        wait_for(path, lambda s: s["printer"] is not None and "keypad.enter" in s["targets"], "the keypad, with a printer")

        def check_in(student, n):
            start = time.monotonic()
            scan(student)
            wait_for(path, lambda s: s["checkin"][1] >= n and s["checkin"][0] == "confirmed", "the check-in of %s" % student)
            return time.monotonic() - start

        # 1. Maria: her tag and stub.
        check_in("100", 1)
        wait_for(path, lambda s: s["printer"][0] + s["printer"][1] >= 2, "Maria's two labels", seconds=60)
        state = read_state(path)
        if state["printer"] != (2, 0):
            fail("Maria's labels: %s printed, %s failed (%s); the print server's log:" % (state["printer"] + (state["printer_error"],)),
                 os.path.join(tmp, "log", "error_log"))
        deadline = time.monotonic() + 60
        pdfs = []
        while time.monotonic() < deadline:
            pdfs = sorted(glob.glob(os.path.join(tmp, "pdf", "*.pdf")))
            if len(pdfs) == 2 and all(os.path.getsize(p) > 0 for p in pdfs):
                break
            time.sleep(0.2)
        if len(pdfs) != 2:
            fail("cups-pdf wrote %d PDFs, not 2: %s" % (len(pdfs), os.listdir(os.path.join(tmp, "pdf"))))
        time.sleep(1)  # cups-pdf closes the file a moment after creating it
        for pdf in pdfs:
            kind = "tag" if "tag" in os.path.basename(pdf) else "stub"
            out = os.path.join(shots, "label-%s" % kind)
            subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, out], check=True)
            size = subprocess.run(["identify", "-format", "%w %h", out + ".png"], capture_output=True, text=True).stdout
            width, height = (int(v) for v in size.split())
            # 57 x 32 mm at 300 dpi is 673 x 378: the page is the label, not a sheet of Letter.
            if abs(width - 673) > 10 or abs(height - 378) > 10:
                fail("the %s's page is %dx%d px at 300 dpi, not a 57 x 32 mm label" % (kind, width, height))
            if ink(out + ".png") < 0.03:
                fail("the %s came out blank (%s.png)" % (kind, out))
            print("label: %s %s.png (%dx%d, %.0f%% ink)" % (kind, out, width, height, 100 * ink(out + ".png")))

        # The installer's check says the printer is ready.
        doctor = subprocess.run([kioskctl, "--config", os.path.join(tmp, "kiosk.json"), "doctor"], capture_output=True, text=True).stdout
        line = [l for l in doctor.splitlines() if "label printer" in l]
        if not line or "KioskLabels is ready" not in line[0] or not line[0].startswith("ok"):
            fail("kioskctl doctor on the label printer: %s" % line)

        # 2. Minh goes home alone: no label.
        check_in("102", 2)
        time.sleep(3)
        if read_state(path)["printer"] != (2, 0) or len(glob.glob(os.path.join(tmp, "pdf", "*.pdf"))) != 2:
            fail("a label was printed for a student who is not picked up")

        # 3. The print server goes away; Lucas checks in as fast as ever.
        cupsd.terminate()
        cupsd.wait(10)
        cupsd = None
        doctor = subprocess.run([kioskctl, "--config", os.path.join(tmp, "kiosk.json"), "doctor"], capture_output=True, text=True).stdout
        if not any(l.startswith("warn") and "label printer" in l and "cannot reach" in l for l in doctor.splitlines()):
            fail("kioskctl doctor does not say the print server is gone:\n" + doctor)
        seconds = check_in("101", 3)
        print("check-in with the print server gone: confirmed in %.2f s" % seconds)
        state = wait_for(path, lambda s: s["printer"][1] >= 2, "Lucas's labels counted as failed", seconds=60)
        if state["printer"][0] != 2:
            fail("labels printed with no print server: %s" % (state["printer"],))
        tap_target(path, "checkin.done")
        xdotool("mousemove", "5", "5", "mousedown", "1")
        wait_for(path, lambda s: s["screen"] == "staff", "the staff PIN", seconds=10)
        xdotool("mouseup", "1")
        for key in ("pin.2", "pin.4", "pin.6", "pin.8", "pin.enter"):
            tap_target(path, key)
        wait_for(path, lambda s: "staff.exit" in s["targets"], "the staff panel")
        time.sleep(0.5)
        subprocess.run(["import", "-window", "root", os.path.join(shots, "label-staff-printer-gone.png")], check=False)
        print("labels: Maria's tag and stub printed through CUPS to PDF; none for Minh; with the server gone Lucas "
              "checked in and his labels were counted as failed; shots in %s" % shots)
        return 0
    finally:
        if kiosk:
            kiosk.stop()
        if cupsd and cupsd.poll() is None:
            cupsd.terminate()
            try:
                cupsd.wait(10)
            except subprocess.TimeoutExpired:
                cupsd.kill()
        if os.path.exists(pdf_conf):
            os.remove(pdf_conf)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
