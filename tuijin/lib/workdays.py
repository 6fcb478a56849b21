"""Working days and working hours on the Chinese official calendar (State Council holiday notices).

Deadlines for departments are counted in working days: weekends are off unless they are
make-up workdays (调休上班), and public holidays are off even on a weekday. The holiday data
comes from the ``chinesecalendar`` package, which covers the years whose notices had been
published when it was released; a later year's notice can be entered by a coordinator
(``core.HolidayYear``) as soon as it is published. For a year known to neither this module
raises ``CalendarUnknown`` instead of guessing: treating a Spring Festival as seven working
days would hand a department a deadline nobody can meet.

A deadline is the end of the working day (the end of ``settings.WORKING_HOURS``, 17:30 by
default) in Asia/Shanghai; response times are measured in working hours, counting only the
time between the start and end of ``WORKING_HOURS`` on working days.
"""

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings

CHINA = ZoneInfo("Asia/Shanghai")


class CalendarUnknown(Exception):
    """The holiday arrangement of a year is not in the installed ``chinesecalendar``."""

    def __init__(self, year):
        first, last = covered_years()
        self.year = year
        super().__init__(
            f"节假日数据未覆盖{year}年：已安装的 chinesecalendar {chinese_calendar.__version__} 只包含 "
            f"{first}—{last} 年的放假调休安排，无法按工作日计算期限。请管理员在管理后台“法定节假日安排”中"
            f"录入{year}年的国务院放假通知，或升级 chinesecalendar（并更新 requirements/base.txt）后重试。"
        )


@functools.cache
def covered_years() -> tuple[int, int]:
    """The first and last year whose holidays the installed package knows."""
    return min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year


def is_workday(day: dt.date) -> bool:
    first, last = covered_years()
    if first <= day.year <= last:
        return chinese_calendar.is_workday(day)
    entered = _entered_year(day.year)
    if entered is None:
        raise CalendarUnknown(day.year)
    if day in entered:
        return entered[day]
    return day.weekday() < 5


ENTERED_TTL = dt.timedelta(minutes=5)
_entered_cache: dict[int, tuple[dt.datetime, dict | None]] = {}
_entered_source = None


def use_entered_days(source) -> None:
    """Where hand-entered holiday years come from: ``source(year)`` gives {date: is_workday} or None.

    ``lib`` imports no app; the app that keeps the entered years (``core``) plugs its reader in
    when Django starts, so this module stays a pure calendar.
    """
    global _entered_source
    _entered_source = source
    _entered_cache.clear()


def _entered_year(year):
    """The hand-entered days of ``year`` (date → is a workday), or None when nobody entered the year.

    Kept for a few minutes per process so that counting a month of days costs one query, not thirty.
    """
    now = dt.datetime.now(CHINA)
    cached = _entered_cache.get(year)
    if cached and now - cached[0] < ENTERED_TTL:
        return cached[1]
    days = _entered_source(year) if _entered_source is not None else None
    _entered_cache[year] = (now, days)
    return days


def forget_entered_years(**kwargs):
    """Drop the cached hand-entered years (connected to saves of the holiday models)."""
    _entered_cache.clear()


def add_workdays(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts; 0 gives ``day``)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def working_hours() -> tuple[dt.time, dt.time]:
    return settings.WORKING_HOURS


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(CHINA)


def end_of_working_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, working_hours()[1], tzinfo=CHINA)


def deadline_after(moment: dt.datetime, workdays: int) -> dt.datetime:
    """The end of the ``workdays``-th working day after the day of ``moment`` (Asia/Shanghai).

    Assigned on Friday with one working day, a problem is due on Monday at 17:30; assigned on
    the eve of the Spring Festival, it is due at the end of the first working day after it.
    """
    return end_of_working_day(add_workdays(local(moment).date(), workdays))


def working_hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Working hours elapsed from ``start`` to ``end`` (zero when ``end`` is not after ``start``), 0.1 h."""
    if end <= start:
        return Decimal(0)
    opens, closes = working_hours()
    start, end = local(start), local(end)
    seconds = 0
    day = start.date()
    while day <= end.date():
        if is_workday(day):
            window_start = max(start, dt.datetime.combine(day, opens, tzinfo=CHINA))
            window_end = min(end, dt.datetime.combine(day, closes, tzinfo=CHINA))
            if window_end > window_start:
                seconds += (window_end - window_start).total_seconds()
        day += dt.timedelta(days=1)
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
