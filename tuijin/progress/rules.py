"""Rules of monthly reporting that every door applies the same way (form, API, import, action)."""

import datetime as dt


def is_future_month(year: int, month: int, today: dt.date) -> bool:
    """A month that has not begun yet cannot have a completed investment to report."""
    return (year, month) > (today.year, today.month)


def future_month_label(year: int, month: int) -> str:
    return f"未来月份（{year}年{month}月）"
