"""Each progress KPI from the rollups, beside the same figure from the raw tables (plain SQL, DuckDB)."""

import datetime as dt
import sqlite3

from django.conf import settings
from django.db import connection

from tuijin.progress import calculations
from tuijin.projects.models import Project

from .run import timings

AS_OF = dt.date(2026, 11, 23)
YEAR = 2026
TARGET_MS = 100

NEW_STARTS = ("select p.id, p.actual_start_date from projects_project p join progress_yearlyplan y "
              "on y.project_id = p.id and y.year = 2026 and y.plans_start")
CONTINUING = ("select p.id, p.stage from projects_project p join progress_yearlyplan y on y.project_id = p.id "
              "and y.year = 2026 where p.actual_start_date < '2026-01-01' and (p.actual_complete_date is null "
              "or p.actual_complete_date >= '2026-01-01') and p.stage <> 'terminated'")
AT_WORK = ("select project_id from progress_monthlyreport where year = 2026 and month <= 11 and status = 'approved' "
           "group by project_id having sum(completed_investment) > 0")
MUST_FILE = ("from projects_project where actual_start_date is not null and actual_start_date <= '2026-11-23' "
             "and total_investment >= 500 and stage <> 'terminated'")

RAW_SQL = {
    "investment_completion": """
        select (select sum(planned_investment) from progress_yearlyplan where year = 2026 and planned_investment > 0),
               (select sum(r.completed_investment) from progress_monthlyreport r
                  join progress_yearlyplan y on y.project_id = r.project_id and y.year = 2026 and y.planned_investment > 0
                 where r.year = 2026 and r.month <= 11 and r.status = 'approved')""",
    "double_half": """
        select count(*) from progress_yearlyplan y
          left join (select project_id, sum(completed_investment) done from progress_monthlyreport
                      where year = 2026 and month <= 6 and status = 'approved' group by project_id) r
                 on r.project_id = y.project_id
         where y.year = 2026 and y.planned_investment > 0 and coalesce(r.done, 0) * 2 < y.planned_investment""",
    "start_rate": f"""
        select count(*), sum(case when actual_start_date between '2026-01-01' and '2026-11-23' then 1 else 0 end)
          from ({NEW_STARTS}) n""",
    "start_resume_rate": f"""
        select (select count(*) from (select id from ({NEW_STARTS}) a union select id from ({CONTINUING}) b) u),
               (select count(*) from (select id from ({NEW_STARTS}) a
                                       where actual_start_date between '2026-01-01' and '2026-11-23'
                                      union select id from ({CONTINUING}) b
                                       where stage not in ('suspended', 'terminated')
                                         and id in ({AT_WORK})) h)""",
    "stats_filing": f"select count(*), sum(case when stats_filed_on is not null then 1 else 0 end) {MUST_FILE}",
    "funds_arrival": """
        select sum(r.funds), sum(p.total_investment) from projects_project p
          join (select project_id, sum(funds_arrived) funds from progress_monthlyreport
                 where year = 2026 and status = 'approved' group by project_id having sum(funds_arrived) > 0) r
            on r.project_id = p.id""",
}

TUIJIN = {
    "investment_completion": lambda scope: calculations.investment_completion(YEAR, AS_OF, scope).rate,
    "double_half": lambda scope: calculations.double_half(YEAR, scope)["behind_count"],
    "start_rate": lambda scope: calculations.start_rate(YEAR, AS_OF, scope).rate,
    "start_resume_rate": lambda scope: calculations.start_resume_rate(YEAR, AS_OF, scope).rate,
    "stats_filing": lambda scope: calculations.stats_filing(YEAR, AS_OF, scope).rate,
    "funds_arrival": lambda scope: calculations.funds_arrival(YEAR, AS_OF, scope).rate,
}
LABELS = {
    "investment_completion": "投资完成率", "double_half": "双过半（落后项目数）", "start_rate": "开工率",
    "start_resume_rate": "开复工率", "stats_filing": "入库入统率", "funds_arrival": "资金到位率",
}


def _duckdb():
    """The same three tables, copied into DuckDB in memory; None when duckdb is not installed (or on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return None
    try:
        import duckdb
        import pyarrow as pa
    except ImportError:
        return None
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    duck = duckdb.connect()
    for table in ("projects_project", "progress_yearlyplan", "progress_monthlyreport"):
        cursor = source.execute(f"select * from {table}")
        columns = [description[0] for description in cursor.description]
        data = cursor.fetchall()
        arrow = pa.table({name: [row[i] for row in data] for i, name in enumerate(columns)})
        duck.register("incoming", arrow)
        duck.execute(f"create table {table} as select * from incoming")
        duck.unregister("incoming")
    return duck


def _raw():
    """Plain SQL outside Django: sqlite3 on the file, or a psycopg cursor on PostgreSQL's database."""
    if connection.vendor == "sqlite":
        plain = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        return lambda sql: plain.execute(sql).fetchall()
    connection.ensure_connection()
    cursor = connection.connection.cursor()

    def run(sql):
        cursor.execute(sql)
        return cursor.fetchall()

    return run


def measure(repeat):
    scope = Project.objects.all()
    duck = _duckdb()
    rows = []
    raw = _raw()
    for key, compute in TUIJIN.items():
        median, p95 = timings(lambda: compute(scope), repeat)
        sql_median, _ = timings(lambda: raw(RAW_SQL[key]), max(3, repeat // 3))
        row = {"name": f"KPI {LABELS[key]}", "median": median, "p95": p95, "target": f"≤ {TARGET_MS} ms",
               "sql": f"{sql_median:.1f} ms", "ok": p95 <= TARGET_MS}
        if duck is not None:
            duck_median, _ = timings(lambda: duck.execute(RAW_SQL[key]).fetchall(), max(3, repeat // 3))
            row["duckdb"] = f"{duck_median:.1f} ms"
        rows.append(row)
    connection.close()
    return rows
