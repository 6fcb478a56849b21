"""The records behind a promotion figure, and a project's funds page, name no other park's lead or project."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tuijin.promotion import actions
from tuijin.promotion.models import Contract, Lead

from ..pages import text
from .conftest import make_lead

D = dt.date


def figure(client, key, year=2025):
    return client.get(reverse("promotion_figure", args=[key]), {"period": f"year-{year}-01"})


def test_a_contract_of_our_project_does_not_name_another_parks_lead(client, users, coordinator, park, other_park,
                                                                   project):
    # given a contract signed on another park's lead for a project that landed in our park
    theirs = make_lead(coordinator, park=other_park, name="他园冷链项目", company_name="临港冷链集团有限公司")
    Contract.objects.create(lead=theirs, project=project, signed_on=D(2025, 5, 1),
                            agreed_investment=Decimal("9000"), counted_investment=Decimal("9000"))
    client.force_login(users["park_staff"])

    # when our park's staff open the contracts behind 签约金额
    response = figure(client, "signing_value")

    # then the contract is listed by our project, and the other park's lead is neither named nor linked
    assert project.name in text(response)
    assert "临港冷链集团" not in text(response)
    assert reverse("promotion_lead", args=[theirs.pk]) not in response.content.decode()


def test_a_landed_lead_does_not_link_a_project_in_another_park(client, users, coordinator, park, other_project):
    # given our lead that landed as a project of another park
    ours = make_lead(coordinator, park=park, name="本园种植体项目", company_name="高新种植体有限公司")
    Lead.objects.filter(pk=ours.pk).update(landed_on=D(2025, 6, 1), project=other_project)
    client.force_login(users["park_staff"])

    # when they open the leads behind 落地
    response = figure(client, "landings")

    # then the lead is listed, but the other park's project is neither coded nor linked
    html = response.content.decode()
    assert "高新种植体有限公司" in text(response)
    assert other_project.code not in html and reverse("project_detail", args=[other_project.pk]) not in html


def test_a_joint_activity_behind_the_count_hides_another_units_companies(client, users, coordinator, park,
                                                                        other_park):
    # given an activity the other park organised about one lead of each park
    ours = make_lead(coordinator, park=park, company_name="高新种植体有限公司")
    actions.log_activity(actor=coordinator, leads=[ours], data={
        "kind": "fair", "title": "深圳联合推介会", "held_on": D(2025, 4, 8), "unit": other_park,
        "companies_met": "临港冷链集团有限公司"})
    client.force_login(users["park_staff"])

    # when our park's staff open the activities behind the count
    page = text(figure(client, "activities"))

    # then the activity is listed without the other park's companies
    assert "深圳联合推介会" in page and "临港冷链集团" not in page


def test_a_projects_funds_page_lists_only_our_leads(client, users, coordinator, park, other_park, project):
    # given our project, also linked from another park's lead
    theirs = make_lead(coordinator, park=other_park, company_name="临港冷链集团有限公司")
    Lead.objects.filter(pk=theirs.pk).update(project=project)
    client.force_login(users["park_staff"])

    # when our park's staff open the project's funds page
    response = client.get(reverse("promotion_project_funds", args=[project.pk]))

    # then the other park's lead is not named
    assert response.status_code == 200 and "临港冷链集团" not in text(response)
