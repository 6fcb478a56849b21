"""One project's year-end forecast and its explanation, and a park's roll-up, from a hand-made history."""

import numpy as np
import pytest

from tuijin.foresight import calculations

from .history import PLAN, current_panel, past_panel


@pytest.fixture
def model():
    return calculations.fit(past_panel())


def test_it_forecasts_a_project_from_its_run_rate_and_the_class_profile(model):
    # Given past projects that each keep their own pace (credibility 1, profile rest/done = 2 after May)
    # When the project that did 5 × 90 = 450 by May is forecast to December
    found = calculations.forecast(model, current_panel(), 5)
    # Then it is 450 + 450 × 2 = 1,350 with no spread (the past errors are all zero)
    assert found.expected[0] == pytest.approx(1350)
    assert (found.low[0], found.high[0]) == (pytest.approx(1350), pytest.approx(1350))
    # and every one of the 60 past errors would have carried it over its plan: (60 + ½) / 61
    assert found.probability[0] == pytest.approx(60.5 / 61)
    assert calculations.status(found.probability[0]) == "预计达成"


def test_it_explains_the_forecast_in_words(model):
    found = calculations.forecast(model, current_panel(), 5)
    assert calculations.explain(found, 0) == (
        "近3个月平均完成 90 万元/月，同类项目（产业化、5000万元以下、已形成投资，60 个历史项目）12月通常集中完成全年的 27%，"
        "预计全年完成 1,350 万元（80%区间 1,350–1,350），达到年度计划的概率 99%")


def test_it_calls_a_slow_project_unlikely(model):
    found = calculations.forecast(model, current_panel(), 5)
    # 5 × 40 = 200 done, 400 to come: 600 of a 1,200 plan, no past error as large as 600
    assert found.expected[1] == pytest.approx(600)
    assert found.probability[1] == pytest.approx(0.5 / 61)
    assert calculations.status(found.probability[1]) == "预计未达成"


def test_it_rolls_a_park_up_and_lists_the_shortfall_first(model):
    found = calculations.forecast(model, current_panel(), 5)
    park = calculations.rollup(model, found, np.flatnonzero(current_panel().park == "园区X"))
    # Then the park expects 1,350 + 600 of a 2,400 plan, and cannot make it
    assert (park.count, park.goal, park.expected) == (2, 2 * PLAN, pytest.approx(1950))
    assert (park.low, park.high) == (pytest.approx(1950), pytest.approx(1950))
    assert park.probability == 0 and park.status == "预计未达成"
    # and only the slow project (600 short) contributes to the shortfall; the fast one is 150 over
    assert park.shortfall == [1]
    assert "蒙特卡洛" in park.method


def test_it_forecasts_the_half_year_for_the_double_half(model):
    # After March (3 × 90 = 270 done), June is 270 + rest through June (the profile's ratio × 270)
    found = calculations.forecast(model, current_panel(), 3, target=6)
    past = past_panel()
    ratio = past.months[:, 3:6].sum() / past.months[:, :3].sum()
    assert found.expected[0] == pytest.approx(270 * (1 + ratio))
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
