"""The warning rules as pure functions: thresholds and a day in, ``{project_id: Finding}`` out.

Each rule is one set-based query (over the projects, the year's rollups or the problems)
that returns only the projects at or above the rule's lowest threshold; grading the rows
it returns happens in Python without touching the database again. That keeps a scan of
every rule over 50,000 projects to a handful of queries (see bench/dashboard.py).
"""

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import F, Max, Min
from django.db.models.functions import Coalesce

from tuijin.foresight import calculations as forecast_calculations
from tuijin.foresight import services as foresight
from tuijin.nodeplans import calculations as nodeplans
from tuijin.progress import calculations, services
from tuijin.progress.calculations import INACTIVE
from tuijin.progress.models import MonthlyReport, ProjectYearRollup, ReportStatus
from tuijin.projects.models import Project, Stage

from .models import RuleKey, WarningLevel, WarningRule

ONE_PLACE = Decimal("0.1")
STARTED_OR_DONE = [Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING, Stage.AT_CAPACITY]
# 已签约 has its own rule (签约未注册); these are the other stages a project should not sit in for long.
HELD_STAGES = [Stage.NEGOTIATING, Stage.REGISTERED, Stage.PREPARATION, Stage.SUSPENDED]


class Finding:
    """One project's finding under one rule: its level, and — worded only when asked — its measure and cause.

    A scan compares levels with the open warnings; only a new or moved warning is written, so at 200,000
    projects wording every cause (dates formatted, Decimals rounded) cost more than the rest of a daily
    scan. ``describe(measure, *details)`` runs the first time ``cause`` is read.
    """

    __slots__ = ("level", "_raw", "_describe", "_details", "_measure", "_cause")

    def __init__(self, level, measure, cause=None, *, describe=None, details=()):
        self.level, self._raw, self._describe, self._details = level, measure, describe, details
        self._measure, self._cause = None, cause

    @property
    def measure(self) -> Decimal:
        if self._measure is None:
            self._measure = Decimal(self._raw).quantize(ONE_PLACE, ROUND_HALF_UP)
        return self._measure

    @property
    def cause(self) -> str:
        if self._cause is None:
            self._cause = self._describe(self._raw, *self._details)
        return self._cause

    def __eq__(self, other):
        return isinstance(other, Finding) and (self.level, self.measure, self.cause) == (
            other.level, other.measure, other.cause)

    def __repr__(self):
        return f"Finding({self.level!r}, {self.measure!r}, {self.cause!r})"


class RuleUnavailable(Exception):
    """The rule's data source is not installed (e.g. 问题协调); the scan leaves its warnings untouched."""


def grade(rule: WarningRule, measure) -> WarningLevel | None:
    """The highest level whose threshold ``measure`` reaches, or None below every threshold."""
    for level, threshold in rule.thresholds():
        if measure >= threshold:
            return level
    return None


def lowest(rule: WarningRule) -> Decimal | None:
    values = [value for _, value in rule.thresholds()]
    return min(values) if values else None


def _days_ago(today: dt.date, days: Decimal) -> dt.date:
    return today - dt.timedelta(days=math.ceil(days))


def _graded(rule, rows, describe):
    """Grade ``(project_id, measure, *details)`` rows; ``describe(measure, *details)`` writes the cause (lazily)."""
    findings = {}
    thresholds = rule.thresholds()
    for project_id, measure, *details in rows:
        for level, threshold in thresholds:  # ``grade``, with the thresholds read once per rule
            if measure >= threshold:
                findings[project_id] = Finding(level, measure, describe=describe, details=details)
                break
    return findings


def start_overdue(rule, today, now):
    """计划开工未开工: the planned start date has passed, the project has not started."""
    floor = lowest(rule)
    if floor is None:
        return {}
    rows = (Project.objects.filter(planned_start_date__lte=_days_ago(today, floor), actual_start_date__isnull=True)
            .exclude(stage__in=STARTED_OR_DONE + INACTIVE).values_list("pk", "planned_start_date"))
    return _graded(rule, (((pk, (today - planned).days, planned)) for pk, planned in rows),
                   lambda days, planned: f"计划 {planned:%Y-%m-%d} 开工，已逾期 {days} 天仍未开工")


