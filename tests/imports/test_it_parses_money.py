"""Money as people write it — 元/万元/亿元, "约1.2亿", "23,400", full-width digits, 二十三亿 — read as 万元."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tuijin.lib.parsing import ParseError, parse_money

# Amounts in 万元 with 2 places, from 0.01 万元 (100 元) to 99 亿亿… well within max_digits=14.
AMOUNTS = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False,
                      allow_infinity=False)
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def plain(number: Decimal) -> str:
    """A Decimal as a person writes it: no exponent, no trailing zeros after the point."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@given(AMOUNTS)
@example(Decimal("0.01"))
@example(Decimal("23400"))
def test_an_amount_written_in_any_unit_reads_back_as_the_same_wan(amount):
    assert parse_money(f"{plain(amount)}万元") == amount
    assert parse_money(f"{plain(amount * 10000)}元") == amount
    assert parse_money(f"{plain(amount / 10000)}亿元") == amount
    assert parse_money(f"{plain(amount / 10000)}亿") == amount
    assert parse_money(f"{plain(amount)}万") == amount


@given(AMOUNTS)
def test_a_bare_number_takes_the_sheets_unit(amount):
    assert parse_money(plain(amount)) == amount
    assert parse_money(plain(amount * 10000), default_unit="元") == amount
    assert parse_money(plain(amount / 10000), default_unit="亿元") == amount
    assert parse_money(amount) == amount
    assert parse_money(float(amount)) == amount  # what a number cell gives


@given(AMOUNTS, st.sampled_from(["万元", "元", "亿元", ""]))
def test_full_width_digits_thousands_separators_and_words_around_it_read_like_ascii(amount, unit):
    text = f"{amount:,f}{unit}"
    expected = parse_money(text)
    assert parse_money(text.translate(FULL_WIDTH)) == expected
    assert parse_money(f"约{text}") == expected
    assert parse_money(f" 人民币 {text} 左右 ") == expected


CHINESE_DIGITS = "零一二三四五六七八九"


def to_chinese(number: int) -> str:
    """An independent writer of Chinese numerals below 1 亿 (二千零五十万三千 …), to check the reader against."""
    def below_10000(n):
        text, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = n // value % 10
            if digit:
                text += ("零" if zero and text else "") + CHINESE_DIGITS[digit] + unit
                zero = False
            else:
                zero = True
        return text

    high, low = divmod(number, 10000)
    if not high:
        return below_10000(low)
    return below_10000(high) + "万" + (("零" if low < 1000 else "") + below_10000(low) if low else "")


@given(st.integers(min_value=1, max_value=99_999_999))
@example(10)
@example(10_000_010)
@example(20_503_000)
def test_chinese_numerals_read_as_their_value(number):
    # Written as 元 ("二千零五十万三千元") the value is number / 10000 万元
    assert parse_money(to_chinese(number) + "元") == (Decimal(number) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize(("text", "expected"), [
    ("约1.2亿", "12000.00"),
    ("23,400", "23400.00"),
    ("二十三亿", "230000.00"),
    ("二十三亿元", "230000.00"),
    ("1亿2000万元", "12000.00"),
    ("１．５亿元", "15000.00"),
    ("５０００万元", "5000.00"),
    ("两千万", "2000.00"),
    ("一点五亿元", "15000.00"),
    ("壹佰贰拾万元", "120.00"),  # capitals, as on contracts and receipts
    ("贰亿叁仟万元", "23000.00"),
    ("一〇五〇万元", "1050.00"),  # 〇 written digit by digit
    ("人民币3,000.5万元左右", "3000.50"),
    ("5000元", "0.50"),
    ("  12 000 ", "12000.00"),
    (12000, "12000.00"),
    (0.1, "0.10"),
])
def test_it_reads_what_bureaus_write(text, expected):
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_cell_is_no_amount(blank):
    assert parse_money(blank) is None


@pytest.mark.parametrize(("text", "reason"), [
    ("abc", "无法识别的金额“abc”，应为数字，可带单位 元/万元/亿元"),
    ("一大笔", "无法识别的金额“一大笔”，应为数字，可带单位 元/万元/亿元"),
    ("12.5%", "无法识别的金额“12.5%”"),
    ("5万万元", "无法识别的金额“5万万元”"),
    ("1e20亿元", "无法识别的金额“1e20亿元”"),
    ("99999999999亿元", "过大"),
])
def test_it_says_what_it_expected(text, reason):
    with pytest.raises(ParseError) as error:
        parse_money(text)
    assert reason in error.value.reason
