"""The province benchmark's data: N projects in D districts, a year of monthly reports each, loaded with COPY.

One real demo district (``tuijin.demo.district.seed``: enterprises, parks, stages, dates that fit the
stage, history) is the template; every other district is a copy of it streamed through PostgreSQL's
COPY with its own district and three parks, its enterprises and projects re-keyed (ids, 项目编号,
USCC and 投资项目统一代码 carry the district's division code, so the unique constraints hold). Then
every project gets a 2026 plan, twelve approved monthly reports and its rollup, computed in the
same pass and written with COPY (the rollups therefore equal what ``rebuild_rollups`` would give,
without a second pass over 12 million rows). The ORM's per-object cost would make 12 million rows
an hour; COPY makes them minutes.

Loaded with ``session_replication_role = replica``: row triggers (the battle map's change log) and
foreign-key checks are off for the load, as for a restore; the bench recomputes the battle map's
cells from scratch afterwards, and the keys are consistent by construction.
"""

import datetime as dt
import random
import time

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.demo import district as demo
from tuijin.enterprises.models import Enterprise
from tuijin.progress.models import MONTH_FIELDS, MonthlyReport, ProjectYearRollup, YearlyPlan
from tuijin.projects.models import Project

YEAR = 2026
TEMPLATE_PROJECTS = 5556  # 180 districts × 5,556 ≈ 1,000,000 (the last district is cut to the exact count)
ORIGINAL_DIVISIONS = {}  # the template's division codes in the order met, two digits of the clones' codes
NULL = "\\N"  # COPY text format's NULL


def _say(text):
    print(text, flush=True)


def _columns(model):
    return [f.column for f in model._meta.concrete_fields]


def _division(number, original=""):
    """A six-digit division code for district ``number``: 9, which template code it replaces (2 digits), number (3).

    Never one of the template's 51xxxx (no real code starts with 9), and distinct per original code, so the
    cloned serials stay unique.
    """
    return f"9{ORIGINAL_DIVISIONS.setdefault(original, len(ORIGINAL_DIVISIONS)):02d}{number:03d}"


