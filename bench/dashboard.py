"""挂图作战: the dashboard's whole payload and the warning scan at the bench district, beside the floor.

The floor is ../shared/bench/dashboard_floor.py (plain SQL on SQLite and DuckDB in memory over raw
tables of the same shape), run as a subprocess in the same run. Standalone:
``.venv/bin/python bench/dashboard.py`` after ``make bench`` built the database.
"""

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.urls import reverse

from .run import timings

AS_OF = dt.date(2026, 11, 23)
YEAR = 2026
TARGET_MS = 150
SCAN_TARGET_S = 5
FLOOR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dashboard_floor.py"


def floor():
    """The floor's JSON, or None when the shared script is not there."""
    if not FLOOR.exists():
        return None
    done = subprocess.run([sys.executable, str(FLOOR)], capture_output=True, text=True, check=True, timeout=900)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _range(values):
    if not isinstance(values, dict):
        return "未测"
    numbers = sorted(values.values())
    return f"{numbers[0]:.0f}–{numbers[-1]:.0f} ms"


def measure(repeat):
    from tuijin.alerts import dashboard, scan
    from tuijin.alerts.models import DashboardCell, DashboardYear, Warning
    from tuijin.projects.models import Project

    rows = []
    reference = floor()
    sql = _range(reference["sqlite_plain_ms"]) if reference else "未测"
    duck = _range(reference["duckdb_memory_ms"]) if reference else "未测"

    # The scan first, so the dashboard below counts a full district's warnings.
    Warning.objects.all().delete()
    started = time.perf_counter()
    first = scan.run(AS_OF)
    first_ms = (time.perf_counter() - started) * 1000
    rows.append({"name": f"预警扫描 首次（新增 {first.raised} 条）", "median": first_ms, "p95": first_ms,
                 "target": f"≤ {SCAN_TARGET_S} s", "ok": first_ms <= SCAN_TARGET_S * 1000})
    median, p95 = timings(lambda: scan.run(AS_OF), 5)
    rows.append({"name": "预警扫描 日常（无变化）", "median": median, "p95": p95, "target": f"≤ {SCAN_TARGET_S} s",
                 "ok": p95 <= SCAN_TARGET_S * 1000})

    projects = Project.objects.all()
    reverse("alerts_drill")  # load the URLconf once, as a running server already has
    DashboardYear.objects.all().delete()
    DashboardCell.objects.all().delete()
    started = time.perf_counter()
    dashboard.payload(projects, YEAR, AS_OF, scope={})
    cold_ms = (time.perf_counter() - started) * 1000
    median, p95 = timings(lambda: dashboard.payload(projects, YEAR, AS_OF, scope={}), max(repeat, 15) * 2)
    rows.append({"name": "挂图作战 看板全部数据（全区）", "median": median, "p95": p95, "target": f"≤ {TARGET_MS} ms",
                 "sql": f"{sql}（单项）", "duckdb": f"{duck}（单项）", "ok": p95 <= TARGET_MS})
    park = projects.exclude(park=None).values_list("park_id", flat=True).first()
    in_park = projects.filter(park_id=park)
    median, p95 = timings(lambda: dashboard.payload(in_park, YEAR, AS_OF, scope={"park_id": park}), max(repeat, 15))
    rows.append({"name": "挂图作战 看板全部数据（一个园区）", "median": median, "p95": p95, "target": f"≤ {TARGET_MS} ms",
                 "ok": p95 <= TARGET_MS})
    edited = projects.order_by("pk").values_list("pk", "total_investment").first()
    step = iter(range(1, 10_000))

    def after_an_edit():
        # One project's investment changes (as a save would), then a leader opens the dashboard.
        Project.objects.filter(pk=edited[0]).update(total_investment=edited[1] + next(step))
        dashboard.payload(projects, YEAR, AS_OF, scope={})

    median, p95 = timings(after_an_edit, max(repeat, 15))
    Project.objects.filter(pk=edited[0]).update(total_investment=edited[1])
    rows.append({"name": "挂图作战 看板（刚有一个项目修改）", "median": median, "p95": p95, "target": f"≤ {TARGET_MS} ms",
                 "ok": p95 <= TARGET_MS})
    rows.append({"name": "看板汇总 首次全量计算（每年度一次）", "median": cold_ms, "p95": cold_ms, "target": "—",
                 "ok": None})
    median, p95 = timings(lambda: dashboard.payload(projects, YEAR, AS_OF), 5)
    rows.append({"name": "对照：不用汇总、现场聚合", "median": median, "p95": p95, "target": "—", "ok": None})
    connection.close()
    return rows


if __name__ == "__main__":
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from bench.run import format_table

    print(format_table(measure(15)))
