"""Make a run's files off the request, once, writing its progress on the run row for the page to poll.

The claim and the final move are compare-and-set ``update()``s (as ``exports.runner``): a task delivered
twice makes one set of files. A failure keeps no file and says so in Chinese on the run; the details go
to the log.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import packs
from .models import BriefingRun, DocumentKind, RunStatus

log = logging.getLogger(__name__)
FAILED = "生成时发生内部错误，未保存文件。请重新生成；如仍失败，请联系管理员。"
NAMES = {"docx": "{stem}.docx", "pdf": "{stem}.pdf", "xlsx": "statistics-{month}.xlsx"}


def _step(pk):
    def step(percent, label):
        BriefingRun.objects.filter(pk=pk, status=RunStatus.RUNNING).update(
            progress=percent, step=label[:100], updated_at=timezone.now())
    return step


def _make(run):
    step = _step(run.pk)
    template = packs.template_of(run.template, run.kind)
    if run.kind == DocumentKind.MONTHLY:
        return packs.monthly(run.month, run.park, step=step, template=template), f"briefing-{run.month:%Y-%m}"
    if run.meeting is None:
        raise ValueError("meeting run without a meeting")
    return packs.meeting(run.meeting, step=step, template=template), f"meeting-{run.meeting.pk}"


def run(pk) -> BriefingRun | None:
    """Make run ``pk``'s files if it is still queued; None when another worker claimed it first."""
    claimed = BriefingRun.objects.filter(pk=pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=1, step="开始", message="", updated_at=timezone.now())
    if not claimed:
        return None
    run = BriefingRun.objects.select_related("park", "meeting", "template", "requested_by").get(pk=pk)
    saved = []
    try:
        pack, stem = _make(run)
        month = f"{run.month:%Y-%m}" if run.month else stem
        for name, content in pack.files.items():
            field = getattr(run, name)
            field.save(NAMES[name].format(stem=stem, month=month), ContentFile(content), save=False)
            saved.append(field)
        _finish(run, pack)
    except Exception:
        log.exception("briefing run %s failed", pk)
        for field in saved:
            field.delete(save=False)
        _fail(run, FAILED)
    run.refresh_from_db()
    return run


def _finish(run, pack):
    now = timezone.now()
    with transaction.atomic():
        moved = BriefingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.DONE, progress=100, step="完成", data_date=pack.data_date,
            docx=run.docx.name, pdf=run.pdf.name, xlsx=run.xlsx.name, finished_at=now, updated_at=now)
        if moved and run.requested_by:
            notify([run.requested_by], kind=NotificationKind.EXPORT_DONE, title=f"简报已生成：{run.title}",
                   body="可在“报表简报”页面下载 Word、PDF 和统计表。", url=run.get_absolute_url(), email=False)
    if not moved:
        for name, _label, field in run.files:
            field.delete(save=False)


def _fail(run, message):
    now = timezone.now()
    with transaction.atomic():
        moved = BriefingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, message=message[:500], finished_at=now, updated_at=now)
        if moved and run.requested_by:
            notify([run.requested_by], kind=NotificationKind.EXPORT_FAILED, title=f"简报生成失败：{run.title}",
                   body=message, url=run.get_absolute_url(), email=False)
