"""Every figure of the monthly briefing, taken from the functions the pages show — never computed again here.

The overview comes from ``progress.calculations`` (the 投资进度 page's ``headline`` and ``double_half``),
the tables by park, chain, category and size band from ``alerts.dashboard.payload`` (the battle map's
cards and charts), the four lists from ``progress.lists``, lagging projects from
``coordination.calculations.lagging_projects`` (the 调度会 proposal), department scorecards from
``coordination.calculations.scorecards`` (办结率 and 解决率 kept apart), signings and landings against
target from ``promotion.calculations``. This module only picks them and formats them as the 通报 prints
them (rates as "45.3%", money in 亿元 with two places), so a template needs no filters.

``Figures.raw`` keeps the unformatted values by key: the statistics workbook writes those as numbers.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.alerts import dashboard
from tuijin.alerts.models import Warning, WarningLevel
from tuijin.coordination import calculations as coordination
from tuijin.coordination.models import Level, Problem, ProblemStatus
from tuijin.lib import workdays
from tuijin.progress import calculations
from tuijin.progress.lists import YearList, year_list
from tuijin.projects.models import Project
from tuijin.promotion import calculations as promotion
from tuijin.promotion.models import Metric, Target
from tuijin.promotion.periods import Period

from . import outlook

NONE = "—"
SHOWN = 30  # rows of a named list the 通报 prints (furthest behind first), with the list's total; the pages list all
CENT = Decimal("0.01")


def rate_text(value) -> str:
    """A rate as the pages print it: one decimal and a percent sign, or a dash when there is nothing to measure."""
    return NONE if value is None else f"{value}%"


def yi(amount) -> Decimal:
    """万元 → 亿元 with two places (the battle map's unit)."""
    return (Decimal(amount or 0) / 10000).quantize(CENT, ROUND_HALF_UP)


def wan(amount) -> str:
    return f"{Decimal(amount or 0).quantize(CENT, ROUND_HALF_UP):,}"


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def data_date(month: dt.date, today: dt.date | None = None) -> dt.date:
    """The date the figures are read at: the month's last day, or today while the month is running."""
    today = today or timezone.localdate()
    return min(month_end(month), today)


def scope_projects(park):
    return Project.objects.all() if park is None else Project.objects.filter(park=park)


def district():
    return Organisation.objects.filter(kind=OrganisationKind.DISTRICT).order_by("sort_order", "pk").first()


@dataclass
class Figures:
    context: dict  # what the template reads
    raw: dict = field(default_factory=dict)  # unformatted values for the workbook and the tests
    charts: dict = field(default_factory=dict)  # chart name → series, drawn by ``charts``


def _kpi_row(kpi, note=""):
    return {"key": kpi.key, "label": kpi.label, "value": rate_text(kpi.rate),
            "note": note or f"{kpi.numerator} / {kpi.denominator}"}


def _overview(year, as_of, projects, payload):
    # headline's order: 完成率, 开工率, 开复工率, 开复工率（5000万元以上）, 入库入统率, 应统未统, 资金到位率
    completion, start, resume, resume_5000, filing, gap, funds = calculations.headline(year, as_of, projects)
    cards = {card["key"]: card for card in payload["cards"]}
    half = calculations.double_half(year, projects)
    time_progress = calculations.time_progress(year, as_of)
    rows = [
        {"key": "projects", "label": "项目总数", "value": f"{cards['projects']['value']}个", "note": ""},
        {"key": "investment", "label": "总投资", "value": f"{cards['investment']['value']:.2f}亿元", "note": ""},
        {"key": "planned", "label": f"{year}年计划投资", "value": f"{cards['planned']['value']:.2f}亿元", "note": ""},
        {"key": "completed", "label": f"{year}年已完成投资", "value": f"{cards['completed']['value']:.2f}亿元",
         "note": ""},
        {"key": "investment_completion", "label": "投资完成率", "value": rate_text(completion.rate),
         "note": f"时间进度 {time_progress}%"},
        {"key": "time_progress", "label": "时间进度", "value": f"{time_progress}%", "note": ""},
        {"key": "double_half", "label": "双过半", "value": "已过半" if half["passed"] else "未过半",
         "note": f"6月末完成 {rate_text(half['completion'].rate)}，不足一半 {half['behind_count']} 个"},
        _kpi_row(start),
        _kpi_row(resume),
        {**_kpi_row(resume_5000), "key": "start_resume_5000"},
        _kpi_row(filing),
        {"key": "stats_gap", "label": "应统未统", "value": f"{gap.numerator}个", "note": ""},
        _kpi_row(funds, note=f"到位 {wan(funds.numerator)} 万元"),
    ]
    raw = {"projects": cards["projects"]["value"], "investment": cards["investment"]["value"],
           "planned": cards["planned"]["value"], "completed": cards["completed"]["value"],
           "time_progress": time_progress, "double_half": half["passed"],
           "double_half_rate": half["completion"].rate,
           "investment_completion": completion.rate, "start_rate": start.rate,
           "start_resume_rate": resume.rate, "start_resume_5000": resume_5000.rate,
           "stats_filing": filing.rate, "stats_gap": gap.numerator, "funds_arrival": funds.rate}
    kpi = {row["key"]: row["value"] for row in rows}
    ahead = completion.rate is not None and completion.rate >= time_progress
    kpi["verdict"] = ("快于时间进度" if ahead else "慢于时间进度") if completion.rate is not None else "暂无计划投资"
    return rows, kpi, raw


def _dimension_rows(series):
    return [{"name": row["name"], "projects": row["projects"], "investment": f"{row['investment']:.2f}",
             "planned": f"{row['planned']:.2f}", "done": f"{row['done']:.2f}",
             "rate": NONE if row["rate"] is None else f"{row['rate']:.1f}%"} for row in series]


LIST_DONE = {YearList.START: ("已开工", lambda qs, start, end: qs.filter(calculations.started_in(start, end))),
             YearList.BUILD: ("在建", lambda qs, start, end: qs.filter(calculations.back_at_work())),
             YearList.COMPLETE: ("已竣工", lambda qs, start, end: qs.filter(actual_complete_date__lte=end)),
             YearList.OPERATE: ("已投产", lambda qs, start, end: qs.filter(actual_operate_date__lte=end))}


def _lists(year, as_of, projects):
    rows = []
    for kind in YearList:
        listed = year_list(kind, year, projects).distinct()
        label, done = LIST_DONE[kind]
        count = listed.count()
        reached = done(listed, dt.date(year, 1, 1), as_of).count()
        rows.append({"key": kind.value, "name": kind.label, "count": count, "done_label": label, "done": reached,
                     "rate": rate_text(calculations.percent(reached, count))})
    return rows


def _reasons(project_ids):
    """Each project's active warnings' causes, worst level first (the reason a project is named)."""
    order = {WarningLevel.RED: 0, WarningLevel.ORANGE: 1, WarningLevel.YELLOW: 2}
    found = {}
    for warning in Warning.objects.active().filter(project_id__in=project_ids).order_by("project_id", "pk"):
        found.setdefault(warning.project_id, []).append(warning)
    return {pk: "；".join(w.cause for w in sorted(rows, key=lambda w: order.get(w.level, 9)))
            for pk, rows in found.items()}


def _lagging(as_of, projects):
    """The furthest-behind ``SHOWN`` lagging projects with their reasons, and how many lag in all.

    ``coordination.calculations.lagging_projects`` builds every lagging project (tens of thousands in a big
    district) to sort them in Python; the 通报 prints thirty, so the same rule — its threshold, its building
    blocks ``project_completion_rates`` and ``behind_time``, its ``Lagging`` rows — is counted and ordered in
    the database instead, as ``alerts.summary`` puts the KPI expressions inside its own queries.
    """
    progress = calculations.time_progress(as_of.year, as_of)
    threshold = progress - coordination.LAGGING_POINTS
    if threshold <= 0:
        return [], 0
    behind = calculations.project_completion_rates(as_of.year, as_of, projects).filter(
        calculations.behind_time(F("completed"), F("planned_investment"), threshold))
    share = Cast("completed", FloatField()) / Cast("planned_investment", FloatField())
    shown = [coordination.Lagging(rollup.project, calculations.percent(rollup.completed, rollup.planned_investment),
                                  progress)
             for rollup in behind.annotate(share=share).order_by("share", "project_id")[:SHOWN]]
    shown.sort(key=lambda row: (-row.behind, row.project.pk))  # lagging_projects' order, on the rounded rates
    parks = dict(Organisation.objects.filter(pk__in={row.project.park_id for row in shown})
                 .values_list("pk", "short_name"))
    reasons = _reasons([row.project.pk for row in shown])
    return [{"name": row.project.name, "park": parks.get(row.project.park_id) or NONE,
             "completion": f"{row.completion}%", "time_progress": f"{row.time_progress}%",
             "behind": f"{row.behind}", "reasons": reasons.get(row.project.pk, "")} for row in shown], behind.count()


def _red(projects):
    warnings = (Warning.objects.active().filter(level=WarningLevel.RED, project__in=projects)
                .select_related("project", "project__park").order_by("project__name", "pk"))
    rows = [{"name": w.project.name, "park": w.project.park.label if w.project.park else NONE,
             "rule": w.get_rule_display(), "cause": w.cause,
             "since": timezone.localtime(w.level_changed_at).date().isoformat()} for w in warnings[:SHOWN]]
    return rows, warnings.count()


def _scorecards(year, as_of, park):
    """Department scorecards for the year up to the data date; a park's briefing has none (not its figures)."""
    if park is not None:
        return [], []
    departments = list(Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by("sort_order", "name"))
    turns = coordination.lead_turns(dt.date(year, 1, 1), as_of)
    moment = dt.datetime.combine(as_of, dt.time(23, 59, 59), tzinfo=workdays.CHINA)
    cards = [card for card in coordination.scorecards(turns, departments, moment) if card["received"].value]
    rows = [{"name": card.department.name, "received": card["received"].value,
             "on_time": rate_text(card["on_time"].value), "closed": rate_text(card["closed"].value),
             "solved": rate_text(card["solved"].value), "overdue": rate_text(card["overdue"].value),
             "rating": NONE if card["rating"].value is None else f"{card['rating'].value}"} for card in cards]
    return rows, cards


def _level3(projects, park):
    problems = Problem.objects.filter(level=Level.MEETING).exclude(status=ProblemStatus.CLOSED)
    if park is not None:
        problems = problems.filter(project__in=projects)
    problems = problems.select_related("project", "enterprise", "lead_department").order_by("deadline", "pk")
    rows = [{"code": p.code, "title": p.title, "subject": str(p.subject) if p.subject else NONE,
             "department": p.lead_department.name if p.lead_department else "待交办",
             "deadline": timezone.localtime(p.deadline).date().isoformat() if p.deadline else NONE,
             "status": p.get_status_display()} for p in problems[:SHOWN]]
    return rows, problems.count()


def _promotion(month, as_of, park):
    unit = park or district()
    period = Period.month(month.year, month.month)
    signings = promotion.figure(Metric.SIGNINGS, period, unit)
    landings = promotion.figure("landings", period, unit)
    value = promotion.figure(Metric.SIGNING_VALUE, period, unit)
    targets = []
    if unit is not None:
        wanted = [target for target in Target.objects.filter(unit=unit, period_start__year=month.year)
                  .order_by("period_kind", "period_start", "metric")
                  if Period.of(target.period_kind, target.period_start).start <= month
                  <= Period.of(target.period_kind, target.period_start).end]
        for row in promotion.target_progress(wanted):
            money = row.measure.money
            targets.append({"metric": row.target.get_metric_display(), "period": row.period.label,
                            "target": wan(row.target.value) if money else f"{row.target.value:.0f}",
                            "actual": wan(row.actual) if money else f"{row.actual}",
                            "unit": row.measure.unit_label, "rate": rate_text(row.rate),
                            "met": "已完成" if row.met else "未完成"})
    funds = promotion.fund_arrival_rate(unit, as_of)
    context = {"signings": signings.value, "landings": landings.value, "signing_value": wan(value.value),
               "fund_rate": rate_text(funds.rate), "fund_arrived": wan(funds.arrived), "fund_agreed": wan(funds.agreed),
               "targets": targets}
    return context, {"signings": signings.value, "landings": landings.value, "signing_value": value.value,
                     "fund_rate": funds.rate}


def monthly(month: dt.date, park=None, today: dt.date | None = None) -> Figures:
    """The monthly briefing's figures for ``month`` (its first day), the district's or one park's."""
    year, as_of = month.year, data_date(month, today)
    projects = scope_projects(park)
    payload = dashboard.payload(projects, year, as_of, park, {} if park is None else {"park_id": park.pk})
    overview, kpi, raw = _overview(year, as_of, projects, payload)
    departments, cards = _scorecards(year, as_of, park)
    (lagging, lagging_n), (red, red_n), (level3, level3_n) = (
        _lagging(as_of, projects), _red(projects), _level3(projects, park))
    promo, promo_raw = _promotion(month, as_of, park)
    foresight, foresight_raw = outlook.section(year, as_of, projects)
    warnings = {card["key"].removeprefix("warning_"): card["value"] for card in payload["cards"]
                if card["key"].startswith("warning_")}
    context = {
        "doc": document_header(month, park, as_of),
        "empty": not raw["projects"],
        "overview": overview,
        "kpi": kpi,
        "by_park": _dimension_rows(payload["charts"]["park"]),
        "by_chain": _dimension_rows(payload["charts"]["chain"]),
        "by_category": _dimension_rows(payload["charts"]["category"]),
        "by_band": _dimension_rows(payload["charts"]["band"]),
        "lists": _lists(year, as_of, projects),
        "lagging": lagging,
        "red": red,
        "warnings": {"yellow": warnings.get("yellow", 0), "orange": warnings.get("orange", 0),
                     "red": warnings.get("red", 0)},
        "departments": departments,
        "level3": level3,
        "counts": {"lagging": lagging_n, "red": red_n, "level3": level3_n, "shown": SHOWN},
        "promotion": promo,
        "foresight": foresight,
    }
    raw.update(foresight_raw)
    raw.update({f"promotion_{key}": value for key, value in promo_raw.items()})
    raw["scorecards"] = cards
    charts = {"park": payload["charts"]["park"], "trend": payload["charts"]["trend"],
              "time_progress": payload["time_progress"]}
    return Figures(context, raw, charts)


def document_header(month, park, as_of):
    """The 通报's 红头 lines; the wording is the template's, the numbers and names are these."""
    scope = park.name if park is not None else "全区"
    return {"title": f"{scope}重大项目推进情况通报", "period": f"{month.year}年{month.month}月",
            "number": f"推进办通报〔{month.year}〕{month.month}号", "secrecy": "内部资料　注意保存",
            "issuer": "区重大项目推进工作领导小组办公室", "scope": scope,
            "date": f"{as_of.year}年{as_of.month}月{as_of.day}日", "data_date": as_of.isoformat(),
            "cc": "区委办、区政府办，区委组织部、区纪委监委，各园区管委会，区级各部门。"}
