"""Monthly revenue that crosses the 规上 line puts the enterprise on the 小升规 list (policies.growth)."""

import datetime as dt
from decimal import Decimal

from tuijin.accounts.models import Role
from tuijin.enterprises.models import EnterpriseYearFigures
from tuijin.monitoring import actions
from tuijin.monitoring.models import MonthlyFigures
from tuijin.policies import growth


def test_twelve_approved_months_give_the_year_revenue_and_the_candidate_list_shows_it(users, enterprise, approved,
                                                                                     coordinator):
    # Given an industrial enterprise (the fixture's manufacturing trade) with 2024 revenue 1,800 万元 (below the line) and eleven approved months
    # of 2025 at 180 万元; December is submitted
    EnterpriseYearFigures.objects.create(enterprise=enterprise, year=2024, revenue=Decimal("1800"))
    approved(enterprise, {(2025, m): {"revenue": 180} for m in range(1, 12)})
    december = MonthlyFigures.objects.create(enterprise=enterprise, year=2025, month=12, revenue=Decimal("180"),
                                             status="submitted")

    # When the park approves December
    actions.approve(december, actor=users[Role.PARK_STAFF])

    # Then 2025's revenue is 12 × 180 = 2,160 万元, and the enterprise is 已达标 on the 小升规 list for 2025
    assert EnterpriseYearFigures.objects.get(enterprise=enterprise, year=2025).revenue == Decimal("2160")
    listed = growth.candidates("above_scale", type(enterprise).objects.all(), 2025, dt.date(2026, 3, 1))
    assert [(c.enterprise_id, c.ready) for c in listed.candidates] == [(enterprise.pk, True)]


def test_a_revenue_the_enterprise_reported_is_kept(users, enterprise, approved):
    # Given a reported 2025 revenue of 2,500 and twelve approved months summing to 2,160
    EnterpriseYearFigures.objects.create(enterprise=enterprise, year=2025, revenue=Decimal("2500"))
    approved(enterprise, {(2025, m): {"revenue": 180} for m in range(1, 13)})

    # When the months are summed, Then nothing is written
    assert actions.fill_year_revenue(enterprise, 2025, actor=users[Role.COORDINATOR]) is None
    assert EnterpriseYearFigures.objects.get(enterprise=enterprise, year=2025).revenue == Decimal("2500")
