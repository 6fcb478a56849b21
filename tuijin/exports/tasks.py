"""How export work is scheduled: each job as a huey task after its row commits, and the daily clean-up."""

from django.conf import settings
from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import purge, runner


@db_task()
def run_export(pk):
    job = runner.run(pk)
    return job and job.status


def start(job) -> None:
    """Run ``job`` inline when ``EXPORTS_RUN_INLINE`` (tests), else enqueue it once its row is committed.

    Enqueued before the commit, a fast worker could look for a row it cannot see yet.
    """
    if settings.EXPORTS_RUN_INLINE:
        runner.run(job.pk)
        return
    transaction.on_commit(lambda: run_export(job.pk))


@db_periodic_task(crontab(minute="40", hour="3"))
@lock_task("exports-purge")
def purge_exports():
    """Every night at 03:40; the same clean-up as ``manage.py purge_exports``."""
    return purge.run(days=settings.EXPORTS_KEEP_DAYS).summary()
