"""The project's history writer: one function per kind of ``ProjectEvent``.

Every row is stamped with the door the change came through (``tuijin.lib.events.record``);
rows are append-only. Callers pass the change list built by ``tuijin.lib.changes``.
"""

from tuijin.lib.events import record

from .models import EventKind, ProjectEvent


def project_created(project, *, actor, evidence=None) -> ProjectEvent:
    return record(ProjectEvent, project=project, kind=EventKind.CREATED, actor=actor, to_stage=project.stage,
                  version=project.version, evidence=evidence or {})


def project_edited(project, *, actor, changes, version=None, evidence=None) -> ProjectEvent:
    return record(ProjectEvent, project=project, kind=EventKind.EDITED, actor=actor, changes=changes,
                  version=project.version if version is None else version, evidence=evidence or {})


def stage_changed(project, *, actor, kind, from_stage, to_stage, evidence, version=None) -> ProjectEvent:
    """A move on the lifecycle (``kind`` from ``lifecycle.event_kind``: 阶段推进, 停缓建, 复工, 终止)."""
    return record(ProjectEvent, project=project, kind=kind, actor=actor, from_stage=from_stage, to_stage=to_stage,
                  evidence=evidence, version=project.version if version is None else version)


def contract_recorded(project, *, actor, description) -> ProjectEvent:
    """A promotion agreement recorded against the project itself (not through a lead)."""
    return project_edited(project, actor=actor, changes=[
        {"field": "contract", "label": "招商协议", "old": "", "new": description}])


def attachment_added(project, attachment, *, actor) -> ProjectEvent:
    """A document filed with the project: its type, title, number and date are the event's content."""
    summary = "；".join(part for part in (
        attachment.get_kind_display(), attachment.title, attachment.document_no,
        attachment.document_date.isoformat() if attachment.document_date else "") if part)
    return record(ProjectEvent, project=project, kind=EventKind.ATTACHED, actor=actor, version=project.version,
                  changes=[{"field": "attachment", "label": "附件", "old": "", "new": summary}],
                  evidence={"attachment_id": attachment.pk, "file": attachment.name})
