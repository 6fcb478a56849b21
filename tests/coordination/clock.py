"""A pinned, still-ticking clock for the coordination tests.

Deadlines depend on the holiday calendar of the year they fall in, so the tests run in a
known working week (from Monday 15 June 2026, 09:30 Beijing time) instead of whatever day
the suite happens to run on. Time still moves forward, so events keep their order.
"""

import datetime as dt
import time
from zoneinfo import ZoneInfo

from django.utils import timezone

CHINA = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 6, 15, 9, 30, tzinfo=CHINA)


def at(month, day, hour=9, minute=0, year=2026):
    """An aware moment in Beijing time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHINA)


def pin(monkeypatch, start=START):
    """Make ``django.utils.timezone.now`` start at ``start`` and tick with the real clock."""
    began = time.monotonic()

    def now():
        return (start + dt.timedelta(seconds=time.monotonic() - began)).astimezone(dt.timezone.utc)

    monkeypatch.setattr(timezone, "now", now)
    return now
