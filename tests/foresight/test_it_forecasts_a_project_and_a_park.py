"""One project's year-end forecast and its explanation, and a park's roll-up, from a hand-made history."""

import numpy as np
import pytest

from tuijin.foresight import calculations

from .history import PLAN, current_panel, past_panel


@pytest.fixture
def model():
    return calculations.fit(past_panel())


def test_it_forecasts_a_project_from_the_past_projects_nearest_in_progress(model):
    # Given past projects at two steady paces: after May A had done 25% of its plan, B 42%
    # When the project that did 5 × 90 = 450 by May (37.5% of 1,200) is forecast to December
    found = calculations.forecast(model, current_panel(), 5)
    # Then its 20 nearest are B's, which did 1,000 more: 450 + 1,000 = 1,450, with no spread
    assert found.neighbours[0] == 20
    assert found.expected[0] == pytest.approx(1450)
    assert (found.low[0], found.high[0]) == (pytest.approx(1450), pytest.approx(1450))
    # and all 20 would have carried it over its plan: (20 + ½) / 21
    assert found.probability[0] == pytest.approx(20.5 / 21)
    assert calculations.status(found.probability[0]) == "预计达成"


def test_it_explains_the_forecast_in_words(model):
    found = calculations.forecast(model, current_panel(), 5)
    assert calculations.explain(found, 0) == (
        "近3个月平均完成 90 万元/月，截至5月已完成年度计划的 38%；同类项目（全部项目，60 个）中截至当时进度最相近的 20 个"
        "历史项目其后通常再完成计划的 83%，12月通常集中完成全年的 27%；预计全年完成 1,450 万元（80%区间 1,450–1,450），"
        "达到年度计划的概率 98%")


def test_it_calls_a_slow_project_unlikely(model):
    found = calculations.forecast(model, current_panel(), 5)
    # 5 × 40 = 200 done (17%): its nearest are the A's, which did 600 more: 800 of a 1,200 plan
    assert found.expected[1] == pytest.approx(800)
    assert found.probability[1] == pytest.approx(0.5 / 21)
    assert calculations.status(found.probability[1]) == "预计未达成"


def test_it_rolls_a_park_up_and_lists_the_shortfall_first(model):
    found = calculations.forecast(model, current_panel(), 5)
    park = calculations.rollup(model, found, np.flatnonzero(current_panel().park == "园区X"))
    # Then the park expects 1,450 + 800 of a 2,400 plan, and cannot make it
    assert (park.count, park.goal, park.expected) == (2, 2 * PLAN, pytest.approx(2250))
    assert (park.low, park.high) == (pytest.approx(2250), pytest.approx(2250))
    assert park.probability == 0 and park.status == "预计未达成"
    # and only the slow project (400 short) contributes to the shortfall; the fast one is 250 over
    assert park.shortfall == [1]
    assert "蒙特卡洛" in park.method


def test_it_forecasts_the_half_year_for_the_double_half(model):
    # After March 3 × 90 = 270 is done (22.5%); the nearest are B's (25%), which did 3 × 100 more by June
    found = calculations.forecast(model, current_panel(), 3, target=6)
    assert found.expected[0] == pytest.approx(270 + 300)
    assert found.goal[0] == PLAN / 2


def test_it_sums_the_interval_with_shared_shocks_not_quantiles():
    # Given past projects whose months scatter around one pace, independently (rho at its floor)
    rng = np.random.default_rng(3)
    rows = [(f"p{n}", 2025, 1000.0, list(80.0 + rng.normal(0, 20, 12)), "产业化", 3000, f"园区{n % 5}", "")
            for n in range(200)]
    model = calculations.fit(calculations.Panel.from_rows(rows))
    current = calculations.Panel.from_rows([(f"c{n}", 2026, 1000.0, [80.0] * 6 + [0.0] * 6, "产业化", 3000, "甲", "")
                                            for n in range(20)])
    found = calculations.forecast(model, current, 6)
    total = calculations.rollup(model, found)
    # Then the sum's interval is narrower than the sum of the projects' intervals (errors partly cancel)
    assert total.high - total.low < (found.high - found.low).sum()
    assert total.high - total.low > 0
    assert total.low <= total.expected <= total.high


def test_it_makes_no_forecast_without_a_past_year():
    # Given a district in its first year (nothing to learn from)
    model = calculations.fit(calculations.Panel.from_rows([]))
    # When its projects are forecast, then each says so instead of failing
    found = calculations.forecast(model, current_panel(), 5)
    assert np.isnan(found.probability).all()
    assert calculations.explain(found, 0) == "无年度计划或无同类项目历史可供学习，暂不预测"
