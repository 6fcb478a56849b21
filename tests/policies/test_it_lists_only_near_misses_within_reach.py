"""差一点就能享受 lists only clauses an enterprise can reach by growing or by filing a figure, closest first:
never 小升规 for an enterprise that is already 规上, nor 小巨人 for one three levels below — on the 政策匹配
page and in the report sent to the enterprise — while a real growth gap still shows with its share."""

import datetime as dt

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.policies import batch, engine, matching, reports, rules

from ..pages import text
from .conftest import ABOVE_SCALE, HIGH_TECH, ON, YEAR, figures, qualify


@pytest.fixture
def established(policy_library, enterprise):
    # A 规上 high-tech manufacturer, 规上 for years, not 专精特新; R&D 2.4 % of revenue, equipment 900 万元
    figures(enterprise, year=YEAR - 1, revenue="5000.00")
    figures(enterprise, revenue="6000.00", rd_spend="144.00", equipment_investment="900.00", tax="300.00")
    qualify(enterprise, ABOVE_SCALE)
    qualify(enterprise, HIGH_TECH)
    return enterprise


def near_titles(enterprise):
    return [outcome.clause.ref.title for outcome in matching.match_enterprise(enterprise, YEAR, ON).near]


def test_an_enterprise_already_above_scale_is_not_told_it_nearly_gets_the_first_time_reward(established):
    assert "小升规一次性奖励" not in near_titles(established)


def test_an_enterprise_three_levels_below_little_giant_is_not_a_near_miss(established):
    assert "专精特新“小巨人”企业奖励" not in near_titles(established)


def test_a_growth_gap_is_still_a_near_miss_with_its_share(client, users, established):
    client.force_login(users[Role.ENTERPRISE])

    page = text(client.get(reverse("policy_enterprise", args=[established.pk]), {"year": YEAR}))

    near = page.split("差一点就能享受", 1)[1]
    assert "研发投入占比 2.4%，要求 ≥ 3%，差 0.6 个百分点" in near and "差门槛的 20%" in near
    assert "设备投资 900 万元，要求 ≥ 1,000 万元，差 100 万元" in near and "差门槛的 10%" in near
    assert "小升规" not in near and "小巨人" not in near


def test_near_misses_are_ranked_by_how_little_is_missing_and_data_only_ones_last(established):
    match = matching.match_enterprise(established, YEAR, ON)

    shares = [outcome.share for outcome in match.near]
    growth = [share for share in shares if share is not None]
    assert growth == sorted(growth) and growth[0] == pytest.approx(0.1)
    assert shares[:len(growth)] == growth  # clauses short only of a figure come after every growth gap
    assert match.near[0].clause.ref.title == "智能化改造奖励"


def test_the_report_sent_to_the_enterprise_leaves_out_the_unreachable_clauses(established):
    match = matching.match_enterprise(established, YEAR, ON)

    report = reports.context(match, match.engine.scalar)

    listed = [row.clause for row in report["near"]]
    assert "小升规一次性奖励" not in listed and "专精特新“小巨人”企业奖励" not in listed
    assert any(row.share == "差门槛的 10%" for row in report["near"])


@pytest.mark.parametrize(("eligibility", "facts", "near"), [
    # a size ceiling the enterprise has outgrown: growing never brings it back under
    ({"all": [{"field": "employees", "op": "<=", "value": 100}, {"field": "revenue", "op": ">=", "value": 1}]},
     {"employees": 300.0, "revenue": 5.0}, False),
    # the wrong industry
    ({"all": [{"field": "industry_code", "op": "in", "value": [39]}, {"field": "revenue", "op": ">=", "value": 1}]},
     {"industry_code": 26.0, "revenue": 5.0}, False),
    # a qualification it must not hold (not yet 规上), which it does
    ({"all": [{"not": {"field": "is_above_scale", "op": "is_true"}}, {"field": "revenue", "op": ">=", "value": 1}]},
     {"is_above_scale": 1.0, "revenue": 5.0}, False),
    # a figure it can grow into
    ({"all": [{"field": "employees", "op": ">=", "value": 100}, {"field": "revenue", "op": ">=", "value": 1}]},
     {"employees": 90.0, "revenue": 5.0}, True),
    # a figure it has not filed
    ({"all": [{"field": "industry_code", "op": "in", "value": [39]}, {"field": "revenue", "op": ">=", "value": 1}]},
     {"revenue": 5.0}, True),
])
def test_only_conditions_reachable_by_growth_or_filing_make_a_near_miss_in_both_engines(eligibility, facts, near):
    plan = rules.compile_plan([(0, "条款", 1, {"eligibility": eligibility, "benefit": {"amount": 1}})],
                              dt.date(2026, 1, 1))
    names = plan.base
    columns = {name: batch.np.array([facts.get(name, batch.np.nan)]) for name in names}

    scalar = [o for o in engine.Scalar(plan).evaluate({n: facts.get(n) for n in names}) if o.status == "near"]
    batched = batch.Batch(plan).run(columns)[0].near.rows.tolist()

    assert bool(scalar) is near and bool(batched) is near
