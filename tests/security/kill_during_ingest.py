#!/usr/bin/python3
"""district-server killed with SIGKILL at random moments while kiosks post check-ins through
nginx, as shipped. Every record whose batch was answered accepted or duplicate must be stored
exactly once, with the content that was sent, and the database must pass integrity_check.

    kill_during_ingest.py DISTRICT_SERVER_BIN SOURCE_DIR CERT_DIR WORK_DIR [--rounds N]

Kiosks here behave as the real one does: a batch that got no answer (or a 5xx) is sent again,
unchanged, until it is answered. Loops are bounded; everything started is stopped.
"""
import json
import os
import random
import signal
import store_query
import ssl
import subprocess
import sys
import threading
import time
import uuid
import http.client

SERVER_BIN, SOURCE, CERTS, WORK = sys.argv[1:5]
ROUNDS = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 30
KIOSKS = 4
BATCH = 50
HOST = "127.0.0.1"
DATA = os.path.join(WORK, "data")
STACK = os.path.join(WORK, "stack")
STACK_SCRIPT = os.path.join(SOURCE, "scripts/district-stack")


def server(*args):
    return subprocess.run([SERVER_BIN, *args, "--data", DATA], check=True, capture_output=True, text=True).stdout


class Kiosk(threading.Thread):
    def __init__(self, token, port, stop):
        super().__init__(daemon=True)
        self.token, self.port, self.stop = token, port, stop
        self.sent = {}          # id -> record, everything ever sent
        self.confirmed = set()  # ids answered accepted/duplicate
        self.answers = {"200": 0, "5xx": 0, "no answer": 0, "other": 0}
        self.context = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))

    def post(self, records):
        connection = http.client.HTTPSConnection(HOST, self.port, context=self.context, timeout=10)
        try:
            body = json.dumps({"kiosk_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "records": records})
            connection.request("POST", "/kiosk/v1/checkins", body,
                               {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
            return response.status, payload
        except (OSError, http.client.HTTPException):
            return None, b""
        finally:
            connection.close()

    def new_batch(self):
        records = []
        for _ in range(BATCH):
            record = {"id": str(uuid.uuid4()), "student_id": str(random.randint(100200, 100250)), "program_id": "robotics",
                      "kind": random.choice(["in", "out"]), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                      "clock_trusted": True}
            self.sent[record["id"]] = record
            records.append(record)
        return records

    def run(self):
        batch = self.new_batch()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status, payload = self.post(batch)
            if status == 200:
                self.answers["200"] += 1
                results = json.loads(payload)["results"]
                for result in results:
                    if result["status"] in ("accepted", "duplicate"):
                        self.confirmed.add(result["id"])
                missing = [r for r in batch if r["id"] not in self.confirmed]
                if missing:
                    raise AssertionError(f"a 200 that confirmed only {len(batch) - len(missing)} of {len(batch)}: {payload[:200]}")
                if self.stop.is_set():
                    return
                batch = self.new_batch()
            else:
                self.answers["5xx" if status and status >= 500 else "no answer" if status is None else "other"] += 1
                if status is not None and status < 500:
                    raise AssertionError(f"unexpected answer {status}: {payload[:200]}")
                time.sleep(0.05)  # the server is restarting: send the same batch again


def main():
    subprocess.run(["rm", "-rf", WORK])
    os.makedirs(WORK)
    server("init")
    server("programs", "import", os.path.join(SOURCE, "assets/checkin/programs.json"))
    tokens = [server("kiosk", "add", f"lobby-{i}").splitlines()[2].strip() for i in range(KIOSKS)]
    port = int(subprocess.run([STACK_SCRIPT, "start", STACK, "--server", SERVER_BIN, "--data", DATA, "--port", "0",
                               "--cert", os.path.join(CERTS, "server.pem"), "--key", os.path.join(CERTS, "server.key"),
                               "--ca", os.path.join(CERTS, "ca.pem"), "--", "--quiet", "--rate-limit", "1000"],
                              check=True, capture_output=True, text=True).stdout.strip())
    stop = threading.Event()
    kiosks = [Kiosk(token, port, stop) for token in tokens]
    failures = []
    try:
        for kiosk in kiosks:
            kiosk.start()
        for round_number in range(ROUNDS):
            time.sleep(random.uniform(0.02, 0.4))
            pid = int(open(os.path.join(STACK, "server.pid")).read())
            os.kill(pid, signal.SIGKILL)
            while os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z":
                time.sleep(0.005)
            subprocess.run([STACK_SCRIPT, "restart-server", STACK], check=True)
        time.sleep(0.5)
        stop.set()
        for kiosk in kiosks:
            kiosk.join(timeout=120)
            if kiosk.is_alive():
                failures.append("a kiosk never got its last batch answered")
    finally:
        subprocess.run([STACK_SCRIPT, "stop", STACK])

    confirmed = set().union(*(k.confirmed for k in kiosks))
    sent = {}
    for k in kiosks:
        sent.update(k.sent)
    integrity = store_query.integrity(DATA)
    rows = store_query.rows(DATA, "SELECT id, student_id, program_id, kind, at, count(*) FROM checkin GROUP BY id, student_id, program_id, kind, at")
    total = int(store_query.rows(DATA, "SELECT count(*) FROM checkin")[0][0])
    stored = {row[0]: row for row in rows}
    lost = [i for i in confirmed if i not in stored]
    doubled = [row[0] for row in rows if int(row[5]) != 1]
    altered = [i for i in confirmed if i in stored and tuple(stored[i][1:5]) != (
        sent[i]["student_id"], sent[i]["program_id"], sent[i]["kind"], sent[i]["at"])]
    unknown = [i for i in stored if i not in sent]
    answers = {key: sum(k.answers[key] for k in kiosks) for key in kiosks[0].answers}

    def check(condition, what):
        print(("ok    " if condition else "FAIL  ") + what, flush=True)
        if not condition:
            failures.append(what)

    check(integrity == "ok", f"integrity_check after {ROUNDS} SIGKILLs: {integrity}")
    check(not lost, f"{len(confirmed)} records confirmed to {KIOSKS} kiosks, {len(lost)} of them missing")
    check(not doubled and total == len(stored), f"{total} rows for {len(stored)} ids: none stored twice")
    check(not altered, f"every confirmed record stored as sent ({len(altered)} differ)")
    check(not unknown, f"nothing stored that no kiosk sent ({len(unknown)})")
    check(answers["5xx"] + answers["no answer"] > 0, f"the kills were felt: answers {answers}")
    print(f"kill during ingest: {len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
