"""The growth tables against figures worked out by hand: 同比, 环比, a month with no report last year, totals."""

import numpy as np
import pytest

from tuijin.monitoring import calculations, pages, services
from tuijin.monitoring.models import FiguresStatus, MonthlyFigures


def test_it_computes_yoy_and_mom_and_shows_none_without_last_year():
    # Given one enterprise with 2024-03 = 100, 2025-02 = 110, 2025-03 = 120, and 2025-04 = 90 (no 2024-04)
    months = calculations.months_between((2024, 3), (2025, 4))
    rows = [(1, 2024, 3, 100, None, None, None, None, None), (1, 2025, 2, 110, None, None, None, None, None),
            (1, 2025, 3, 120, None, None, None, None, None), (1, 2025, 4, 90, None, None, None, None, None)]
    panel = calculations.build_panel(rows, months)["output"]

    # When the table is read for March and April 2025
    march = calculations.enterprise_table(panel, 2025, 3)[0]
    april = calculations.enterprise_table(panel, 2025, 4)[0]

    # Then March: 同比 120/100−1 = +20.0 %, 环比 120/110−1 = +9.1 %; April: 同比 None (no report a year before),
    # 环比 90/120−1 = −25.0 %
    assert (march.value, march.yoy, march.mom) == (120.0, 20.0, 9.1)
    assert (april.value, april.yoy, april.mom) == (90.0, None, -25.0)


def test_it_totals_like_for_like_and_lists_the_biggest_drag_first():
    # Given three enterprises in 2024-06 and 2025-06: A 100 → 150, B 200 → 120, C (new) – → 500
    months = calculations.months_between((2024, 6), (2025, 6))
    blank = (None,) * 5
    rows = [(1, 2024, 6, 100, *blank), (1, 2025, 6, 150, *blank),
            (2, 2024, 6, 200, *blank), (2, 2025, 6, 120, *blank),
            (3, 2025, 6, 500, *blank)]
    panel = calculations.build_panel(rows, months)["output"]

    # When the district's row and the enterprise table are computed
    district = calculations.group_table(panel, {"all": [1, 2, 3]}, {"all": "全区"}, 2025, 6)[0]
    table = calculations.enterprise_table(panel, 2025, 6)

    # Then the total is 770; 同比 compares A+B only: (150+120)/(100+200)−1 = −10.0 %
    assert district.value == 770.0 and district.yoy == -10.0
    # and B pulls it down by (120−200)/300 = −26.67 points, first; A adds +16.67; C has no base
    assert [row.enterprise_id for row in table] == [2, 1, 3]
    assert [row.contribution for row in table] == [-26.7, 16.7, None]
    assert district.draggers == [(2, -26.67)]


def test_it_flags_two_consecutive_months_of_sharp_falls_only():
    # Given electricity 100 a month for a year, then A: 65, 68 (−35 %, −32 %) and B: 65, 90 (−35 %, −10 %)
    values = np.hstack([np.full((2, 12), 100.0), np.array([[65.0, 68.0], [65.0, 90.0]])])

    # When the condition "同比 ≤ −30 % for two consecutive months" is applied
    flags = calculations.consecutive_drops(values, 30, 2)

    # Then only A is a drop, measured by its last month; with no year before there is nothing to flag
    assert flags[0] == pytest.approx(-32.0) and np.isnan(flags[1])
    assert np.isnan(calculations.consecutive_drops(values[:, 12:], 30, 2)).all()


def test_the_page_reads_only_approved_months_in_its_chart_and_tables(enterprise, approved, coordinator):
    # Given approved 2025-01 and 2026-01, and a draft for 2026-02
    approved(enterprise, {(2025, 1): {"output": 200}, (2026, 1): {"output": 150}})
    MonthlyFigures.objects.create(enterprise=enterprise, year=2026, month=2, output=999, status=FiguresStatus.DRAFT)

    # When the overview of January 2026 is assembled
    context = pages.overview(services.key_enterprises(coordinator), 2026, 1, "output")

    # Then the district's 同比 is 150/200−1 = −25.0 % and the draft is nowhere
    assert context["district"].yoy == -25.0 and context["district"].value == 150.0
    assert 999.0 not in context["chart"]["values"]

