"""State changes of a project. Each runs in a transaction, checks its rule and writes a ProjectEvent."""

import datetime as dt
from pathlib import PurePath

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tuijin.lib import changes as history
from tuijin.lib import serials

from . import events, lifecycle
from .models import STAGE_MILESTONE, Project, Stage, actual_field


class StaleEdit(Exception):
    """Somebody else saved the project after the editor loaded it; saving would overwrite their change."""

    def __init__(self, project, last_event=None):
        last_event = last_event or project.events.select_related("actor").first()
        self.project = project
        self.last_event = last_event
        who = last_event.actor.display_name if last_event and last_event.actor else "其他用户"
        when = timezone.localtime(last_event.created_at).strftime("%m-%d %H:%M") if last_event else ""
        super().__init__(
            f"保存失败：{who} 于 {when} 已修改了该项目（当前版本 {project.version}）。"
            "为避免覆盖对方的修改，您的内容未保存；请查看最新内容后重新编辑。"
        )


# ``imports.importers`` reads the value formatting from here until the importers move into their apps.
_display = history.display


CODE_WIDTH = 5  # XM2026-00001: the padding of the first 99,999 codes of a year, kept so existing codes stay


def code_prefix(year):
    return f"XM{year}-"


def _next_code(year):
    """The next generated code of ``year``: five digits while they last, then six and more (XM2026-100000).

    Only generated-style codes count: a hand-typed "XM2026-T01" sorts above them and would pin the serial at 1.
    """
    return serials.next_code(Project.objects.all(), "code", code_prefix(year), CODE_WIDTH)


def create_project(*, actor, data: dict, evidence: dict | None = None) -> Project:
    """Create a project at the stage given in ``data`` (谋划储备 by default) and log its creation.

    ``evidence`` says where it came from (the promotion lead it was registered from).
    """
    for attempt in range(5):
        try:
            with transaction.atomic():
                project = Project(**data)
                if not project.code:
                    project.code = _next_code(timezone.localdate().year)
                project.stage_changed_at = timezone.now()
                project.save()
                events.project_created(project, actor=actor, evidence=evidence)
                return project
        except IntegrityError:
            if data.get("code") or attempt == 4:
                raise
    raise AssertionError("unreachable")


def describe_changes(current: Project, data: dict) -> list[dict]:
    """The history entries for saving ``data`` over ``current``: each changed field, old and new as people read them."""
    return history.diff(current, data, model=Project)


def update_project(project: Project, *, actor, data: dict, expected_version: int) -> Project:
    """Save edited fields unless someone else saved since ``expected_version`` was loaded.

    The compare-and-set ``update()`` makes the check and the write one statement, so two
    editors racing each other cannot both win.
    """
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        dates = {name: data[name] if name in data else getattr(current, name) for name in lifecycle.DATE_FIELDS}
        problems = dict(lifecycle.date_order_problems(dates, timezone.localdate(), touched=data))
        if problems:
            raise lifecycle.TransitionRefused("保存失败：" + "；".join(problems.values()), problems)
        changes = describe_changes(current, data)
        updated = Project.objects.filter(pk=project.pk, version=expected_version).update(
            **data, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleEdit(current)
        current.refresh_from_db()
        if changes:
            events.project_edited(current, actor=actor, changes=changes)
        return current


def change_stage(project: Project, target: Stage, *, actor, evidence: lifecycle.Evidence,
                 expected_version: int | None = None, today: dt.date | None = None) -> Project:
    """Move ``project`` to ``target`` when the lifecycle allows it on ``evidence``; log the move."""
    today = today or timezone.localdate()
    target = Stage(target)
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(current)
        lifecycle.check_transition(current, target, evidence, today)
        source = Stage(current.stage)
        if target == Stage.SUSPENDED:
            current.suspended_from = source
        elif source == Stage.SUSPENDED:
            current.suspended_from = ""
        milestone = STAGE_MILESTONE.get(target)
        if milestone and source != Stage.SUSPENDED:
            setattr(current, actual_field(milestone), evidence.date)
        if target == Stage.CONSTRUCTION and evidence.permit_no.strip():
            current.construction_permit_no = evidence.permit_no.strip()
        current.stage = target
        current.stage_changed_at = timezone.now()
        current.version += 1
        current.save()
        events.stage_changed(current, actor=actor, kind=lifecycle.event_kind(source, target), from_stage=source,
                             to_stage=target, evidence=evidence.as_record())
        return current


def add_attachment(project, *, actor, upload, kind, title, document_no="", document_date=None):
    """File a document with ``project``: checked by its bytes and size again (callers may skip the form),
    stored, and logged as a project event. Who may do it is the view's ``can_edit_project``."""
    from . import attachments
    from .models import ProjectAttachment

    content_type = attachments.check(upload)
    name = PurePath(upload.name).name
    with transaction.atomic():
        attachment = ProjectAttachment(project=project, kind=kind, title=title or PurePath(name).stem,
                                       document_no=document_no, document_date=document_date, name=name,
                                       size=upload.size, content_type=content_type, uploaded_by=actor)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        events.attachment_added(project, attachment, actor=actor)
    return attachment
