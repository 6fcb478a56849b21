"""Reading query parameters strictly, in one place: a number in range, a year, a date, one of some choices.

A query string is typed by hand, pasted from a chat or produced by a scanner: ``?page=99999999999999999999``,
``?year=0``, ``?unit=-1``, ``?cohort=二〇二六``. Parsed by hand in each view, such values reached the
database (an integer too large for SQLite or PostgreSQL) or ``datetime.date`` (year 0) and became 500s.
Every view reads its parameters through these helpers instead: a value that is missing or malformed
falls back to the default the page would show anyway; where a silent fallback would mislead (the page
says which month it is about), ``strict=True`` raises ``BadParam``, which the project's 400 handler
shows as its Chinese message.

``params`` is a ``QueryDict`` or a plain dict (export jobs replay a page's query in a worker); a
parameter given several times counts by its last value, as ``QueryDict.get`` does.
"""

import datetime as dt
import re

from django.core.exceptions import BadRequest

# The largest id a BigAutoField holds on both databases; anything bigger cannot name a row.
MAX_ID = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1949, 2100
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")


class BadParam(BadRequest):
    """A query parameter the page cannot do without is malformed; ``str()`` is the Chinese message."""


def _raw(params, name) -> str:
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None:
        return ""
    return str(value).strip()


def _refuse(strict, message, default):
    if strict:
        raise BadParam(message)
    return default


def integer(params, name, default=None, *, low=None, high=None, label=None, strict=False):
    """``params[name]`` as an int within ``low``…``high`` (inclusive), else ``default``."""
    text = _raw(params, name)
    if not text:
        return default
    label = label or name
    if not _INTEGER.fullmatch(text):
        return _refuse(strict, f"参数“{label}”须为整数（收到“{text[:20]}”）", default)
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"{low if low is not None else ''}—{high if high is not None else ''}"
        return _refuse(strict, f"参数“{label}”须在 {bounds} 之间（收到 {text[:20]}）", default)
    return number


def object_id(params, name, default=None):
    """An id to filter by (``?unit=3``): a positive integer a database row can have, else ``default``."""
    return integer(params, name, default, low=1, high=MAX_ID)


def ids(params, name, *, limit=5000) -> list[int]:
    """Every value of ``name`` (ticked checkboxes) that can be a row id, in order, without repeats."""
    values = params.getlist(name) if hasattr(params, "getlist") else params.get(name) or []
    if isinstance(values, (str, int)):
        values = [values]
    found = {}
    for value in values:
        text = str(value).strip()
        if _INTEGER.fullmatch(text) and 1 <= int(text) <= MAX_ID:
            found.setdefault(int(text), None)
    found = list(found)
    if len(found) > limit:
        raise BadParam(f"一次最多处理 {limit} 条")
    return found


def year(params, name="year", default=None, *, low=2000, high=None, clamp=True, strict=False):
    """A year; outside ``low``…``high`` it is clamped to the nearest bound (``clamp``) or refused.

    The pages clamp: ``?year=1900`` on the overview shows the first year it has figures for.
    """
    high = high if high is not None else LAST_YEAR
    value = integer(params, name, None, label="年度" if name == "year" else name, strict=strict)
    if value is None:
        return default
    if clamp:
        return min(max(value, low), high)
    if not low <= value <= high:
        return _refuse(strict, f"年度须在 {low}—{high} 之间（收到 {value}）", default)
    return value


def month(params, name="month", default=None, *, strict=False):
    """A month 1…12, else ``default`` (or ``BadParam`` when ``strict``)."""
    return integer(params, name, default, low=1, high=12, label="月份", strict=strict)


def date(params, name, default=None, *, strict=False):
    """An ISO date (2026-03-01) between 1949-01-01 and 2100-12-31, else ``default``."""
    text = _raw(params, name)
    if not text:
        return default
    try:
        value = dt.date.fromisoformat(text[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        value = None
    if value is None or not dt.date(FIRST_YEAR, 1, 1) <= value <= dt.date(LAST_YEAR, 12, 31):
        return _refuse(strict, f"参数“{name}”须为 {FIRST_YEAR}—{LAST_YEAR} 年间的日期，如 2026-03-01", default)
    return value


def choice(params, name, choices, default=""):
    """One of ``choices`` (values, or a ``TextChoices`` class), else ``default``."""
    allowed = getattr(choices, "values", choices)
    text = _raw(params, name)
    return text if text in allowed else default
