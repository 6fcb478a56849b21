"""预测研判: the year-end forecast of the 50,000-project district, target ≤ 2 s.

Timed: ``services.outlook`` for the bench district's 2026 (every project planned, 36 months of
approved reports; the forecast as of 15 June uses January–May), cold — the model fitted from
2024–2025's 100,000 series and the year's 50,000 rollups read and forecast — and warm (the model
kept, as it is between two page loads until a past figure changes), then the district's and every
park's roll-up with its interval on top.

Part of ``make bench`` (``bench/run.py``); standalone: ``.venv/bin/python bench/foresight.py
[--projects N]`` builds the bench district in a throwaway SQLite database.
"""

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_MS = 2000
AS_OF = dt.date(2026, 6, 15)


def measure(repeat):
    from tuijin.foresight import services

    from .run import timings

    count = len(services.outlook(2026, AS_OF))

    def cold():
        services._models.clear()
        found = services.outlook(2026, AS_OF)
        found.total()
        found.by_park()

    def warm():
        found = services.outlook(2026, AS_OF)
        found.total()
        found.by_park()

    first = timings(cold, max(3, repeat // 3))
    again = timings(warm, max(3, repeat // 3))
    return [
        {"name": f"年末预测：{count} 个项目，含拟合 2024–2025 年历史、全区与各园区汇总（冷）",
         "median": first[0], "p95": first[1], "target": f"≤ {TARGET_MS} ms", "ok": first[1] <= TARGET_MS},
        {"name": f"年末预测：{count} 个项目，模型已拟合（页面再次打开）",
         "median": again[0], "p95": again[1], "target": f"≤ {TARGET_MS} ms", "ok": again[1] <= TARGET_MS},
    ]


def main():
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", help="keep the database in this directory (reused when it exists)")
    args = parser.parse_args()
    workdir = args.keep or tempfile.mkdtemp(prefix="tuijin-bench-foresight-")
    os.environ["TUIJIN_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from . import datasets
    from .run import format_table

    datasets.build(args.projects)
    print(format_table(measure(args.repeat)))


if __name__ == "__main__":
    main()
