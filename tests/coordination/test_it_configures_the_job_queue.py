"""huey: a SQLite file by default, Redis when HUEY_REDIS_URL is set, inline only when asked (or under pytest)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = [
    {},
    {"HUEY_REDIS_URL": "redis://127.0.0.1:6399/0"},
    {"DEBUG": "true", "HUEY_IMMEDIATE": "true"},
    {"DEBUG": "false", "SECRET_KEY": "x" * 50, "HUEY_IMMEDIATE": "true"},
]
# Settings read the environment at import: a fresh process (not pytest) reloads them once per case.
PROBE = """
import importlib, json, os, sys
import tuijin.settings as s
base = dict(os.environ)
for case in json.loads(sys.argv[1]):
    os.environ.clear(); os.environ.update(base | case)
    importlib.reload(s)
    print(type(s.HUEY).__name__, s.HUEY.immediate, type(s.HUEY.storage).__name__)
"""


def test_it_picks_the_queue_from_the_environment(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("HUEY_", "DEBUG"))}
    environment |= {"TUIJIN_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}

    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(CASES)], cwd=ROOT, env=environment,
                            capture_output=True, text=True, check=True)

    assert result.stdout.splitlines() == [
        "SqliteHuey False SqliteStorage",  # the embedded default: no extra server
        "RedisHuey False RedisStorage",  # scaled out: the same tasks on Redis
        "SqliteHuey True MemoryStorage",  # DEBUG with HUEY_IMMEDIATE: inline, for trying things out
        "SqliteHuey False SqliteStorage",  # never inline in production
    ]
