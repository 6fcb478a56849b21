"""Plausible yearly plans and monthly reports for demo and benchmark districts.

Rows are written with ``executemany`` on the raw tables: a 50,000-project benchmark needs
1.8 million reports, which the ORM's per-object overhead would make a coffee break.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from tuijin.projects.models import Project, Stage

from tuijin.progress.actions import rebuild_rollups
from tuijin.progress.models import MonthlyReport, ReportStatus, YearlyPlan

BUILDING = [Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING, Stage.SUSPENDED]
CENT = Decimal("0.01")


def _insert(model, fields, rows):
    table = model._meta.db_table
    columns = ", ".join(model._meta.get_field(name).column for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _in(day, year):
    return bool(day and day.year == year)


def seed_progress(years, *, seed=2026, every_project=False, progress=None, batch=20000):
    """Plans for ``years`` and a report for every month up to now (the last month partly pending).

    Normally only projects that are building or built get them; ``every_project`` gives every
    project all twelve months of every year, the benchmark's 50,000 × 36 shape.
    """
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    projects = Project.objects.all() if every_project else Project.objects.filter(
        Q(stage__in=BUILDING) | Q(planned_start_date__year__in=years)
    ).exclude(stage=Stage.TERMINATED)
    rows = list(projects.values_list("pk", "total_investment", "actual_start_date", "stage", "planned_start_date",
                                     "planned_complete_date", "planned_operate_date").order_by("pk"))
    plan_fields = ["project", "year", "planned_investment", "plans_start", "plans_complete", "plans_operate",
                   "plans_capacity", "note", "updated_at"]
    report_fields = ["project", "year", "month", "completed_investment", "funds_arrived", "narrative", "status",
                     "return_reason", "version", "created_at", "updated_at", "submitted_at", "reviewed_at"]
    plans, reports, written = [], [], 0
    with transaction.atomic():
        for index, (pk, total, started, stage, plan_start, plan_complete, plan_operate) in enumerate(rows, start=1):
            for year in years:
                if not every_project and started and started.year > year:
                    continue
                share = Decimal(rng.uniform(0.15, 0.45))
                planned = (total * share).quantize(CENT)
                plans.append((pk, year, planned, _in(started, year) or _in(plan_start, year),
                              _in(plan_complete, year), _in(plan_operate, year), rng.random() < 0.05, "", now))
                last_month = 12 if year < today.year else today.month - 1
                if every_project:
                    last_month = 12
                if not started or started.year > year:
                    last_month = 0 if not every_project else last_month
                for month in range(1, last_month + 1):
                    if not every_project and (stage == Stage.SUSPENDED and rng.random() < 0.7):
                        continue
                    done = (planned / 12 * Decimal(rng.uniform(0.3, 1.4))).quantize(CENT)
                    recent = year == today.year and month == last_month and not every_project
                    status = rng.choice([ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.APPROVED,
                                         ReportStatus.DRAFT]) if recent else ReportStatus.APPROVED
                    funds = (done * Decimal(rng.uniform(0.5, 1.1))).quantize(CENT) if rng.random() < 0.3 else None
                    reports.append((pk, year, month, done, funds, "按计划推进", status, "", 1, now, now,
                                    now if status != ReportStatus.DRAFT else None,
                                    now if status == ReportStatus.APPROVED else None))
            if len(reports) >= batch or index == len(rows):
                _insert(YearlyPlan, plan_fields, plans)
                _insert(MonthlyReport, report_fields, reports)
                written += len(reports)
                plans, reports = [], []
                if progress:
                    progress("月报", index, len(rows))
        rebuild_rollups(years)
    return written


def demo_years(today: dt.date | None = None):
    today = today or timezone.localdate()
    return [today.year - 1, today.year]
