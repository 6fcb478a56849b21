"""The monthly report workflow and the rollups it keeps current.

draft → submitted → (returned → submitted)* → approved; an approved report changes only
through ``correct_report`` with a reason. Status moves are compare-and-set ``update()``s, so
two reviewers acting at once cannot both succeed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.accounts.access import can_review_progress
from tuijin.lib import changes as history
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify, notify_many

from . import events, rules
from .models import (
    MONTH_FIELDS, MonthlyReport, ProjectYearRollup, ReportEvent, ReportPhoto, ReportStatus, YearlyPlan,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
PLAN_FLAGS = ("plans_start", "plans_complete", "plans_operate", "plans_capacity")
REPORT_FIELDS = ("completed_investment", "funds_arrived", "narrative")


class WorkflowRefused(Exception):
    """A report action that its current status does not allow; the message says why in Chinese."""


def _url(report):
    return f"{reverse('progress_project', args=[report.project_id])}?year={report.year}"


def _reviewers(project):
    """The park staff of the project's park; the bureau's coordinators when it has no park."""
    return recipients.park_staff(project.park_id) if project.park_id else recipients.coordinators()


def _reporters(report):
    """Whoever submitted the report, and the enterprise's users."""
    return [*recipients.enterprise_users(report.project.enterprise_id), report.submitted_by]


def _changes(report, data):
    """The report's changed figures, old and new as they were stored and as they were typed.

    ``lib.changes.diff`` decides what changed and names it; the values keep the report history's
    own reading (the typed figure, not padded to two places), as its older rows have it.
    """
    after = {name: data[name] for name in REPORT_FIELDS if name in data}
    changes = history.diff(report, after, model=MonthlyReport)
    for change in changes:
        change["old"], change["new"] = str(getattr(report, change["field"]) or ""), str(after[change["field"]] or "")
    return changes


