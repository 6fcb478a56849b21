"""Would partitioning the monthly-report table by year help? Measured on copies, not by migrating the app.

Two copies of ``progress_monthlyreport``'s columns that queries filter and sum on, each holding the
bench year and the same rows again as the year before (two years of history, as a province keeps):
``bench_report_plain`` (one table, the app's indexes) and ``bench_report_by_year`` (PostgreSQL
declarative partitioning, ``PARTITION BY RANGE (year)``, one partition a year, the same indexes on
each). Then the queries the app makes of reports: one project's year (the report pages), one
month's approved reports (the review queue), a year's totals by month (``rebuild_rollups``, the raw
KPI), and retiring the older year (DELETE against dropping a partition).
"""

import time

from django.db import connection

from .province_data import YEAR
from .run import timings

COLUMNS = "project_id, year, month, completed_investment, funds_arrived, status"


def _build(cursor):
    cursor.execute("DROP TABLE IF EXISTS bench_report_plain, bench_report_by_year")
    cursor.execute("CREATE TABLE bench_report_plain (project_id bigint NOT NULL, year smallint NOT NULL, "
                   "month smallint NOT NULL, completed_investment numeric(14,2) NOT NULL, funds_arrived numeric(14,2), "
                   "status varchar(20) NOT NULL)")
    cursor.execute("CREATE TABLE bench_report_by_year (LIKE bench_report_plain) PARTITION BY RANGE (year)")
    for year in (YEAR - 1, YEAR):
        cursor.execute(f"CREATE TABLE bench_report_y{year} PARTITION OF bench_report_by_year "
                       f"FOR VALUES FROM ({year}) TO ({year + 1})")
    for table in ("bench_report_plain", "bench_report_by_year"):
        for shift in (1, 0):  # the year before first, as it would have been written
            cursor.execute(f"INSERT INTO {table} SELECT project_id, year - {shift}, month, completed_investment, "
                           f"funds_arrived, status FROM progress_monthlyreport WHERE year = {YEAR}")
        cursor.execute(f"CREATE UNIQUE INDEX ON {table} (project_id, year, month)")
        cursor.execute(f"CREATE INDEX ON {table} (year, month, status)")
        cursor.execute(f"ANALYZE {table}")


def measure(repeat):
    with connection.cursor() as cursor:
        started = time.perf_counter()
        _build(cursor)
        cursor.execute("SELECT count(*) FROM bench_report_plain")
        rows = cursor.fetchone()[0]
        print(f"分区对照表：各 {rows} 行，建表 {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute("SELECT project_id FROM bench_report_plain WHERE year = %s ORDER BY project_id "
                       "OFFSET (SELECT count(*) / 24 FROM bench_report_plain) LIMIT 1", [YEAR])
        project = cursor.fetchone()[0]
        queries = {
            "一个项目的一年月报": (f"SELECT month, completed_investment FROM {{t}} WHERE project_id = {project} "
                           f"AND year = {YEAR} ORDER BY month"),
            "一个月的已审核月报数": f"SELECT count(*) FROM {{t}} WHERE year = {YEAR} AND month = 11 AND status = 'approved'",
            "一年按月合计（重建汇总、纯 SQL KPI）": (f"SELECT month, sum(completed_investment) FROM {{t}} WHERE year = {YEAR} "
                                     f"AND status = 'approved' GROUP BY month"),
        }
        out = []
        for label, sql in queries.items():
            figures = {}
            for kind, table in (("plain", "bench_report_plain"), ("parted", "bench_report_by_year")):
                figures[kind] = timings(lambda: cursor.execute(sql.format(t=table)) or cursor.fetchall(), repeat)
            out.append(_row(label, figures))
        started = time.perf_counter()
        cursor.execute(f"DELETE FROM bench_report_plain WHERE year = {YEAR - 1}")
        delete_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        cursor.execute(f"ALTER TABLE bench_report_by_year DETACH PARTITION bench_report_y{YEAR - 1}")
        cursor.execute(f"DROP TABLE bench_report_y{YEAR - 1}")
        drop_ms = (time.perf_counter() - started) * 1000
        out.append(_row("删除旧的一年（DELETE / 卸下分区）", {"plain": (delete_ms, delete_ms), "parted": (drop_ms, drop_ms)}))
        cursor.execute("DROP TABLE IF EXISTS bench_report_plain, bench_report_by_year")
    return out


def _row(label, figures):
    (plain_median, plain_p95), (parted_median, parted_p95) = figures["plain"], figures["parted"]
    return {"name": f"分区对照：{label}", "median": parted_median, "p95": parted_p95, "target": "—", "ok": None,
            "peer": f"不分区 {plain_median:.1f} / {plain_p95:.1f} ms", "plain_median": plain_median,
            "plain_p95": plain_p95}
