"""Deciding an import conflict: take the district's values (采用区县值) or keep this level's (保留本级值).

Compare-and-set on the conflict's status, so two people deciding at once cannot both win. Taking the
district's values writes them as the importer does (``writing``: events, audit, rollups); keeping this
level's marks the district's version as seen, and leaves the record's digest as it was, so the next
version the district sends over the local edit is a conflict again rather than an overwrite.
"""

from django.db import transaction
from django.utils import timezone

from tuijin.progress.models import MonthlyReport, YearlyPlan
from tuijin.projects.models import Project

from . import events, writing
from .models import Conflict, ConflictStatus, ImportedRecord, RecordKind
from .records import VALUES, digest, normalise


class DecisionRefused(Exception):
    """The conflict cannot be decided (already decided, or its local record is gone); the message says why."""


def _local(kind, pk, parks):
    if kind == RecordKind.PROJECT:
        fields = ["pk", "version", "park_id", *(name for name in VALUES["project"] if name != "park")]
        row = Project.objects.filter(pk=pk).values(*fields).first()
        return row and (row, normalise("project", row | {"park": parks.label(row["park_id"])}))
    if kind == RecordKind.PLAN:
        row = YearlyPlan.objects.filter(pk=pk).values("pk", "project_id", "year", *VALUES["plan"]).first()
        return row and (row, normalise("plan", row))
    row = MonthlyReport.objects.filter(pk=pk).values("pk", "project_id", "year", "month", "version",
                                                     *VALUES["report"]).first()
    return row and (row, normalise("report", row))


def resolve_conflict(conflict: Conflict, *, actor, take: bool) -> Conflict:
    with transaction.atomic():
        status = ConflictStatus.TAKEN if take else ConflictStatus.KEPT
        moved = Conflict.objects.filter(pk=conflict.pk, status=ConflictStatus.OPEN).update(
            status=status, resolved_by=actor, resolved_at=timezone.now())
        if not moved:
            raise DecisionRefused("该冲突已由他人处理，请刷新页面查看结果。")
        conflict.refresh_from_db()
        record = ImportedRecord.objects.select_for_update().select_related("feed__organisation").get(
            pk=conflict.record_id)
        if take:
            _take(record, conflict, actor)
        record.version = max(record.version, conflict.incoming_version)
        record.changed_at = conflict.incoming_changed_at
        record.save(update_fields=["version", "digest", "values", "changed_at"])
        events.conflict_resolved(conflict, actor=actor, taken=take)
        return conflict


def _take(record, conflict, actor):
    parks = writing.Parks(record.feed.organisation)
    found = _local(record.kind, record.object_id, parks) if record.object_id else None
    if not found:
        raise DecisionRefused("本级对应的记录已不存在，无法采用区县值；请让区县重新上报该记录。")
    row, old = found
    new = conflict.incoming
    if record.kind == RecordKind.PROJECT:
        writing.write_projects([], [(row["pk"], old, new, row["version"])], parks=parks, code_of=None, actor=actor)
    else:
        project = Project.objects.values_list("name", "version").get(pk=row["project_id"])
        projects = {row["project_id"]: project}
        if record.kind == RecordKind.PLAN:
            written = writing.write_plans([], [(row["pk"], row["project_id"], row["year"], old, new)],
                                          projects=projects, actor=actor)
        else:
            written = writing.write_reports([], [(row["pk"], row["project_id"], row["year"], row["month"], old, new,
                                                  row["version"])], projects=projects, actor=actor)
        writing.refresh(written.pairs)
    record.digest, record.values = digest(new), new