def _move(report, *, allowed_from, to, **fields):
    """Compare-and-set the status; raise when somebody else moved the report first."""
    updated = MonthlyReport.objects.filter(pk=report.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if not updated:
        report.refresh_from_db()
        raise WorkflowRefused(f"该月报当前状态为“{report.get_status_display()}”，不能执行此操作（可能已被他人处理）。")
    report.refresh_from_db()
    return report


def save_draft(project, year, month, *, actor, data) -> MonthlyReport:
    """Create or change the draft of ``project``'s report for ``year``/``month`` (never a month still to come)."""
    if rules.is_future_month(year, month, timezone.localdate()):
        raise WorkflowRefused(f"不能报送{rules.future_month_label(year, month)}")
    with transaction.atomic():
        report, created = MonthlyReport.objects.select_for_update().get_or_create(
            project=project, year=year, month=month,
            defaults={name: data.get(name) for name in REPORT_FIELDS if name in data},
        )
        if created:
            events.report_created(report, actor=actor)
            return report
        if report.status not in EDITABLE:
            raise WorkflowRefused(
                f"{report.period_label}月报{report.get_status_display()}，不能再修改"
                + ("；如需更正，请由审核人填写更正原因。" if report.status == ReportStatus.APPROVED else "。")
            )
        changes = _changes(report, data)
        for name in REPORT_FIELDS:
            if name in data:
                setattr(report, name, data[name])
        report.version += 1
        report.save()
        if changes:
            events.report_edited(report, actor=actor, changes=changes)
        return report


def submit_report(report, *, actor) -> MonthlyReport:
    with transaction.atomic():
        resubmission = report.status == ReportStatus.RETURNED
        report = _move(report, allowed_from=EDITABLE, to=ReportStatus.SUBMITTED, submitted_at=timezone.now(),
                       submitted_by=actor)
        events.report_submitted(report, actor=actor, resubmission=resubmission)
        notify(_reviewers(report.project), kind=NotificationKind.REPORT_SUBMITTED,
               title=f"待审核：{report.project.name} {report.period_label}月报", url=_url(report))
        return report


def return_report(report, *, actor, reason) -> MonthlyReport:
    if not reason or not reason.strip():
        raise WorkflowRefused("退回月报须填写退回原因，告诉报送人需要修改什么。")
    with transaction.atomic():
        report = _move(report, allowed_from=[ReportStatus.SUBMITTED], to=ReportStatus.RETURNED,
                       return_reason=reason.strip(), reviewed_at=timezone.now(), reviewed_by=actor)
        events.report_returned(report, actor=actor, reason=reason.strip())
        notify(_reporters(report), kind=NotificationKind.REPORT_RETURNED, title=f"月报被退回：{report.project.name} {report.period_label}",
               body=f"退回原因：{reason.strip()}", url=_url(report))
        return report


def approve_report(report, *, actor) -> MonthlyReport:
    with transaction.atomic():
        report = _move(report, allowed_from=[ReportStatus.SUBMITTED], to=ReportStatus.APPROVED,
                       return_reason="", reviewed_at=timezone.now(), reviewed_by=actor)
        events.report_approved(report, actor=actor)
        refresh_rollup(report.project_id, report.year)
        notify(_reporters(report), kind=NotificationKind.REPORT_APPROVED, title=f"月报已审核：{report.project.name} {report.period_label}",
               url=_url(report), email=False)
        return report


@dataclass
class BulkReview:
    """What a bulk review did: the reports it moved, and those a colleague had handled first (left as they were)."""

    done: list = field(default_factory=list)
    stale: list = field(default_factory=list)


def review_reports(reports, *, actor, approve, reason="") -> BulkReview:
    """Approve, or return with one reason, many submitted reports in one transaction.

    Two kinds of row are not moved, and they are treated differently on purpose:

    - **forbidden** — a report ``actor`` may not review (``can_review_progress``: another park's): the
      whole batch is refused before anything is written. A selection holding such a row is a mistake
      or a forged request; applying the rest would leave the reviewer unsure what was done.
    - **stale** — a report no longer 已报送 (a colleague approved or returned it meanwhile, or its
      enterprise withdrew it): skipped and counted. The reviewer's intent for it is met or overtaken, and
      the rest of the queue should not wait for a reload.

    Rows are locked, moved with one compare-and-set ``update()``, and each gets its own ``ReportEvent``;
    the rollups are rebuilt set-based and each enterprise gets one message listing its reports, so the
    query count does not grow with the number of reports.
    """
    reason = (reason or "").strip()
    if not approve and not reason:
        raise WorkflowRefused("退回月报须填写退回原因，告诉报送人需要修改什么。")
    reports = list(reports)
    if not reports:
        raise WorkflowRefused("请先勾选要审核的月报。")
    forbidden = [report for report in reports if not can_review_progress(actor, report.project)]
    if forbidden:
        names = "、".join(f"{report.project.name} {report.period_label}" for report in forbidden[:3])
        raise WorkflowRefused(f"所选月报中有 {len(forbidden)} 份不归您审核（{names}{'等' if len(forbidden) > 3 else ''}），"
                              "未做任何改动，请取消勾选后重试。")
    outcome = BulkReview()
    with transaction.atomic():
        by_pk = {report.pk: report for report in reports}
        waiting = set(MonthlyReport.objects.select_for_update().filter(pk__in=by_pk, status=ReportStatus.SUBMITTED)
                      .values_list("pk", flat=True))
        now = timezone.now()
        moved = MonthlyReport.objects.filter(pk__in=waiting, status=ReportStatus.SUBMITTED).update(
            status=ReportStatus.APPROVED if approve else ReportStatus.RETURNED, return_reason="" if approve else reason,
            reviewed_at=now, reviewed_by=actor, updated_at=now)
        if moved != len(waiting):
            raise WorkflowRefused("所选月报正被他人同时处理，未做任何改动，请刷新后重试。")
        for pk, report in by_pk.items():
            (outcome.done if pk in waiting else outcome.stale).append(report)
        for report in outcome.done:
            report.status = ReportStatus.APPROVED if approve else ReportStatus.RETURNED
            report.return_reason, report.reviewed_at, report.reviewed_by = ("" if approve else reason), now, actor
        ReportEvent.objects.bulk_create(
            [events.report_reviewed_row(report, actor=actor, approve=approve, reason=reason) for report in outcome.done])
        if approve and outcome.done:
            refresh_rollups({(report.project_id, report.year) for report in outcome.done})
        _tell_reporters(outcome.done, approve=approve, reason=reason)
    return outcome


def _tell_reporters(reports, *, approve, reason):
    """One message per enterprise naming its reports (and to each submitter about theirs), in one insert."""
    if not reports:
        return
    users = defaultdict(list)
    for user in recipients.enterprise_users(*{report.project.enterprise_id for report in reports}):
        users[user.enterprise_id].append(user)
    by_enterprise = defaultdict(list)
    for report in reports:
        by_enterprise[report.project.enterprise_id].append(report)
    verb = "已审核" if approve else "被退回"
    messages = []
    for enterprise_id, own in by_enterprise.items():
        lines = "\n".join(f"{report.project.name} {report.period_label}" for report in own)
        body = lines if approve else f"退回原因：{reason}\n{lines}"
        title = (f"月报{verb}：{own[0].project.name} {own[0].period_label}" if len(own) == 1
                 else f"{len(own)} 份月报{verb}：{own[0].project.name} 等")
        messages.append(([*users[enterprise_id], *(report.submitted_by for report in own)], title, body, _url(own[0])))
    notify_many(messages, kind=NotificationKind.REPORT_APPROVED if approve else NotificationKind.REPORT_RETURNED,
                email=not approve)


def correct_report(report, *, actor, data, reason) -> MonthlyReport:
    """Change an approved report's figures: the reason and the old values are kept in its history."""
    if not reason or not reason.strip():
        raise WorkflowRefused("更正已审核的月报须填写更正原因。")
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.APPROVED:
            raise WorkflowRefused("只有已审核的月报需要更正；未审核的月报请直接修改。")
        changes = _changes(report, data)
        if not changes:
            raise WorkflowRefused("更正内容与原数据相同，未做任何修改。")
        for name in REPORT_FIELDS:
            if name in data:
                setattr(report, name, data[name])
        report.version += 1
        report.save()
        events.report_corrected(report, actor=actor, reason=reason.strip(), changes=changes)
        refresh_rollup(report.project_id, report.year)
        return report


def refresh_rollup(project_id, year) -> ProjectYearRollup:
    """Recompute one project-year rollup from its plan and approved reports (at most twelve rows)."""
    sums = list(MonthlyReport.objects.filter(project_id=project_id, year=year, status=ReportStatus.APPROVED)
                .values_list("month").annotate(total=Sum("completed_investment"), funds=Sum("funds_arrived")))
    monthly = {month: total for month, total, _ in sums}
    funds = sum((funds or Decimal(0) for *_, funds in sums), Decimal(0))
    plan = YearlyPlan.objects.filter(project_id=project_id, year=year).first()
    values = {field: monthly.get(month, Decimal(0)) for month, field in enumerate(MONTH_FIELDS, start=1)}
    rollup, _ = ProjectYearRollup.objects.update_or_create(
        project_id=project_id, year=year,
        defaults={
            **values,
            **{flag: bool(plan and getattr(plan, flag)) for flag in PLAN_FLAGS},
            "planned_investment": plan.planned_investment if plan else Decimal(0),
            "completed_total": sum(values.values(), Decimal(0)),
            "funds_arrived_total": funds,
            "last_reported_month": max(monthly, default=0),
        },
    )
    return rollup


PLAN_FIELDS = ("planned_investment", *PLAN_FLAGS, "note")


def save_yearly_plan(project, year, *, actor, data) -> YearlyPlan:
    """Make or change ``project``'s plan for ``year`` (the KPIs' denominator): who changed which figure is logged."""
    with transaction.atomic():
        plan = YearlyPlan.objects.select_for_update().filter(project=project, year=year).first()
        created = plan is None
        after = {name: data[name] for name in PLAN_FIELDS if name in data}
        # A new plan lists what was filled in: figures set, milestones ticked, a note written.
        before = {name: YearlyPlan._meta.get_field(name).get_default() for name in after} if created else plan
        changes = history.diff(before, after, model=YearlyPlan)
        if created:
            plan = YearlyPlan(project=project, year=year)
        elif not changes:
            return plan
        for name, value in after.items():
            setattr(plan, name, value)
        plan.save()
        events.plan_saved(plan, actor=actor, created=created, changes=changes)
        refresh_rollup(project.pk, year)
        return plan


def add_report_photo(report, *, actor, image, caption="") -> ReportPhoto:
    """A site photo on a report that can still be changed; the report's history names it."""
    with transaction.atomic():
        current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if current.status not in EDITABLE:
            raise WorkflowRefused(f"{current.period_label}月报{current.get_status_display()}，不能再添加照片。")
        photo = ReportPhoto.objects.create(report=current, image=image, caption=caption)
        events.photo_added(current, actor=actor, photo=photo)
        return photo


def refresh_rollups(pairs) -> int:
    """Recompute the rollups of many (project id, year) pairs at once, a few queries per year."""
    by_year = {}
    for project_id, year in pairs:
        by_year.setdefault(year, set()).add(project_id)
    chunk = 5000  # stays under SQLite's limit on query parameters
    return sum(
        rebuild_rollups([year], project_ids=ids[start:start + chunk])
        for year, ids in ((year, sorted(ids)) for year, ids in by_year.items())
        for start in range(0, len(ids), chunk)
    )


def rebuild_rollups(years, progress=None, project_ids=None) -> int:
    """Recompute every rollup of ``years`` (of ``project_ids`` when given) from plans and approved reports.

    Set-based, for after bulk loads and imports; day-to-day approvals keep rollups current one by one.
    """
    years = list(years)
    only = {} if project_ids is None else {"project_id__in": list(project_ids)}
    rollups = {}
    plans = YearlyPlan.objects.filter(year__in=years, **only).values_list("project_id", "year", "planned_investment",
                                                                   *PLAN_FLAGS)
    for project_id, year, planned, *flags in plans.iterator(chunk_size=10000):
        rollups[(project_id, year)] = ProjectYearRollup(project_id=project_id, year=year, planned_investment=planned,
                                                        **dict(zip(PLAN_FLAGS, flags)))
    approved = (
        MonthlyReport.objects.filter(year__in=years, status=ReportStatus.APPROVED, **only).order_by()
        .values_list("project_id", "year", "month").annotate(done=Sum("completed_investment"), funds=Sum("funds_arrived"))
    )
    for project_id, year, month, done, funds in approved.iterator(chunk_size=10000):
        rollup = rollups.get((project_id, year))
        if rollup is None:
            rollup = rollups[(project_id, year)] = ProjectYearRollup(project_id=project_id, year=year)
        setattr(rollup, MONTH_FIELDS[month - 1], done)
        rollup.completed_total += done
        rollup.funds_arrived_total += funds or 0
        rollup.last_reported_month = max(rollup.last_reported_month, month)
    with transaction.atomic():
        ProjectYearRollup.objects.filter(year__in=years, **only).delete()
        batch = list(rollups.values())
        for start in range(0, len(batch), 5000):
            ProjectYearRollup.objects.bulk_create(batch[start:start + 5000])
            if progress:
                progress("汇总", min(start + 5000, len(batch)), len(batch))
    return len(rollups)
