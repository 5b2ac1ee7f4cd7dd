#!/usr/bin/env python3
"""The district web console in a real browser, against the server as packaged: nginx with TLS
(a CA this test makes) in front of district-server (scripts/district-stack), Debian's
chromium driven headless by python3-selenium, and curl as an independent client.

  web_console_test.py DISTRICT_SERVER KIOSKCTL SOURCE_DIR SCREENSHOTS

  1. District IT signs in, enrols a kiosk (the token and its QR code shown once), and a real
     kioskctl syncs with that token: the kiosk then shows as healthy. Accounts and the audit
     log (which names the enrolment) are seen.
  2. A partner signs in: only the Attendance page; week by week per program, a chart and a
     table, groups under 5 students withheld everywhere (the chart has a gap, the table says
     so, no total gives them away); asking for another partner's program is a 403.
  3. School staff see only their school's kiosks.
  4. Security, with curl: the CSP and cookie flags, CSRF refused, a planted session id never
     becomes a session (fixation), sign-out ends the session on the server, wrong passwords
     lock the account, and the audit log refuses to be changed in the database.
Screenshots of every page at desktop (1280x900) and phone (390x844) widths go to SCREENSHOTS.
Skipped (77) where chromium, chromedriver or python3-selenium are not installed."""
import datetime
import json
import os
import re
import shutil
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import fail  # noqa: E402

