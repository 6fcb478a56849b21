"""The funnel: leads reaching each stage, conversion from the stage before, median days between stages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.promotion import calculations
from tuijin.promotion.models import Lead, LeadStage

from ..pages import text
from .conftest import make_lead, move, register, sign

D = dt.date


@pytest.fixture
def four_leads(coordinator, chain):
    """All registered on 1 January 2025.

    L1: 接洽 +10 days, 考察 +10, 洽谈 +20, 签约 +10, 注册 +30, 落地 +10
    L2: 接洽 +4, 考察 +20, 洽谈 +10, 签约 +30
    L3: 接洽 +20, then shelved
    L4: still a 线索
    """
    start = D(2025, 1, 1)

    def walk(name, gaps):
        lead = make_lead(coordinator, chain=chain, company_name=name, on=start)
        day = start
        for stage, gap in zip([LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION], gaps):
            day += dt.timedelta(days=gap)
            lead = move(lead, stage, coordinator, day)
        return lead, day

    l1, day = walk("一", [10, 10, 20])
    l1 = sign(l1, coordinator, day + dt.timedelta(days=10))
    l1 = register(l1, coordinator, day + dt.timedelta(days=40))
    move(l1, LeadStage.LANDED, coordinator, day + dt.timedelta(days=50))
    l2, day = walk("二", [4, 20, 10])
    sign(l2, coordinator, day + dt.timedelta(days=30))
    l3, day = walk("三", [20])
    move(l3, LeadStage.SHELVED, coordinator, day + dt.timedelta(days=11), reason="企业暂停扩张")
    make_lead(coordinator, chain=chain, company_name="四", on=start)


def test_it_counts_conversion_and_median_days(four_leads):
    steps = calculations.funnel(Lead.objects.all())

    assert [(s.stage.label, s.reached, s.conversion, s.median_days) for s in steps] == [
        ("线索", 4, None, None),
        ("接洽", 3, Decimal("75.0"), 10),
        ("考察", 2, Decimal("66.7"), 15),
        ("洽谈", 2, Decimal("100.0"), 15),
        ("签约", 2, Decimal("100.0"), 20),
        ("注册", 1, Decimal("50.0"), 30),
        ("落地", 1, Decimal("100.0"), 10),
    ]


def test_it_reports_the_signed_leads_conversions(four_leads):
    rates = {c.key: (c.numerator, c.denominator, c.rate) for c in calculations.conversions(Lead.objects.all())}

    assert rates == {"registered": (1, 2, Decimal("50.0")), "started": (0, 2, Decimal("0.0"))}


def test_the_funnel_page_links_each_count_to_its_leads(client, coordinator, four_leads):
    client.force_login(coordinator)

    page = client.get(reverse("promotion_funnel"))

    assert "接洽 3 75.0% 10 天" in text(page)
    leads = client.get(reverse("promotion_leads"), {"reached": "visit"})
    assert "共 2 条线索" in text(leads)
