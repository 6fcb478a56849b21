"""Waiting for ``replica1`` to have what the primary committed: at once for a mirror, a replay for a real standby."""

import time

from django.db import connections


def caught_up(alias="replica1"):
    """Return once ``alias`` has replayed everything the primary has written so far (a few ms for a standby)."""
    replica = connections[alias]
    if replica.vendor != "postgresql":
        return  # SQLite: the mirror is the same file
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        if not cursor.fetchone()[0]:
            return  # a mirror of the primary itself
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")  # the test cluster commits asynchronously
        written = cursor.fetchone()[0]
    for _ in range(200):
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"{alias} did not replay the primary's WAL up to {written} within 10 s")
