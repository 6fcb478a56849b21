"""A district's ledger as records of the exchange format (``tuijin.lib.ledger``), read straight from its tables.

Versions and times come from what the rows already keep: a project's ``version`` (raised by every
edit, the number its events carry) and ``updated_at``; a report's ``version``; a plan's count of
``PlanEvent`` rows (one per change); the KPIs, recomputed at each export, take the export's time.
``--since`` keeps the records whose ``updated_at`` is on or after that day, so an incremental file
carries what changed and the importer looks the rest up in what it already holds.
"""

import datetime as dt
import io

from django.db.models import Count
from django.utils import timezone

from tuijin.lib import ledger, xlsx
from tuijin.progress import calculations
from tuijin.progress.models import MonthlyReport, ReportStatus, YearlyPlan
from tuijin.projects.models import Project

from .records import DATE_FIELDS, NO_PARK, money

CHUNK = 2000


def _since(since: dt.date | None):
    if since is None:
        return {}
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    return {"updated_at__gte": start}


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def records(district_code: str, district_name: str, *, since: dt.date | None = None, now=None, year=None):
    """Yield the header, then projects, plans, approved reports and the KPIs of ``year`` (this year)."""
    now = now or timezone.now()
    year = year or timezone.localdate(now).year
    code = str(district_code)
    yield ledger.header(code, district_name, _iso(now), since)
    keys = {pk: ledger.project_key(national, code, project_code)
            for pk, national, project_code in Project.objects.values_list("pk", "national_code", "code").iterator(CHUNK)}
    fields = ["pk", "code", "national_code", "name", "park__name", "enterprise__name", "stage", "category", "level",
              "industry_chain", "total_investment", "version", "updated_at", *DATE_FIELDS]
    for row in Project.objects.filter(**_since(since)).order_by("pk").values(*fields).iterator(CHUNK):
        record = {"type": "project", "source_district": code, "version": row["version"],
                  "changed_at": _iso(row["updated_at"]), "key": keys[row["pk"]], "code": row["code"],
                  "national_code": row["national_code"], "name": row["name"], "park": row["park__name"] or NO_PARK,
                  "enterprise": row["enterprise__name"] or "", "stage": row["stage"], "category": row["category"],
                  "level": row["level"], "industry_chain": row["industry_chain"],
                  "total_investment": money(row["total_investment"])}
        for name in DATE_FIELDS:
            record[name] = row[name].isoformat() if row[name] else None
        yield record
    plans = (YearlyPlan.objects.filter(**_since(since)).annotate(changes=Count("events")).order_by("pk")
             .values("project_id", "year", "planned_investment", "plans_start", "plans_complete", "plans_operate",
                     "plans_capacity", "changes", "updated_at"))
    for row in plans.iterator(CHUNK):
        yield {"type": "plan", "source_district": code, "version": max(row["changes"], 1),
               "changed_at": _iso(row["updated_at"]), "project": keys[row["project_id"]], "year": row["year"],
               "planned_investment": money(row["planned_investment"]),
               **{name: row[name] for name in ("plans_start", "plans_complete", "plans_operate", "plans_capacity")}}
    reports = (MonthlyReport.objects.filter(status=ReportStatus.APPROVED, **_since(since)).order_by("pk")
               .values("project_id", "year", "month", "completed_investment", "funds_arrived", "version",
                       "updated_at"))
    for row in reports.iterator(CHUNK):
        yield {"type": "report", "source_district": code, "version": row["version"],
               "changed_at": _iso(row["updated_at"]), "project": keys[row["project_id"]], "year": row["year"],
               "month": row["month"], "completed_investment": money(row["completed_investment"]),
               "funds_arrived": money(row["funds_arrived"])}
    seen = set()
    for kpi in calculations.headline(year, timezone.localdate(now)):
        rate, name = kpi.rate, kpi.key
        if name in seen:  # 开复工率 comes twice: all projects, then those of 5,000 万元 and more
            name = f"{name}_5000"
        seen.add(name)
        yield {"type": "kpi", "source_district": code, "version": int(now.timestamp()), "changed_at": _iso(now),
               "name": name, "year": year, "label": kpi.label,
               "value": "-" if rate is None else str(rate), "numerator": str(kpi.numerator),
               "denominator": str(kpi.denominator)}


SHEETS = {"project": "项目", "plan": "年度计划", "report": "月度报告", "kpi": "汇总指标"}


def workbook(items) -> bytes:
    """The same records as an .xlsx for people: a 说明 sheet with the header, one sheet per record type."""
    items = iter(items)
    header = next(items)
    by_type = {kind: [] for kind in SHEETS}
    for record in items:
        by_type[record["type"]].append(record)
    book = xlsx.new_book()
    about = book.create_sheet("说明")
    about.append(xlsx.safe_row(about, ["格式", f"{header['format']} 第 {header['version']} 版（docs/exchange.md）"]))
    about.append(xlsx.safe_row(about, ["来源区县", f"{header['district']['name']}（{header['district']['code']}）"]))
    about.append(xlsx.safe_row(about, ["数据截至", header["exported_at"]]))
    about.append(xlsx.safe_row(about, ["增量起始日", header["since"] or "全量"]))
    for kind, title in SHEETS.items():
        sheet = book.create_sheet(title)
        rows = by_type[kind]
        columns = sorted({name for row in rows for name in row} - {"type"}) if rows else ["key"]
        sheet.append(columns)
        for row in rows:
            sheet.append(xlsx.safe_row(sheet, ["" if row.get(name) is None else row.get(name) for name in columns]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
