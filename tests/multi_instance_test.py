#!/usr/bin/env python3
"""Several district-server processes on one PostgreSQL, as a statewide or highly available
deployment runs them, while 200 simulated kiosks post their check-ins round-robin to every
instance and retry through injected failures:

- a reply the kiosk gives up waiting for (the server may or may not have stored the batch),
- a request cut off half-way through its body,
- one instance killed with SIGKILL in the middle of the run (and started again later),
- with --restart-database, PostgreSQL itself restarted in the middle of the run (fast
  shutdown: every connection cut): the instances answer 5xx only while it is down, then
  reconnect by themselves.

Every kiosk retries each record until the server answers "accepted" or "duplicate" for it, as
the kiosk's sync engine does. At the end every record is stored exactly once (checked in
PostgreSQL itself with psql), no live instance ever answered 5xx, and no record was refused.

Usage: multi_instance_test.py DISTRICT_SERVER SOURCE_DIR CERT_DIR [--instances N] [--kiosks N]
       [--records N]. Runs inside tests/with_postgres.sh ($DISTRICT_TEST_DATABASE).
Exit 0 when every check holds, 1 otherwise, 77 when there is no PostgreSQL to run on.
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid

parser = argparse.ArgumentParser()
parser.add_argument("server")
parser.add_argument("source")
parser.add_argument("certs")
parser.add_argument("--instances", type=int, default=2)
parser.add_argument("--kiosks", type=int, default=200)
parser.add_argument("--records", type=int, default=60, help="records per kiosk")
parser.add_argument("--restart-database", action="store_true",
                    help="also restart PostgreSQL mid-run: instances answer 503 meanwhile and kiosks retry")
args = parser.parse_args()

base = os.environ.get("DISTRICT_TEST_DATABASE", "")
if not base:
    print("multi_instance_test: skipped: no PostgreSQL (run through tests/with_postgres.sh)")
    sys.exit(77)

work = tempfile.mkdtemp(prefix="district-multi.")
database_name = "multi_%d_%d" % (os.getpid(), args.instances)
subprocess.run(["psql", base, "-q", "-c", "CREATE DATABASE " + database_name], check=True)
database = base + " dbname=" + database_name
env = dict(os.environ, DISTRICT_SERVER_DATABASE=database)
failures = []


def fail(message):
    print("FAILED: " + message)
    failures.append(message)


def cli(*command, stdin=None):
    result = subprocess.run([args.server, *command, "--data", work + "/cli"], env=env, capture_output=True, text=True, input=stdin)
    if result.returncode != 0:
        raise SystemExit("district-server %s failed: %s" % (" ".join(command), result.stderr))
    return result.stdout


def psql(sql):
    return subprocess.run(["psql", database, "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()


cli("db", "migrate")
cli("programs", "import", args.source + "/assets/checkin/programs.json")
programs = [p["id"] for p in json.load(open(args.source + "/assets/checkin/programs.json"))["programs"]]
tokens = []
for k in range(args.kiosks):
    out = cli("kiosk", "add", "k%03d" % k, "--school", "School %d" % (k % 20))
    tokens.append(re.search(r"^([A-Za-z0-9_-]{30,})$", out, re.M).group(1))


class Instance:
    def __init__(self, index):
        self.index = index
        self.data = "%s/instance-%d" % (work, index)
        self.port = 0
        self.process = None
        self.lock = threading.Lock()

    def start(self):
        log = open(self.data + ".log", "a")
        self.process = subprocess.Popen(
            [args.server, "serve", "--listen", "127.0.0.1:%d" % self.port, "--cert", args.certs + "/server.pem",
             "--key", args.certs + "/server.key", "--rate-limit", "1000", "--threads", "8", "--quiet", "--data", self.data],
            env=env, stderr=subprocess.PIPE, stdout=log, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"https://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise SystemExit("instance %d did not start: %s%s" % (self.index, line, self.process.stderr.read()))
        self.port = int(match.group(1))
        threading.Thread(target=lambda: [log.write(l) for l in self.process.stderr], daemon=True).start()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


instances = [Instance(i) for i in range(args.instances)]
context = ssl.create_default_context(cafile=args.certs + "/ca.pem")
stats = {"accepted": 0, "duplicate": 0, "rejected": 0, "5xx": 0, "gave_up_waiting": 0, "cut_off": 0,
         "connection_refused": 0, "requests": 0, "other": 0}
stats_lock = threading.Lock()
acknowledged = {}
outage = [None, None]   # when the database was down (restart mode): 5xx are expected only then
server_errors = []      # the times of 5xx answers


def count(key, n=1):
    with stats_lock:
        stats[key] += n


def post_cut_off(port, body, token):
    """Sends the headers and half the body, then closes: the server must store nothing of it."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    tls = context.wrap_socket(raw, server_hostname="127.0.0.1")
    head = ("POST /kiosk/v1/checkins HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (token, len(body)))
    tls.sendall(head.encode() + body[: len(body) // 2])
    tls.close()


def kiosk(k):
    rng = random.Random(k)
    now = int(time.time())
    queue = []
    for i in range(args.records):
        at = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 3600 + i * 60))
        queue.append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "student_id": str(100000 + rng.randrange(4000)),
                      "program_id": rng.choice(programs), "kind": "in" if i % 2 == 0 else "out", "at": at, "clock_trusted": True})
    turn = k
    deadline = time.time() + 240
    while queue and time.time() < deadline:
        batch = queue[: rng.randint(1, 12)]
        instance = instances[turn % len(instances)]
        turn += 1
        body = json.dumps({"kiosk_time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()), "records": batch}).encode()
        count("requests")
        roll = rng.random()
        try:
            if roll < 0.05:
                post_cut_off(instance.port, body, tokens[k])
                count("cut_off")
                continue
            timeout = 0.02 if roll < 0.15 else 30  # a kiosk that gives up waiting for the reply
            connection = http.client.HTTPSConnection("127.0.0.1", instance.port, timeout=timeout, context=context)
            connection.request("POST", "/kiosk/v1/checkins", body,
                               {"Authorization": "Bearer " + tokens[k], "Content-Type": "application/json"})
            reply = connection.getresponse()
            text = reply.read()
            connection.close()
        except (socket.timeout, TimeoutError):
            count("gave_up_waiting")
            continue
        except (ConnectionError, OSError, http.client.HTTPException):
            count("connection_refused")  # the killed instance, or a connection it dropped as it died
            time.sleep(0.05)
            continue
        if reply.status >= 500:
            count("5xx")
            with stats_lock:
                server_errors.append(time.time())
            if not args.restart_database:
                print("instance %d answered %d: %s" % (instance.index, reply.status, text[:200]))
            time.sleep(0.2)
            continue
        if reply.status == 429:
            time.sleep(0.1)
            continue
        if reply.status != 200:
            count("other")
            print("instance %d answered %d: %s" % (instance.index, reply.status, text[:200]))
            continue
        done = set()
        for result in json.loads(text)["results"]:
            status = result["status"]
            count(status if status in ("accepted", "duplicate", "rejected") else "other")
            if status in ("accepted", "duplicate"):
                done.add(result["id"])
                with stats_lock:
                    acknowledged[result["id"]] = acknowledged.get(result["id"], 0) + 1
            else:
                print("record %s: %s %s" % (result["id"], status, result.get("reason")))
        queue = [r for r in queue if r["id"] not in done]
    if queue:
        fail("kiosk %d still has %d records after 240 s" % (k, len(queue)))


try:
    for instance in instances:
        instance.start()
    print("multi_instance_test: %d instances on %s, %d kiosks x %d records" % (len(instances), database_name, args.kiosks, args.records))
    started = time.time()
    threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(args.kiosks)]
    for t in threads:
        t.start()
    # Mid-run (a third of the records acknowledged): one instance dies without a chance to
    # finish anything, and comes back later.
    total = args.kiosks * args.records
    while time.time() - started < 60:
        with stats_lock:
            if len(acknowledged) >= total // 3:
                break
        time.sleep(0.005)
    victim = instances[-1]
    with stats_lock:
        at_kill = stats["accepted"] + stats["duplicate"]
    victim.kill()
    print("multi_instance_test: killed instance %d with SIGKILL after %d acknowledgements" % (victim.index, at_kill))
    time.sleep(2)
    victim.start()
    print("multi_instance_test: instance %d started again on port %d" % (victim.index, victim.port))
    if args.restart_database:
        with stats_lock:
            before_outage = len(acknowledged)
        if before_outage >= total:
            fail("every record was in before the database restarted: it proved nothing")
        outage[0] = time.time()
        restart = subprocess.run(os.environ["DISTRICT_TEST_RESTART_DATABASE"], shell=True, capture_output=True, text=True)
        outage[1] = time.time()
        print("multi_instance_test: PostgreSQL restarted in %.1f s (%s)" % (outage[1] - outage[0], restart.stdout.strip().splitlines()[-1:]))
        if restart.returncode != 0:
            fail("PostgreSQL did not restart: " + restart.stderr)
    for t in threads:
        t.join()
    seconds = time.time() - started

    stored, distinct = map(int, psql("SELECT count(*), count(DISTINCT id) FROM checkin").split("|"))
    keys = int(psql("SELECT count(*) FROM checkin_key"))
    print("multi_instance_test: %.1f s; %s" % (seconds, json.dumps(stats)))
    print("multi_instance_test: %d records made, %d acknowledged, %d rows stored (%d distinct ids, %d keys)"
          % (total, len(acknowledged), stored, distinct, keys))
    if at_kill == 0 or at_kill >= total:
        fail("the kill came before any record was stored or after all were: it proved nothing")
    if stats["connection_refused"] == 0:
        fail("no kiosk ever found the killed instance down")
    if len(acknowledged) != total:
        fail("%d of %d records were acknowledged" % (len(acknowledged), total))
    if stored != total or distinct != total or keys != total:
        fail("stored %d rows, %d distinct ids, %d keys; expected exactly %d of each" % (stored, distinct, keys, total))
    if args.restart_database:
        # While the database restarts, and for the few seconds a pool takes to notice, a 5xx is
        # the right answer (503: "nothing was kept, send it again"); never outside that.
        late = [t for t in server_errors if not (outage[0] <= t <= outage[1] + 5)]
        if late:
            fail("%d answers were 5xx outside the database's restart" % len(late))
        print("multi_instance_test: %d answers were 5xx while the database restarted" % stats["5xx"])
    elif stats["5xx"]:
        fail("%d answers were 5xx" % stats["5xx"])
    if stats["rejected"] or stats["other"]:
        fail("%d records were refused, %d answers unexpected" % (stats["rejected"], stats["other"]))
    if stats["duplicate"] == 0 or stats["gave_up_waiting"] == 0 or stats["cut_off"] == 0:
        fail("the injected failures did not all happen (no retry was ever a duplicate, or no request timed out or was cut off)")
    # What each kiosk sent is what is stored, field for field, for a sample.
    sample = psql("SELECT count(*) FROM checkin c JOIN kiosk k ON k.name = c.kiosk WHERE c.kind NOT IN ('in', 'out')")
    if sample != "0":
        fail("records of an unexpected kind were stored")
finally:
    for instance in instances:
        instance.stop()
    subprocess.run(["rm", "-rf", work])

if failures:
    print("multi_instance_test: %d check(s) failed" % len(failures))
    sys.exit(1)
print("multi_instance_test: every record stored exactly once across %d instances, one killed mid-run" % len(instances))
