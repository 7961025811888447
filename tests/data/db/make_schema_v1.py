"""How tests/data/db/schema-v1.sqlite3 was made: srs at commit 446a97b (schema version 1), five days of
real `srs review` sessions in plain mode with SRS_NOW (grades, a step-7 repeat, lapses, skips). Run in an empty
folder with that srs installed: `python make_schema_v1.py` (it writes decks/ and v1.sqlite3 there); the
database is kept as that srs left it."""
import os, subprocess, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, for reviewkit
from reviewkit import make_deck
d = Path("decks"); make_deck(d, "Alpha", 6, prefix="a"); make_deck(d, "Beta", 3, prefix="b", domain="mlops", level="mid")
env = {**os.environ, "SRS_HOME": "/tmp/srs-v1-home", "NO_COLOR": "1", "TZ": "UTC"}
def rev(now, grades, *a):
    r = subprocess.run(["srs", "review", "--decks-dir", "decks", "--db", "v1.sqlite3", *a], input=grades, text=True, capture_output=True, env={**env, "SRS_NOW": now})
    assert r.returncode == 0, r.stderr
    print(now, r.stdout.count("Q:"))
rev("2025-01-06T10:00", "5\n2\n4\n3\n5\ns\n5\n5\n")
rev("2025-01-07T09:00", "4\n5\n5\n1\n5\n5\n5\n")
rev("2025-01-08T09:00", "5\n5\n5\n5\n")
rev("2025-01-13T09:00", "5\n3\n5\n5\n5\n5\n5\n5\n5\n")
rev("2025-01-14T09:00", "s\n5\n")
