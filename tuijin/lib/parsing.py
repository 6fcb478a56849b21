"""Reading the values people type into spreadsheets: money, dates and text.

Bureaus and enterprises fill in the same sheet in a dozen ways — "约1.2亿", "23,400", "５０００万元",
"二十三亿", "2023年2月", "2023.2.8", an Excel date serial. These parsers turn each into one
canonical value (money in 万元 as a 2-place ``Decimal``, a ``date``, clean text) or raise
``ParseError`` whose message says, in Chinese, what was expected — the import preview shows it
next to the row and column so the person can fix the cell.

Blank cells are not errors here: every parser returns ``None`` (or ``""`` for text) for them, and
the caller decides whether the column is required.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

CENT = Decimal("0.01")
# Money is stored in 万元 with max_digits=14, decimal_places=2.
MONEY_LIMIT = Decimal("1e12")

UNIT_FACTORS = {  # how many 万元 one of each unit is
    "元": Decimal("0.0001"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}


class ParseError(ValueError):
    """A cell that cannot be read; ``reason`` is the Chinese explanation shown to the person importing."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# ------------------------------------------------------------------------------------------ text

# Full-width ASCII letters, digits and the punctuation that belongs to numbers and codes become
# half-width. Chinese punctuation such as （）、，： stays: it is part of company and project names.
_HALF = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_KEEP_FULL = set("（）【】，：；！？")
_WIDTH = str.maketrans({full: half for full, half in _HALF.items() if full not in _KEEP_FULL} | {"\u3000": " "})
# For numbers and dates every full-width sign is read as its ASCII twin, including ，and ：.
_WIDTH_ALL = str.maketrans(_HALF | {"\u3000": " ", "。": ".", "－": "-", "—": "-", "–": "-"})
_SPACES = re.compile(r"\s+")
# Text that needs more than strip(): full-width characters, ideographic spaces, runs or kinds of whitespace.
_NEEDS_CLEANING = re.compile(r"[\uff01-\uff5e\u3000]|\s\s|[\t\n\r\f\v\xa0]")


def half_width(text: str) -> str:
    """Full-width letters, digits and ASCII signs as half-width; Chinese punctuation kept."""
    return text.translate(_WIDTH)


def parse_text(value) -> str:
    """A cell as clean text: stripped, inner runs of spaces collapsed, full-width letters/digits half-width.

    Numbers that Excel stored for a code column ("12345" typed into a number cell) come back
    without the ``.0`` a float would print.
    """
    if value is None:
        return ""
    if type(value) is str and not _NEEDS_CLEANING.search(value):
        return value.strip()  # the common case, kept fast for 10,000-row sheets
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return _SPACES.sub(" ", half_width(str(value))).strip()


def name_key(value) -> str:
    """How two spellings of one name compare: no spaces, and （） the same as ()."""
    return re.sub(r"\s+", "", parse_text(value)).replace("(", "（").replace(")", "）")


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ----------------------------------------------------------------------------------------- money

# Words around an amount that do not change it: "约", "近", "人民币", "左右" …
_NOISE = re.compile(r"^(?:约|大约|近|逾|超|共计|合计|计|人民币|RMB|CNY|￥|¥)+|(?:左右|以上|余|多)$", re.I)
_ARABIC = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_AMOUNT = re.compile(r"^[+-]?[\d.零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿点]+$")


def _number_words(text: str) -> Decimal:
    """Read "1.2亿", "二十三亿", "一亿二千万", "壹佰贰拾", "二〇二六", "5000万", "3.5" as a number.

    Chinese numerals (lower case, 壹贰 capitals, 〇, mixed with Arabic runs) are read by cn2an's
    "smart" mode; a plain Arabic number is read exactly, without a float. Raises ``ValueError``
    when the text is not a number.
    """
    if _ARABIC.fullmatch(text):
        return Decimal(text)
    if text.endswith("点"):  # "一点": a decimal point with no digits after it
        raise ValueError(text)
    try:
        value = cn2an.cn2an(text.replace("○", "〇"), "smart")
    except (ValueError, KeyError, IndexError):
        raise ValueError(text) from None
    return Decimal(str(value))


def money_problem_text(value) -> str:
    return f"无法识别的金额“{value}”，应为数字，可带单位 元/万元/亿元（如 23400、2.34亿元、5000万）"


