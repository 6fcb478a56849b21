"""A record edited at the city since its import, sent again changed by the district: a conflict with both
values, nothing overwritten; the city decides on the 数据上报 page."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.exchange.models import Conflict, ConflictStatus, ExchangeEvent, ImportRun
from tuijin.lib.context import Source, acting
from tuijin.projects import actions as project_actions
from tuijin.projects.models import Project, ProjectEvent
from tests.factories import UserFactory
from tests.pages import text

from . import district, ledgers


@pytest.mark.django_db(transaction=True)
def test_an_edit_at_the_city_is_kept_and_both_values_are_shown(tmp_path, client, capsys):
    # Given a city that imported a district's ledger
    district.build()
    first = ledgers.export(tmp_path)
    ledgers.empty_instance()
    call_command("import_ledger", str(first))
    coordinator = UserFactory(username="city", role=Role.COORDINATOR)
    edited, untouched = Project.objects.order_by("code")[:2]

    # and a city coordinator corrected one project's total investment
    with acting(Source.PAGE, coordinator):
        project_actions.update_project(edited, actor=coordinator, data={"total_investment": Decimal("99999.00")},
                                       expected_version=edited.version)

    # When the district sends both projects again, changed at the district
    records = ledgers.lines(first)
    for record in records:
        if record["type"] == "project" and record["code"] in (edited.code.split("-", 1)[1],
                                                              untouched.code.split("-", 1)[1]):
            record["version"] += 1
            record["total_investment"] = "55555.00"
    capsys.readouterr()
    call_command("import_ledger", str(ledgers.write(tmp_path / "later.jsonl", records)))

    # Then the edited project is a conflict, with the city's and the district's values, not overwritten
    out = capsys.readouterr().out
    assert "冲突 1 条" in out and "更新 1 条" in out
    conflict = Conflict.objects.get()
    assert conflict.status == ConflictStatus.OPEN
    assert conflict.local["total_investment"] == "99999.00"
    assert conflict.incoming["total_investment"] == "55555.00"
    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.total_investment == Decimal("99999.00")
    assert untouched.total_investment == Decimal("55555.00")
    assert ExchangeEvent.objects.filter(kind="conflict", conflict=conflict).exists()

    # and the page lists it with both values
    client.force_login(coordinator)
    page = text(client.get(reverse("exchange_conflicts")))
    assert "99999.00" in page and "55555.00" in page and edited.name in page

    # When the coordinator takes the district's value
    response = client.post(reverse("exchange_conflict_decide", args=[conflict.pk]), {"decision": "take"})
    assert response.status_code == 302

    # Then it is written, logged on the project's history and the conflict is closed
    edited.refresh_from_db()
    assert edited.total_investment == Decimal("55555.00")
    assert ProjectEvent.objects.filter(project=edited, kind="edited", actor=coordinator).count() == 2
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.TAKEN and conflict.resolved_by == coordinator

    # and the same later file again changes nothing
    call_command("import_ledger", str(tmp_path / "later.jsonl"))
    assert ImportRun.objects.first().changed_nothing


@pytest.mark.django_db(transaction=True)
def test_a_kept_city_value_conflicts_again_when_the_district_changes_it_later(tmp_path, client):
    # Given a conflict the city decided to keep its own value for
    district.build(projects=2)
    first = ledgers.export(tmp_path)
    ledgers.empty_instance()
    call_command("import_ledger", str(first))
    coordinator = UserFactory(username="city", role=Role.COORDINATOR)
    project = Project.objects.order_by("code").first()
    with acting(Source.PAGE, coordinator):
        project_actions.update_project(project, actor=coordinator, data={"name": "本级更正的名称"},
                                       expected_version=project.version)
    records = ledgers.lines(first)
    target = next(r for r in records if r["type"] == "project" and project.code.endswith(r["code"]))
    target["version"] += 1
    target["name"] = "区县改的名称"
    call_command("import_ledger", str(ledgers.write(tmp_path / "b.jsonl", records)))
    client.force_login(coordinator)
    client.post(reverse("exchange_conflict_decide", args=[Conflict.objects.get().pk]), {"decision": "keep"})
    project.refresh_from_db()
    assert project.name == "本级更正的名称"

    # When the district changes it once more
    target["version"] += 1
    target["name"] = "区县再次修改"
    call_command("import_ledger", str(ledgers.write(tmp_path / "c.jsonl", records)))

    # Then it is a new open conflict, and the city's value still stands
    project.refresh_from_db()
    assert project.name == "本级更正的名称"
    assert Conflict.objects.filter(status=ConflictStatus.OPEN).count() == 1
