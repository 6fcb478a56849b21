"""Helpers the progress pages share: KPI lookup by key, Excel sheets, who has not reported."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tuijin.lib import xlsx
from tuijin.projects.models import BY_INVESTMENT, Stage

from . import calculations
from .lists import YearList, year_list
from .models import (
    MONTH_FIELDS, MonthlyReport, ProjectYearRollup, ReportEvent, ReportingSettings, ReportStatus, YearlyPlan,
)

BANDS = {"5000": Decimal(5000), "10000": Decimal(10000)}


def kpi_by_key(key, year, as_of, projects, band=None):
    """The KPI named ``key`` (as in ``Kpi.key``), computed the way the overview computed it."""
    if key == "start_resume_rate":
        return calculations.start_resume_rate(year, as_of, projects, minimum=BANDS.get(band or ""))
    functions = {
        "investment_completion": calculations.investment_completion,
        "start_rate": calculations.start_rate,
        "stats_filing": calculations.stats_filing,
        "stats_gap": calculations.stats_gap,
        "funds_arrival": calculations.funds_arrival,
    }
    function = functions.get(key)
    return function(year, as_of, projects) if function else None


def progress_url(project, year=None):
    url = reverse("progress_project", args=[project.pk])
    return f"{url}?year={year}" if year else url


def next_report_initial(project, as_of, today=None):
    """What the report form starts with: a returned or draft report to fix, else the month to report next.

    That is the first month already over (before the current one; in January, last December) that the
    project has not reported, counted from the first month it reported that year — a project that starts
    reporting in December reports November, not January; earlier months it never reported are on the
    未报送 list. With nothing reported that year, or every past month reported, it is last month.
    """
    today = today or timezone.localdate()
    pending = (project.monthly_reports.filter(status__in=[ReportStatus.RETURNED, ReportStatus.DRAFT])
               .order_by("-status", "-year", "month").first())
    if pending:
        return {"year": pending.year, "month": pending.month, "completed_investment": pending.completed_investment,
                "funds_arrived": pending.funds_arrived, "narrative": pending.narrative}
    last = today.replace(day=1) - dt.timedelta(days=1)
    year = as_of.year if as_of.year < last.year else last.year
    final = 12 if year < last.year else last.month
    reported = set(project.monthly_reports.filter(year=year).values_list("month", flat=True))
    first = min(reported, default=None)
    month = next((m for m in range(first, final + 1) if m not in reported), None) if first else None
    return {"year": year, "month": month or final}


@dataclass
class QueueRow:
    """A report in the review queue with what the reviewer compares it with: the plan and time progress."""

    report: MonthlyReport
    planned: Decimal | None  # the project's yearly plan, None without one
    cumulative: Decimal  # approved this year so far plus this report
    completion: Decimal | None  # cumulative / plan, in percent
    time_progress: Decimal  # the elapsed share of the year at the end of the report's month


def review_rows(reports) -> list[QueueRow]:
    """The queue's rows with their plan comparison, in three queries however many reports there are."""
    reports = list(reports)
    projects = {report.project_id for report in reports}
    years = {report.year for report in reports}
    plans = {(plan.project_id, plan.year): plan.planned_investment
             for plan in YearlyPlan.objects.filter(project_id__in=projects, year__in=years)}
    done = {(rollup.project_id, rollup.year): rollup.completed_total
            for rollup in ProjectYearRollup.objects.filter(project_id__in=projects, year__in=years)}
    rows = []
    for report in reports:
        key = (report.project_id, report.year)
        cumulative = done.get(key, Decimal(0)) + report.completed_investment
        month_end = dt.date(report.year, report.month, calendar.monthrange(report.year, report.month)[1])
        rows.append(QueueRow(report, plans.get(key), cumulative, calculations.percent(cumulative, plans.get(key)),
                             calculations.time_progress(report.year, month_end)))
    return rows


def report_events(project, year):
    return (ReportEvent.objects.filter(report__project=project, report__year=year)
            .select_related("actor", "report")[:100])


def report_deadline(year, month) -> dt.date:
    """Reports for a month are due on the configured day of the month after."""
    day = ReportingSettings.current().deadline_day
    return dt.date(year + (month == 12), month % 12 + 1, day)


def projects_missing_report(year, month, projects):
    """Projects with a plan for ``year`` that have not sent their report for ``month`` (drafts do not count)."""
    sent = MonthlyReport.objects.filter(
        year=year, month=month, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    ).values("project_id")
    return projects.filter(yearly_plans__year=year, yearly_plans__planned_investment__gt=0).exclude(
        Q(stage=Stage.TERMINATED) | Q(pk__in=sent)
    )


def year_list_projects(kind: YearList, year: int, projects):
    """One of the four lists in the order its page and its sheet show it: the biggest investment first."""
    return year_list(kind, year, projects).select_related("enterprise", "park").order_by(*BY_INVESTMENT)


MONTHLY_COLUMNS = [
    xlsx.Column("序号", 6, "int"), xlsx.Column("项目编号", 14), xlsx.Column("项目名称", 40),
    xlsx.Column("所在园区", 16), xlsx.Column("年度计划投资", 14, "money", total=True),
    *[xlsx.Column(f"{month}月", 11, "money", total=True) for month in range(1, 13)],
    xlsx.Column("累计完成", 14, "money", total=True), xlsx.Column("完成率", 9, "percent"),
]


def monthly_statistics_rollups(year: int, projects):
    """The year's rollup of every planned project in ``projects``, park by park, as the statistics sheet lists them."""
    return (ProjectYearRollup.objects.filter(year=year, project__in=projects)
            .select_related("project", "project__park").order_by("project__park__name", "project__code"))


def monthly_statistics_rows(rollups):
    for number, rollup in enumerate(rollups.iterator(chunk_size=2000), start=1):
        months = [getattr(rollup, field) for field in MONTH_FIELDS]
        rate = (rollup.completed_total / rollup.planned_investment) if rollup.planned_investment else None
        yield [number, rollup.project.code, rollup.project.name,
               rollup.project.park.name if rollup.project.park else "", rollup.planned_investment, *months,
               rollup.completed_total, rate]
