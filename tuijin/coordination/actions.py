"""The 吹哨报到 loop: file → assign → report in (报到) → work → reply → confirm, or reopen, or hand back.

已提交 → 已交办 → 已报到 → 办理中 → 已答复 → 已办结, with 已答复 → 办理中 (reopened with a reason)
and 已交办/已报到/办理中 → 已退回 (反向交办, the coordinator reassigns). Problems climb three levels
(``escalate_problem``), by hand or from ``escalation.run``.

Every action runs in one transaction: it locks the problem's row, checks its rule, moves the
status with a compare-and-set ``update()`` (so two departments acting at once cannot both
win), writes a ``ProblemEvent`` and notifies whoever has to act next. ``now`` can be given
for simulated time (the escalation command's ``--now`` and the tests).
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.accounts.access import can_assign_problem
from tuijin.accounts.models import OrganisationKind
from tuijin.lib import changes as history
from tuijin.lib import workdays
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify, notify_many

from . import attachments, events
from .models import (
    NEXT_LEVEL, OPEN_STATUSES, UNFINISHED_STATUSES, AssignmentRole, EventKind, Level, Meeting, MeetingKind, Problem,
    ProblemAssignment, ProblemKind, ProblemStatus, ReplyOutcome, Urgency,
)

MAX_WORKDAYS = 60


class Refused(Exception):
    """An action the problem's state or the rules do not allow; the message says why in Chinese."""


class CalendarRefused(Refused):
    """A deadline falls in a year whose holidays the installed calendar does not know."""


# ------------------------------------------------------------------ helpers


def problem_url(problem):
    return reverse("coordination_problem", args=[problem.pk])


def clerks(*departments):
    """The active clerks of ``departments`` (Organisations or ids), who receive the department's messages."""
    return list(recipients.clerks(*departments))


def coordinators():
    return list(recipients.coordinators())


def _filers(problem):
    return [problem.filed_by] if problem.filed_by_id else coordinators()


def _locked(problem):
    return Problem.objects.select_for_update(of=("self",)).select_related(
        "project", "enterprise", "lead_department", "filed_by").get(pk=problem.pk)


def _move(current, *, to, **fields):
    """Compare-and-set ``current``'s status to ``to``; refuse when somebody else moved it first."""
    updated = Problem.objects.filter(pk=current.pk, status=current.status, level=current.level).update(
        status=to, updated_at=timezone.now(), **fields)
    if not updated:
        raise Refused("该问题刚刚已被他人处理，请刷新页面查看最新状态。")
    current.refresh_from_db()
    return current


# Append a step to the problem's timeline (``ProblemEvent`` rows are never changed afterwards).
record_event = events.problem_step


def _refuse_status(current, action):
    raise Refused(f"该问题当前状态为“{current.get_status_display()}”，不能{action}。")


def _active_lead(problem):
    return ProblemAssignment.objects.filter(problem=problem, role=AssignmentRole.LEAD, ended_at__isnull=True).first()


def _deadline(now, count):
    try:
        return workdays.deadline_after(now, count)
    except workdays.CalendarUnknown as unknown:
        raise CalendarRefused(str(unknown)) from None


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise Refused(f"请填写{what}。")
    return value


def _next_escalation(*, status, level, accept_due, deadline, now):
    """When the problem climbs again if nothing happens (``escalation`` runs the clock).

    Not reported in by ``accept_due``: level 1 → 2. Not replied by ``deadline``: one level up.
    At level 2 the leader gets ``COORDINATION_LEADER_WORKDAYS`` more working days (and at least
    until the deadline) before it goes to the scheduling meeting. Level 3 climbs no further,
    and a problem that is not with a department (submitted, replied, returned, closed) waits.
    """
    if level == Level.MEETING or status not in OPEN_STATUSES:
        return None
    if status == ProblemStatus.ASSIGNED and level == Level.DEPARTMENT:
        return accept_due
    if level == Level.LEADER:
        return max(deadline, _deadline(now, settings.COORDINATION_LEADER_WORKDAYS))
    return deadline


