"""How a 免申即享 run is scheduled: a huey task once its job row is committed.

Under pytest (and with DEBUG and HUEY_IMMEDIATE) huey runs tasks inline; the job still goes through its
row — queued, claimed, written, done — exactly as a worker would take it, only in the same thread.
"""

from django.conf import settings
from django.db import transaction
from huey.contrib.djhuey import db_task

from . import autogrant


@db_task()
def run_auto_grants(pk):
    job = autogrant.run(pk)
    return job and job.status


def schedule(job) -> None:
    """Run now when huey is immediate, else enqueue once the row is committed (a fast worker could
    otherwise look for a row it cannot see yet)."""
    if settings.HUEY.immediate:
        run_auto_grants.call_local(job.pk)
        return
    transaction.on_commit(lambda: run_auto_grants(job.pk))
