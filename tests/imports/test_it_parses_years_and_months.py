"""Years and months as sheets write them: "2026年", "二〇二六年", "三月", "12" — and what is not one."""

import pytest

from tuijin.lib.parsing import ParseError, parse_int


@pytest.mark.parametrize(("text", "expected"), [
    ("2026", 2026), ("2026年", 2026), ("2026年度", 2026), ("二〇二六年", 2026), ("２０２６", 2026),
    ("3月", 3), ("三月", 3), ("十二", 12), ("12月份", 12), (2026.0, 2026),
])
def test_it_reads_a_year_or_month_however_it_is_written(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["一万", "2026.5", "明年", "二〇二六点五"])
def test_it_refuses_what_is_not_a_whole_year_or_month(text):
    with pytest.raises(ParseError) as error:
        parse_int(text)
    assert f"无法识别的整数“{text}”" in error.value.reason