def build(projects, *, districts=None):
    """Fill the (PostgreSQL) database; an existing database of the right size is reused."""
    assert connection.vendor == "postgresql", "省级基准只在 PostgreSQL 上运行（COPY）"
    call_command("migrate", verbosity=0)
    have = Project.objects.count()
    if have:
        _say(f"沿用已有数据：{have} 个项目")
        return
    districts = districts or -(-projects // TEMPLATE_PROJECTS)
    per_district = -(-projects // districts)
    started = time.perf_counter()
    demo.seed(projects=per_district, seed=2026)
    _say(f"模板区县：{per_district} 个项目，{time.perf_counter() - started:.0f} s")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        _clone_districts(cursor, projects, districts, per_district)
        _say(f"项目与企业：{time.perf_counter() - started:.0f} s")
        reports = _progress(cursor)
        _say(f"计划、月报 {reports} 条、汇总：{time.perf_counter() - started:.0f} s")
    for model in (Project, Enterprise, Organisation):
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    connection.cursor().execute("VACUUM ANALYZE")
    _say(f"已生成 {Project.objects.count()} 个项目、{reports} 条月报，用时 {time.perf_counter() - started:.0f} 秒")


def _clone_districts(cursor, projects, districts, per_district):
    template = Organisation.objects.get(name=demo.DISTRICT)
    parks = list(Organisation.objects.filter(parent=template, kind=OrganisationKind.PARK).order_by("pk"))
    enterprise_cols = _columns(Enterprise)
    project_cols = _columns(Project)
    cursor.execute(f"SELECT {', '.join(enterprise_cols)} FROM enterprises_enterprise ORDER BY id")
    enterprises = cursor.fetchall()
    cursor.execute(f"SELECT {', '.join(project_cols)} FROM projects_project ORDER BY id")
    template_projects = cursor.fetchall()
    e_id, e_park, e_uscc, e_name = (enterprise_cols.index(c) for c in ("id", "park_id", "uscc", "name"))
    p_id, p_park, p_ent, p_code, p_nat = (project_cols.index(c) for c in
                                          ("id", "park_id", "enterprise_id", "code", "national_code"))
    next_enterprise = max(row[e_id] for row in enterprises) + 1
    next_project = max(row[p_id] for row in template_projects) + 1
    remaining = projects - len(template_projects)
    for number in range(2, districts + 1):
        if remaining <= 0:
            break
        district = Organisation.objects.create(name=f"基准区县{number:03d}", short_name=f"区县{number:03d}",
                                               kind=OrganisationKind.DISTRICT, sort_order=number)
        park_map = {park.pk: Organisation.objects.create(
            name=f"{park.name}（区县{number:03d}）", short_name=park.short_name, kind=OrganisationKind.PARK,
            parent=district, sort_order=park.sort_order).pk for park in parks}
        enterprise_map = {}
        with cursor.copy(f"COPY enterprises_enterprise ({', '.join(enterprise_cols)}) FROM STDIN") as copy:
            for row in enterprises:
                row = list(row)
                enterprise_map[row[e_id]] = row[e_id] = next_enterprise
                next_enterprise += 1
                row[e_park] = park_map.get(row[e_park], row[e_park])
                row[e_uscc] = row[e_uscc][:2] + _division(number, row[e_uscc][2:8]) + row[e_uscc][8:]
                row[e_name] = f"{row[e_name]}（区县{number:03d}）" if len(row[e_name]) < 110 else row[e_name]
                copy.write_row(row)
        with cursor.copy(f"COPY projects_project ({', '.join(project_cols)}) FROM STDIN") as copy:
            for row in template_projects[:remaining]:
                row = list(row)
                row[p_id] = next_project
                next_project += 1
                row[p_park] = park_map.get(row[p_park], row[p_park])
                row[p_ent] = enterprise_map.get(row[p_ent], row[p_ent])
                year, serial = row[p_code][2:6], int(row[p_code][7:])
                row[p_code] = f"XM{year}-{number * 100000 + serial}"
                if row[p_nat]:
                    row[p_nat] = row[p_nat][:5] + _division(number, row[p_nat][5:11]) + row[p_nat][11:]  # YYYY-<division>-…
                copy.write_row(row)
        remaining -= min(remaining, len(template_projects))
        if number % 10 == 0:
            _say(f"  区县 {number}/{districts}")


def _progress(cursor):
    """A 2026 plan, twelve approved reports and the rollup for every project, in one pass (seed_progress's shape)."""
    rng = random.Random(2026)
    now = timezone.now().isoformat()
    cursor.execute("SELECT id, total_investment::float8, actual_start_date, planned_start_date, "
                   "planned_complete_date, planned_operate_date FROM projects_project ORDER BY id")
    rows = cursor.fetchall()
    plan_cols = ["project_id", "year", "planned_investment", "plans_start", "plans_complete", "plans_operate",
                 "plans_capacity", "note", "updated_at"]
    report_cols = ["project_id", "year", "month", "completed_investment", "funds_arrived", "narrative", "status",
                   "return_reason", "version", "created_at", "updated_at", "submitted_at", "reviewed_at"]
    rollup_cols = ["project_id", "year", "planned_investment", "completed_total", "funds_arrived_total",
                   *MONTH_FIELDS, "last_reported_month", "plans_start", "plans_complete", "plans_operate",
                   "plans_capacity"]

    def flag(day):
        return "t" if day and day.year == YEAR else "f"

    plans, rollups = [], []
    written = 0
    with cursor.copy(f"COPY {MonthlyReport._meta.db_table} ({', '.join(report_cols)}) FROM STDIN") as copy:
        for index, (pk, total, started, plan_start, plan_complete, plan_operate) in enumerate(rows, start=1):
            planned = round(total * rng.uniform(0.15, 0.45), 2)
            flags = (flag(started) if started and started.year == YEAR else flag(plan_start), flag(plan_complete),
                     flag(plan_operate), "t" if rng.random() < 0.05 else "f")
            plans.append(f"{pk}\t{YEAR}\t{planned:.2f}\t{flags[0]}\t{flags[1]}\t{flags[2]}\t{flags[3]}\t\t{now}\n")
            months, funds_total, lines = [], 0.0, []
            for month in range(1, 13):
                done = round(planned / 12 * rng.uniform(0.3, 1.4), 2)
                funds = round(done * rng.uniform(0.5, 1.1), 2) if rng.random() < 0.3 else None
                months.append(done)
                funds_total += funds or 0
                shown = NULL if funds is None else f"{funds:.2f}"
                lines.append(f"{pk}\t{YEAR}\t{month}\t{done:.2f}\t{shown}\t按计划推进\t"
                             f"approved\t\t1\t{now}\t{now}\t{now}\t{now}\n")
            copy.write("".join(lines))
            written += 12
            rollups.append("\t".join([str(pk), str(YEAR), f"{planned:.2f}", f"{sum(months):.2f}", f"{funds_total:.2f}",
                                      *(f"{m:.2f}" for m in months), "12", *flags]) + "\n")
            if index % 100_000 == 0:
                _say(f"  月报 {index}/{len(rows)}")
    for model, cols, lines in ((YearlyPlan, plan_cols, plans), (ProjectYearRollup, rollup_cols, rollups)):
        with cursor.copy(f"COPY {model._meta.db_table} ({', '.join(cols)}) FROM STDIN") as copy:
            for start in range(0, len(lines), 10_000):
                copy.write("".join(lines[start:start + 10_000]))
    return written


def district_parks(number):
    """The park ids of district ``number`` (1 is the template district)."""
    name = demo.DISTRICT if number == 1 else f"基准区县{number:03d}"
    return list(Organisation.objects.filter(parent__name=name, kind=OrganisationKind.PARK).values_list("pk", flat=True))


def as_of():
    return dt.date(YEAR, 11, 23)
