"""Write an export job's sheet off the request, once, and record how far it got on the job row.

The view counted the rows and found too many to write while the user waits; a worker (huey,
``tasks.run_export``) builds the same sheet again from the stored query string and streams it
into the workbook. Every ``PROGRESS_EVERY`` rows it writes ``rows_done``, which the job page
polls. The claim and the final move are compare-and-set ``update()``s, so a task delivered
twice writes one file, and a job purged meanwhile leaves none behind.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import registry
from .models import ExportJob, ExportStatus

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1000
FAILED = "导出时发生内部错误，未生成文件。请重新导出；如仍失败，请联系管理员。"


class ExportRefused(Exception):
    """The job may not run any more (its user left); the message says why, in Chinese."""


class _Progress:
    """Counts the rows as the workbook takes them, and writes the count to the job now and then."""

    def __init__(self, pk):
        self.pk = pk
        self.done = 0

    def counted(self, rows):
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.pk).update(rows_done=self.done, updated_at=timezone.now())


def run(pk) -> ExportJob | None:
    """Write job ``pk``'s sheet if it is still queued; None when another worker claimed it first."""
    claimed = ExportJob.objects.filter(pk=pk, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, rows_done=0, message="", updated_at=timezone.now())
    if not claimed:
        return None
    job = ExportJob.objects.select_related("created_by").get(pk=pk)
    try:
        sheet, content, rows = _write(job)
        job.file.save(sheet.filename, ContentFile(content), save=False)
        _mark_done(job, sheet.title, rows)
    except ExportRefused as refusal:
        _mark_failed(job, str(refusal))
    except Exception:
        log.exception("export job %s (%s) failed", job.pk, job.kind)
        if job.file:
            job.file.delete(save=False)
        _mark_failed(job, FAILED)
    job.refresh_from_db()
    return job


def _write(job):
    user = job.created_by
    if user is None or not user.is_active:
        raise ExportRefused("发起导出的账号已停用或删除，未生成文件。")
    sheet = registry.build(job.kind, user, QueryDict(job.query_string), **job.path_args)
    ExportJob.objects.filter(pk=job.pk).update(title=sheet.title[:200], rows_total=sheet.count,
                                               updated_at=timezone.now())
    progress = _Progress(job.pk)
    content = sheet.content(progress.counted(sheet.rows_factory()))
    return sheet, content, progress.done


def _mark_done(job, title, rows):
    now = timezone.now()
    with transaction.atomic():
        moved = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.DONE, file=job.file.name, title=title[:200], rows_done=rows, rows_total=rows,
            finished_at=now, updated_at=now)
        if moved:
            notify([job.created_by], kind=NotificationKind.EXPORT_DONE, title=f"导出完成：{title}",
                   body=f"共 {rows} 行，文件保留 {settings.EXPORTS_KEEP_DAYS} 天。",
                   url=reverse("export_download", args=[job.pk]), email=False)
    if not moved:  # purged or reset while writing: nobody could reach the file
        job.file.delete(save=False)


def _mark_failed(job, message):
    now = timezone.now()
    with transaction.atomic():
        moved = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, message=message[:500], finished_at=now, updated_at=now)
        if moved:
            notify([job.created_by], kind=NotificationKind.EXPORT_FAILED, title=f"导出失败：{job.title or job.get_kind_display()}",
                   body=message, url=job.get_absolute_url(), email=False)
