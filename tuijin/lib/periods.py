"""The year a page is about, read from its query parameters (pure: no app, no request)."""

import datetime as dt

from django.utils import timezone


def period_of(params):
    """The year the page is about, and the day its figures are taken at (today, or the year's last day)."""
    today = timezone.localdate()
    try:
        year = int(params.get("year") or today.year)
    except (TypeError, ValueError):
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    return year, min(today, dt.date(year, 12, 31))