# ------------------------------------------------------------------ filing and assigning


def file_problem(*, actor, data: dict, files=(), kind=ProblemKind.PROBLEM, meeting=None, now=None) -> Problem:
    """吹哨: a new problem about ``data["project"]`` or ``data["enterprise"]``, waiting to be assigned."""
    now = now or timezone.now()
    project, enterprise = data.get("project"), data.get("enterprise")
    if kind == ProblemKind.PROBLEM and project is None and enterprise is None:
        raise Refused("请选择问题涉及的项目或企业。")
    if project is not None and enterprise is None:
        enterprise = project.enterprise
    with transaction.atomic():
        problem = Problem.objects.create(
            kind=kind, title=_text(data.get("title"), "问题摘要"),
            description=_text(data.get("description"), "问题描述"), category=data["category"],
            urgency=data.get("urgency") or Urgency.NORMAL, project=project, enterprise=enterprise, meeting=meeting,
            filed_by=actor, created_at=now,
        )
        prefix = "JB" if kind == ProblemKind.ACTION_ITEM else "WT"
        problem.code = f"{prefix}{timezone.localtime(now).year}-{problem.pk:05d}"
        problem.save(update_fields=["code"])
        event = record_event(problem, EventKind.DECIDED if meeting else EventKind.FILED, actor=actor, now=now,
                             to_status=ProblemStatus.SUBMITTED, to_level=Level.DEPARTMENT,
                             details={"meeting": meeting.title} if meeting else {})
        attachments.store(problem, files, actor=actor, event=event, now=now)
        if kind == ProblemKind.PROBLEM:
            subject = project or enterprise
            notify(coordinators(), kind=NotificationKind.PROBLEM_FILED, title=f"新问题待交办：{subject} — {problem.title}",
                   body=problem.description[:200], url=problem_url(problem), email=False)
        return problem


ASSIGNABLE = (ProblemStatus.SUBMITTED, ProblemStatus.RETURNED)  # 待交办: new, or handed back


def assignment_rule(*, lead, co_departments, working_days):
    """The rule of every 交办, one problem or many: functional departments, 1—60 working days.

    Returns the co-departments without the lead. Checked before anything is locked, so a bad
    choice refuses a whole batch without writing.
    """
    co_departments = [department for department in co_departments if department.pk != lead.pk]
    if any(department.kind != OrganisationKind.DEPARTMENT for department in [lead, *co_departments]):
        raise Refused("牵头部门和协办部门须为职能部门。")
    if not isinstance(working_days, int) or isinstance(working_days, bool) or not 1 <= working_days <= MAX_WORKDAYS:
        raise Refused(f"办理时限应为 1—{MAX_WORKDAYS} 个工作日。")
    return co_departments


def _assigned_fields(*, lead, working_days, level, now, accept_due, deadline):
    """The columns a 交办 sets on the problem (its clock restarts)."""
    return dict(lead_department=lead, working_days=working_days, assigned_at=now, accept_due=accept_due,
                deadline=deadline, accepted_at=None, replied_at=None, due_soon_notified_at=None,
                overdue_notified_at=None,
                escalate_after=_next_escalation(status=ProblemStatus.ASSIGNED, level=level, accept_due=accept_due,
                                                deadline=deadline, now=now))


def _assignment_rows(problem_id, *, actor, lead, co_departments, now, accept_due, deadline):
    return ([ProblemAssignment(problem_id=problem_id, department=lead, role=AssignmentRole.LEAD, assigned_by=actor,
                               assigned_at=now, accept_due=accept_due, deadline=deadline)]
            + [ProblemAssignment(problem_id=problem_id, department=department, role=AssignmentRole.CO,
                                 assigned_by=actor, assigned_at=now, deadline=deadline)
               for department in co_departments])


def _assigned_details(co_departments, working_days, accept_due, deadline):
    return {"co_departments": [department.name for department in co_departments], "working_days": working_days,
            "deadline": timezone.localtime(deadline).isoformat(),
            "accept_due": timezone.localtime(accept_due).isoformat()}


