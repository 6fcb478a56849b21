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

Speed is measured here, never in the test suite. Figures go to docs/benchmarks.md by hand.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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
    parser.add_argument("--keep", help="keep the database in this directory (reused when it exists)")
    args = parser.parse_args()

    workdir = args.keep or tempfile.mkdtemp(prefix="tuijin-bench-")
    os.environ["TUIJIN_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from bench import baselines, dashboard, datasets, kpis, pages, imports, nodeplans, policies, simulation
    from bench import leaderboards, matchmaking
    from bench import intel
    from bench import monitoring
    from bench import foresight

    print(f"工作目录 {workdir}")
    datasets.build(args.projects)
    rows = []
    rows += kpis.measure(args.repeat)
    rows += pages.measure(args.repeat * 3)
    rows += imports.measure()
    rows += policies.measure()
    rows += dashboard.measure(args.repeat)
    rows += baselines.measure(args.repeat)
    rows += nodeplans.measure(args.repeat)
    rows += simulation.measure(args.repeat)
    rows += matchmaking.measure(args.repeat)
    rows += leaderboards.measure(args.repeat)
    rows += intel.measure()
    rows += monitoring.measure(args.repeat)
    rows += foresight.measure(args.repeat)
    print()
    print(format_table(rows))


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
