"""Gap messages at the threshold: exactly 3 % qualifies, 2.99 % is 0.01 points short, no data is no pass."""

import datetime as dt
from decimal import Decimal

from tuijin.policies import engine, matching, rules
from tuijin.policies.engine import Status

from .conftest import ON, YEAR, clause, figures

RD_REWARD = {"eligibility": {"all": [{"field": "rd_spend", "op": ">=", "value": 100},
                                     {"field": "rd_ratio", "op": ">=", "value": 0.03}]},
             "benefit": {"rate": 0.05, "base": "rd_spend", "cap": 100}}


def outcome(definition, **facts):
    plan = rules.compile_plan([("c", "研发投入奖励", 1, definition)], dt.date(2026, 1, 1))
    found = engine.Scalar(plan).evaluate(facts)
    return found[0] if found else None


def test_exactly_three_percent_qualifies():
    result = outcome(RD_REWARD, rd_spend=150.0, revenue=5000.0)

    assert result.status == Status.ELIGIBLE
    assert result.reasons[1] == "研发投入占比 3%（要求：≥ 3%）"
    assert result.amount == Decimal("7.50")


def test_just_under_is_a_hundredth_of_a_point_short():
    result = outcome(RD_REWARD, rd_spend=149.5, revenue=5000.0)

    assert result.status == Status.NEAR
    assert [gap.text for gap in result.gaps] == ["研发投入占比 2.99%，要求 ≥ 3%，差 0.01 个百分点"]


def test_the_gap_is_told_in_points():
    result = outcome(RD_REWARD, rd_spend=120.0, revenue=5000.0)

    assert [gap.text for gap in result.gaps] == ["研发投入占比 2.4%，要求 ≥ 3%，差 0.6 个百分点"]


def test_a_shortfall_is_never_rounded_away():
    # 2.996 % would round to 3 %: it is shown as 2.99 %, and the gap rounds up to 0.01 points
    result = outcome(RD_REWARD, rd_spend=149.8, revenue=5000.0)

    assert [gap.text for gap in result.gaps] == ["研发投入占比 2.99%，要求 ≥ 3%，差 0.01 个百分点"]


def test_missing_data_is_missing_never_a_pass():
    result = outcome(RD_REWARD, revenue=5000.0)

    assert result.status == Status.NEAR and result.amount is None
    assert [(gap.text, gap.missing) for gap in result.gaps] == [("缺少数据：研发投入", True)]


def test_not_of_missing_data_is_still_missing():
    definition = {"eligibility": {"not": {"field": "tax", "op": "<", "value": 10}}, "benefit": {"amount": 1}}

    result = outcome(definition)

    assert result.status == Status.NEAR and result.gaps[0].text == "缺少数据：纳税额"


def test_a_zero_denominator_cannot_be_computed():
    result = outcome(RD_REWARD, rd_spend=150.0, revenue=0.0)

    assert result.status == Status.NEAR
    assert [gap.text for gap in result.gaps] == ["无法计算研发投入占比：营业收入为 0"]


def test_an_enterprise_page_tells_the_same_from_stored_figures(client, policy_library, coordinator, enterprise,
                                                              other_enterprise):
    # Given one enterprise at exactly 3 %, and another that never reported its R&D spend
    figures(enterprise, rd_spend="150.00", revenue="5000.00")
    figures(other_enterprise, revenue="5000.00")

    first = matching.match_enterprise(enterprise, YEAR, ON)
    second = matching.match_enterprise(other_enterprise, YEAR, ON)

    # Then the first qualifies for the R&D reward with 7.50 万元, the second is told what is missing
    assert [(o.clause.ref.code, o.amount) for o in first.eligible if o.clause.ref.code == "rd-reward"] == [
        ("rd-reward", Decimal("7.50"))]
    gaps = {o.clause.ref.code: [g.text for g in o.gaps] for o in second.near}
    assert gaps["rd-reward"] == ["缺少数据：研发投入"]
    assert "研发投入" in second.missing_figures
    assert clause("rd-reward").pk not in [o.clause.ref.pk for o in second.eligible]