def progress_behind(rule, today, now):
    """投资完成落后序时进度: this year's approved investment over the plan, against the elapsed share of the year."""
    floor = lowest(rule)
    year = today.year
    time_progress = calculations.time_progress(year, today)
    if floor is None or time_progress - floor <= 0:
        return {}
    done = calculations.completed_through(calculations.months_reported(year, today))
    rows = (ProjectYearRollup.objects.filter(calculations.has_plan(), year=year)
            .exclude(project__stage__in=INACTIVE)
            .annotate(done=done)
            .filter(calculations.behind_time(F("done"), F("planned_investment"), time_progress - floor))
            .values_list("project_id", "planned_investment", "done"))

    def behind(rows):
        for project_id, planned, completed in rows:
            rate = calculations.completion_share(completed, planned)
            yield project_id, time_progress - rate, rate

    return _graded(rule, behind(rows), lambda points, rate: (
        f"{year}年投资完成率 {rate.quantize(ONE_PLACE, ROUND_HALF_UP)}%，时间进度 {time_progress}%，"
        f"落后 {points.quantize(ONE_PLACE, ROUND_HALF_UP)} 个百分点"))


def _latest_due_month(today):
    """The latest month whose report deadline has passed (last month, or the one before early in a month)."""
    year, month = today.year, today.month
    for _ in range(2):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        deadline = services.report_deadline(year, month)
        if deadline < today:
            return year, month, deadline
    return None


def report_missing(rule, today, now):
    """月报未按期报送: the latest month due is unsent; measured from the oldest unsent month of the run.

    A project that reported through July and sent nothing since is late from August's deadline,
    not only from the latest one: two months unsent is worse than one. A project with no report
    sent this year may have joined the plan mid-year, so it is measured from the latest month only.
    """
    floor = lowest(rule)
    due = _latest_due_month(today)
    if floor is None or due is None:
        return {}
    year, month, deadline = due
    if (today - deadline).days < floor:
        return {}
    missing = list(services.projects_missing_report(year, month, Project.objects.all())
                   .values_list("pk", flat=True).distinct())
    last_sent = {}
    for start in range(0, len(missing), 5000):
        last_sent.update(MonthlyReport.objects.filter(
            project_id__in=missing[start:start + 5000], year=year, month__lt=month,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        ).order_by().values("project_id").annotate(last=Max("month")).values_list("project_id", "last"))

    def overdue():
        for pk in missing:
            first = last_sent[pk] + 1 if pk in last_sent else month
            first_deadline = services.report_deadline(year, first)
            yield pk, (today - first_deadline).days, first, first_deadline

    def describe(days, first, first_deadline):
        if first == month:
            return f"{year}年{month}月月报应于 {first_deadline:%Y-%m-%d} 前报送，已超期 {days} 天未报送"
        return (f"{year}年{first}月起连续 {month - first + 1} 个月未报送月报，"
                f"{first}月月报应于 {first_deadline:%Y-%m-%d} 前报送，已超期 {days} 天")

    return _graded(rule, overdue(), describe)


def problem_overdue(rule, today, now):
    """协调问题逾期: the project's earliest open problem past its deadline, in days overdue."""
    try:
        from tuijin.coordination.models import OPEN_STATUSES, Problem
    except ImportError as missing:
        raise RuleUnavailable("问题协调模块未安装") from missing
    floor = lowest(rule)
    if floor is None:
        return {}
    rows = (Problem.objects.filter(status__in=OPEN_STATUSES, project__isnull=False,
                                   deadline__lt=now - dt.timedelta(days=float(floor)))
            .values("project_id").annotate(earliest=Min("deadline")).order_by()
            .values_list("project_id", "earliest"))

    def overdue(rows):
        for project_id, earliest in rows:
            yield project_id, Decimal((now - earliest).total_seconds() / 86400).quantize(ONE_PLACE), earliest

    return _graded(rule, overdue(rows), lambda days, earliest: (
        f"协调问题办理期限 {earliest.astimezone():%Y-%m-%d %H:%M}，已逾期 {days} 天"))