def assign_problem(problem, *, actor, lead, co_departments=(), working_days, note="", now=None) -> Problem:
    """Give the problem to ``lead`` (with ``co_departments``) and a deadline of ``working_days`` working days.

    Also how a handed-back problem is reassigned. The lead department then has until the end of
    the next working day to report in (报到).
    """
    now = now or timezone.now()
    co_departments = assignment_rule(lead=lead, co_departments=co_departments, working_days=working_days)
    accept_due, deadline = _deadline(now, 1), _deadline(now, working_days)
    with transaction.atomic():
        current = _locked(problem)
        if current.status not in ASSIGNABLE:
            _refuse_status(current, "交办")
        source = current.status
        reassigned = current.assignments.exists()
        current = _move(current, to=ProblemStatus.ASSIGNED, **_assigned_fields(
            lead=lead, working_days=working_days, level=current.level, now=now, accept_due=accept_due,
            deadline=deadline))
        current.assignments.filter(ended_at__isnull=True).update(ended_at=now, end_reason="重新交办")
        ProblemAssignment.objects.bulk_create(_assignment_rows(
            current.pk, actor=actor, lead=lead, co_departments=co_departments, now=now, accept_due=accept_due,
            deadline=deadline))
        record_event(current, EventKind.REASSIGNED if reassigned else EventKind.ASSIGNED, actor=actor, now=now,
                     from_status=source, to_status=ProblemStatus.ASSIGNED, department=lead, reason=(note or "").strip(),
                     details=_assigned_details(co_departments, working_days, accept_due, deadline))
        due = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        notify(clerks(lead), kind=NotificationKind.PROBLEM_ASSIGNED, title=f"交办（牵头）：{current.title}",
               body=f"请于 {timezone.localtime(accept_due):%Y-%m-%d %H:%M} 前报到，{due} 前办结答复。",
               url=problem_url(current))
        notify(clerks(*co_departments), kind=NotificationKind.PROBLEM_ASSIGNED, title=f"交办（协办）：{current.title}",
               body=f"牵头部门：{lead.name}；办理期限 {due}。", url=problem_url(current))
        return current


def assign_many(problems, *, actor, lead, co_departments=(), working_days, note="", since=None,
                now=None) -> tuple[list, list]:
    """交办 many problems to one lead department at once: (assigned, stale).

    The same rule as :func:`assign_problem` (``assignment_rule``, 待交办 only), in one transaction:
    one compare-and-set ``update()`` per level, the old assignments ended and the new ones created in
    bulk, one ``ProblemEvent`` per problem and one message per department listing its problems.
    A user who may not assign, or a problem that was not 待交办 when the list was shown (``since``),
    refuses the whole batch before anything is written. One assigned by somebody else after ``since``
    is skipped and counted: it is already with a department, and the rest should not wait for a reload.
    """
    now = now or timezone.now()
    problems = list(problems)
    if not can_assign_problem(actor):
        raise Refused("只有统筹协调部门可以交办问题。")
    if not problems:
        raise Refused("请先勾选要交办的问题。")
    co_departments = assignment_rule(lead=lead, co_departments=co_departments, working_days=working_days)
    accept_due, deadline = _deadline(now, 1), _deadline(now, working_days)
    with transaction.atomic():
        locked = {row.pk: row for row in Problem.objects.select_for_update(of=("self",)).filter(
            pk__in=[problem.pk for problem in problems])}
        if len(locked) != len({problem.pk for problem in problems}):
            raise Refused("所选问题中有的已不存在，未做任何改动，请刷新后重试。")
        rows = list(locked.values())
        waiting = [row for row in rows if row.status in ASSIGNABLE]
        stale = [row for row in rows if row.status in OPEN_STATUSES and since is not None
                 and row.assigned_at is not None and row.assigned_at >= since]
        settled = {row.pk for row in waiting + stale}
        refused = [row for row in rows if row.pk not in settled]
        if refused:
            raise Refused(f"所选问题中有 {len(refused)} 件不是待交办状态（{refused[0].code}“{refused[0].get_status_display()}”"
                          f"{'等' if len(refused) > 1 else ''}），未做任何改动。")
        ids = [row.pk for row in waiting]
        reassigned = set(ProblemAssignment.objects.filter(problem_id__in=ids).values_list("problem_id", flat=True))
        for level in {row.level for row in waiting}:
            group = [row.pk for row in waiting if row.level == level]
            moved = Problem.objects.filter(pk__in=group, status__in=ASSIGNABLE, level=level).update(
                status=ProblemStatus.ASSIGNED, updated_at=timezone.now(), **_assigned_fields(
                    lead=lead, working_days=working_days, level=level, now=now, accept_due=accept_due,
                    deadline=deadline))
            if moved != len(group):
                raise Refused("所选问题正被他人同时处理，未做任何改动，请刷新后重试。")
        ProblemAssignment.objects.filter(problem_id__in=reassigned, ended_at__isnull=True).update(
            ended_at=now, end_reason="重新交办")
        ProblemAssignment.objects.bulk_create([row for pk in ids for row in _assignment_rows(
            pk, actor=actor, lead=lead, co_departments=co_departments, now=now, accept_due=accept_due,
            deadline=deadline)], batch_size=2000)
        details = _assigned_details(co_departments, working_days, accept_due, deadline)
        events.bulk([events.problem_step_row(
            row.pk, EventKind.REASSIGNED if row.pk in reassigned else EventKind.ASSIGNED, actor=actor, now=now,
            from_status=row.status, to_status=ProblemStatus.ASSIGNED, department=lead, reason=(note or "").strip(),
            details=details) for row in waiting])
        if waiting:
            _tell_assigned(waiting, lead=lead, co_departments=co_departments, accept_due=accept_due,
                           deadline=deadline)
        return waiting, stale


