"""A district's export loaded into an empty upper-level instance: the same projects and KPI totals, and
importing it again changes nothing."""

import pytest
from django.core.management import call_command

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.exchange.models import DistrictFeed, ImportRun
from tuijin.progress.models import MonthlyReport, PlanEvent, ReportEvent
from tuijin.projects.models import Project, ProjectEvent

from . import district, ledgers


@pytest.mark.django_db(transaction=True)
def test_an_empty_city_gets_the_same_count_and_totals(tmp_path, capsys):
    # Given a district with projects, plans and approved reports, exported to a file
    district.build()
    before = district.totals()
    ledger = ledgers.export(tmp_path)

    # When another, empty instance imports the file
    ledgers.empty_instance()
    assert not Project.objects.exists()
    call_command("import_ledger", str(ledger))

    # Then it has the same project count and the same KPI figures, the district under the city top
    assert district.totals() == before
    feed = DistrictFeed.objects.get(code="510115")
    assert feed.organisation.kind == OrganisationKind.DISTRICT
    assert feed.organisation.parent.kind == OrganisationKind.CITY
    parks = set(Organisation.objects.filter(parent=feed.organisation).values_list("name", flat=True))
    assert {"海峡园", "成都健康服务业集聚区"} <= parks
    assert feed.data_as_of is not None
    # and every project, plan and report written left its history row, stamped as an import
    assert ProjectEvent.objects.filter(kind="created", source="import").count() == before["projects"]
    assert PlanEvent.objects.count() == before["projects"]
    assert ReportEvent.objects.filter(source="import").count() == MonthlyReport.objects.count()
    assert "新增" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_again_changes_nothing_and_says_so(tmp_path, capsys):
    # Given a city that imported a district's file
    district.build()
    ledger = ledgers.export(tmp_path)
    ledgers.empty_instance()
    call_command("import_ledger", str(ledger))
    capsys.readouterr()
    events = ProjectEvent.objects.count(), ReportEvent.objects.count(), PlanEvent.objects.count()
    totals = district.totals()

    # When the same file is imported again
    call_command("import_ledger", str(ledger))

    # Then nothing changed, and the command says so
    out = capsys.readouterr().out
    assert "无变化" in out
    run = ImportRun.objects.first()
    assert (run.created, run.updated, run.conflicts) == (0, 0, 0) and run.unchanged > 0
    assert (ProjectEvent.objects.count(), ReportEvent.objects.count(), PlanEvent.objects.count()) == events
    assert district.totals() == totals