def stage_held(rule, today, now):
    """阶段停留过久: days since the project entered its current stage (在谈、已注册、前期手续、停缓建)."""
    floor = lowest(rule)
    if floor is None:
        return {}
    since = Coalesce("stage_changed_at", "created_at")
    rows = (Project.objects.filter(stage__in=HELD_STAGES).annotate(since=since)
            .filter(since__lt=now - dt.timedelta(days=float(floor))).values_list("pk", "since", "stage"))
    labels = dict(Stage.choices)
    return _graded(rule, ((pk, (now - since).days, stage) for pk, since, stage in rows),
                   lambda days, stage: f"处于“{labels[stage]}”阶段已 {days} 天")


def signed_unregistered(rule, today, now):
    """签约未注册: signed (stage 已签约) and no local company registered N days after the signing."""
    floor = lowest(rule)
    if floor is None:
        return {}
    rows = Project.objects.filter(stage=Stage.SIGNED, actual_sign_date__lte=_days_ago(today, floor),
                                  actual_register_date__isnull=True).values_list("pk", "actual_sign_date")
    return _graded(rule, ((pk, (today - signed).days, signed) for pk, signed in rows),
                   lambda days, signed: f"{signed:%Y-%m-%d} 签约，{days} 天仍未注册")


def not_filed(rule, today, now):
    """开工未入库: started, at or above 500 万元, not filed in the statistics N days after the start (应统尽统)."""
    floor = lowest(rule)
    if floor is None:
        return {}
    rows = (Project.objects.filter(calculations.must_file(_days_ago(today, floor)), stats_filed_on__isnull=True)
            .values_list("pk", "actual_start_date"))
    return _graded(rule, ((pk, (today - started).days, started) for pk, started in rows),
                   lambda days, started: f"{started:%Y-%m-%d} 开工，{days} 天仍未入库入统")


def node_overdue(rule, today, now):
    """促建节点逾期: the project's open node furthest past its planned finish, in working days."""
    floor = lowest(rule)
    if floor is None:
        return {}
    # a working day is a day, so a node N working days late is at least N calendar days late
    late = nodeplans.open_nodes().filter(planned_finish__lte=_days_ago(today, max(floor, Decimal(1))))
    summaries = nodeplans.project_summaries(late, today)
    return _graded(rule, ((pk, found.worst_overdue, found) for pk, found in summaries.items()),
                   lambda days, found: f"促建节点“{found.worst_node}”已逾期 {days} 个工作日"
                                       f"（共 {found.overdue} 个节点逾期）")


def forecast_shortfall(rule, today, now):
    """预计完不成年度计划: the year-end forecast's probability of missing the plan (foresight), in percent.

    One pass: the forecast reads this year's rollups in one query (the model it applies is fitted
    once per change of the past years). It warns from March on (two months of reports), months
    before the completion rate trails time progress far enough for 投资完成落后序时进度.
    """
    floor = lowest(rule)
    if floor is None or foresight.months_known(today.year, today) < 2:
        return {}
    outlook = foresight.outlook(today.year, today, Project.objects.exclude(stage__in=INACTIVE))
    forecast = outlook.year_end
    # ``Outlook.below``'s selection, over the arrays: its per-project record words every explanation,
    # which the scan needs only for the warnings it writes (``forecast_calculations.explain``, lazily).
    p = forecast.probability
    rows = np.flatnonzero((forecast.known < 12) & ~np.isnan(p) & (p <= 1 - float(floor) / 100 + 1e-12))
    keys, shortfall = outlook.panel.keys, 100 - p * 100
    return _graded(rule, ((int(keys[i]), Decimal(float(shortfall[i])), int(i)) for i in rows.tolist()),
                   lambda measure, i: forecast_calculations.explain(forecast, i))


RULES = {
    RuleKey.START_OVERDUE: start_overdue,
    RuleKey.PROGRESS_BEHIND: progress_behind,
    RuleKey.REPORT_MISSING: report_missing,
    RuleKey.PROBLEM_OVERDUE: problem_overdue,
    RuleKey.STAGE_HELD: stage_held,
    RuleKey.SIGNED_UNREGISTERED: signed_unregistered,
    RuleKey.NOT_FILED: not_filed,
    RuleKey.NODE_OVERDUE: node_overdue,
    RuleKey.FORECAST_SHORTFALL: forecast_shortfall,
}
