"""How import work is scheduled: validation and apply as huey tasks once the job's row is committed."""

from django.conf import settings
from django.db import transaction
from huey.contrib.djhuey import db_task

from . import runner


@db_task()
def run_import(pk, task):
    return runner.run(pk, task)


def start(job, task) -> None:
    """Run inline when ``IMPORTS_RUN_INLINE`` (tests), else enqueue once the row is committed.

    Enqueued before the commit, a fast worker could look for a row (or a status) it cannot see yet.
    """
    if settings.IMPORTS_RUN_INLINE:
        runner.run(job.pk, task)
        return
    transaction.on_commit(lambda: run_import(job.pk, task))
