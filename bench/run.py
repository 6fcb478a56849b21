"""Tuijin's benchmarks, side by side with their floors, in one run: ``make bench``.

Builds a throwaway SQLite district of N projects (default 50,000) × 36 monthly reports
(2024–2026, every month approved), then measures:

- each progress KPI as the pages compute it (from the rollups), next to the same figure in
  plain SQL over the raw report table and in DuckDB in memory over the same rows;
- the project list page (median and p95 through Django's test client) and its query count
  at two page sizes;
- the import of a 10,000-row sheet, validated and applied;
- 基线对比 (bench/baselines.py): a baseline between two dates over the district, ≤ 1 s;
- 促建流程 (bench/nodeplans.py): re-flowing a 35-node plan after one change, ≤ 20 ms;
- 政策模拟测算 (bench/simulation.py): one drafted clause against its current version over 200,000
  enterprises × 3 data years, ≤ 500 ms with the fact columns kept (the first simulation's read printed beside);
- 产用对接 (bench/matchmaking.py): one need over 20,000 published products, ≤ 100 ms; 擂台赛
  (bench/leaderboards.py): every unit of each board ranked for this year so far;
- 政策匹配 (bench/policies.py): 200,000 enterprises × 300 clauses in batch and one enterprise with
  reasons and gaps, beside OpenFisca and a plain Python loop on the same workload.
- 报表简报 (bench/briefings.py): the monthly 通报 in Word, its PDF and the 统计表 workbook, ≤ 10 s each.

- the page table of issue #17 (bench/pages.py ``page_table``): the project list, /progress/, the battle
  map's page and data.json, the dashboard data of one park and just after an edit, search 新材料 and the
  htmx list page sorted by investment, p50/p95 at each of ``--page-sizes`` (10k / 50k / 200k), so that
  growth with the district is visible in one run.

``--database-url postgres://…`` measures every figure on PostgreSQL as well, side by side with SQLite:
each database runs in its own child process (Django reads its settings once), the page table gets a
column per size and database. PostgreSQL databases per size are created beside the given one, with a
UTF-8 LC_CTYPE so that pg_trgm makes trigrams of Chinese (``tuijin/projects/search.py``). Statistics
are refreshed (``ANALYZE``) after the district is built or reused, before any figure or floor.

Speed is measured here, never in the test suite. Figures go to docs/benchmarks.md by hand.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timings(run, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", help="keep the databases in this directory (reused when they exist)")
    parser.add_argument("--database-url", help="also measure on this PostgreSQL (postgres://…), side by side")
    parser.add_argument("--page-sizes", default="10000,50000,200000",
                        help="district sizes of the page table, comma separated (empty: none)")
    parser.add_argument("--skip-suite", action="store_true", help="only the page table")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # "suite" or "pages": one database, one size
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    keep = args.keep or tempfile.mkdtemp(prefix="tuijin-bench-")
    databases = [("SQLite", None)] + ([("PostgreSQL", args.database_url)] if args.database_url else [])
    if not args.skip_suite:
        for label, url in databases:
            print(f"\n=== {label}：{args.projects} 个项目 ===", flush=True)
            rows = _spawn("suite", args.projects, url, keep, args.repeat)
            print(f"\n{label}（{args.projects} 个项目）")
            print(format_table(rows))
    sizes = [int(size) for size in args.page_sizes.split(",") if size.strip()]
    if sizes:
        columns = {}
        for size in sizes:
            for label, url in databases:
                print(f"\n=== 页面表：{label}，{size} 个项目 ===", flush=True)
                columns[f"{size // 1000}k {label}"] = _spawn("pages", size, url, keep, args.repeat)
        print("\n页面服务器耗时 p50/p95（ms，Django 测试客户端，协调员）")
        print(format_page_table(columns))
    print(f"\n负载：{os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}（uptime 的 1/5/15 分钟）")


def _spawn(kind, projects, url, keep, repeat):
    """Run one database and size in a child process; its rows."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        output = handle.name
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--projects", str(projects),
               "--repeat", str(repeat), "--keep", keep, "--output", output]
    if url:
        command += ["--database-url", _sized_url(url, projects)]
    subprocess.run(command, check=True)
    rows = json.loads(Path(output).read_text())
    os.unlink(output)
    return rows


