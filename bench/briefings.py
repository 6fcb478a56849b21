"""报表简报: the monthly briefing and the statistics workbook of the 50,000-project district, target ≤ 10 s each.

Timed for June 2026 (36 months of approved reports, every project planned): the briefing — every figure
from the KPI functions and the battle map's cells, two charts, the Word template filled — then its PDF
through LibreOffice (a fresh profile each time, as a run makes it), and the workbook — its figures and seven
sheets, the project sheets with one row per project and SUM formulas.

Part of ``make bench`` (``bench/run.py``); standalone: ``.venv/bin/python bench/briefings.py
[--projects N] [--keep DIR]`` builds the bench district in a throwaway SQLite database (or reuses DIR's).
"""

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_MS = 10_000
MONTH = dt.date(2026, 6, 1)
TODAY = dt.date(2026, 7, 15)


def measure(repeat):
    from tuijin.briefings import charts, figures, packs, pdf, render, workbook
    from tuijin.briefings.models import DocumentKind
    from tuijin.projects.models import Project

    from .run import timings

    count = Project.objects.count()
    made = {}

    def briefing():
        found = figures.monthly(MONTH, None, TODAY)
        context = {**found.context, "charts": {"park": charts.by_park(found.charts["park"]),
                                               "trend": charts.trend(found.charts["trend"], 50.0)}}
        made["docx"] = render.render(packs.current_template(DocumentKind.MONTHLY)[1], context)
        made["found"] = found

    def to_pdf():
        made["pdf"] = pdf.convert(made["docx"])

    def statistics():
        made["xlsx"] = workbook.build(figures.monthly(MONTH, None, TODAY), MONTH)

    rounds = max(1, repeat // 3)  # each round is seconds long; make bench repeats 9 → 3 rounds
    word = timings(briefing, rounds)
    printed = timings(to_pdf, rounds)
    book = timings(statistics, rounds)
    sizes = {key: len(made[key]) // 1024 for key in ("docx", "pdf", "xlsx")}
    total = (word[0] + printed[0], word[1] + printed[1])
    return [
        {"name": f"月度通报 Word：{count} 个项目的指标、图表与模板填充（{sizes['docx']} KB）",
         "median": word[0], "p95": word[1], "target": f"≤ {TARGET_MS} ms", "ok": word[1] <= TARGET_MS},
        {"name": f"月度通报 PDF：LibreOffice 转换（{sizes['pdf']} KB）",
         "median": printed[0], "p95": printed[1], "target": "—", "ok": True},
        {"name": "月度通报 Word + PDF 合计",
         "median": total[0], "p95": total[1], "target": f"≤ {TARGET_MS} ms", "ok": total[1] <= TARGET_MS},
        {"name": f"统计表 Excel：七张工作表，逐项目行与 SUM 公式（{sizes['xlsx']} KB）",
         "median": book[0], "p95": book[1], "target": f"≤ {TARGET_MS} ms", "ok": book[1] <= TARGET_MS},
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
    workdir = args.keep or tempfile.mkdtemp(prefix="tuijin-bench-briefings-")
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
