"""huey's periodic job: the same ``escalation.run`` that ``manage.py escalate_problems`` runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tuijin.lib.context import Source, acting

from . import escalation


@db_periodic_task(crontab(minute="*/10"))
@lock_task("coordination-escalation")
def escalate_problems():
    """Every ten minutes; the lock keeps two consumers from running it at once (the claims would cope anyway)."""
    with acting(Source.COMMAND):  # a consumer thread starts with no context: say where the changes came from
        return escalation.run().summary()