def _sized_url(url, projects):
    """The PostgreSQL database for this size, beside ``url``'s: created (UTF-8 ctype) when missing."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_bench_{projects}"
    with psycopg.connect(url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
                          f"LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
    return urlunsplit(parts._replace(path=f"/{name}"))


def child(args):
    """One database, one size: build (or reuse) the district, ANALYZE, measure, write the rows as JSON."""
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ["TUIJIN_VAR_DIR"] = str(Path(args.keep) / f"pg-{args.projects}")
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["TUIJIN_VAR_DIR"] = str(Path(args.keep) / f"sqlite-{args.projects}")
    Path(os.environ["TUIJIN_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db import connection

    from bench import datasets, pages
    from tuijin.lib.analyze import analyze

    print(f"工作目录 {os.environ['TUIJIN_VAR_DIR']}（{connection.vendor}）", flush=True)
    if args.child == "pages" and _built():
        print("沿用已有数据（页面表不改数据，不重算汇总）", flush=True)
    else:
        datasets.build(args.projects)
    started = time.perf_counter()
    analyze()
    print(f"ANALYZE 用时 {time.perf_counter() - started:.1f} 秒", flush=True)
    rows = suite(args.repeat) if args.child == "suite" else pages.page_table(args.repeat * 2)
    Path(args.output).write_text(json.dumps(rows, ensure_ascii=False, default=str))


def _built():
    from django.core.management import call_command

    from tuijin.projects.models import Project

    call_command("migrate", verbosity=0)
    return Project.objects.exists()


def suite(repeat):
    from django.db import connection

    from bench import baselines, dashboard, kpis, pages, imports, nodeplans, policies, simulation
    from bench import leaderboards, matchmaking
    from bench import intel
    from bench import monitoring
    from bench import foresight
    from bench import briefings

    rows = []
    rows += kpis.measure(repeat)
    rows += pages.measure(repeat * 3)
    rows += pages.page_table(repeat * 2)
    rows += imports.measure()
    rows += policies.measure()
    if connection.vendor == "sqlite":  # its floor (../shared/bench/dashboard_floor.py) reads SQLite files
        rows += dashboard.measure(repeat)
    rows += baselines.measure(repeat)
    rows += nodeplans.measure(repeat)
    rows += simulation.measure(repeat)
    rows += matchmaking.measure(repeat)
    rows += leaderboards.measure(repeat)
    rows += intel.measure()
    rows += monitoring.measure(repeat)
    rows += foresight.measure(repeat)
    rows += briefings.measure(repeat)
    return rows


def format_page_table(columns):
    """Pages down, (size, database) across, each cell p50/p95 in ms."""
    names = [row["name"] for row in next(iter(columns.values()))]
    header = ("页面", *columns)
    lines = [header]
    for index, name in enumerate(names):
        lines.append((name, *[f"{rows[index]['median']:.0f}/{rows[index]['p95']:.0f}" for rows in columns.values()]))
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        out.append(" | ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(line)))
        if number == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def format_table(rows):
    header = ("测量项", "推进 中位数", "推进 p95", "目标", "纯 SQL", "DuckDB 内存", "其他对照", "结论")
    lines = [header] + [
        (row["name"], f"{row['median']:.1f} ms", f"{row['p95']:.1f} ms", row["target"],
         row.get("sql", "—"), row.get("duckdb", "—"), row.get("peer", "—"), "—" if row["ok"] is None else ("达标" if row["ok"] else "未达标"))
        for row in rows
    ]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        out.append(" | ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(line)))
        if number == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def _width(text):
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


if __name__ == "__main__":
    main()
