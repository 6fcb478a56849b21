"""The battle map's data (挂图作战): every card and chart segment with the link to the projects behind it.

The figures per park × industry chain × category × size band (``summary.py``: kept cells
for the scopes they fit, a live grouped pass otherwise) give the counts, investment, plan,
completion, 双过半 and monthly trend for every chart; 开复工率 comes from
``tuijin.progress.calculations`` so it matches the progress pages; warnings and problems
add one grouped query each, node plans one read of the open nodes due within the week (counted by
``tuijin.nodeplans.calculations.project_summaries``, as the warnings are). Every figure carries ``url``: the list of exactly the projects
it counts (``drill_down`` below, or the progress KPI pages).
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.lib import params
from tuijin.nodeplans import calculations as nodeplans
from tuijin.nodeplans.models import PlanNode
from tuijin.progress import calculations, kept
from tuijin.progress.models import MONTH_FIELDS, ProjectYearRollup
from tuijin.projects.models import Category

from . import summary, warningcells
from .models import LEVEL_COLOURS, Warning, WarningLevel
from .summary import Band

ZERO = Decimal(0)
NONE = "none"  # the drill-down value for "no park" / "no chain"


def _decimal(value):
    return Decimal(value or 0)


def _rate(part, whole):
    rate = calculations.percent(part, whole)
    return None if rate is None else float(rate)


def _yi(amount):
    """万元 → 亿元 with two places, as a float for the charts."""
    return float((_decimal(amount) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP))


class Links:
    """Drill-down URLs that keep the page's year and park."""

    def __init__(self, year, park=None):
        self.common = {"year": year, **({"park": park.pk} if park else {})}

    def drill(self, dim, value=""):
        return f"{reverse('alerts_drill')}?{urlencode({'dim': dim, 'value': value, **self.common})}"

    def kpi(self, key, part, **extra):
        return f"{reverse('progress_kpi', args=[key, part])}?{urlencode({**self.common, **extra})}"

    def named(self, name):
        return f"{reverse(name)}?{urlencode(self.common)}"


def payload(projects: QuerySet, year: int, as_of: dt.date, park: Organisation | None = None,
            scope: dict | None = None) -> dict:
    """Cards and chart series for the dashboard and the big screen, all from a few aggregate queries.

    ``scope`` is ``projects`` as a cell filter (``summary.dimensions``); without one, or without
    the cells' triggers, the figures are counted live over ``projects``.
    """
    links = Links(year, park)
    months = calculations.months_reported(year, as_of)
    rows = summary.rows(year, scope) if scope is not None else None
    if rows is None:
        rows = summary.cube(projects, year)
    total = defaultdict(Decimal)
    for row in rows:
        row["done"] = sum((_decimal(row[name]) for name in MONTH_FIELDS[:months]), ZERO)
        for key in ("n", "investment", "planned", "done", "behind_half", *MONTH_FIELDS):
            total[key] += _decimal(row[key])
    time_progress = calculations.time_progress(year, as_of)
    resume = calculations.start_resume_rate(year, as_of, projects, figures=kept.figures(year, as_of, scope))
    double_half = _double_half(total)
    warnings = warning_counts(projects, scope)
    problems = problem_counts(projects, as_of)
    nodes = node_counts(projects)
    completion = _rate(total["done"], total["planned"])
    cards = [
        {"key": "projects", "label": "项目总数", "value": int(total["n"]), "unit": "个", "url": links.drill("all")},
        {"key": "investment", "label": "总投资", "value": _yi(total["investment"]), "unit": "亿元",
         "url": links.drill("all")},
        {"key": "planned", "label": f"{year}年计划投资", "value": _yi(total["planned"]), "unit": "亿元",
         "url": links.kpi("investment_completion", "base")},
        {"key": "completed", "label": f"{year}年已完成投资", "value": _yi(total["done"]), "unit": "亿元",
         "url": links.kpi("investment_completion", "hits"),
         "note": f"完成率 {completion if completion is not None else '—'}%，时间进度 {time_progress}%",
         "tone": "" if completion is None else ("danger" if completion < float(time_progress) else "success")},
        {"key": "start_resume", "label": "开复工率", "value": float(resume.rate) if resume.rate is not None else None,
         "unit": "%", "url": links.kpi("start_resume_rate", "hits"),
         "note": f"{resume.numerator} / {resume.denominator} 个", "base_url": links.kpi("start_resume_rate", "base")},
        {"key": "double_half", "label": "双过半", "value": "已过半" if double_half["passed"] else "未过半", "unit": "",
         "url": links.named("progress_double_half"), "tone": "success" if double_half["passed"] else "danger",
         "note": f"6月末完成 {double_half['rate'] or '—'}%，不足一半 {double_half['behind_count']} 个"},
        *[{"key": f"warning_{level}", "label": WarningLevel(level).label, "value": warnings[level]["projects"],
           "unit": "个项目", "url": links.drill("warning", level), "colour": LEVEL_COLOURS[level],
           "note": f"{warnings[level]['warnings']} 条预警"} for level in WarningLevel],
        {"key": "problems_open", "label": "未办结问题", "value": problems["open"]["projects"], "unit": "个项目",
         "url": links.drill("problems", "open"), "note": f"{problems['open']['problems']} 件问题"},
        {"key": "problems_overdue", "label": "逾期问题", "value": problems["overdue"]["projects"], "unit": "个项目",
         "url": links.drill("problems", "overdue"), "note": f"{problems['overdue']['problems']} 件问题",
         "tone": "danger" if problems["overdue"]["projects"] else ""},
        {"key": "nodes", "label": "促建节点：本周到期 / 已逾期", "value": f"{nodes['due']} / {nodes['overdue']}",
         "unit": "个节点", "url": links.drill("nodes", "due"),
         "parts": [{"key": "nodes_due", "value": nodes["due"], "url": links.drill("nodes", "due"), "tone": ""},
                   {"key": "nodes_overdue", "value": nodes["overdue"], "url": links.drill("nodes", "overdue"),
                    "tone": "danger" if nodes["overdue"] else ""}],
         "note": f"{nodeplans.DEFAULT_SOON} 个工作日内到期 {len(nodes['due_projects'])} 个项目，"
                 f"逾期 {len(nodes['overdue_projects'])} 个项目"},
    ]
    return {
        "year": year, "as_of": as_of.isoformat(), "time_progress": float(time_progress), "cards": cards,
        "charts": {
            "park": _dimension(rows, "park_id", _park_names(), links, "park"),
            "chain": _dimension(rows, "industry_chain", {}, links, "chain"),
            "category": _dimension(rows, "category", dict(Category.choices), links, "category"),
            "band": _dimension(rows, "band", {value: label for value, label, *_ in Band.CHOICES}, links, "band",
                               order=[value for value, *_ in Band.CHOICES]),
            "trend": _trend(total, months, links),
            "warnings": [{"name": WarningLevel(level).label, "value": warnings[level]["projects"],
                          "colour": LEVEL_COLOURS[level], "url": links.drill("warning", level)}
                         for level in WarningLevel],
        },
    }


