"""How briefings are scheduled: each run as a huey task after its row commits, and the monthly run.

The monthly briefing is made on the first working day of each month (``lib.workdays``: Chinese holidays
and make-up workdays count) for the month before, for the district and for every park, so it is waiting
when the bureau starts the month's 通报.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from tuijin.lib import workdays
from tuijin.lib.context import Source, acting

from . import runner


@db_task()
def make_run(pk):
    run = runner.run(pk)
    return run and run.status


def start(run) -> None:
    """Run inline when ``BRIEFINGS_RUN_INLINE`` (tests, the command), else enqueue once the row is committed."""
    if getattr(settings, "BRIEFINGS_RUN_INLINE", False):
        runner.run(run.pk)
        return
    transaction.on_commit(lambda: make_run(run.pk))


def first_workday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    while not workdays.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def scheduled_runs(today: dt.date) -> list:
    """On the month's first working day: last month's briefing for the district and each park (once)."""
    from tuijin.accounts.models import Organisation, OrganisationKind

    from . import actions
    from .models import BriefingRun, DocumentKind

    if today != first_workday(today.year, today.month):
        return []
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    made = []
    for park in [None, *Organisation.objects.filter(kind=OrganisationKind.PARK).order_by("sort_order", "name")]:
        if BriefingRun.objects.filter(kind=DocumentKind.MONTHLY, month=month, park=park, scheduled=True).exists():
            continue
        run = actions.request_run(DocumentKind.MONTHLY, actor=None, month=month, park=park, scheduled=True)
        start(run)
        made.append(run)
    return made


@db_periodic_task(crontab(minute="15", hour="7"))
@lock_task("briefings-monthly")
def monthly_briefings():
    """Every morning at 07:15; only the first working day of a month makes anything."""
    with acting(Source.COMMAND):
        return len(scheduled_runs(timezone.localdate()))
