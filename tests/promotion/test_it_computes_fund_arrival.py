"""资金到位: monthly 内资 / 外资 per signed project, the rate against agreed investment, totals by park and quarter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.promotion import actions, calculations
from tuijin.promotion.models import ContractKind, FundArrival

from ..factories import ProjectFactory
from ..pages import text

D = dt.date
TODAY = D(2025, 12, 31)


@pytest.fixture
def signed(coordinator, park):
    project = ProjectFactory(name="口腔耗材产业化项目", park=park)
    actions.record_contract(actor=coordinator, project=project, kind=ContractKind.INITIAL, signed_on=D(2025, 1, 10),
                            agreed_investment=Decimal(10000), today=TODAY)
    actions.record_contract(actor=coordinator, project=project, kind=ContractKind.INCREASE, signed_on=D(2025, 5, 1),
                            agreed_investment=Decimal(12000), today=TODAY)
    return project


def arrive(project, actor, month, domestic, foreign=0):
    return actions.record_fund_arrival(project, 2025, month, actor=actor, domestic=Decimal(domestic),
                                       foreign=Decimal(foreign), today=TODAY)


def test_the_rate_is_arrived_over_agreed(coordinator, signed):
    arrive(signed, coordinator, 1, 3000)
    arrive(signed, coordinator, 2, 0, 1000)

    rate = calculations.fund_arrival_rate(None, TODAY)

    assert (rate.arrived, rate.agreed, rate.rate) == (Decimal(4000), Decimal(12000), Decimal("33.3"))
    # Up to January only the first arrival and the first agreement counted
    early = calculations.fund_arrival_rate(None, D(2025, 1, 31))
    assert (early.arrived, early.agreed, early.rate) == (Decimal(3000), Decimal(10000), Decimal("30.0"))


def test_totals_by_park_and_quarter(coordinator, signed, park, other_park):
    arrive(signed, coordinator, 1, 3000)
    arrive(signed, coordinator, 2, 0, 1000)
    arrive(signed, coordinator, 4, 500)

    rows = calculations.arrivals_by_park(2025, [park, other_park])

    mine = next(row for row in rows if row["unit"] == park)
    assert mine["quarters"][0] == [Decimal(3000), Decimal(1000)] and mine["quarters"][1] == [Decimal(500), 0]
    assert (mine["domestic"], mine["foreign"], mine["total"]) == (Decimal(3500), Decimal(1000), Decimal(4500))
    assert rows[-1]["total"] == Decimal(4500)
    assert next(row for row in rows if row["unit"] == other_park)["total"] == 0


def test_a_correction_keeps_the_old_figures(coordinator, signed):
    arrive(signed, coordinator, 3, 3000)

    arrival = arrive(signed, coordinator, 3, 2500, 100)

    assert FundArrival.objects.count() == 1 and (arrival.domestic, arrival.foreign) == (2500, 100)
    latest = arrival.events.first()
    assert {c["field"]: (c["old"], c["new"]) for c in latest.changes} == {
        "domestic": ("3000.00", "2500.00"), "foreign": ("0.00", "100.00")}


def test_it_refuses_future_months_and_unsigned_projects(coordinator, signed):
    with pytest.raises(actions.ActionRefused, match="不能填报未来月份（2026年1月）"):
        actions.record_fund_arrival(signed, 2026, 1, actor=coordinator, domestic=Decimal(1), foreign=Decimal(0),
                                    today=TODAY)
    with pytest.raises(actions.ActionRefused, match="尚未登记签约协议"):
        arrive(ProjectFactory(), coordinator, 1, 100)


def test_the_project_page_records_a_month(client, users, signed):
    client.force_login(users["park_staff"])
    today = dt.date.today()

    client.post(reverse("promotion_record_arrival", args=[signed.pk]),
                {"year": today.year, "month": today.month, "domestic": "800", "foreign": "0"})

    page = text(client.get(reverse("promotion_project_funds", args=[signed.pk])))
    assert "800.00 万元" in page and "1.20 亿元" in page


def test_another_parks_staff_cannot_record_it(client, users, signed, other_park):
    outsider = users["park_staff"]
    outsider.organisation = other_park
    outsider.save()
    client.force_login(outsider)

    response = client.post(reverse("promotion_record_arrival", args=[signed.pk]),
                           {"year": 2025, "month": 1, "domestic": "800", "foreign": "0"})

    assert response.status_code == 404 and not FundArrival.objects.exists()
