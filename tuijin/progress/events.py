"""The history writers of monthly reports (``ReportEvent``) and yearly plans (``PlanEvent``).

One function per kind of event; every row carries its source (page, API, import …) from
``tuijin.lib.context`` and is never changed afterwards.
"""

from tuijin.lib.events import build, record

from .models import PlanEvent, PlanEventKind, ReportEvent, ReportEventKind


def report_created(report, *, actor) -> ReportEvent:
    return record(ReportEvent, report=report, kind=ReportEventKind.CREATED, actor=actor)


def report_edited(report, *, actor, changes) -> ReportEvent:
    return record(ReportEvent, report=report, kind=ReportEventKind.EDITED, actor=actor, changes=changes)


def report_submitted(report, *, actor, resubmission=False) -> ReportEvent:
    return record(ReportEvent, report=report, kind=ReportEventKind.SUBMITTED, actor=actor,
                  reason="修改后重新报送" if resubmission else "")


def report_returned(report, *, actor, reason) -> ReportEvent:
    return record(ReportEvent, report=report, kind=ReportEventKind.RETURNED, actor=actor, reason=reason)


def report_approved(report, *, actor) -> ReportEvent:
    return record(ReportEvent, report=report, kind=ReportEventKind.APPROVED, actor=actor)


def report_reviewed_row(report, *, actor, approve, reason="") -> ReportEvent:
    """An unsaved approval or return row for a bulk review's ``bulk_create`` (one per report it moved)."""
    return build(ReportEvent, report=report, kind=ReportEventKind.APPROVED if approve else ReportEventKind.RETURNED,
                 actor=actor, reason="" if approve else reason)


def report_corrected(report, *, actor, reason, changes) -> ReportEvent:
    return record(ReportEvent, report=report, kind=ReportEventKind.CORRECTED, actor=actor, reason=reason,
                  changes=changes)


def report_imported(report, *, actor, reason="批量导入", changes=()) -> ReportEvent:
    """An unsaved row for the importer's ``bulk_create`` (one per report a sheet created or changed)."""
    return build(ReportEvent, report=report, kind=ReportEventKind.IMPORTED, actor=actor, reason=reason,
                 changes=list(changes))


def photo_added(report, *, actor, photo) -> ReportEvent:
    name = photo.image.name.rsplit("/", 1)[-1]
    return record(ReportEvent, report=report, kind=ReportEventKind.PHOTO_ADDED, actor=actor,
                  reason=photo.caption, changes=[{"field": "photos", "label": "现场照片", "old": "", "new": name}])


def plan_imported(plan, *, actor, created, changes) -> PlanEvent:
    """An unsaved row for the plan importer's ``bulk_create``: the plan made or changed by a sheet."""
    return build(PlanEvent, plan=plan, kind=PlanEventKind.CREATED if created else PlanEventKind.EDITED,
                 actor=actor, changes=list(changes))


def plan_saved(plan, *, actor, created, changes) -> PlanEvent:
    """A yearly plan made (every filled-in figure) or changed (the fields that changed)."""
    return record(PlanEvent, plan=plan, kind=PlanEventKind.CREATED if created else PlanEventKind.EDITED,
                  actor=actor, changes=changes)
