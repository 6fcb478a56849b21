"""huey's periodic job: the same ``scan.run`` that ``manage.py scan_warnings`` runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tuijin.lib.context import Source, acting

from . import scan


@db_periodic_task(crontab(minute="30", hour="6"))
@lock_task("alerts-scan")
def scan_warnings():
    """Every morning at 06:30, before the leaders open the battle map; the lock keeps two scans apart."""
    with acting(Source.COMMAND):  # a consumer thread starts with no context: say where the changes came from
        return scan.run().summary()
