"""huey's periodic job: the same ``scan.run`` that ``manage.py scan_warnings`` runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import scan


@db_periodic_task(crontab(minute="30", hour="6"))
@lock_task("alerts-scan")
def scan_warnings():
    """Every morning at 06:30, before the leaders open the battle map; the lock keeps two scans apart."""
    return scan.run().summary()
