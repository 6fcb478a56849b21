"""huey's daily job: the same ``reminders.run`` that ``manage.py notify_due_nodes`` runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tuijin.lib.context import Source, acting

from . import reminders


@db_periodic_task(crontab(hour="8", minute="30"))
@lock_task("nodeplans-due-reminders")
def notify_due_nodes():
    """Every morning at 8:30; a second run the same day sends nothing new."""
    with acting(Source.COMMAND):
        return reminders.run()
