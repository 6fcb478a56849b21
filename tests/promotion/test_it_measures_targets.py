"""Targets against figures worked out by hand, for a year, a quarter, a month and an empty month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.promotion import actions, calculations
from tuijin.promotion.models import ContractKind, FundArrival, LeadStage, Metric, Target
from tuijin.promotion.periods import Period

from ..pages import text
from .conftest import make_lead, move, register, sign

D = dt.date


@pytest.fixture
def year_2025(coordinator, chain, park, district):
    """Four leads whose 2025 figures are, by month:

    signings         Jan 1 (A 1.5亿)  Feb 1 (B 8000)  Mar 1 (C 1.2亿)  Apr 0  May 0
    亿元以上签约      Jan 1            Feb 0           Mar 1
    签约金额          Jan 15000        Feb 8000 + 6000 (D's increase)  Mar 12000 (+0 upgrade)  May 8000 (C's increase)
    落地 / 开工       Feb 1 (A landed) / Mar 1 (A started)
    到位资金          Mar 3000 (A)     Apr 2000 + 1000 (A)
    """
    a = sign(make_lead(coordinator, chain=chain, company_name="甲", on=D(2025, 1, 2)), coordinator, D(2025, 1, 15))
    a = register(a, coordinator, D(2025, 2, 10))
    a = move(a, LeadStage.LANDED, coordinator, D(2025, 2, 20))
    type(a.project).objects.filter(pk=a.project_id).update(actual_start_date=D(2025, 3, 5))
    sign(make_lead(coordinator, chain=chain, company_name="乙", park=park, on=D(2025, 1, 2)), coordinator,
         D(2025, 2, 3), amount="8000")
    c = sign(make_lead(coordinator, chain=chain, company_name="丙", on=D(2025, 1, 2)), coordinator, D(2025, 3, 20),
             amount="12000")
    actions.record_contract(actor=coordinator, lead=c, kind=ContractKind.UPGRADE, signed_on=D(2025, 3, 25),
                            agreed_investment=Decimal(12000), today=D(2026, 1, 1))
    actions.record_contract(actor=coordinator, lead=c, kind=ContractKind.INCREASE, signed_on=D(2025, 5, 10),
                            agreed_investment=Decimal(20000), today=D(2026, 1, 1))
    d = sign(make_lead(coordinator, chain=chain, company_name="丁", on=D(2024, 12, 1)), coordinator, D(2024, 12, 20),
             amount="30000")
    actions.record_contract(actor=coordinator, lead=d, kind=ContractKind.INCREASE, signed_on=D(2025, 2, 15),
                            agreed_investment=Decimal(36000), today=D(2026, 1, 1))
    FundArrival.objects.create(project=a.project, year=2025, month=3, domestic=3000, foreign=0)
    FundArrival.objects.create(project=a.project, year=2025, month=4, domestic=2000, foreign=1000)
    targets = [
        (Period.year(2025), Metric.SIGNINGS, 12), (Period.quarter(2025, 1), Metric.SIGNINGS, 3),
        (Period.quarter(2025, 1), Metric.SIGNING_VALUE, 50000), (Period.month(2025, 4), Metric.SIGNINGS, 1),
        (Period.year(2025), Metric.FUND_ARRIVAL, 20000), (Period.month(2025, 3), Metric.STARTS, 1),
        (Period.quarter(2025, 1), Metric.SIGNINGS_OVER_100M, 2),
    ]
    for period, metric, value in targets:
        actions.set_target(period, district, metric, Decimal(value), actor=coordinator)
    return district


# By hand, from the fixture's docstring: (period, metric) → (actual, rate %)
EXPECTED = {
    ("year-2025-01", Metric.SIGNINGS): (3, Decimal("25.0")),
    ("quarter-2025-01", Metric.SIGNINGS): (3, Decimal("100.0")),
    ("quarter-2025-01", Metric.SIGNING_VALUE): (Decimal(41000), Decimal("82.0")),
    ("quarter-2025-01", Metric.SIGNINGS_OVER_100M): (2, Decimal("100.0")),
    ("month-2025-04", Metric.SIGNINGS): (0, Decimal("0.0")),
    ("year-2025-01", Metric.FUND_ARRIVAL): (Decimal(6000), Decimal("30.0")),
    ("month-2025-03", Metric.STARTS): (1, Decimal("100.0")),
}


def test_target_progress_matches_the_hand_computed_figures(year_2025):
    progress = calculations.target_progress(Target.objects.filter(unit=year_2025))

    found = {(row.period.key, row.target.metric): (row.actual, row.rate) for row in progress}
    assert found == EXPECTED


def test_each_figure_equals_the_sum_of_its_months(year_2025):
    # The page's monthly table and the drill-down list must agree on every period
    for metric in Metric:
        series = calculations.monthly(metric, 2025, year_2025)
        for period in (Period.year(2025), Period.quarter(2025, 1), Period.quarter(2025, 2), Period.month(2025, 4)):
            assert calculations.period_value(series, period) == calculations.figure(metric, period, year_2025).value


def test_the_monthly_signing_values_apply_the_counting_rules(year_2025):
    series = calculations.monthly(Metric.SIGNING_VALUE, 2025, year_2025)

    assert series[:5] == [Decimal(15000), Decimal(14000), Decimal(12000), Decimal(0), Decimal(8000)]


def test_a_park_counts_only_its_own(year_2025, park):
    assert calculations.monthly(Metric.SIGNINGS, 2025, park)[:3] == [0, 1, 0]


def test_it_checks_signing_landing_and_start_every_month(year_2025):
    check = calculations.monthly_check(2025, year_2025, today=D(2025, 5, 31))

    summary = {item["label"]: item["missed"] for item in check["summary"]}
    assert summary == {"月月有签约": [4, 5], "月月有落地": [1, 3, 4, 5], "月月有开工": [1, 2, 4, 5]}
    assert check["months"][5].future and check["months"][5].ok("signings") is None


def test_the_targets_page_shows_progress_and_links_to_the_records(client, coordinator, year_2025):
    client.force_login(coordinator)

    response = client.get(reverse("promotion_targets"), {"year": 2025, "unit": year_2025.pk})

    page = text(response)
    assert "2025年第一季度 签约金额 5.00 亿元 4.10 亿元 82.0%" in page
    assert "2025年4月 签约项目 1 个 0 个 0.0%" in page
    drill = client.get(reverse("promotion_figure", args=["signing_value"]),
                       {"period": "quarter-2025-01", "unit": year_2025.pk})
    assert "4.10 亿元" in text(drill) and text(drill).count("丁") == 1


def test_the_targets_page_costs_the_same_for_more_targets(client, coordinator, year_2025):
    client.force_login(coordinator)
    url = reverse("promotion_targets")
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"year": 2025, "unit": year_2025.pk})
    for month in range(5, 13):
        actions.set_target(Period.month(2025, month), year_2025, Metric.SIGNINGS, Decimal(1), actor=coordinator)
        actions.set_target(Period.month(2025, month), year_2025, Metric.FUND_ARRIVAL, Decimal(100), actor=coordinator)

    with CaptureQueriesContext(connection) as after:
        client.get(url, {"year": 2025, "unit": year_2025.pk})

    assert len(after) == len(before)


def test_coordinators_set_targets_and_leaders_may_not(client, users, district):
    client.force_login(users["leader"])
    data = {"period_kind": "quarter", "year": 2025, "number": 2, "unit": district.pk, "metric": "signings",
            "value": "4"}
    assert client.post(reverse("promotion_target_set"), data).status_code == 403

    client.force_login(users["coordinator"])
    client.post(reverse("promotion_target_set"), data)

    target = Target.objects.get()
    assert (target.period_kind, target.period_start, target.value) == ("quarter", D(2025, 4, 1), Decimal(4))
