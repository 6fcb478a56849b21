"""基线对比 at district scale: a baseline between two dates over the 50,000-project district, target ≤ 1 s.

The district's history is the demo's (creation and stage moves back-dated over the years) plus, written
here once, the churn of a busy half-year: 10 % of the projects get a planned start moved, 3 % a new total
investment, 5 % of the plans a revised figure, all inside the compared period. The comparison is timed
for a coordinator (every project), a park's staff (one park) and a filtered list (在建·亿元以上).

Part of ``make bench`` (``bench/run.py``); standalone, on its own throwaway SQLite district:
``.venv/bin/python bench/baselines.py [--projects 50000] [--keep DIR]`` (with ``DATABASE_URL`` set it runs
on that database instead, which must be empty or hold a district built before).
"""

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_MS = 1000
START, END = dt.date(2026, 5, 31), dt.date(2026, 11, 30)
MARK = {"bench": "baselines"}


def churn():
    """The period's edits, as ProjectEvent/PlanEvent rows in the format the actions write (once per database)."""
    from django.utils import timezone

    from tuijin.progress.models import PlanEvent, PlanEventKind, YearlyPlan
    from tuijin.projects.models import EventKind, Project, ProjectEvent

    if ProjectEvent.objects.filter(evidence=MARK).exists():
        return
    rng = random.Random(2026)
    seconds = int((END - START).days * 86400)
    base = timezone.make_aware(dt.datetime.combine(START + dt.timedelta(days=1), dt.time.min))

    def moment():
        return base + dt.timedelta(seconds=rng.randrange(seconds))

    events = []
    for pk, planned, amount in Project.objects.values_list("pk", "planned_start_date", "total_investment").order_by("pk"):
        if planned and rng.random() < 0.10:
            old = planned - dt.timedelta(days=rng.choice((15, 30, 45, 60, 90)))
            events.append(ProjectEvent(project_id=pk, kind=EventKind.EDITED, created_at=moment(), evidence=MARK,
                                       version=2, changes=[{"field": "planned_start_date", "label": "计划开工日期",
                                                            "old": old.isoformat(), "new": planned.isoformat()}]))
        if rng.random() < 0.03:
            old = (amount * Decimal("0.8")).quantize(Decimal("0.01"))
            events.append(ProjectEvent(project_id=pk, kind=EventKind.EDITED, created_at=moment(), evidence=MARK,
                                       version=2, changes=[{"field": "total_investment", "label": "总投资（万元）",
                                                            "old": f"{old:.2f}", "new": f"{amount:.2f}"}]))
    ProjectEvent.objects.bulk_create(events, batch_size=5000)
    plans = []
    for pk, amount in YearlyPlan.objects.filter(year=2026).values_list("pk", "planned_investment"):
        if rng.random() < 0.05:
            plans.append(PlanEvent(plan_id=pk, kind=PlanEventKind.EDITED, created_at=moment(), changes=[
                {"field": "planned_investment", "label": "年度计划投资（万元）",
                 "old": f"{amount * Decimal('1.2'):.2f}", "new": f"{amount:.2f}"}]))
    PlanEvent.objects.bulk_create(plans, batch_size=5000)
    # auto_now_add stamped "now": put the rows back in the period they stand for.
    for model, rows in ((ProjectEvent, events), (PlanEvent, plans)):
        by_pk = {row.pk: row.created_at for row in rows}
        model.objects.bulk_update([model(pk=pk, created_at=at) for pk, at in by_pk.items()], ["created_at"],
                                  batch_size=2000)


def measure(repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuijin.accounts.models import Role, User
    from tuijin.baselines import comparison
    from tuijin.projects.models import Stage

    from .run import timings

    churn()
    park_user = User.objects.filter(role=Role.PARK_STAFF, organisation__isnull=False).first()
    cases = [
        ("基线对比 全区（统筹部门）", comparison.SYSTEM, {}),
        ("基线对比 一个园区（园区工作人员）", park_user, {}),
        ("基线对比 在建·亿元以上", comparison.SYSTEM, {"stage": Stage.CONSTRUCTION, "size": "100m"}),
    ]
    rows = []
    for label, user, filters in cases:
        with CaptureQueriesContext(connection) as queries:
            found = comparison.compare(user, START, END, filters)
        median, p95 = timings(lambda: comparison.compare(user, START, END, filters), repeat)
        rows.append({
            "name": f"{label}：{len(found.changes)} 项变化、新增 {len(found.added)}、移出 {len(found.removed)}，"
                    f"{len(queries.captured_queries)} 次查询",
            "median": median, "p95": p95, "target": f"≤ {TARGET_MS} ms", "ok": p95 <= TARGET_MS})
    return rows


def main():
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", help="keep the SQLite database in this directory (reused when it exists)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["TUIJIN_VAR_DIR"] = args.keep or tempfile.mkdtemp(prefix="tuijin-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    from tuijin.demo import district as demo
    from tuijin.demo.progress import seed_progress
    from tuijin.projects.models import Project

    from .datasets import _progress
    from .run import format_table

    call_command("migrate", verbosity=0)
    if not Project.objects.exists():
        demo.seed(projects=args.projects, enterprises=None, seed=2026, progress=_progress)
        seed_progress([2026], seed=2026, progress=_progress)
    print(f"{Project.objects.count()} 个项目，对比 {START} → {END}")
    print(format_table(measure(args.repeat)))


if __name__ == "__main__":
    main()
