"""数据上报: ``import_ledger`` of one district's 5,000-project file into an empty level (issue 18, target ≤ 10 s).

Timed, each once (an import is a one-off, not a page): the first import of the file (5,000 projects, their
yearly plans and every approved month so far this year, written with events, audit, rollups); the same
file again (nothing changes: every record compared, nothing written); an incremental file with 50 changed
projects. The file is made by ``tuijin.demo.exchange`` in the exchange format.

Standalone, not in CI: ``.venv/bin/python bench/exchange.py [--projects N]`` migrates a throwaway SQLite
database; with ``DATABASE_URL`` set it uses that (empty, throwaway) PostgreSQL database instead.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_S = 10


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--profile", action="store_true", help="print the first import's cProfile top 30")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") and not os.environ.get("TUIJIN_VAR_DIR"):
        os.environ["TUIJIN_VAR_DIR"] = tempfile.mkdtemp(prefix="tuijin-bench-exchange-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tuijin.demo.exchange import _lines
    from tuijin.exchange.importer import import_ledger
    from tuijin.lib.context import Source, acting
    from tuijin.progress.models import MonthlyReport

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    code = f"51{random.randrange(1000, 9999)}"
    data = _lines(code, f"基准区{code}", ["一园", "二园", "三园", "四园"], random.Random(1), today, args.projects)
    changed = _lines(code, f"基准区{code}", ["一园", "二园", "三园", "四园"], random.Random(1), today, args.projects,
                     bump=7)
    rows = []
    with acting(Source.IMPORT):
        for label, body in (("首次导入", data), ("同一文件再导入（无变化）", data), ("1 个项目有新版本", changed)):
            started, cpu = time.perf_counter(), time.process_time()
            if args.profile and not rows:
                import cProfile
                import pstats

                profile = cProfile.Profile()
                run = profile.runcall(import_ledger, body, file_name=label)
                pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)
            else:
                run = import_ledger(body, file_name=label)
            seconds = time.perf_counter() - started
            rows.append((label, seconds, time.process_time() - cpu, run))
    reports = MonthlyReport.objects.filter(project__code__startswith=f"{code}-").count()
    print(f"{connection.vendor}：{args.projects} 个项目、{reports} 条已审核月报，文件 {len(data) / 1e6:.1f} MB；"
          f"负载 {os.getloadavg()[0]:.1f}")
    for label, seconds, cpu, run in rows:
        mark = "✓" if seconds <= TARGET_S else "✗"
        print(f"  {label}: {seconds:.2f} s，本进程 CPU {cpu:.2f} s（目标 ≤ {TARGET_S} s {mark}） 新增 {run.created} 更新 {run.updated} "
              f"无变化 {run.unchanged} 冲突 {run.conflicts}")


if __name__ == "__main__":
    main()
