"""待办: what waits for one user, gathered from every feature app by a registry of small sources.

Each source is a function of (user, today) returning a queryset of the rows that wait for the user,
ordered by their deadline, and a function turning one row into a ``Todo``. The workbench sits above
every feature app (layer 9), so the sources read the apps' models here and no app imports upward.
Who a row waits for is a ``*_duty`` filter from ``tuijin.accounts.access`` (the ``can_*`` rule as a
filter) or the app's own scope, so a user is never shown work they would be refused.

Cost: one query for every source's count (a scalar subquery each), then one query for the first rows
(``LIMIT``) of each source that has any — flat in the number of items. ``board_for(request)`` caches per
request, so the home page and the navbar badge share the queries; other pages pay the one count query.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import access
from tuijin.alerts.models import Warning, WarningLevel, WarningStatus
from tuijin.coordination.models import (
    EventKind, Level, Problem, ProblemEvent, ProblemKind, ProblemStatus,
)
from tuijin.nodeplans import calculations as node_calculations
from tuijin.nodeplans.access import unit_of
from tuijin.policies.models import AutoGrantItem, AutoGrantRun, ItemStatus, RunStatus
from tuijin.progress.models import MonthlyReport, ReportingSettings, ReportStatus, YearlyPlan
from tuijin.projects.models import Project, Stage
from tuijin.promotion.models import ACTIVE as ACTIVE_LEAD_STAGES
from tuijin.promotion.models import Activity, Lead, LeadEvent

LIMIT = 10  # rows per source on the home page; the source's own page lists the rest
QUIET_DAYS = 30  # a lead with nothing logged for this long is a to-do for its owner
# Stages in which a project invests this year and needs a yearly plan.
PLANNED_STAGES = [Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION, Stage.CONSTRUCTION]


@dataclass
class Todo:
    kind: str  # the source's key
    verb: str  # what is to be done, as a badge: 审核、报到、签收 …
    title: str
    subject: str  # the project, enterprise or lead it concerns
    deadline: dt.date | None
    url: str  # the page where it is done
    action_label: str
    since: dt.datetime | dt.date | None = None  # when it began waiting (for items without a deadline)
    post_url: str = ""  # a one-click action done in place (htmx), when there is one
    urgent: bool = False

    def overdue(self, today):
        return self.deadline is not None and self.deadline < today

    def sort_key(self):
        since = self.since.date() if isinstance(self.since, dt.datetime) else self.since
        return (self.deadline is None, self.deadline or dt.date.max, since or dt.date.max, self.title)


@dataclass
class Source:
    key: str
    label: str
    rows: object  # (user, today, context) -> queryset or None when the source does not apply to the user
    item: object  # (row, today, context) -> Todo
    more_url: object  # (user) -> the page listing all of them


@dataclass
class Group:
    source: Source
    items: list
    count: int
    more_url: str


@dataclass
class Board:
    groups: list = field(default_factory=list)

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @property
    def items(self):
        found = [item for group in self.groups for item in group.items]
        return sorted(found, key=Todo.sort_key)


def _local(value):
    return timezone.localtime(value).date() if value else None


class _Context:
    """What several sources need once per board: the report deadline day."""

    def __init__(self):
        self._deadline_day = None

    def report_deadline(self, year, month) -> dt.date:
        if self._deadline_day is None:
            self._deadline_day = ReportingSettings.current().deadline_day
        return dt.date(year + (month == 12), month % 12 + 1, self._deadline_day)


def _progress_url(project, year):
    return f"{reverse('progress_project', args=[project.pk])}?year={year}"


# ------------------------------------------------------------------ 投资进度: monthly reports


def _reports_to_review(user, today, context):
    duty = access.review_duty(user, via="project")
    if duty == access.NOTHING:
        return None
    return (MonthlyReport.objects.filter(duty, status=ReportStatus.SUBMITTED)
            .select_related("project").order_by("year", "month", "submitted_at", "pk"))


def _review_item(report, today, context):
    return Todo("review", "审核", f"{report.period_label}月报待审核（本月完成 {report.completed_investment} 万元）",
                report.project.name, context.report_deadline(report.year, report.month),
                _progress_url(report.project, report.year), "去审核", since=report.submitted_at)


def _reports_to_fix(user, today, context):
    duty = access.report_duty(user, via="project")
    if duty == access.NOTHING:
        return None
    return (MonthlyReport.objects.filter(duty, status=ReportStatus.RETURNED)
            .select_related("project").order_by("year", "month", "pk"))


def _fix_item(report, today, context):
    reason = f"：{report.return_reason}" if report.return_reason else ""
    return Todo("fix", "修改", f"{report.period_label}月报被退回{reason}", report.project.name,
                context.report_deadline(report.year, report.month), _progress_url(report.project, report.year),
                "修改并重新报送", since=report.reviewed_at, urgent=True)


def _plans_to_make(user, today, context):
    duty = access.upkeep_duty(user)
    if duty == access.NOTHING:
        return None
    planned = YearlyPlan.objects.filter(project=OuterRef("pk"), year=today.year)
    return (Project.objects.filter(duty, stage__in=PLANNED_STAGES).filter(~Exists(planned))
            .order_by("-total_investment", "pk"))


def _plan_item(project, today, context):
    return Todo("plan", "计划", f"尚未制定{today.year}年度投资计划", project.name, None,
                _progress_url(project, today.year), "制定年度计划")


# ------------------------------------------------------------------ 问题协调 (吹哨报到)


def _problem_url(problem):
    return reverse("coordination_problem", args=[problem.pk])


def _problem_subject(problem):
    subject = problem.project or problem.enterprise
    return str(subject.name) if subject else (problem.meeting.title if problem.meeting_id else "交办事项")


_PROBLEM_RELATED = ("project", "enterprise", "meeting")


def _problems_to_assign(user, today, context):
    if not access.can_assign_problem(user):
        return None
    return (Problem.objects.filter(status__in=[ProblemStatus.SUBMITTED, ProblemStatus.RETURNED])
            .select_related(*_PROBLEM_RELATED).order_by("created_at", "pk"))


def _assign_item(problem, today, context):
    again = problem.status == ProblemStatus.RETURNED
    return Todo("assign", "交办", f"{problem.code} {problem.title}" + ("（部门退回，需重新交办）" if again else ""),
                _problem_subject(problem), None, reverse("coordination_assign", args=[problem.pk]),
                "重新交办" if again else "交办", since=problem.created_at, urgent=again)


def _problems_to_accept(user, today, context):
    department = access.department_of(user)
    if not department:
        return None
    return (Problem.objects.filter(lead_department_id=department, status=ProblemStatus.ASSIGNED)
            .select_related(*_PROBLEM_RELATED).order_by(F("accept_due").asc(nulls_last=True), "pk"))


def _accept_item(problem, today, context):
    return Todo("accept", "报到", f"{problem.code} {problem.title}", _problem_subject(problem),
                _local(problem.accept_due), _problem_url(problem), "报到",
                since=problem.assigned_at, post_url=reverse("workbench_accept", args=[problem.pk]))


def _problems_to_reply(user, today, context):
    department = access.department_of(user)
    if not department:
        return None
    return (Problem.objects.filter(lead_department_id=department,
                                   status__in=[ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS])
            .select_related(*_PROBLEM_RELATED).order_by(F("deadline").asc(nulls_last=True), "pk"))


def _reply_item(problem, today, context):
    again = " （退回重办）" if problem.reopen_count else ""
    return Todo("reply", "答复", f"{problem.code} {problem.title}{again}", _problem_subject(problem),
                _local(problem.deadline), _problem_url(problem), "办理并答复", since=problem.accepted_at)


def _problems_to_confirm(user, today, context):
    if not access.is_active(user):
        return None
    duty = access.confirm_duty(user) & Q(kind=ProblemKind.PROBLEM)
    if access.is_coordinator(user):
        duty |= Q(kind=ProblemKind.ACTION_ITEM)
    return (Problem.objects.filter(duty, status=ProblemStatus.REPLIED)
            .select_related(*_PROBLEM_RELATED).order_by("replied_at", "pk"))


def _confirm_item(problem, today, context):
    return Todo("confirm", "确认", f"{problem.code} {problem.title}：部门已答复，请确认并评价",
                _problem_subject(problem), None, _problem_url(problem), "确认或退回重办", since=problem.replied_at)


def _problems_to_direct(user, today, context):
    """Escalated problems of the projects and enterprises ``user`` is 包保 for, not directed by them since."""
    if not access.is_active(user) or access.is_enterprise_user(user):
        return None
    escalated_at = (ProblemEvent.objects.filter(problem=OuterRef("pk"), kind=EventKind.ESCALATED)
                    .order_by("-created_at").values("created_at")[:1])
    directed = ProblemEvent.objects.filter(problem=OuterRef("pk"), kind=EventKind.DIRECTED, actor=user,
                                           created_at__gte=OuterRef("escalated_at"))
    mine = Q(project__responsible_official=user) | Q(project__isnull=True, enterprise__responsible_official=user)
    return (Problem.objects.filter(mine, level__gte=Level.LEADER).exclude(status=ProblemStatus.CLOSED)
            .annotate(escalated_at=Coalesce(Subquery(escalated_at), F("created_at")))
            .filter(~Exists(directed))
            .select_related(*_PROBLEM_RELATED).order_by(F("deadline").asc(nulls_last=True), "pk"))


def _direct_item(problem, today, context):
    return Todo("direct", "批示", f"{problem.code} {problem.title}（{problem.get_level_display()}）",
                _problem_subject(problem), _local(problem.deadline), _problem_url(problem), "批示督办",
                since=problem.escalated_at, urgent=problem.level == Level.MEETING)


# ------------------------------------------------------------------ 跟踪预警


def _warnings_to_dispose(user, today, context):
    duty = access.upkeep_duty(user, via="project")
    if duty == access.NOTHING:
        return None
    return (Warning.objects.filter(duty, status__in=[WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED])
            .select_related("project").order_by("-status", "level_changed_at", "pk"))


def _warning_item(warning, today, context):
    url = reverse("alerts_warning", args=[warning.pk])
    opened = warning.status == WarningStatus.OPEN
    return Todo("warning", "签收" if opened else "处置", f"{warning.get_level_display()}：{warning.cause}",
                warning.project.name, None, url, "签收" if opened else "记录处置",
                since=warning.level_changed_at, urgent=warning.level == WarningLevel.RED,
                post_url=reverse("workbench_acknowledge", args=[warning.pk]) if opened else "")


# ------------------------------------------------------------------ 招商引资


def _quiet_leads(user, today, context):
    if not access.can_work_leads(user):
        return None
    last_event = (LeadEvent.objects.filter(lead=OuterRef("pk")).order_by("-occurred_on")
                  .values("occurred_on")[:1])
    last_activity = (Activity.objects.filter(leads=OuterRef("pk")).order_by("-held_on").values("held_on")[:1])
    quiet_since = today - dt.timedelta(days=QUIET_DAYS)
    return (Lead.objects.visible_to(user).filter(owner=user, stage__in=ACTIVE_LEAD_STAGES)
            .annotate(last_touch=Greatest("stage_entered_on", Coalesce(Subquery(last_event), "stage_entered_on"),
                                          Coalesce(Subquery(last_activity), "stage_entered_on")))
            .filter(last_touch__lt=quiet_since).order_by("last_touch", "pk"))


def _lead_item(lead, today, context):
    days = (today - lead.last_touch).days
    return Todo("lead", "跟进", f"{lead.code} {lead.name}：已 {days} 天没有跟进记录", lead.company_name,
                lead.last_touch + dt.timedelta(days=QUIET_DAYS), reverse("promotion_lead", args=[lead.pk]),
                "登记跟进", since=lead.last_touch)


# ------------------------------------------------------------------ 政策兑现 (免申即享)


def _runs_to_review(user, today, context):
    if not access.can_run_auto_grants(user):
        return None
    pending = AutoGrantItem.objects.filter(run=OuterRef("pk"), status=ItemStatus.PENDING)
    return (AutoGrantRun.objects.filter(status=RunStatus.REVIEWING).annotate(has_pending=Exists(pending))
            .order_by("created_at", "pk"))


def _run_item(run, today, context):
    what = "逐条审核后发布" if run.has_pending else "已全部审核，待发布"
    return Todo("run", "审核", f"免申即享批次“{run.title}”：{what}", f"{run.data_year}年度数据", None,
                reverse("policy_run", args=[run.pk]), "审核" if run.has_pending else "发布", since=run.created_at)


# ------------------------------------------------------------------ 促建流程 (node plans)


def _nodes_due(user, today, context):
    unit = unit_of(user)
    if not unit:
        return None
    queryset, _ = node_calculations.todo([unit], today, node_calculations.DEFAULT_SOON)
    return queryset


def _node_item(node, today, context):
    project = node.plan.project
    late = node.planned_finish < today
    return Todo("node", "节点", f"{node.name}{'已逾期' if late else '即将到期'}（计划 {node.planned_finish:%m-%d} 完成）",
                project.name, node.planned_finish, reverse("nodeplans_project", args=[project.pk]),
                "办理节点", urgent=late)


def _url(name, query=""):
    return lambda user: reverse(name) + query


SOURCES = [
    Source("review", "月报待审核", _reports_to_review, _review_item, _url("progress_review")),
    Source("fix", "月报被退回", _reports_to_fix, _fix_item, _url("progress_overview")),
    Source("plan", "年度计划未制定", _plans_to_make, _plan_item, _url("progress_overview")),
    Source("assign", "问题待交办", _problems_to_assign, _assign_item, _url("coordination_problems", "?status=submitted")),
    Source("accept", "问题待报到", _problems_to_accept, _accept_item, _url("coordination_problems", "?status=assigned")),
    Source("reply", "问题待答复", _problems_to_reply, _reply_item, _url("coordination_problems", "?status=in_progress")),
    Source("confirm", "答复待确认", _problems_to_confirm, _confirm_item, _url("coordination_problems", "?status=replied")),
    Source("direct", "问题待批示", _problems_to_direct, _direct_item, _url("coordination_problems", "?level=2")),
    Source("warning", "预警待处置", _warnings_to_dispose, _warning_item, _url("alerts_warnings")),
    Source("lead", "线索久未跟进", _quiet_leads, _lead_item, _url("promotion_leads")),
    Source("run", "免申即享待审核", _runs_to_review, _run_item, _url("policy_runs")),
    Source("node", "促建节点到期", _nodes_due, _node_item, _url("nodeplans_todo")),
]


def _counts(user, today, context) -> dict:
    """{source: (its rows, how many)} for the sources that apply to ``user``: every count in one query."""
    applying = {}
    for source in SOURCES:
        rows = source.rows(user, today, context)
        if rows is not None:
            applying[source.key] = (source, rows)
    if not applying:
        return {}
    columns = {f"todo_{key}": _count(rows) for key, (source, rows) in applying.items()}
    found = get_user_model().objects.filter(pk=user.pk).values(**columns).first() or {}
    return {key: (source, rows, found.get(f"todo_{key}", 0)) for key, (source, rows) in applying.items()}


def _count(rows):
    """``rows.count()`` as a scalar subquery, so that every source's count is one column of one query."""
    counted = rows.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def build(user, today=None, limit=LIMIT) -> Board:
    """Every source's first ``limit`` rows for ``user`` and its count: one query for all the counts, then one
    per source that has something (flat in the number of items)."""
    today = today or timezone.localdate()
    context = _Context()
    board = Board()
    for source, rows, count in _counts(user, today, context).values():
        if count:
            items = [source.item(row, today, context) for row in rows[:limit]]
            board.groups.append(Group(source, items, count, source.more_url(user)))
    return board


def total(user, today=None) -> int:
    """How many to-dos wait for ``user``: the navbar badge of every page, in one query."""
    today = today or timezone.localdate()
    return sum(count for _, _, count in _counts(user, today, _Context()).values())


def count_for(request) -> int:
    """The badge's number: the board's when the page built one, else ``total`` (cached per request)."""
    if getattr(request, "_todo_board", None) is not None:
        return request._todo_board.total
    cached = getattr(request, "_todo_total", None)
    if cached is None:
        cached = total(request.user)
        request._todo_total = cached
    return cached


def board_for(request) -> Board:
    """The user's board, built once per request (the home page and the navbar badge share it)."""
    cached = getattr(request, "_todo_board", None)
    if cached is None:
        cached = build(request.user)
        request._todo_board = cached
    return cached
