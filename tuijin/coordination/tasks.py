"""huey's periodic job: the same ``escalation.run`` that ``manage.py escalate_problems`` runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import escalation


@db_periodic_task(crontab(minute="*/10"))
@lock_task("coordination-escalation")
def escalate_problems():
    """Every ten minutes; the lock keeps two consumers from running it at once (the claims would cope anyway)."""
    return escalation.run().summary()
