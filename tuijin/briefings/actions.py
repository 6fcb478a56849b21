"""State changes of 报表简报: a template version uploaded, a pack asked for. Each writes its event row."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from . import events, placeholders, render
from .models import BriefingRun, BriefingTemplate, DocumentKind, RunStatus

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


class Refused(Exception):
    """The request breaks a rule; the message says which, in Chinese."""


def upload_template(kind, content: bytes, original_name: str, *, actor, note="") -> BriefingTemplate:
    """Check the template against the placeholders of ``kind`` and keep it as the next version."""
    kind = DocumentKind(kind)
    if not original_name.lower().endswith(".docx"):
        raise Refused("请上传 .docx 格式的 Word 模板（WPS、LibreOffice 另存为“Word 2007-365 (.docx)”）。")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise Refused("模板文件超过 10 MB，请压缩其中的图片后再上传。")
    try:
        checked = render.check(content, placeholders.specimen(kind))
    except render.TemplateRefused as refusal:
        raise Refused(str(refusal)) from None
    with transaction.atomic():
        # Lock the kind's versions so two uploads at once cannot take the same number.
        list(BriefingTemplate.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
        version = (BriefingTemplate.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
        template = BriefingTemplate(kind=kind, version=version, original_name=original_name[:200], note=note[:300],
                                    placeholders=checked.placeholders, uploaded_by=actor)
        template.file.save(f"{kind}-v{version}.docx", ContentFile(content), save=False)
        template.save()
        events.template_uploaded(template, actor=actor)
    return template


def request_run(kind, *, actor, month: dt.date | None = None, park=None, meeting=None,
                scheduled=False) -> BriefingRun:
    """Save a queued run with its parameters and the template version it will use, and log who asked."""
    from .packs import current_template

    kind = DocumentKind(kind)
    if kind == DocumentKind.MONTHLY and month is None:
        raise Refused("请选择通报月份。")
    if kind == DocumentKind.MEETING and meeting is None:
        raise Refused("请选择会议。")
    template, _ = current_template(kind)
    parameters = {"month": f"{month:%Y-%m}" if month else "", "park": park.name if park else "全区",
                  "meeting": meeting.title if meeting else ""}
    title = (f"{parameters['park']}{month.year}年{month.month}月项目推进情况通报" if kind == DocumentKind.MONTHLY
             else f"{meeting.title}会议材料")
    with transaction.atomic():
        run = BriefingRun.objects.create(kind=kind, month=month, park=park, meeting=meeting, parameters=parameters,
                                         template=template, template_version=template.version if template else 0,
                                         status=RunStatus.QUEUED, title=title[:200], requested_by=actor,
                                         scheduled=scheduled)
        events.run_requested(run, actor=actor)
    return run
