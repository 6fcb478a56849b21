"""Who sees and changes promotion records: the bureau everything, leaders read, park staff their park's leads,
departments and enterprises nothing (403). Refusals tested as well as permissions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.promotion import actions
from tuijin.promotion.models import Activity, ContractKind, Lead, LeadStage

from ..factories import ProjectFactory
from ..pages import text
from .conftest import make_lead

D = dt.date


@pytest.fixture
def leads(coordinator, chain, park, other_park):
    mine = make_lead(coordinator, chain=chain, park=park, company_name="本园企业")
    theirs = make_lead(coordinator, chain=chain, park=other_park, company_name="他园企业")
    return mine, theirs


@pytest.fixture
def signed_project(coordinator, park):
    project = ProjectFactory(park=park)
    actions.record_contract(actor=coordinator, project=project, kind=ContractKind.INITIAL, signed_on=D(2025, 1, 1),
                            agreed_investment=Decimal(100))
    return project


def read_urls(lead, chain, project):
    return [
        reverse("promotion_board"), reverse("promotion_leads"), reverse("promotion_lead", args=[lead.pk]),
        reverse("promotion_chains"), reverse("promotion_chain", args=[chain.pk]), reverse("promotion_activities"),
        reverse("promotion_targets"), reverse("promotion_funnel"), reverse("promotion_funds"),
        reverse("promotion_project_funds", args=[project.pk]),
        reverse("promotion_figure", args=["signings"]) + "?period=year-2025-01",
    ]


@pytest.mark.parametrize("role", ["department_clerk", "enterprise"])
def test_departments_and_enterprises_are_refused_everywhere(client, users, role, leads, chain, signed_project):
    client.force_login(users[role])

    for url in read_urls(leads[0], chain, signed_project):
        assert client.get(url).status_code == 403, url
    refused = client.get(reverse("promotion_board"))
    assert "招商引资仅对投促局等统筹部门、区领导和园区工作人员开放" in text(refused)
    assert client.post(reverse("promotion_lead_create"), {"name": "x"}).status_code == 403
    assert client.post(reverse("promotion_lead_move", args=[leads[0].pk, "contact"]),
                       {"date": "2025-02-01"}).status_code == 403


@pytest.mark.parametrize("role", ["leader", "coordinator"])
def test_the_bureau_and_leaders_read_everything(client, users, role, leads, chain, signed_project):
    client.force_login(users[role])

    for url in read_urls(leads[1], chain, signed_project):
        assert client.get(url).status_code == 200, url
    assert "他园企业" in text(client.get(reverse("promotion_board")))


def test_leaders_change_nothing(client, users, leads, signed_project):
    client.force_login(users["leader"])
    lead = leads[0]

    assert client.get(reverse("promotion_lead_create")).status_code == 403
    assert client.post(reverse("promotion_lead_move", args=[lead.pk, "contact"]),
                       {"date": "2025-02-01"}).status_code == 403
    assert client.post(reverse("promotion_lead_edit", args=[lead.pk]), {"name": "x"}).status_code == 403
    assert client.post(reverse("promotion_activity_create"), {"title": "x"}).status_code == 403
    assert client.post(reverse("promotion_record_arrival", args=[signed_project.pk]),
                       {"year": 2025, "month": 1, "domestic": 1, "foreign": 0}).status_code == 403
    lead.refresh_from_db()
    assert lead.stage == LeadStage.LEAD and not Activity.objects.exists()


def test_park_staff_see_and_move_only_their_parks_leads(client, users, leads):
    mine, theirs = leads
    client.force_login(users["park_staff"])

    board = text(client.get(reverse("promotion_board")))
    assert "本园企业" in board and "他园企业" not in board
    assert client.get(reverse("promotion_lead", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("promotion_lead_move", args=[theirs.pk, "contact"]),
                       {"date": "2025-02-01"}).status_code == 404

    response = client.post(reverse("promotion_lead_move", args=[mine.pk, "contact"]), {"date": "2025-02-01"})

    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.stage, theirs.stage) == (LeadStage.CONTACT, LeadStage.LEAD)


def test_park_staff_register_leads_only_for_their_park(client, users, park, other_park):
    client.force_login(users["park_staff"])
    data = {"name": "新材料项目", "company_name": "外地新材料公司", "source": "fair", "park": other_park.pk}

    refused = client.post(reverse("promotion_lead_create"), data)
    accepted = client.post(reverse("promotion_lead_create"), data | {"park": park.pk})

    assert refused.status_code == 200 and "park" in refused.context["form"].errors
    assert accepted.status_code == 302 and Lead.objects.get().park == park


def test_park_staff_figures_are_their_parks(client, users, park, district):
    client.force_login(users["park_staff"])

    response = client.get(reverse("promotion_targets"), {"unit": district.pk})

    assert response.context["unit"] == park


def test_the_move_form_shows_a_refusal_in_chinese(client, coordinator, leads):
    client.force_login(coordinator)

    response = client.post(reverse("promotion_lead_move", args=[leads[0].pk, "signed"]),
                           {"date": "2025-02-01", "agreed_investment": "100", "capital_source": "domestic"})

    assert response.status_code == 400
    assert "不能从“线索”直接变更为“签约”。当前可变更为：接洽、搁置。" in text(response)


def test_the_board_and_list_cost_the_same_for_more_leads(client, coordinator, chain, park):
    client.force_login(coordinator)
    for number in range(3):
        make_lead(coordinator, chain=chain, park=park, company_name=f"企业{number}", owner=coordinator)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as board:
            client.get(reverse("promotion_board"))
        with CaptureQueriesContext(connection) as listing:
            client.get(reverse("promotion_leads"))
        counts.append((len(board), len(listing)))
        for number in range(3, 9):
            make_lead(coordinator, chain=chain, park=park, company_name=f"企业{number}{_round}", owner=coordinator)

    assert counts[0] == counts[1]
