"""Reads the district server's database as the tests find it: SQLite in the data folder, or
the PostgreSQL that $DISTRICT_SERVER_DATABASE names (read with psql, as an operator would)."""
import os
import sqlite3
import subprocess


def postgres_setting():
    setting = os.environ.get("DISTRICT_SERVER_DATABASE", "")
    return setting if setting.startswith("postgres") or "dbname=" in setting or "host=" in setting else ""


def rows(data_dir, sql):
    """The rows of `sql` (plain SQL both stores understand), every value as text (as sent)."""
    setting = postgres_setting()
    if not setting:
        with sqlite3.connect(f"file:{os.path.join(data_dir, 'district.db')}?mode=ro", uri=True) as db:
            return [tuple(None if v is None else str(v) for v in row) for row in db.execute(sql).fetchall()]
    out = subprocess.run(["psql", setting, "-AtF", "\x1f", "-c", sql], check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\x1f")) for line in out.splitlines() if line]


def integrity(data_dir):
    """"ok" when the store's own check finds nothing: SQLite's integrity_check, or PostgreSQL's
    amcheck over the keys that make each record unique (the B-tree and its heap)."""
    setting = postgres_setting()
    if not setting:
        with sqlite3.connect(os.path.join(data_dir, "district.db")) as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0]
    result = subprocess.run(["psql", setting, "-v", "ON_ERROR_STOP=1", "-Atc",
                             "CREATE EXTENSION IF NOT EXISTS amcheck; SELECT bt_index_check('checkin_key_pkey', true);"],
                            capture_output=True, text=True)
    return "ok" if result.returncode == 0 else result.stderr.strip()