def _double_half(total):
    """双过半 as ``calculations.double_half`` defines it: first-half completion over the plans, at least 50 %."""
    done = sum((total[name] for name in MONTH_FIELDS[:6]), ZERO)
    rate = calculations.percent(done, total["planned"])
    return {"rate": rate, "passed": calculations.half_passed(rate), "behind_count": int(total["behind_half"])}


def _park_names():
    return {pk: short or name for pk, name, short in
            Organisation.objects.filter(kind=OrganisationKind.PARK).values_list("pk", "name", "short_name")}


def _dimension(rows, field, names, links, dim, order=None):
    """Per value of ``field``: projects, investment (亿元), plan and completion, each with its drill-down."""
    groups = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        key = row[field] if row[field] not in (None, "") else NONE
        for name in ("n", "investment", "planned", "done"):
            groups[key][name] += _decimal(row[name])
    keys = order or sorted(groups, key=lambda key: (-groups[key]["n"], str(key)))
    return [
        {"key": str(key), "name": names.get(key, str(key)) if key != NONE else ("无园区" if dim == "park" else "未填写"),
         "projects": int(groups[key]["n"]), "investment": _yi(groups[key]["investment"]),
         "planned": _yi(groups[key]["planned"]), "done": _yi(groups[key]["done"]),
         "rate": _rate(groups[key]["done"], groups[key]["planned"]), "url": links.drill(dim, key)}
        for key in keys if key in groups
    ]


def _trend(total, months, links):
    """Completed investment per month, cumulated, against the plan spread evenly over the year."""
    planned = total["planned"]
    cumulative, points = ZERO, []
    for month in range(1, 13):
        value = total[MONTH_FIELDS[month - 1]]
        cumulative += value
        points.append({"month": f"{month}月", "done": _yi(value) if month <= months else None,
                       "cumulative": _yi(cumulative) if month <= months else None,
                       "plan": _yi(planned * month / 12), "url": links.drill("month", month)})
    return points


def warning_counts(projects: QuerySet, scope: dict | None = None) -> dict:
    """Active warnings by level: distinct projects (what the drill-down lists) and warnings.

    With ``scope`` (``projects`` as a cell filter) from the kept counts (``warningcells``), else live.
    """
    kept_counts = warningcells.counts(scope)
    if kept_counts is not None:
        return kept_counts
    warnings = Warning.objects.active()
    if projects.query.where:
        warnings = warnings.filter(project__in=projects)
    counts = {level: {"projects": 0, "warnings": 0} for level in WarningLevel}
    for row in warningcells.live(warnings):
        counts[row["level"]] = {"projects": row["projects"], "warnings": row["warnings"]}
    return counts


