"""What bench/province.py times, on whichever database it was given (1,000,000 or 50,000 projects).

The same functions the pages call (``alerts.dashboard.payload``, ``alerts.scan.run``, the project
list through Django's test client, ``manage.py import_ledger``), timed with bench.run's ``timings``
(median and p95 of N runs after one warm-up), so each figure is comparable with the 50,000-project
district's in docs/benchmarks.md and with the same figure measured here on the smaller database.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from .province_data import YEAR, as_of, district_parks
from .run import timings

DASHBOARD_MS, LIST_MS, IMPORT_S, SCAN_S = 150, 50, 10, 60
LEDGER_PROJECTS = 5000
ROOT = Path(__file__).resolve().parents[1]


def _row(name, median, p95, target, ok, **extra):
    return {"name": name, "median": median, "p95": p95, "target": target, "ok": ok, **extra}


def _once(run):
    started = time.perf_counter()
    result = run()
    return (time.perf_counter() - started) * 1000, result


PARTS = ("scan", "dashboard", "lists", "import", "partitioning")


def measure(repeat, ledger=None, parts=PARTS):
    from tuijin.projects.models import Project

    print(f"{Project.objects.count()} 个项目，测量中……", flush=True)
    from . import partitioning

    rows = []
    for key, name, part in (("scan", "预警扫描", _scan), ("dashboard", "挂图作战", lambda: _dashboard(repeat)),
                            ("lists", "项目列表", lambda: _lists(repeat)), ("import", "导入", lambda: _import(ledger)),
                            ("partitioning", "分区对照", lambda: partitioning.measure(max(5, repeat // 2)))):
        if key not in parts:
            continue
        try:
            rows += part()
        except Exception as error:  # one part failing (another app's change) must not lose the others' figures
            traceback.print_exc()
            rows.append(_row(f"{name}：运行失败", 0, 0, "—", False, peer=f"{type(error).__name__}: {error}"[:120]))
        print(f"  {name} 完成", flush=True)
    connection.close()
    return rows


def _scan():
    from tuijin.alerts import scan
    from tuijin.alerts.models import Warning

    Warning.objects.all().delete()
    first_ms, first = _once(lambda: scan.run(as_of()))
    daily_ms, _ = _once(lambda: scan.run(as_of()))
    return [
        _row(f"预警扫描 首次（新增 {first.raised} 条）", first_ms, first_ms, f"≤ {SCAN_S} s", first_ms <= SCAN_S * 1000),
        _row("预警扫描 日常（无变化）", daily_ms, daily_ms, f"≤ {SCAN_S} s", daily_ms <= SCAN_S * 1000),
    ]


def _dashboard(repeat):
    from tuijin.alerts import dashboard
    from tuijin.alerts.models import DashboardCell, DashboardYear
    from tuijin.projects.models import Project

    reverse("alerts_drill")  # the URLconf loaded once, as a running server has it
    projects = Project.objects.all()
    DashboardYear.objects.all().delete()
    DashboardCell.objects.all().delete()
    cold_ms, _ = _once(lambda: dashboard.payload(projects, YEAR, as_of(), scope={}))
    rows = []
    median, p95 = timings(lambda: dashboard.payload(projects, YEAR, as_of(), scope={}), repeat)
    rows.append(_row("挂图作战 看板全部数据（全省/全部）", median, p95, f"≤ {DASHBOARD_MS} ms", p95 <= DASHBOARD_MS))
    parks = district_parks(2)
    in_district = Project.objects.filter(park_id__in=parks)
    median, p95 = timings(lambda: dashboard.payload(in_district, YEAR, as_of(), scope={"park_id__in": parks}), repeat)
    rows.append(_row("挂图作战 看板全部数据（一个区县）", median, p95, f"≤ {DASHBOARD_MS} ms", p95 <= DASHBOARD_MS))
    edited = projects.order_by("pk").values_list("pk", "total_investment").first()
    step = iter(range(1, 100_000))

    def after_an_edit():
        Project.objects.filter(pk=edited[0]).update(total_investment=edited[1] + next(step))
        dashboard.payload(projects, YEAR, as_of(), scope={})

    median, p95 = timings(after_an_edit, repeat)
    Project.objects.filter(pk=edited[0]).update(total_investment=edited[1])
    rows.append(_row("挂图作战 看板（刚有一个项目修改）", median, p95, f"≤ {DASHBOARD_MS} ms", p95 <= DASHBOARD_MS))
    rows.append(_row("看板汇总格 首次全量计算（每年度一次）", cold_ms, cold_ms, "—", None))
    return rows


def _lists(repeat):
    from tuijin.accounts.models import Role, User
    from tuijin.projects.forms import ProjectFilterForm

    client = Client()
    client.force_login(User.objects.filter(role=Role.COORDINATOR).first())
    park = district_parks(2)[0]
    urls = {
        "项目列表（默认排序）": "/projects/",
        "项目列表（在建·亿元以上）": "/projects/?stage=construction&size=100m",
        "项目列表（一个园区·在建）": f"/projects/?park={park}&stage=construction",
        "项目列表（搜索“新材料”）": "/projects/?q=%E6%96%B0%E6%9D%90%E6%96%99",
        "项目列表（搜索项目编号）": "/projects/?q=XM2025-200123",
        "项目列表 htmx 翻页（第 50 页）": "/projects/?page=50",
    }
    if "district" in ProjectFilterForm.base_fields:
        from tuijin.accounts.models import Organisation

        district = Organisation.objects.get(name="基准区县002").pk
        urls["项目列表（一个区县）"] = f"/projects/?district={district}"
    rows = []
    for label, url in urls.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}

        def fetch():
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        fetch()
        median, p95 = timings(fetch, repeat)
        rows.append(_row(label, median, p95, f"p95 ≤ {LIST_MS} ms", p95 <= LIST_MS))
    return rows


def district_file(path, *, seed=7, code="599000", name="基准导入区"):
    """One district's export_ledger file: a 5,000-project demo district of its own (``seed``) in a throwaway SQLite.

    Its 投资项目统一代码 are moved to division ``code[:3]``xxx first, so that it is a new district to the
    province (the benchmark's template district is the same fictional 锦江新区 with codes 5101xx).
    """
    with tempfile.TemporaryDirectory(prefix="tuijin-ledger-") as var:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
            "TUIJIN_VAR_DIR": var, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "tuijin.settings"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run(manage + ["migrate", "-v0"], env=env, check=True)
        subprocess.run(manage + ["seed_demo", "--projects", str(LEDGER_PROJECTS), "--seed", str(seed)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(manage + ["shell", "-c", (
            "from django.db import connection\n"
            "connection.cursor().execute(\"UPDATE projects_project SET national_code = substr(national_code, 1, 5)"
            f" || '{code[:3]}' || substr(national_code, 9) WHERE national_code != ''\")")], env=env, check=True)
        subprocess.run(manage + ["export_ledger", "--out", str(path), "--district-code", code, "--district-name", name],
                       env=env, check=True)
    return path


def _import(ledger):
    if not ledger:
        return [_row("导入一个区县（import_ledger）", 0, 0, f"≤ {IMPORT_S} s", None, peer="未测：没有 --ledger 文件")]
    from tuijin.projects.models import Project

    before = Project.objects.count()
    first_ms, _ = _once(lambda: call_command("import_ledger", ledger))
    added = Project.objects.count() - before
    again_ms, _ = _once(lambda: call_command("import_ledger", ledger))
    unchanged = Project.objects.count() - before == added
    return [
        _row(f"导入一个区县 {added} 个项目（import_ledger 首次）", first_ms, first_ms, f"≤ {IMPORT_S} s",
             first_ms <= IMPORT_S * 1000),
        _row("同一文件再导入一次（无变化）", again_ms, again_ms, f"≤ {IMPORT_S} s", again_ms <= IMPORT_S * 1000 and unchanged),
    ]


def save(rows, path):
    Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1))


def load(path):
    return json.loads(Path(path).read_text())


def side_by_side(small, large):
    """Each figure at 50,000 projects beside the same at the province's size, and how much it grew."""
    def key(name):  # counts in a label (新增 N 条, N 个项目) differ between the two sizes
        return re.sub(r"\d+", "N", name)

    by_name = {key(row["name"]): row for row in small}
    header = ("测量项", "5 万 中位数", "5 万 p95", "100 万 中位数", "100 万 p95", "倍数（p95）", "目标", "100 万 结论",
              "对照（5 万 / 100 万）")
    lines = [header]
    for row in large:
        other = by_name.get(key(row["name"]))
        ratio = f"{row['p95'] / other['p95']:.1f}×" if other and other["p95"] else "—"
        lines.append((row["name"], _ms(other, "median"), _ms(other, "p95"), _ms(row, "median"), _ms(row, "p95"), ratio,
                      row["target"], "—" if row["ok"] is None else ("达标" if row["ok"] else "未达标"),
                      f"{(other or {}).get('peer', '—')} / {row.get('peer', '—')}" if "peer" in row else "—"))
    from .run import _width

    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(" | ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(line)) for line in lines)


def _ms(row, key):
    if not row:
        return "—"
    value = row[key]
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"
