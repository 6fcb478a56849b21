"""Run an import job's validation and apply off the request, and record what happened on the job.

A 10,000-row sheet takes a few seconds, too long to hold a request open behind a proxy, so the
views start the work in a daemon thread once the job row is committed and the page polls the
job's progress. This is the smallest thing that works on one server; the scale-out path is a
real task queue (e.g. huey with its SQLite or Redis storage) calling the same two functions.
Tests set ``IMPORTS_RUN_INLINE = True`` to run them synchronously inside the request.

``apply_job`` validates the file again before writing — the database may have changed since the
preview — and writes everything in one transaction, or nothing.
"""

import logging
import threading

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from .importers import StaleImport
from .registry import importer_class
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)


def _progress(job, also=None):
    def report(done, total):
        ImportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total,
                                                   updated_at=timezone.now())
        if also:
            also(done, total)

    return report


def _outcome(job, on_progress=None):
    importer = importer_class(job.kind)(job.created_by, progress=_progress(job, on_progress))
    with job.file.open("rb") as handle:
        data = handle.read()
    return importer, importer.validate(data, job.original_name)


def _save(job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])


def validate_job(job: ImportJob, on_progress=None) -> ImportJob:
    """Read and check every row; store the problems, the counts and the preview."""
    _save(job, status=ImportStatus.VALIDATING, progress_done=0, message="")
    try:
        _importer, outcome = _outcome(job, on_progress)
    except Exception:
        log.exception("import job %s: validation crashed", job.pk)
        _save(job, status=ImportStatus.FAILED, message="校验时发生内部错误，未写入任何数据；请联系管理员。")
        return job
    _save(job, status=ImportStatus.PREVIEWED, problems=outcome.problems, summary=outcome.summary,
          preview=outcome.preview(), validated_at=timezone.now(), progress_done=outcome.total_rows,
          progress_total=outcome.total_rows)
    return job


def apply_job(job: ImportJob, on_progress=None) -> ImportJob:
    """Check the file again and write it in one transaction; on any problem write nothing."""
    _save(job, status=ImportStatus.APPLYING, progress_done=0, message="")
    try:
        importer, outcome = _outcome(job, on_progress)
        if outcome.problems:
            _save(job, status=ImportStatus.PREVIEWED, problems=outcome.problems, summary=outcome.summary,
                  preview=outcome.preview(), validated_at=timezone.now(),
                  message=f"数据在预览后发生了变化，重新校验发现 {len(outcome.problems)} 个问题，未写入任何数据。")
            return job
        with transaction.atomic():
            counts = importer.apply(outcome, actor=job.created_by)
            _save(job, status=ImportStatus.APPLIED, applied_at=timezone.now(), summary=outcome.summary | counts,
                  preview=outcome.preview(), problems=[])
    except StaleImport as stale:
        _save(job, status=ImportStatus.FAILED, message=str(stale))
    except IntegrityError:
        log.warning("import job %s: integrity error while applying", job.pk, exc_info=True)
        _save(job, status=ImportStatus.FAILED,
              message="写入时与已有数据冲突（可能有人同时新建了相同编号的记录），未写入任何数据；请重新校验后再导入。")
    except Exception:
        log.exception("import job %s: apply crashed", job.pk)
        _save(job, status=ImportStatus.FAILED, message="导入时发生内部错误，未写入任何数据；请联系管理员。")
    return job


TASKS = {"validate": validate_job, "apply": apply_job}


def _run(pk, task):
    job = ImportJob.objects.select_related("created_by", "created_by__organisation").get(pk=pk)
    TASKS[task](job)


def _run_in_thread(pk, task):
    close_old_connections()
    try:
        _run(pk, task)
    except Exception:  # the thread has nobody to report to but the log
        log.exception("import job %s: %s failed", pk, task)
    finally:
        connection.close()


def start(job: ImportJob, task: str) -> None:
    """Run ``task`` ("validate" or "apply") for ``job``: inline in tests, else in a thread after commit."""
    if getattr(settings, "IMPORTS_RUN_INLINE", False):
        _run(job.pk, task)
        return
    transaction.on_commit(lambda: threading.Thread(
        target=_run_in_thread, args=(job.pk, task), name=f"import-{job.pk}-{task}", daemon=True).start())