def _tell_assigned(problems, *, lead, co_departments, accept_due, deadline):
    """One message to each department's clerks listing its problems (two queries, however many problems)."""
    by_department = {}
    for user in recipients.clerks(lead, *co_departments):
        by_department.setdefault(user.organisation_id, []).append(user)
    listed = "\n".join(f"{problem.code} {problem.title}" for problem in problems)
    due = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    url = reverse("coordination_problems")
    messages = [(by_department.get(lead.pk, []), f"交办（牵头）：{len(problems)} 件问题",
                 f"请于 {timezone.localtime(accept_due):%Y-%m-%d %H:%M} 前报到，{due} 前办结答复。\n{listed}", url)]
    messages += [(by_department.get(department.pk, []), f"交办（协办）：{len(problems)} 件问题",
                  f"牵头部门：{lead.name}；办理期限 {due}。\n{listed}", url) for department in co_departments]
    notify_many(messages, kind=NotificationKind.PROBLEM_ASSIGNED)


# ------------------------------------------------------------------ the lead department


def _lead_check(current, actor, statuses, action):
    if current.status not in statuses:
        _refuse_status(current, action)
    if actor is None or actor.organisation_id != current.lead_department_id:
        raise Refused(f"只有牵头部门（{current.lead_department or '未指定'}）可以{action}。")


