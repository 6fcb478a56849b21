"""An incremental export (--since) carries what changed at the district; importing it updates only that."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tuijin.exchange.models import ImportRun
from tuijin.progress.models import MonthlyReport, YearlyPlan
from tuijin.projects.models import Project, ProjectEvent

from . import district, ledgers


@pytest.mark.django_db(transaction=True)
def test_a_since_file_updates_the_one_changed_project(tmp_path):
    # Given a district whose records last changed a month ago, exported in full
    district.build(projects=4)
    month_ago = timezone.now() - dt.timedelta(days=30)
    for model in (Project, YearlyPlan, MonthlyReport):
        model.objects.update(updated_at=month_ago)
    full = ledgers.export(tmp_path, "full.jsonl")

    # and one project changed today at the district, exported since today
    changed = Project.objects.order_by("code").first()
    Project.objects.filter(pk=changed.pk).update(total_investment=Decimal("77777.00"), version=changed.version + 1,
                                                 updated_at=timezone.now())
    since = ledgers.export(tmp_path, "since.jsonl", since=timezone.localdate().isoformat())
    assert [r["type"] for r in ledgers.lines(since)].count("project") == 1

    # When a city imports the full file, then the incremental one
    ledgers.empty_instance()
    call_command("import_ledger", str(full))
    events = ProjectEvent.objects.count()
    call_command("import_ledger", str(since))

    # Then only that project was updated, and only it got an event
    run = ImportRun.objects.first()
    assert (run.created, run.updated, run.conflicts) == (0, 1, 0)
    assert run.since == timezone.localdate()
    assert ProjectEvent.objects.count() == events + 1
    assert Project.objects.get(code=f"510115-{changed.code}").total_investment == Decimal("77777.00")
    assert Project.objects.count() == 4