def parse_money(value, default_unit: str = "万元") -> Decimal | None:
    """An amount in 万元, rounded to 2 places; ``None`` for a blank cell.

    ``default_unit`` applies to bare numbers: it comes from the sheet's "单位：元" row or a
    header such as "总投资（亿元）". Text with its own unit ("1.2亿", "5000元") keeps it.
    """
    if default_unit not in UNIT_FACTORS:
        raise ValueError(f"unknown unit {default_unit!r}")
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise ParseError(money_problem_text(value))
    if isinstance(value, (int, float, Decimal)):
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise ParseError(money_problem_text(value)) from None
        if not amount.is_finite():
            raise ParseError(money_problem_text(value))
        return _in_wan(amount * UNIT_FACTORS[default_unit], value)
    original = str(value).strip()
    text = re.sub(r"\s+", "", original.translate(_WIDTH_ALL))
    text = re.sub(r"(?<=\d),(?=\d{3}(?:\D|$))", "", text)  # thousands separators: 23,400
    text = _NOISE.sub("", text)
    text = _NOISE.sub("", text)  # "约…左右" has noise at both ends
    unit = None
    for suffix, name in (("亿元", "亿元"), ("万元", "万元"), ("元", "元")):
        if text.endswith(suffix):
            unit, text = name, text[: -len(suffix)]
            break
    if not text or not _AMOUNT.match(text):
        raise ParseError(money_problem_text(original))
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    # "1.2亿" spells the multiplier inside the number: it is then a count of 元. In "1亿2000万元"
    # the unit's 万 belongs to the number as well.
    scaled = "万" in text or "亿" in text
    if scaled and unit in ("亿元", "万元"):
        text += unit[0]
    try:
        number = _number_words(text)
    except (ValueError, InvalidOperation):
        raise ParseError(money_problem_text(original)) from None
    factor = UNIT_FACTORS["元"] if scaled else UNIT_FACTORS[unit or default_unit]
    return _in_wan(sign * number * factor, original)


def _in_wan(amount: Decimal, original) -> Decimal:
    if abs(amount) >= MONEY_LIMIT:
        raise ParseError(f"金额“{original}”过大，请检查单位（金额按万元计不能超过 1万亿万元）")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(value, *, places: int = 6) -> Decimal | None:
    """A plain number such as a latitude; ``None`` for a blank cell."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise ParseError(f"无法识别的数字“{value}”")
    text = repr(value) if isinstance(value, float) else str(value)
    text = re.sub(r"\s+", "", text.translate(_WIDTH_ALL)).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ParseError(f"无法识别的数字“{value}”，应为数字，如 30.657421") from None
    if not number.is_finite():
        raise ParseError(f"无法识别的数字“{value}”，应为数字，如 30.657421")
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def parse_int(value) -> int | None:
    """A whole number such as a year ("2026", "2026年") or a month ("3", "3月"); ``None`` when blank."""
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = re.sub(r"\s+", "", str(value).translate(_WIDTH_ALL))
    text = re.sub(r"(年度|年|月份|月)$", "", text)
    if re.fullmatch(r"\d+", text):
        return int(text)
    try:
        number = None if "万" in text or "亿" in text else _number_words(text)
    except (ValueError, InvalidOperation):
        number = None
    if number is None or number != number.to_integral_value():
        raise ParseError(f"无法识别的整数“{value}”，应为整数，如 2026 或 3")
    return int(number)


_TRUE = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "计划", "○", "●", "☑"}
_FALSE = {"否", "×", "✗", "n", "no", "false", "0", "无", "不", "-", "—", "/"}


def parse_bool(value) -> bool | None:
    """是/否, √/×, Y/N, 1/0; ``None`` when blank."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = parse_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError(f"无法识别的“{value}”，应填 是 或 否（也可用 √、×）")


# ------------------------------------------------------------------------------------------ dates

EXCEL_EPOCH = dt.date(1899, 12, 30)  # the 1900 date system, counting Excel's phantom 1900-02-29
# Serials outside 1950–2100 are far more likely a mistyped number than a project date.
SERIAL_RANGE = ((dt.date(1950, 1, 1) - EXCEL_EPOCH).days, (dt.date(2100, 12, 31) - EXCEL_EPOCH).days)
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号]?)?$"),
    re.compile(r"^(?P<y>\d{4})(?P<sep>[./\-])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?\.?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$"),
]
DATE_FORMATS_HINT = "2023-02-08、2023/2/8、2023.2.8、2023年2月8日 或 2023年2月"


