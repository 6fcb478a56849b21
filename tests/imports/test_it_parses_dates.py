"""Dates as people write them — 2023年2月, 2023.2.8, 2023/2/8, Excel serials, full-width — read as dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuijin.lib.parsing import ParseError, parse_date

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))
FULL_WIDTH = str.maketrans("0123456789./-", "０１２３４５６７８９．／－")


def written(date):
    """Every way a day is written in the sheets the bureaus exchange."""
    y, m, d = date.year, date.month, date.day
    return [
        f"{y}-{m:02d}-{d:02d}", f"{y}-{m}-{d}", f"{y}/{m}/{d}", f"{y}/{m:02d}/{d:02d}", f"{y}.{m}.{d}",
        f"{y}.{m:02d}.{d:02d}", f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}年{m}月{d}号",
        f"{y}{m:02d}{d:02d}", f"{y}-{m:02d}-{d:02d} 00:00:00", f" {y} 年 {m} 月 {d} 日 ",
    ]


@given(DATES)
def test_a_day_written_in_any_supported_way_reads_back_as_itself(date):
    for text in written(date):
        assert parse_date(text) == date, text


@given(DATES)
def test_a_month_without_a_day_means_its_first_day(date):
    first = date.replace(day=1)
    for text in (f"{date.year}年{date.month}月", f"{date.year}.{date.month:02d}", f"{date.year}/{date.month}",
                 f"{date.year}-{date.month:02d}", f"{date.year}{date.month:02d}"):
        assert parse_date(text) == first, text


@given(DATES)
def test_full_width_digits_read_like_ascii(date):
    for text in written(date):
        assert parse_date(text.translate(FULL_WIDTH)) == date, text


@given(DATES)
def test_excel_serials_and_date_cells_read_as_their_date(date):
    serial = (date - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == date
    assert parse_date(float(serial)) == date
    assert parse_date(serial + 0.75) == date  # a time of day in the serial
    assert parse_date(dt.datetime.combine(date, dt.time(9, 30))) == date
    assert parse_date(date) == date


@given(DATES)
def test_a_year_dot_month_that_became_a_number_reads_as_that_month(date):
    # Typing 2026.03 into Excel stores the number 2026.03
    if date.month == 10 or date.month == 1:
        return  # 2026.1 could be January or October: see below
    assert parse_date(float(f"{date.year}.{date.month:02d}")) == date.replace(day=1)


def test_a_year_dot_month_that_could_be_january_or_october_is_refused_not_guessed():
    with pytest.raises(ParseError) as error:
        parse_date(2026.1)
    assert "无法判断是2026年1月还是10月" in error.value.reason


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_blank_cell_is_no_date(blank):
    assert parse_date(blank) is None


@pytest.mark.parametrize(("value", "reason"), [
    ("2023-02-30", "日期“2023-02-30”不存在（2023年没有2月30日）"),
    ("2023年13月", "日期“2023年13月”不存在"),
    ("明年三月", "无法识别的日期“明年三月”，应为 2023-02-08、2023/2/8、2023.2.8、2023年2月8日 或 2023年2月 等格式"),
    ("2023", "无法识别的日期“2023”"),
    (12, "无法识别的日期“12”"),
    (True, "无法识别的日期“True”"),
])
def test_it_says_what_it_expected(value, reason):
    with pytest.raises(ParseError) as error:
        parse_date(value)
    assert reason in error.value.reason
