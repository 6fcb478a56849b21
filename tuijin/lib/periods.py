"""The year a page is about, read from its query parameters (pure: no app, no request)."""

import datetime as dt

from django.utils import timezone

from . import params as query


def period_of(params):
    """The year the page is about, and the day its figures are taken at (today, or the year's last day)."""
    today = timezone.localdate()
    year = query.year(params, default=today.year, low=2000, high=today.year + 1)
    return year, min(today, dt.date(year, 12, 31))