def _problems(as_of):
    """Open and overdue problems of projects, or None when 问题协调 is not installed."""
    try:
        from tuijin.coordination.models import OPEN_STATUSES, UNFINISHED_STATUSES, Problem
    except ImportError:
        return None
    from django.utils import timezone

    now = timezone.now() if as_of >= timezone.localdate() else timezone.make_aware(
        dt.datetime.combine(as_of, dt.time(23, 59, 59)))
    return (Problem.objects.filter(project__isnull=False, status__in=UNFINISHED_STATUSES),
            Q(status__in=OPEN_STATUSES, deadline__lt=now))


def problem_counts(projects: QuerySet, as_of: dt.date) -> dict:
    counts = {"open": {"projects": 0, "problems": 0}, "overdue": {"projects": 0, "problems": 0}}
    source = _problems(as_of)
    if source is None:
        return counts
    problems, overdue = source
    if projects.query.where:
        problems = problems.filter(project__in=projects)
    figures = problems.aggregate(open_p=Count("project_id", distinct=True), open_n=Count("pk"),
                                 late_p=Count("project_id", distinct=True, filter=overdue),
                                 late_n=Count("pk", filter=overdue))
    return {"open": {"projects": figures["open_p"], "problems": figures["open_n"]},
            "overdue": {"projects": figures["late_p"], "problems": figures["late_n"]}}


def node_counts(projects: QuerySet, today: dt.date | None = None) -> dict:
    """Open node-plan nodes of ``projects`` due within the week (``nodeplans.DEFAULT_SOON`` working days) and
    overdue, as of today (a node's state is now's), with the projects behind each count."""
    from django.utils import timezone

    today = today or timezone.localdate()
    nodes = PlanNode.objects.filter(planned_finish__lte=nodeplans.workday_after(today, nodeplans.DEFAULT_SOON))
    if projects.query.where:
        nodes = nodes.filter(plan__project__in=projects)
    found = nodeplans.project_summaries(nodeplans.open_nodes(nodes), today)
    return {"due": sum(entry.due_soon for entry in found.values()),
            "overdue": sum(entry.overdue for entry in found.values()),
            "due_projects": sorted(pk for pk, entry in found.items() if entry.due_soon),
            "overdue_projects": sorted(pk for pk, entry in found.items() if entry.overdue)}


def drill_down(projects: QuerySet, dim: str, value: str, year: int, as_of: dt.date) -> tuple[QuerySet, str] | None:
    """The projects behind one segment, and a title; None for a dimension or value that does not exist."""
    if dim == "all":
        return projects, "全部项目"
    if dim == "park":
        if value == NONE:
            return projects.filter(park__isnull=True), "无园区的项目"
        # "²".isdigit() is true and int("²") fails: the segment's value is read as the id parameters are
        park_id = params.object_id({"value": value}, "value")
        park = Organisation.objects.filter(kind=OrganisationKind.PARK, pk=park_id).first() if park_id else None
        return (projects.filter(park=park), f"园区：{park.label}") if park else None
    if dim == "chain":
        if value == NONE:
            return projects.filter(industry_chain=""), "未填写产业链的项目"
        return projects.filter(industry_chain=value), f"产业链：{value}"
    if dim == "category":
        return (projects.filter(category=value), f"项目类别：{Category(value).label}") if value in Category.values \
            else None
    if dim == "band":
        condition = Band.q(value)
        label = {key: text for key, text, *_ in Band.CHOICES}.get(value)
        return (projects.filter(condition), f"投资规模：{label}") if condition is not None else None
    if dim == "month":
        month = params.month({"value": value}, "value")
        if month is None:
            return None
        reported = ProjectYearRollup.objects.filter(calculations.has_plan(), year=year,
                                                    **{f"{MONTH_FIELDS[month - 1]}__gt": 0})
        return projects.filter(pk__in=reported.values("project_id")), f"{year}年{month}月有完成投资的项目"
    if dim == "warning":
        if value not in WarningLevel.values:
            return None
        active = Warning.objects.active().filter(level=value)
        return projects.filter(pk__in=active.values("project_id")), f"{WarningLevel(value).label}的项目"
    if dim == "problems" and value in ("open", "overdue"):
        source = _problems(as_of)
        if source is None:
            return projects.none(), "问题协调模块未安装"
        problems, overdue = source
        if value == "overdue":
            problems = problems.filter(overdue)
        return (projects.filter(pk__in=problems.values("project_id")),
                "有逾期协调问题的项目" if value == "overdue" else "有未办结协调问题的项目")
    if dim == "nodes" and value in ("due", "overdue"):
        ids = node_counts(projects)[f"{value}_projects"]
        return (projects.filter(pk__in=ids),
                "有促建节点已逾期的项目" if value == "overdue" else
                f"有促建节点 {nodeplans.DEFAULT_SOON} 个工作日内到期的项目")
    return None
