"""Run an import job's validation and apply in a worker, and record on the job how far it got.

A 10,000-row sheet takes a few seconds, too long to hold a request open behind a proxy, so the
views queue the work as huey tasks (``tasks.py``) once the job row is committed, and the page polls
the job's progress — the pattern of ``tuijin.exports``. Tests set ``IMPORTS_RUN_INLINE = True`` to
run them synchronously inside the request; the command line calls the two functions directly.

A worker first **claims** the job with a compare-and-set ``update()`` (status, and ``worker`` empty
→ this process), so a task delivered twice runs once. It writes a heartbeat with its progress, and
every later write is a compare-and-set on its claim: if the job was given up as stalled meanwhile
(``ImportJob.is_stalled``: the worker died or restarted) and started again, the old worker's
writes change nothing and its apply rolls back. When a step ends the claim is released.

``apply_job`` validates the file again before writing — the database may have changed since the
preview — and writes everything in one transaction, or nothing. With the job's ``skip_rows``
option (the user chose "只导入无误的行" after seeing which rows it leaves out) it writes the valid
rows, provided the rows with problems are still exactly those; the summary keeps what was left out.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from tuijin.lib import context
from tuijin.lib.context import Source

from .importers import StaleImport
from .models import ImportJob, ImportStatus, this_worker
from .registry import importer_class

log = logging.getLogger(__name__)


class ClaimLost(Exception):
    """The job was taken from this worker (given up as stalled and started again): write nothing."""


def _save(job, **fields):
    """Write ``fields`` on the job if this worker still holds it; raise ``ClaimLost`` otherwise."""
    now = timezone.now()
    fields |= {"heartbeat_at": now, "updated_at": now}
    if not ImportJob.objects.filter(pk=job.pk, worker=job.worker).update(**fields):
        raise ClaimLost
    for name, value in fields.items():
        setattr(job, name, value)


def _progress(job, also=None):
    def report(done, total):
        _save(job, progress_done=done, progress_total=total)
        if also:
            also(done, total)

    return report


def _claim(job, statuses, to) -> bool:
    """Take ``job`` if it is in one of ``statuses`` and no worker holds it."""
    worker, now = this_worker(), timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, status__in=statuses, worker="").update(
        status=to, worker=worker, heartbeat_at=now, updated_at=now, progress_done=0, message="")
    job.refresh_from_db()
    return bool(claimed)


def _outcome(job, on_progress=None):
    importer = importer_class(job.kind)(job.created_by, progress=_progress(job, on_progress), options=job.options)
    with job.file.open("rb") as handle:
        data = handle.read()
    return importer, importer.validate(data, job.original_name)


def validate_job(job: ImportJob, on_progress=None) -> ImportJob:
    """Read and check every row; store the problems, the counts and the preview."""
    if not _claim(job, [ImportStatus.UPLOADED], ImportStatus.VALIDATING):
        return job
    try:
        try:
            _importer, outcome = _outcome(job, on_progress)
        except ClaimLost:
            raise
        except Exception:
            log.exception("import job %s: validation crashed", job.pk)
            _save(job, status=ImportStatus.FAILED, worker="",
                  message="校验时发生内部错误，未写入任何数据；请联系管理员。")
            return job
        _save(job, status=ImportStatus.PREVIEWED, problems=outcome.problems, summary=outcome.summary,
              preview=outcome.preview(), validated_at=timezone.now(), progress_done=outcome.total_rows,
              progress_total=outcome.total_rows, worker="")
    except ClaimLost:
        log.warning("import job %s: taken from this worker while validating", job.pk)
    return job


def apply_job(job: ImportJob, on_progress=None) -> ImportJob:
    """Check the file again and write it in one transaction; on any problem write nothing."""
    if not _claim(job, [ImportStatus.PREVIEWED, ImportStatus.APPLYING], ImportStatus.APPLYING):
        return job
    try:
        _apply(job, on_progress)
    except ClaimLost:
        log.warning("import job %s: taken from this worker while applying; its writes were rolled back", job.pk)
    return job


def _apply(job, on_progress):
    try:
        importer, outcome = _outcome(job, on_progress)
        skip = job.options.get("skip_rows")
        skipped = outcome.skipped
        if outcome.problems and skip is not None and [item["row"] for item in skipped] != skip:
            _save(job, status=ImportStatus.PREVIEWED, problems=outcome.problems, summary=outcome.summary,
                  preview=outcome.preview(), validated_at=timezone.now(), worker="",
                  options={k: v for k, v in job.options.items() if k != "skip_rows"},
                  message="数据在预览后发生了变化，有问题的行与您确认跳过的行不一致，未写入任何数据；请重新确认。")
            return
        if outcome.problems and skip is None:
            _save(job, status=ImportStatus.PREVIEWED, problems=outcome.problems, summary=outcome.summary,
                  preview=outcome.preview(), validated_at=timezone.now(), worker="",
                  message=f"数据在预览后发生了变化，重新校验发现 {len(outcome.problems)} 个问题，未写入任何数据。")
            return
        # Every row written (events, audit entries) is stamped as coming through an import, by its job's user.
        with transaction.atomic(), context.acting(Source.IMPORT, job.created_by, context.current().address):
            counts = importer.apply(outcome, actor=job.created_by)
            # In the same transaction: if the claim was lost meanwhile, ClaimLost rolls every write back.
            # Rows left out by "只导入无误的行" stay on record in the summary, with their reasons.
            extra = {"skipped": skipped} if outcome.problems else {}
            _save(job, status=ImportStatus.APPLIED, applied_at=timezone.now(),
                  summary=outcome.summary | counts | extra, preview=outcome.preview(), problems=[], worker="")
    except ClaimLost:
        raise
    except StaleImport as stale:
        _save(job, status=ImportStatus.FAILED, message=str(stale), worker="")
    except IntegrityError:
        log.warning("import job %s: integrity error while applying", job.pk, exc_info=True)
        _save(job, status=ImportStatus.FAILED, worker="",
              message="写入时与已有数据冲突（可能有人同时新建了相同编号的记录），未写入任何数据；请重新校验后再导入。")
    except Exception:
        log.exception("import job %s: apply crashed", job.pk)
        _save(job, status=ImportStatus.FAILED, message="导入时发生内部错误，未写入任何数据；请联系管理员。", worker="")


TASKS = {"validate": validate_job, "apply": apply_job}


def run(pk, task):
    """Run ``task`` for job ``pk`` (what the huey task calls); a job already claimed or done is left alone."""
    job = ImportJob.objects.select_related("created_by", "created_by__organisation").get(pk=pk)
    TASKS[task](job)
    return job.status


def start(job: ImportJob, task: str) -> None:
    """Run ``task`` ("validate" or "apply") for ``job``: inline in tests, else as a huey task after commit."""
    from . import tasks

    tasks.start(job, task)