SKIP = 77


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    server_bin, kioskctl, source, shots = sys.argv[1:5]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        print("SKIPPED: python3-selenium is not installed (scripts/setup installs it)")
        return SKIP
    for tool in ("/usr/bin/chromium", "/usr/bin/chromedriver", "nginx", "curl", "openssl"):
        if not (os.path.exists(tool) if tool.startswith("/") else shutil.which(tool)):
            print("SKIPPED: %s is not installed (scripts/setup installs it)" % tool)
            return SKIP
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="console-")
    stack = os.path.join(tmp, "stack")
    data = os.path.join(tmp, "data")
    tls = os.path.join(tmp, "tls")
    env = dict(os.environ, DISTRICT_SERVER_DATA=data)
    driver = None
    started = False

    def server(*args, stdin=None):
        result = subprocess.run([server_bin, *args], env=env, input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            fail("district-server %s: %s" % (" ".join(args), result.stderr.strip()))
        return result.stdout

    try:
        subprocess.run([os.path.join(source, "scripts", "make-loopback-certs"), tls], check=True, stdout=subprocess.DEVNULL)
        server("init")
        server("account", "add", "ada", "--role", "admin", stdin="correct horse battery\n")
        server("account", "add", "tya", "--role", "partner", "--scope", "Trailblazers Youth Alliance", stdin="trailblazers-2026\n")
        server("account", "add", "rbe", "--role", "school", "--scope", "Riverbend Elementary", stdin="riverbend-staff-1\n")
        # The sample programs and an open gym running every day all day: program hours, in
        # which a silent kiosk is flagged, whenever the test runs.
        programs = json.load(open(os.path.join(source, "assets", "checkin", "programs.json")))
        programs["programs"].append({"id": "open-gym", "name": "Open Gym", "organization_name": "Riverbend PTA", "location": "Gym",
                                     "schedules": [{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00"}]})
        with open(os.path.join(tmp, "programs.json"), "w") as f:
            json.dump(programs, f)
        server("programs", "import", os.path.join(tmp, "programs.json"))
        server("roster", "import", os.path.join(source, "assets", "checkin", "roster.csv"))
        server("directory", "import", os.path.join(source, "assets", "directory", "directory.en.json"))
        server("kiosk", "add", "hillside-hall", "--school", "Hillside Middle")  # another school's kiosk, never seen
        port = subprocess.run([os.path.join(source, "scripts", "district-stack"), "start", stack, "--server", server_bin, "--data", data,
                               "--port", "0", "--cert", os.path.join(tls, "server.pem"), "--key", os.path.join(tls, "server.key"),
                               "--ca", os.path.join(tls, "ca.pem")], capture_output=True, text=True)
        if port.returncode != 0:
            fail("the district stack did not start: " + port.stderr)
        started = True
        base = "https://127.0.0.1:%s" % port.stdout.strip()
        context = ssl.create_default_context(cafile=os.path.join(tls, "ca.pem"))

        def curl(*args):
            """curl through nginx with the test's CA: (status, headers, body)."""
            out = subprocess.run(["curl", "-s", "-i", "--cacert", os.path.join(tls, "ca.pem"), *args], capture_output=True, text=True).stdout
            head, _, body = out.partition("\n\n")  # (text mode reads \r\n as \n)
            lines = head.split("\n")
            status = int(lines[0].split()[1])
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers.setdefault(name.strip().lower(), []).append(value.strip())
            return status, headers, body

        def login(username, password, cookie=None):
            args = ["-H", "Content-Type: application/json", "-d", json.dumps({"username": username, "password": password})]
            if cookie:
                args += ["-H", "Cookie: district_session=" + cookie]
            return curl(*args, base + "/admin/api/login")

        # Chromium, headless, with no network beyond loopback, trusting the test's CA through
        # a fresh NSS database in its own home.
        home = os.path.join(tmp, "home")
        nssdb = os.path.join(home, ".pki", "nssdb")
        os.makedirs(nssdb)
        if shutil.which("certutil"):
            subprocess.run(["certutil", "-d", "sql:" + nssdb, "-N", "--empty-password"], check=True)
            subprocess.run(["certutil", "-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "test-ca", "-i", os.path.join(tls, "ca.pem")], check=True)
        else:
            print("SKIPPED: certutil (libnss3-tools) is not installed: chromium could not verify the test's CA")
            return SKIP
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                     "--user-data-dir=" + os.path.join(tmp, "profile"), "--window-size=1280,900"):
            options.add_argument(flag)
        service = Service("/usr/bin/chromedriver", env=dict(os.environ, HOME=home))
        driver = webdriver.Chrome(service=service, options=options)
        wait = WebDriverWait(driver, 20)

        def shot(name):
            for label, size in (("desktop", (1280, 900)), ("phone", (390, 844))):
                driver.set_window_size(*size)
                time.sleep(0.4)
                driver.save_screenshot(os.path.join(shots, "console-%s-%s.png" % (name, label)))
            driver.set_window_size(1280, 900)

        def sign_in(username, password):
            driver.get(base + "/admin/")
            wait.until(EC.visibility_of_element_located((By.ID, "username")))
            driver.find_element(By.ID, "username").send_keys(username)
            driver.find_element(By.ID, "password").send_keys(password)
            driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
            wait.until(EC.visibility_of_element_located((By.ID, "who")))

        def sign_out():
            driver.find_element(By.ID, "logout").click()
            wait.until(EC.visibility_of_element_located((By.ID, "login")))

        def nav():
            return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#nav a") if a.is_displayed()]

        # The console's page itself: no inline script, the CSP header, nothing from elsewhere.
        status, headers, html = curl(base + "/admin/")
        csp = " ".join(headers.get("content-security-policy", []))
        if status != 200 or "script-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
            fail("the console page (%d) Content-Security-Policy is %r; headers %s" % (status, csp, headers))
        if re.search(r"<script(?![^>]*\bsrc=)", html) or re.search(r"\son[a-z]+=", html) or re.search(r"(src|href)=\"(https?:)?//", html):
            fail("the console page has inline script or loads from elsewhere")

        # 1. District IT.
        driver.get(base + "/admin/")
        wait.until(EC.visibility_of_element_located((By.ID, "username")))
        shot("1-sign-in")
        # With the keyboard alone: the username has the focus, Tab to the password, Enter.
        if driver.switch_to.active_element.get_attribute("id") != "username":
            fail("the sign-in page does not put the focus on the username")
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        ActionChains(driver).send_keys("ada", Keys.TAB, "correct horse battery", Keys.ENTER).perform()
        wait.until(EC.visibility_of_element_located((By.ID, "who")))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flags")))
        if nav() != ["Kiosks", "Today", "Attendance", "Directory", "Programs and roster", "Accounts", "Audit log"]:
            fail("district IT sees the pages %s" % nav())
        driver.find_element(By.ID, "enrol-name").send_keys("riverbend-lobby")
        driver.find_element(By.ID, "enrol-school").send_keys("Riverbend Elementary")
        driver.find_element(By.XPATH, "//button[text()='Enrol kiosk']").click()
        token = wait.until(EC.visibility_of_element_located((By.ID, "token-text"))).text.strip()
        qr = driver.find_element(By.CSS_SELECTOR, "#new-token img")
        if len(token) != 43 or not qr.get_attribute("src").startswith("data:image/svg+xml;base64,") or qr.size["width"] < 100:
            fail("the enrolment did not show a token (%r) and its QR code" % token)
        shot("2-kiosk-enrolled")
        # A real kioskctl syncs with that token.
        kiosk_dir = os.path.join(tmp, "kiosk")
        os.makedirs(kiosk_dir)
        token_file = os.path.join(kiosk_dir, "token")
        with open(token_file, "w") as f:
            f.write(token + "\n")
        os.chmod(token_file, 0o600)
        config = os.path.join(kiosk_dir, "kiosk.json")
        with open(config, "w") as f:
            json.dump({"data_dir": kiosk_dir, "server_url": base + "/", "ca_file": os.path.join(tls, "ca.pem"), "token_file": token_file,
                       "school_name": "Riverbend Elementary"}, f)
        sync = subprocess.run([kioskctl, "--config", config, "sync"], capture_output=True, text=True)
        if sync.returncode != 0:
            fail("kioskctl sync with the console's token: " + sync.stdout + sync.stderr)
        # This week: eight Trailblazers students and an id not on the roster check in at the kiosk, and it syncs.
        roster = [line.split(",") for line in open(os.path.join(source, "assets", "checkin", "roster.csv")).read().splitlines()[1:]]
        robotics = [r[0] for r in roster if "robotics" in r[2].split(";")]
        for student in robotics[:8] + ["999999"]:  # the last one is not on the roster
            subprocess.run([kioskctl, "--config", config, "check-in", "--student", student, "--program", "robotics"], check=True, capture_output=True)
        if subprocess.run([kioskctl, "--config", config, "sync"], capture_output=True).returncode != 0:
            fail("kioskctl sync of the check-ins")
        # Earlier weeks, as the kiosk would have sent them: robotics every week (6 to 9
        # students), soccer with 3 students in one week (withheld).
        today = datetime.date.today()
        records = []
        soccer = [r[0] for r in roster if "soccer" in r[2].split(";")]
        for weeks_ago in range(1, 7):
            day = today - datetime.timedelta(days=7 * weeks_ago)
            stamp = day.isoformat() + "T15:30:00+00:00"
            for student in robotics[:6 + weeks_ago % 4]:
                records.append({"id": str(uuid.uuid4()), "student_id": student, "program_id": "robotics", "kind": "in", "at": stamp, "clock_trusted": True})
            for student in soccer[:3 if weeks_ago == 2 else 7]:
                records.append({"id": str(uuid.uuid4()), "student_id": student, "program_id": "soccer", "kind": "in", "at": stamp, "clock_trusted": True})
        # And one for a program the server does not know: refused, and shown to the school's staff.
        records.append({"id": str(uuid.uuid4()), "student_id": robotics[0], "program_id": "chess-club", "kind": "in",
                        "at": today.isoformat() + "T15:00:00+00:00", "clock_trusted": True})
        request = urllib.request.Request(base + "/kiosk/v1/checkins", method="POST",
                                         data=json.dumps({"kiosk_time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                                                          "records": records}).encode(),
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, context=context) as answer:
            results = json.load(answer)["results"]
        if [r["status"] for r in results].count("accepted") != len(records) - 1 or results[-1]["status"] != "rejected":
            fail("the earlier weeks' check-ins were not accepted (and the chess club's refused): %s" % results[-3:])
        driver.refresh()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table")))
        rows = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_elements(By.TAG_NAME, "td")[2].text
                for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr")}
        if rows.get("riverbend-lobby") != "healthy" or rows.get("hillside-hall") != "silent":
            fail("the kiosks page says %s" % rows)
        flags = driver.find_element(By.CSS_SELECTOR, ".flags").text
        if "hillside-hall" not in flags or "riverbend-lobby" in flags:
            fail("the flagged kiosks are: %s" % flags)
        shot("3-kiosks")
        # A roster with an error row: the preview names it and replaces nothing; then the
        # replace, and the server has the new roster.
        upload = os.path.join(tmp, "roster-upload.csv")
        with open(upload, "w") as f:
            f.write("student_id,display_name,program_ids,grade\n100200,Maria Garcia,math,K\n100207,Liam Hernandez,art;homework,1\n"
                    ",No Id,math,2\n100221,Minh Martinez,reading,3\n")
        driver.get(base + "/admin/#roster")
        wait.until(EC.presence_of_element_located((By.ID, "roster-file"))).send_keys(upload)
        driver.find_element(By.ID, "pickup-grades").send_keys("K,1")
        driver.find_element(By.ID, "roster-preview").click()
        summary = wait.until(EC.visibility_of_element_located((By.ID, "preview-summary"))).text
        refused = driver.find_element(By.ID, "roster-result").text
        if "3 students (2 picked up by an adult" not in summary or "50 on the server" not in summary or "row 4" not in refused:
            fail("the roster preview says: %s / %s" % (summary, refused))
        shot("4-roster-preview")
        driver.find_element(By.ID, "roster-replace").click()
        wait.until(EC.visibility_of_element_located((By.ID, "replaced")))
        with sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "district.db"), uri=True) as db:
            count = db.execute("SELECT count(*) FROM roster_student").fetchone()[0]
        if count != 3:
            fail("after the replace the server has %d students, not 3" % count)
        # A file with no valid row is refused in the preview, and the replace is never offered.
        empty = os.path.join(tmp, "empty.csv")
        with open(empty, "w") as f:
            f.write("student_id,display_name,program_ids\n,nobody,\n")
        driver.get(base + "/admin/#kiosks")
        driver.get(base + "/admin/#roster")
        wait.until(EC.presence_of_element_located((By.ID, "roster-file"))).send_keys(empty)
        driver.find_element(By.ID, "roster-preview").click()
        wait.until(EC.visibility_of_element_located((By.ID, "preview-error")))
        if driver.find_elements(By.ID, "roster-replace"):
            fail("a roster with no valid row offered to replace")
        # The directory's freshness, against the sample feed read here: services not confirmed
        # with their partner in 6 months (or never).
        feed = json.load(open(os.path.join(source, "assets", "directory", "directory.en.json")))
        services = feed if isinstance(feed, list) else feed.get("contents", feed.get("services", []))
        cutoff = (datetime.date.today() - datetime.timedelta(days=round(6 * 30.44))).isoformat()
        expected = sum(1 for svc in services if svc.get("status", "active") == "active" and (not svc.get("assured_date") or svc["assured_date"] < cutoff))
        driver.get(base + "/admin/#directory?months=6")
        said = wait.until(EC.visibility_of_element_located((By.ID, "to-confirm"))).text
        if not said.startswith("%d services were not confirmed" % expected) or expected == 0:
            fail("the directory page says %r; the feed has %d services unconfirmed since %s" % (said, expected, cutoff))
        shot("5-directory")
        # A feed upload: two services fewer and one without a name. The preview says so and
        # replaces nothing; the replace then does, and is audited.
        broken = services[:-2] + [dict(services[0], id="no-name-service", name="")]
        upload = os.path.join(tmp, "feed-upload.json")
        with open(upload, "w") as f:
            json.dump(broken, f)
        driver.find_element(By.ID, "feed-file").send_keys(upload)
        driver.find_element(By.ID, "feed-preview").click()
        summary = wait.until(EC.visibility_of_element_located((By.ID, "feed-summary"))).text
        refused = driver.find_element(By.ID, "feed-result").text
        if "42 services" not in summary or "0 new and 2 no longer listed, against the 44 now" not in summary or "no-name-service" not in refused:
            fail("the feed preview says: %s / %s" % (summary, refused))
        with sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "district.db"), uri=True) as db:
            if db.execute("SELECT count(*) FROM service").fetchone()[0] != 44:
                fail("the preview changed the directory")
        shot("5-directory-preview")
        driver.find_element(By.ID, "feed-replace").click()
        wait.until(EC.visibility_of_element_located((By.ID, "feed-replaced")))
        with sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "district.db"), uri=True) as db:
            if db.execute("SELECT count(*) FROM service WHERE status = 'active'").fetchone()[0] != 42:
                fail("the replace did not leave 42 services")
        driver.get(base + "/admin/#accounts")
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#page"), "tya"))
        shot("5-accounts")
        driver.get(base + "/admin/#audit")
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#page"), "kiosk.enrol"))
        audit = driver.find_element(By.ID, "page").text
        if ("riverbend-lobby at Riverbend Elementary" not in audit or "ada" not in audit or "3 students from roster-upload.csv" not in audit
                or "feed-upload.json (en): 42 services" not in audit):
            fail("the audit log does not name ada's enrolment:\n" + audit)
        shot("5-audit-log")
        sign_out()

        # 2. A partner.
        sign_in("tya", "trailblazers-2026")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#attendance-chart")))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "tbody tr")))
        if nav() != ["Attendance"]:
            fail("a partner sees the pages %s" % nav())
        drawn = driver.execute_script("const c = window.Chart && Chart.getChart('attendance-chart'); "
                                      "return c ? c.data.datasets.map(d => [d.label, d.data]) : null;")
        if not drawn:
            fail("no chart was drawn")
        labels = [label for label, _ in drawn]
        if "Robotics Club" not in labels or "Soccer Skills" not in labels or "Homework Help Club" in labels:
            fail("the partner's chart shows %s" % labels)
        soccer_points = dict(drawn)["Soccer Skills"]
        if None not in soccer_points or max(p or 0 for p in soccer_points) < 5:
            fail("the soccer week with 3 students is not a gap in the chart: %s" % soccer_points)
        page_text = driver.find_element(By.ID, "page").text
        if "withheld" not in page_text or "Soccer Skills: total withheld" not in page_text:
            fail("the withheld week or the withheld total is not said:\n" + page_text)
        shot("6-partner-attendance")
        other = driver.execute_script("return fetch('/admin/api/attendance?program=homework').then(r => r.status);")
        if other != 403:
            fail("a partner asking for another partner's program got %s, not 403" % other)
        kiosks = driver.execute_script("return fetch('/admin/api/kiosks').then(r => r.status);")
        if kiosks != 403:
            fail("a partner asking for the kiosks got %s, not 403" % kiosks)
        csv = driver.execute_script("return fetch('/admin/api/attendance.csv').then(r => r.text());")
        if "Robotics Club" not in csv or "Homework" in csv or "suppressed" not in csv:
            fail("the partner's CSV:\n" + csv)
        sign_out()

        # 3. School staff: their school's kiosks only.
        sign_in("rbe", "riverbend-staff-1")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "tbody tr")))
        names = [r.find_elements(By.TAG_NAME, "td")[0].text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr")]
        if names != ["riverbend-lobby"] or nav() != ["Kiosks", "Today"]:
            fail("school staff see kiosks %s and pages %s" % (names, nav()))
        shot("7-school-kiosks")
        driver.get(base + "/admin/#today")
        wait.until(EC.text_to_be_present_in_element((By.ID, "page"), "Robotics Club"))
        today_rows = [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr")]
        if (["Robotics Club", "9", "0", "9"] not in today_rows or not any("999999" in row and "not on the roster, not confirmed" in row for row in today_rows)
                or not any('rejected by the server: unknown program "chess-club"' in row for row in today_rows)):
            fail("school staff's day shows %s" % today_rows)
        shot("8-school-today")
        sign_out()

        # 4. Security, with curl.
        status, headers, body = login("ada", "correct horse battery")
        cookie = headers.get("set-cookie", [""])[0]
        for flag in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/admin"):
            if flag not in cookie:
                fail("the session cookie lacks %s: %s" % (flag, cookie))
        session = cookie.split(";")[0].split("=", 1)[1]
        csrf = json.loads(body)["csrf_token"]
        jar = "Cookie: district_session=" + session
        status, _, _ = curl("-H", jar, "-H", "Content-Type: application/json", "-d", '{"name":"x1","school":"X"}', base + "/admin/api/kiosks")
        if status != 403:
            fail("an enrolment without the CSRF token got %d, not 403" % status)
        status, _, _ = curl("-H", jar, "-H", "X-CSRF-Token: " + "A" * 43, "-H", "Content-Type: application/json", "-d", '{"name":"x1","school":"X"}',
                            base + "/admin/api/kiosks")
        if status != 403:
            fail("an enrolment with a wrong CSRF token got %d, not 403" % status)
        status, _, _ = curl("-H", jar, "-H", "X-CSRF-Token: " + csrf, "-H", "Content-Type: application/json", "-d", '{"name":"x1","school":"X"}',
                            base + "/admin/api/kiosks")
        if status != 201:
            fail("an enrolment with the CSRF token got %d, not 201" % status)
        # Fixation: an id planted before sign-in never becomes the session.
        planted = "planted-by-an-attacker-0000000000000000000"
        status, headers, _ = login("tya", "trailblazers-2026", cookie=planted)
        issued = headers.get("set-cookie", [""])[0].split(";")[0].split("=", 1)[1]
        if status != 200 or issued == planted:
            fail("sign-in kept a planted session id")
        status, _, _ = curl("-H", "Cookie: district_session=" + planted, base + "/admin/api/me")
        if status != 401:
            fail("the planted session id answers %d, not 401" % status)
        # Sign-out ends the session on the server, whatever the browser keeps.
        status, _, body = curl("-d", "", "-H", jar, "-H", "X-CSRF-Token: " + csrf, base + "/admin/api/logout")
        after = curl("-H", jar, base + "/admin/api/me")[0]
        if status != 200 or after != 401:
            fail("sign-out answered %d (%s), and then the session answered %d, not 401" % (status, body.strip(), after))
        # Wrong passwords lock the account, even against the right one, and say for how long.
        for _ in range(5):
            if login("rbe", "not-the-password")[0] != 401:
                fail("a wrong password did not get 401")
        status, headers, body = login("rbe", "riverbend-staff-1")
        if status != 429 or "retry-after" not in headers:
            fail("the right password during the lock got %d, not 429 with Retry-After" % status)
        # The audit log is append-only in the database itself.
        with sqlite3.connect(os.path.join(data, "district.db")) as db:
            for statement in ("UPDATE audit_log SET who = 'nobody'", "DELETE FROM audit_log"):
                try:
                    db.execute(statement)
                    fail("the audit log took: " + statement)
                except sqlite3.DatabaseError as error:
                    if "append-only" not in str(error):
                        raise
            lockouts = db.execute("SELECT count(*) FROM audit_log WHERE action = 'account.locked' AND who = 'rbe'").fetchone()[0]
        if lockouts != 1:
            fail("the lockout is not in the audit log")
        print("web console: district IT enrolled a kiosk that then synced, a partner saw only their programs with small "
              "groups withheld, school staff only their kiosks; CSP, cookie flags, CSRF, fixation, sign-out and lockout hold; "
              "screenshots in %s" % shots)
        return 0
    finally:
        if driver:
            driver.quit()
        if started:
            subprocess.run([os.path.join(source, "scripts", "district-stack"), "stop", stack], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
