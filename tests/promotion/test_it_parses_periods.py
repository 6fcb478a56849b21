"""Periods as targets name them."""

import datetime as dt

import pytest

from tuijin.promotion.periods import Period, PeriodError, parse_period


@pytest.mark.parametrize(("text", "expected"), [
    ("2026年", Period.year(2026)), ("2026年度", Period.year(2026)), (2026, Period.year(2026)),
    (2026.0, Period.year(2026)), ("2026年第一季度", Period.quarter(2026, 1)), ("2026年三季度", Period.quarter(2026, 3)),
    ("2026Q4", Period.quarter(2026, 4)), ("２０２６年第２季度", Period.quarter(2026, 2)),
    ("2026年3月", Period.month(2026, 3)), ("2026-03", Period.month(2026, 3)),
    (dt.date(2026, 3, 9), Period.month(2026, 3)),
])
def test_it_reads_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["明年", "2026年13月", "2026年第五季度", ""])
def test_it_explains_what_it_cannot_read(text):
    with pytest.raises(PeriodError, match="应写作 2026年、2026年第一季度 或 2026年3月"):
        parse_period(text)


def test_a_quarter_knows_its_months_end_and_label():
    quarter = Period.quarter(2024, 1)

    assert quarter.months == [(2024, 1), (2024, 2), (2024, 3)]
    assert quarter.end == dt.date(2024, 3, 31) and quarter.label == "2024年第一季度"
    assert Period.from_key(quarter.key) == quarter and Period.month(2024, 2).end == dt.date(2024, 2, 29)