def date_problem_text(value) -> str:
    return f"无法识别的日期“{value}”，应为 {DATE_FORMATS_HINT} 等格式"


def _from_serial(serial: float, original) -> dt.date:
    if not SERIAL_RANGE[0] <= serial < SERIAL_RANGE[1] + 1:  # a time of day on the last day is still that day
        raise ParseError(date_problem_text(original))
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _year_dot_month(value: float) -> dt.date:
    """"2026.03" typed into a cell that Excel or WPS turned into the number 2026.03.

    2026.1 is either "2026.1" or "2026.10" — the trailing zero is gone — so it is refused
    rather than guessed.
    """
    year, fraction = repr(value).split(".")
    if fraction == "1":
        raise ParseError(f"日期“{value}”被表格存成了数字，无法判断是{year}年1月还是10月；"
                         f"请写成 {year}年1月 或 {year}年10月，或把单元格设为文本")
    month = int(fraction) if len(fraction) <= 2 else 0
    if not 1 <= month <= 12:
        raise ParseError(date_problem_text(value))
    return dt.date(int(year), month, 1)


# A project's dates fall within the People's Republic's years; 9999-12-31 ("no end") or 1900-01-00 is a
# placeholder or a typo, and a database or a Gantt chart would take it literally.
DATE_RANGE = (dt.date(1949, 1, 1), dt.date(2100, 12, 31))


def parse_date(value) -> dt.date | None:
    """A date; a month without a day ("2023年2月", "2023.02") means its 1st. ``None`` for a blank cell.

    Dates outside 1949-01-01 … 2100-12-31 are refused, however they were written.
    """
    found = _parse_date(value)
    if found is not None and not DATE_RANGE[0] <= found <= DATE_RANGE[1]:
        raise ParseError(f"日期“{parse_text(value) if not isinstance(value, dt.date) else value.isoformat()}”"
                         f"超出合理范围，应在 {DATE_RANGE[0]:%Y-%m-%d} 至 {DATE_RANGE[1]:%Y-%m-%d} 之间")
    return found


def _parse_date(value) -> dt.date | None:
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ParseError(date_problem_text(value))
    if isinstance(value, (int, float)):
        if isinstance(value, int) or value.is_integer():
            digits = str(int(value))
            if len(digits) in (6, 8):  # 202302 or 20230208 typed into a number cell
                return _parse_date(digits)
        elif 1950 <= value < 2101:
            return _year_dot_month(value)
        return _from_serial(value, value)
    original = str(value).strip()
    spaced = re.sub(r"\s+", " ", original.translate(_WIDTH_ALL)).strip()
    text = _TIME.sub("", spaced).replace(" ", "")  # a time of day after the date is dropped
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"] or 1)
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ParseError(f"日期“{original}”不存在（{year}年没有{month}月{day}日）") from None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        # Only a number cell is an Excel serial: text such as "46000" might be an amount in the wrong column.
        raise ParseError(f"日期“{original}”是一个数字而不是日期，应为 {DATE_FORMATS_HINT} 等格式"
                         "（如果它是 Excel 的日期序号，请在表格中把该列设为日期格式后再导出）")
    raise ParseError(date_problem_text(original))


# ---------------------------------------------------------------------------------------- choices

def parse_choice(value, *, options: dict, what: str, synonyms: dict | None = None):
    """One of ``options`` (label → stored value), read by its Chinese label, a synonym, or the stored value.

    ``what`` names the column in the message, e.g. "阶段": "无法识别的阶段“开建”，应为 谋划储备、在谈 …".
    """
    if value in options:  # the label exactly as the choice list spells it: most cells
        return options[value]
    if _is_blank(value):
        return ""
    text = re.sub(r"\s+", "", parse_text(value))
    if text in options:
        return options[text]
    if synonyms and text in synonyms:
        return synonyms[text]
    if text.lower() in options.values():
        return text.lower()
    raise ParseError(f"无法识别的{what}“{parse_text(value)}”，应为 {'、'.join(options)} 之一")
