"""Working days on the State Council's holiday arrangements, checked by hand against the notices.

2025 春节: 1月28日—2月4日放假, 1月26日（周日）、2月8日（周六）上班.
2026 春节: 2月15日—23日放假, 2月14日（周六）、2月28日（周六）上班.
2025 国庆节、中秋节: 10月1日—8日放假, 9月28日（周日）、10月11日（周六）上班.
2026 国庆节: 10月1日—7日放假, 9月20日（周日）、10月10日（周六）上班.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.lib import workdays
from tuijin.settings import ConfigError, _working_hours

from .clock import at

D = dt.date


@pytest.mark.parametrize(("start", "count", "due"), [
    (D(2025, 1, 24), 1, D(2025, 1, 26)),  # Friday → the make-up Sunday before the festival
    (D(2025, 1, 26), 1, D(2025, 1, 27)),
    (D(2025, 1, 27), 1, D(2025, 2, 5)),  # the eve → the first day back
    (D(2025, 1, 27), 4, D(2025, 2, 8)),  # … and on to the make-up Saturday
    (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the make-up Saturday before the festival
    (D(2026, 2, 14), 1, D(2026, 2, 24)),  # nine days off
    (D(2026, 2, 27), 1, D(2026, 2, 28)),  # the make-up Saturday after it
    (D(2026, 2, 12), 5, D(2026, 2, 26)),  # 13 (Fri), 14 (make-up Sat), 24, 25, 26
])
def test_it_counts_working_days_around_the_spring_festival(start, count, due):
    assert workdays.add_workdays(start, count) == due


@pytest.mark.parametrize(("start", "count", "due"), [
    (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Friday → the make-up Sunday
    (D(2025, 9, 30), 1, D(2025, 10, 9)),  # eight days off
    (D(2025, 10, 10), 1, D(2025, 10, 11)),  # → the make-up Saturday
    (D(2026, 9, 18), 1, D(2026, 9, 20)),  # → the make-up Sunday
    (D(2026, 9, 30), 1, D(2026, 10, 8)),
    (D(2026, 10, 9), 1, D(2026, 10, 10)),  # → the make-up Saturday
    (D(2026, 10, 10), 1, D(2026, 10, 12)),
])
def test_it_counts_working_days_around_national_day(start, count, due):
    assert workdays.add_workdays(start, count) == due


def test_it_puts_deadlines_at_the_end_of_the_working_day_in_beijing():
    # Assigned on the Friday before the 2026 Spring Festival with two working days: the make-up
    # Saturday counts, then nine days off, so it is due at 17:30 on the first day back
    deadline = workdays.deadline_after(at(2, 13, 16), 2)

    assert deadline == at(2, 24, 17, 30)
    assert deadline.tzinfo is not None and deadline.utcoffset() == dt.timedelta(hours=8)


def test_it_counts_working_hours_only():
    # Friday 16:30 → Monday 10:00: one hour on Friday, one on Monday
    assert workdays.working_hours_between(at(6, 12, 16, 30), at(6, 15, 10)) == Decimal("2.0")
    # Across the 2026 Spring Festival: half an hour, the make-up Saturday (8.5 h), half an hour
    assert workdays.working_hours_between(at(2, 13, 17), at(2, 24, 9, 30)) == Decimal("9.5")
    # Nights and a time before the start count nothing
    assert workdays.working_hours_between(at(6, 15, 18), at(6, 16, 8)) == Decimal("0")
    assert workdays.working_hours_between(at(6, 16), at(6, 15)) == Decimal("0")


def test_it_refuses_a_year_the_calendar_does_not_know():
    first, last = workdays.covered_years()

    with pytest.raises(workdays.CalendarUnknown) as unknown:
        workdays.add_workdays(D(last, 12, 20), 30)

    message = str(unknown.value)
    assert f"节假日数据未覆盖{last + 1}年" in message and "chinesecalendar" in message and "升级" in message
    with pytest.raises(workdays.CalendarUnknown):
        workdays.is_workday(D(first - 1, 6, 1))


def test_it_reads_working_hours_from_the_environment():
    assert _working_hours("08:30-17:00") == (dt.time(8, 30), dt.time(17))
    for bad in ("9-5", "17:30-09:00", "nine to five"):
        with pytest.raises(ConfigError):
            _working_hours(bad)
