"""Growth candidates (小升规, 高新技术企业, 专精特新), each with its gap, closest first."""

import datetime as dt

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

from ..factories import EnterpriseFactory, industry
from ..pages import text
from .conftest import ABOVE_SCALE, YEAR, figures, qualify


def founded(*companies, year=2015):
    for company in companies:
        company.established_on = dt.date(year, 5, 1)
        company.save()


def rows(response):
    return [(enterprise.name, candidate.ready, candidate.gaps) for enterprise, candidate in response.context["rows"]]


def test_above_scale_candidates_are_growing_manufacturers_near_the_line(client, coordinator, park, enterprise):
    # Given a manufacturer at 1,850 万元 and growing, one past the line, one shrinking, one already 规上, a shop
    figures(enterprise, revenue="1850.00")
    figures(enterprise, YEAR - 1, revenue="1500.00")
    past = EnterpriseFactory(name="成都甲电子有限公司", park=park)
    figures(past, revenue="2100.00")
    figures(past, YEAR - 1, revenue="1900.00")
    shrinking = EnterpriseFactory(name="成都乙电子有限公司", park=park)
    figures(shrinking, revenue="1900.00")
    figures(shrinking, YEAR - 1, revenue="1950.00")
    counted = EnterpriseFactory(name="成都丙电子有限公司", park=park)
    figures(counted, revenue="1950.00")
    figures(counted, YEAR - 1, revenue="1000.00")
    qualify(counted, ABOVE_SCALE)
    shop = EnterpriseFactory(name="成都丁商贸有限公司", park=park, industry=industry("51"))
    figures(shop, revenue="1900.00")
    figures(shop, YEAR - 1, revenue="1000.00")
    client.force_login(coordinator)

    response = client.get(reverse("policy_growth", args=["above_scale"]), {"year": YEAR})

    # Then the one past the line is ready, the one near it shows what it lacks
    assert rows(response) == [("成都甲电子有限公司", True, []),
                              ("成都锦程新材料有限公司", False, ["营业收入 1,850 万元，要求 ≥ 2,000 万元，差 150 万元"])]
    assert "已达标 1 家" in text(response)


def test_high_tech_candidates_show_the_one_criterion_they_miss(client, coordinator, enterprise, other_enterprise):
    figures(enterprise, revenue="3000.00", rd_spend="150.00", hightech_revenue="2100.00", employees=100, rd_staff=8)
    figures(other_enterprise, revenue="3000.00", rd_spend="60.00", hightech_revenue="900.00", employees=100,
            rd_staff=8)
    founded(enterprise, other_enterprise)
    client.force_login(coordinator)

    response = client.get(reverse("policy_growth", args=["high_tech"]), {"year": YEAR})

    assert rows(response) == [("成都锦程新材料有限公司", False, ["研发人员占比 8%，要求 ≥ 10%，差 2 个百分点"])]


def test_srdi_candidates_need_two_years_and_rd(client, coordinator, enterprise):
    figures(enterprise, revenue="4000.00", rd_spend="110.00")
    founded(enterprise)
    client.force_login(coordinator)

    response = client.get(reverse("policy_growth", args=["srdi"]), {"year": YEAR})

    assert rows(response) == [("成都锦程新材料有限公司", False, ["研发投入占比 2.75%，要求 ≥ 3%，差 0.25 个百分点"])]


def test_park_staff_see_only_their_park_and_enterprises_are_refused(client, users, enterprise, other_enterprise):
    for company in (enterprise, other_enterprise):
        figures(company, revenue="1850.00")
        figures(company, YEAR - 1, revenue="1500.00")

    client.force_login(users[Role.PARK_STAFF])
    seen = rows(client.get(reverse("policy_growth", args=["above_scale"]), {"year": YEAR}))
    client.force_login(users[Role.ENTERPRISE])
    refused = client.get(reverse("policy_growth", args=["above_scale"]))

    assert [name for name, _, _ in seen] == ["成都锦程新材料有限公司"]
    assert refused.status_code == 403


@pytest.mark.parametrize("kind", ["above_scale", "high_tech", "srdi"])
def test_every_list_opens_empty(client, coordinator, kind):
    client.force_login(coordinator)

    assert "没有候选企业" in text(client.get(reverse("policy_growth", args=[kind])))
