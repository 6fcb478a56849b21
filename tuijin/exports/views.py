"""Exports as the pages offer them: small sheets download at once, big ones become jobs the user watches.

``respond`` is what the list views call for ``?format=xlsx``; the job page, its polled status
and the download are for the job's own user only — anyone else gets 404, as if it did not exist.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tuijin.lib import xlsx
from tuijin.lib.jobs import STUCK_AFTER

from . import registry, tasks
from .models import RUNNING, ExportJob, ExportStatus


def respond(request, kind, **path_args):
    """The sheet itself when it has at most ``EXPORT_INLINE_ROWS`` rows; else a job, and a redirect to its page.

    Writing 50,000 rows takes seconds, longer than a request should be held open behind a proxy.
    A second click while the same export is still running goes to that job instead of starting another.
    """
    sheet = registry.build(kind, request.user, request.GET, **path_args)
    if sheet.count <= settings.EXPORT_INLINE_ROWS:
        return xlsx.download(sheet.content(), sheet.filename)
    query = registry.pinned_query(kind, request.GET)
    running = ExportJob.objects.filter(created_by=request.user, kind=kind, query_string=query,
                                       status__in=RUNNING,
                                       updated_at__gte=timezone.now() - STUCK_AFTER)
    job = next((job for job in running if job.path_args == path_args), None)
    if job is None:
        job = ExportJob.objects.create(kind=kind, query_string=query, path_args=path_args, created_by=request.user,
                                       title=sheet.title[:200], rows_total=sheet.count)
        tasks.start(job)
    return redirect(job)


def _own_job(request, pk):
    """The job if ``request.user`` started it (404 otherwise: other people's exports are not confirmed to exist)."""
    return get_object_or_404(ExportJob.objects.select_related("created_by"), pk=pk, created_by=request.user)


def _context(job):
    return {"job": job, "statuses": ExportStatus, "again_url": registry.again_url(job),
            "keep_days": settings.EXPORTS_KEEP_DAYS}


@login_required
def job(request, pk):
    return render(request, "exports/job.html", _context(_own_job(request, pk)))


@login_required
def job_status(request, pk):
    """The part of the job page that changes: polled by htmx while the job runs."""
    return render(request, "exports/_job_body.html", _context(_own_job(request, pk)))


@login_required
def download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404("该导出尚未完成，或文件已被清理。")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("导出文件已被清理，请重新导出。") from None
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=xlsx.XLSX_TYPE)
