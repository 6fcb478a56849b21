"""Months, quarters and years as targets and reports name them ("2026年3月", "2026年第一季度", "2026年").

Every promotion figure is a count or a sum of events dated within a period, so a quarter's figure is
the sum of its three months: ``months`` is what the calculations iterate over.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from tuijin.lib.params import FIRST_YEAR, LAST_YEAR
from tuijin.lib.parsing import half_width

from .models import PeriodKind

QUARTER_NAMES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class PeriodError(ValueError):
    """Text that names no month, quarter or year; ``reason`` says what was expected, in Chinese."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    kind: str

    @classmethod
    def month(cls, year, month):
        return cls(dt.date(year, month, 1), PeriodKind.MONTH)

    @classmethod
    def quarter(cls, year, quarter):
        return cls(dt.date(year, 3 * quarter - 2, 1), PeriodKind.QUARTER)

    @classmethod
    def year(cls, year):
        return cls(dt.date(year, 1, 1), PeriodKind.YEAR)

    @classmethod
    def of(cls, kind, start: dt.date):
        """The period of ``kind`` that contains ``start``."""
        kind = PeriodKind(kind)
        if kind == PeriodKind.MONTH:
            return cls.month(start.year, start.month)
        if kind == PeriodKind.QUARTER:
            return cls.quarter(start.year, (start.month - 1) // 3 + 1)
        return cls.year(start.year)

    @property
    def length(self) -> int:
        return {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[PeriodKind(self.kind)]

    @property
    def end(self) -> dt.date:
        last_month = self.start.month + self.length - 1
        return dt.date(self.start.year, last_month, calendar.monthrange(self.start.year, last_month)[1])

    @property
    def months(self) -> list[tuple[int, int]]:
        return [(self.start.year, month) for month in range(self.start.month, self.start.month + self.length)]

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年"

    @property
    def key(self) -> str:
        """How the period travels in a URL: ``month-2026-03``."""
        return f"{self.kind}-{self.start:%Y-%m}"

    @classmethod
    def from_key(cls, key):
        """The period a URL names; a year outside 1949—2100 (``month-0000-01`` is no date) is refused too."""
        match = re.fullmatch(r"(month|quarter|year)-([0-9]{4})-([0-9]{2})", key or "")
        if not match or not 1 <= int(match.group(3)) <= 12 or not FIRST_YEAR <= int(match.group(2)) <= LAST_YEAR:
            raise PeriodError("期间格式应为 month-2026-03")
        return cls.of(match.group(1), dt.date(int(match.group(2)), int(match.group(3)), 1))

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_period(value) -> Period:
    """A period from a sheet's cell: 2026年3月, 2026-03, 2026年第一季度, 2026年一季度, 2026Q1, 2026年, 2026年度."""
    if isinstance(value, dt.date):
        return Period.month(value.year, value.month)
    text = re.sub(r"\s+", "", half_width(str(value if value is not None else ""))).upper()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = re.fullmatch(r"(20\d{2})年?(?:第)?([一二三四1-4])季度?|(20\d{2})[-/]?Q([1-4])", text)
    if match:
        year, quarter = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return Period.quarter(int(year), QUARTER_NAMES[quarter])
    match = re.fullmatch(r"(20\d{2})(?:年|[-/.])(\d{1,2})月?(?:份)?", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return Period.month(int(match.group(1)), int(match.group(2)))
    match = re.fullmatch(r"(20\d{2})(?:年度?|年全年|全年)?", text)
    if match:
        return Period.year(int(match.group(1)))
    raise PeriodError(f"无法识别的期间“{value}”，应写作 2026年、2026年第一季度 或 2026年3月")
