"""The scheduled job: deadline reminders, overdue notices, and climbing levels when time runs out.

Run every few minutes by huey (``tasks.py``) and by ``manage.py escalate_problems``. Each
problem is claimed with a compare-and-set ``update()`` before anything is sent, like
healthchecks' ``sendalerts``: two copies of the job running at once, or the same run
repeated, send every notice once and climb every level once.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tuijin.lib import workdays
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import actions
from .models import OPEN_STATUSES, AssignmentRole, EventKind, Level, Problem, ProblemStatus

log = logging.getLogger(__name__)


@dataclass
class Run:
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    escalated: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def summary(self):
        return (f"临期提醒 {len(self.due_soon)} 件，逾期提醒 {len(self.overdue)} 件，升级 {len(self.escalated)} 件"
                + (f"，失败 {len(self.errors)} 件" if self.errors else ""))


def run(now=None) -> Run:
    now = now or timezone.now()
    result = Run()
    _overdue_notices(now, result)
    _due_soon_notices(now, result)
    _escalations(now, result)
    return result


def _open():
    return Problem.objects.filter(status__in=OPEN_STATUSES).select_related("lead_department")


def _overdue_notices(now, result):
    coordinators = None
    for problem in _open().filter(deadline__lt=now, overdue_notified_at__isnull=True):
        with transaction.atomic():
            claimed = Problem.objects.filter(pk=problem.pk, status__in=OPEN_STATUSES, deadline=problem.deadline,
                                             overdue_notified_at__isnull=True).update(overdue_notified_at=now)
            if not claimed:
                continue
            problem.assignments.filter(role=AssignmentRole.LEAD, ended_at__isnull=True).update(went_overdue=True)
            due = timezone.localtime(problem.deadline).strftime("%Y-%m-%d %H:%M")
            actions.record_event(problem, EventKind.OVERDUE, actor=None, now=now, department=problem.lead_department,
                                 reason=f"办理期限 {due} 已过")
            coordinators = actions.coordinators() if coordinators is None else coordinators
            notify(actions.clerks(problem.lead_department) + coordinators, kind=NotificationKind.PROBLEM_OVERDUE,
                   title=f"已逾期：{problem.title}", body=f"牵头部门：{problem.lead_department}；办理期限 {due}。",
                   url=actions.problem_url(problem))
            result.overdue.append(problem.pk)


def _due_soon_notices(now, result):
    """Due by the end of the next working day and not yet reminded."""
    try:
        horizon = workdays.deadline_after(now, 1)
    except workdays.CalendarUnknown as unknown:
        log.error("%s", unknown)
        result.errors.append(str(unknown))
        return
    for problem in _open().filter(deadline__gte=now, deadline__lte=horizon, due_soon_notified_at__isnull=True):
        with transaction.atomic():
            claimed = Problem.objects.filter(pk=problem.pk, status__in=OPEN_STATUSES, deadline=problem.deadline,
                                             due_soon_notified_at__isnull=True).update(due_soon_notified_at=now)
            if not claimed:
                continue
            due = timezone.localtime(problem.deadline).strftime("%Y-%m-%d %H:%M")
            actions.record_event(problem, EventKind.DUE_SOON, actor=None, now=now, department=problem.lead_department,
                                 reason=f"办理期限 {due} 临近")
            notify(actions.clerks(problem.lead_department), kind=NotificationKind.PROBLEM_DUE_SOON, title=f"即将到期：{problem.title}",
                   body=f"办理期限 {due}，请抓紧办理并答复。", url=actions.problem_url(problem))
            result.due_soon.append(problem.pk)


def _reason(problem, now):
    local = timezone.localtime
    if problem.status == ProblemStatus.ASSIGNED and problem.accept_due and problem.accept_due < now:
        return f"超过报到期限（{local(problem.accept_due):%m-%d %H:%M}）未报到"
    if problem.deadline and problem.deadline < now:
        if problem.level == Level.LEADER and problem.escalate_after and problem.escalate_after > problem.deadline:
            return "领导督办期限已过，问题仍未办结"
        return f"超过办理期限（{local(problem.deadline):%m-%d %H:%M}）未办结"
    return "升级时点已过"


def _escalations(now, result):
    due = _open().filter(level__in=[Level.DEPARTMENT, Level.LEADER], escalate_after__lt=now).order_by("escalate_after")
    for problem in due:
        try:
            escalated = actions.escalate_problem(problem, reason=_reason(problem, now), now=now, automatic=True)
        except actions.CalendarRefused as refusal:
            log.error("problem %s not escalated: %s", problem.pk, refusal)
            result.errors.append(str(refusal))
            continue
        except actions.Refused as refusal:  # somebody acted on it, or another run claimed it, in the meantime
            log.info("problem %s not escalated: %s", problem.pk, refusal)
            continue
        result.escalated.append((escalated.pk, escalated.level))