def accept_problem(problem, *, actor, now=None) -> Problem:
    """报到: the lead department accepts the problem."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(problem)
        _lead_check(current, actor, [ProblemStatus.ASSIGNED], "报到")
        # At level 2 the leader's window already runs; reporting in late does not reset it.
        escalate_after = {Level.DEPARTMENT: current.deadline, Level.MEETING: None}.get(
            current.level, max(current.deadline, current.escalate_after or current.deadline))
        current = _move(current, to=ProblemStatus.ACCEPTED, accepted_at=now, escalate_after=escalate_after)
        ProblemAssignment.objects.filter(problem=current, role=AssignmentRole.LEAD, ended_at__isnull=True).update(
            accepted_at=now)
        on_time = now <= current.accept_due
        record_event(current, EventKind.ACCEPTED, actor=actor, now=now, from_status=ProblemStatus.ASSIGNED,
                     to_status=ProblemStatus.ACCEPTED, department=current.lead_department,
                     details={"on_time": on_time})
        return current


def start_work(problem, *, actor, note="", now=None) -> Problem:
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(problem)
        _lead_check(current, actor, [ProblemStatus.ACCEPTED], "开始办理")
        current = _move(current, to=ProblemStatus.IN_PROGRESS)
        record_event(current, EventKind.STARTED, actor=actor, now=now, from_status=ProblemStatus.ACCEPTED,
                     to_status=ProblemStatus.IN_PROGRESS, department=current.lead_department,
                     reason=(note or "").strip())
        return current


def reply_problem(problem, *, actor, reply, outcome, files=(), now=None) -> Problem:
    """The lead department replies with its result; the filer then confirms or reopens."""
    now = now or timezone.now()
    reply = _text(reply, "答复内容")
    if outcome not in ReplyOutcome.values:
        raise Refused("请选择办理结果：已解决，或已解释说明。")
    with transaction.atomic():
        current = _locked(problem)
        _lead_check(current, actor, [ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS], "答复")
        source = current.status
        late = current.deadline is not None and now > current.deadline
        current = _move(current, to=ProblemStatus.REPLIED, replied_at=now, reply=reply, reply_outcome=outcome,
                        escalate_after=None)
        lead = _active_lead(current)
        if lead is not None:
            lead.replied_at = now
            lead.went_overdue = lead.went_overdue or late
            lead.save(update_fields=["replied_at", "went_overdue"])
        event = record_event(current, EventKind.REPLIED, actor=actor, now=now, from_status=source,
                             to_status=ProblemStatus.REPLIED, department=current.lead_department, reason=reply,
                             details={"outcome": outcome, "late": late})
        attachments.store(current, files, actor=actor, event=event, now=now)
        notify(_filers(current), kind=NotificationKind.PROBLEM_REPLIED, title=f"已答复：{current.title}",
               body=f"{current.lead_department}（{ReplyOutcome(outcome).label}）：{reply[:200]}\n请确认办结并评价，或退回重新办理。",
               url=problem_url(current))
        return current


def hand_back(problem, *, actor, reason, now=None) -> Problem:
    """反向交办: the lead department hands the problem back with its reason; the coordinator reassigns it."""
    now = now or timezone.now()
    reason = _text(reason, "退回原因")
    with transaction.atomic():
        current = _locked(problem)
        _lead_check(current, actor, OPEN_STATUSES, "退回（反向交办）")
        source, department = current.status, current.lead_department
        late = current.deadline is not None and now > current.deadline
        current = _move(current, to=ProblemStatus.RETURNED, lead_department=None, escalate_after=None)
        active = ProblemAssignment.objects.filter(problem=current, ended_at__isnull=True)
        if late:
            active.filter(role=AssignmentRole.LEAD).update(went_overdue=True)
        active.update(ended_at=now, end_reason=f"反向交办：{reason}"[:300])
        record_event(current, EventKind.HANDED_BACK, actor=actor, now=now, from_status=source,
                     to_status=ProblemStatus.RETURNED, department=department, reason=reason)
        notify(coordinators(), kind=NotificationKind.PROBLEM_HANDED_BACK, title=f"反向交办，待重新交办：{current.title}",
               body=f"{department}：{reason}", url=problem_url(current))
        return current


# ------------------------------------------------------------------ the filer


def _filer_check(current, status, action):
    if current.status != status:
        _refuse_status(current, action)


def reopen_problem(problem, *, actor, reason, now=None) -> Problem:
    """The filer is not satisfied: back to 办理中 with a reason and a fresh deadline."""
    now = now or timezone.now()
    reason = _text(reason, "退回重办的原因")
    deadline = _deadline(now, settings.COORDINATION_REOPEN_WORKDAYS)
    with transaction.atomic():
        current = _locked(problem)
        _filer_check(current, ProblemStatus.REPLIED, "退回重办")
        escalate_after = _next_escalation(status=ProblemStatus.IN_PROGRESS, level=current.level, accept_due=None,
                                          deadline=deadline, now=now)
        current = _move(current, to=ProblemStatus.IN_PROGRESS, deadline=deadline, replied_at=None,
                        escalate_after=escalate_after, reopen_count=current.reopen_count + 1,
                        due_soon_notified_at=None, overdue_notified_at=None)
        ProblemAssignment.objects.filter(problem=current, role=AssignmentRole.LEAD, ended_at__isnull=True).update(
            deadline=deadline)
        record_event(current, EventKind.REOPENED, actor=actor, now=now, from_status=ProblemStatus.REPLIED,
                     to_status=ProblemStatus.IN_PROGRESS, department=current.lead_department, reason=reason,
                     details={"deadline": timezone.localtime(deadline).isoformat()})
        notify(clerks(current.lead_department), kind=NotificationKind.PROBLEM_REOPENED, title=f"退回重办：{current.title}",
               body=f"原因：{reason}\n新的办理期限：{timezone.localtime(deadline):%Y-%m-%d %H:%M}",
               url=problem_url(current))
        return current


def confirm_problem(problem, *, actor, rating, solved, comment="", now=None) -> Problem:
    """办结: the filer confirms the reply, says whether the problem is really solved, and rates it 1–5."""
    now = now or timezone.now()
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise Refused("满意度评分应为 1—5 分。")
    if not isinstance(solved, bool):
        raise Refused("请说明问题是否已实际解决。")
    with transaction.atomic():
        current = _locked(problem)
        _filer_check(current, ProblemStatus.REPLIED, "确认办结")
        current = _move(current, to=ProblemStatus.CLOSED, closed_at=now, rating=rating, solved=solved,
                        confirm_comment=(comment or "").strip()[:300], escalate_after=None)
        ProblemAssignment.objects.filter(problem=current, role=AssignmentRole.LEAD, ended_at__isnull=True).update(
            closed_at=now, solved=solved, rating=rating)
        record_event(current, EventKind.CONFIRMED, actor=actor, now=now, from_status=ProblemStatus.REPLIED,
                     to_status=ProblemStatus.CLOSED, department=current.lead_department, reason=current.confirm_comment,
                     details={"rating": rating, "solved": solved})
        notify(clerks(current.lead_department), kind=NotificationKind.PROBLEM_CLOSED,
               title=f"已办结（{rating}分，{'已解决' if solved else '未解决'}）：{current.title}",
               url=problem_url(current), email=False)
        return current


# ------------------------------------------------------------------ levels


def escalate_problem(problem, *, actor=None, reason, now=None, automatic=False) -> Problem:
    """Climb one level: 部门办理 → 领导督办 (the 包保 leader is told) → 调度会 (on the next meeting's agenda).

    ``automatic`` is the scheduled job: it claims only problems that are still open and whose
    ``escalate_after`` has passed, so running it twice escalates nothing twice.
    """
    now = now or timezone.now()
    reason = _text(reason, "升级原因")
    with transaction.atomic():
        current = _locked(problem)
        if current.level not in NEXT_LEVEL:
            raise Refused("该问题已在最高层级（提交调度会）。")
        allowed = OPEN_STATUSES if automatic else UNFINISHED_STATUSES
        if current.status not in allowed:
            _refuse_status(current, "升级")
        if automatic and (current.escalate_after is None or current.escalate_after >= now):
            raise Refused("尚未到升级时点。")
        source, target = Level(current.level), NEXT_LEVEL[Level(current.level)]
        escalate_after = _next_escalation(status=current.status, level=target, accept_due=current.accept_due,
                                          deadline=current.deadline, now=now)
        claimed = Problem.objects.filter(pk=current.pk, level=source, status=current.status,
                                         escalate_after=current.escalate_after).update(
            level=target, escalate_after=escalate_after, updated_at=timezone.now())
        if not claimed:
            raise Refused("该问题刚刚已被升级或处理，请刷新页面查看最新状态。")
        current.refresh_from_db()
        record_event(current, EventKind.ESCALATED, actor=actor, now=now, from_level=source, to_level=target,
                     reason=reason, details={"automatic": automatic})
        official = current.responsible_official
        if target == Level.LEADER:
            notify([official] if official else coordinators(), kind=NotificationKind.PROBLEM_ESCALATED,
                   title=f"问题升级至领导督办：{current.title}", body=f"原因：{reason}\n请批示督办。",
                   url=problem_url(current))
        else:
            notify(coordinators() + ([official] if official else []), kind=NotificationKind.PROBLEM_ESCALATED,
                   title=f"问题升级至调度会：{current.title}", body=f"原因：{reason}", url=problem_url(current))
            _put_on_next_agenda(current, now)
        notify(clerks(current.lead_department), kind=NotificationKind.PROBLEM_ESCALATED,
               title=f"问题已升级为{current.get_level_display()}：{current.title}", body=f"原因：{reason}",
               url=problem_url(current), email=False)
        return current


def _put_on_next_agenda(problem, now):
    """A level-3 problem is tracked on the next scheduling meeting already planned, if there is one."""
    meeting = Meeting.objects.filter(kind=MeetingKind.SCHEDULING, held_at__gte=now).order_by("held_at").first()
    if meeting is not None:
        meeting.agenda.add(problem)
        record_event(problem, EventKind.ON_AGENDA, actor=None, now=now, reason=meeting.title,
                     details={"meeting": meeting.pk})
        events.agenda_added(meeting, [problem], actor=None, now=now)


def direct_problem(problem, *, actor, instruction, now=None) -> Problem:
    """批示: the leader's instruction on an escalated problem, sent to the departments working it."""
    now = now or timezone.now()
    instruction = _text(instruction, "批示内容")
    with transaction.atomic():
        current = _locked(problem)
        if current.level == Level.DEPARTMENT:
            raise Refused("问题升级至领导督办后才能批示。")
        if current.status == ProblemStatus.CLOSED:
            _refuse_status(current, "批示")
        record_event(current, EventKind.DIRECTED, actor=actor, now=now, reason=instruction)
        departments = current.assignments.filter(ended_at__isnull=True).values_list("department_id", flat=True)
        notify(clerks(*departments), kind=NotificationKind.PROBLEM_DIRECTED, title=f"领导批示：{current.title}",
               body=f"{actor.display_name}：{instruction}", url=problem_url(current))
        return current


# ------------------------------------------------------------------ meetings


MEETING_FIELDS = ("kind", "title", "held_at", "place", "chaired_by", "attendees", "minutes")


def _listed(items, label, field):
    names = "、".join(str(item) for item in items)
    return [{"field": field, "label": label, "old": "", "new": names}] if names else []


def record_meeting(*, actor, data: dict, projects=(), agenda=()) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(created_by=actor, **data)
        meeting.projects.set(projects)
        meeting.agenda.set(agenda)
        now = timezone.now()
        changes = (history.diff(None, data, model=Meeting) + _listed(projects, "研究的项目", "projects")
                   + _listed([f"{problem.code} {problem.title}" for problem in agenda], "研究的问题（议题）", "agenda"))
        events.meeting_recorded(meeting, actor=actor, changes=changes, now=now)
        for problem in agenda:
            record_event(problem, EventKind.ON_AGENDA, actor=actor, now=now, reason=meeting.title,
                         details={"meeting": meeting.pk})
        return meeting


def update_meeting(meeting, *, actor, data: dict) -> Meeting:
    """Minutes and attendees are usually completed after the meeting; the agenda and decisions stay as recorded."""
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        after = {name: data[name] for name in MEETING_FIELDS if name in data}
        changes = history.assign(current, after)
        if not changes:
            return current
        current.save()
        events.meeting_edited(current, actor=actor, changes=changes)
        return current


def record_decision(meeting, *, actor, data: dict, lead, co_departments=(), working_days, now=None) -> Problem:
    """正向交办: a meeting's decision becomes an action item, assigned at once and tracked like a problem."""
    now = now or timezone.now()
    with transaction.atomic():
        item = file_problem(actor=actor, data=data, kind=ProblemKind.ACTION_ITEM, meeting=meeting, now=now)
        return assign_problem(item, actor=actor, lead=lead, co_departments=co_departments,
                              working_days=working_days, note=f"{meeting.get_kind_display()}决定", now=now)
