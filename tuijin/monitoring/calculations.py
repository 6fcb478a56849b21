"""Growth of key enterprises' monthly figures (同比 / 环比) and who pulls a total down — pure functions.

Every page, export, API answer and the warning rule read these functions. The figures of many
enterprises over many months sit in one numpy array ``values[enterprise, month]`` (NaN = not
reported), so a growth table for 5,000 enterprises × 36 months is a few vectorised operations
(see bench/monitoring.py).

Rules, defined once here:

- 同比 (year on year) of a month = value / value of the same month a year before − 1, in percent;
  环比 (month on month) = value / value of the month before − 1. When the earlier month was not
  reported (or is zero) the growth is ``None`` — shown as “—”, never 0.
- A total (a chain, a park, the district) compares like with like: only enterprises that
  reported both months enter the 同比 of the total, so an enterprise joining the list does not
  look like growth.
- An enterprise's contribution to a total's change = its own change / the total's base; the
  enterprises pulling the total down are those with the most negative contribution, listed first.
"""

from dataclasses import dataclass, field

import numpy as np

from .models import INDICATOR_FIELDS


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def index_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def months_between(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    return [index_month(i) for i in range(month_index(*start), month_index(*end) + 1)]


@dataclass
class Panel:
    """Figures of one indicator: ``values[i, j]`` for enterprise ``ids[i]`` in month ``months[j]``."""

    ids: list
    months: list  # [(year, month)], consecutive
    values: np.ndarray  # float64, NaN where not reported

    def column(self, year, month) -> int | None:
        first = month_index(*self.months[0]) if self.months else 0
        j = month_index(year, month) - first
        return j if 0 <= j < len(self.months) else None


def build_panel(rows, months) -> dict[str, Panel]:
    """Panels per indicator from ``(enterprise_id, year, month, *INDICATOR_FIELDS)`` rows (vectorised)."""
    rows = list(rows)
    first = month_index(*months[0]) if months else 0
    cube = np.full((len(INDICATOR_FIELDS), 0, len(months)), np.nan)
    if not rows:
        return {name: Panel([], list(months), cube[k]) for k, name in enumerate(INDICATOR_FIELDS)}
    table = np.array(rows, dtype=float)  # one C-speed conversion: None → NaN (services casts figures to float in SQL)
    pks = table[:, 0].astype(np.int64)
    j = (table[:, 1] * 12 + table[:, 2]).astype(np.int64) - 1 - first
    ids, i = np.unique(pks, return_inverse=True)
    keep = (j >= 0) & (j < len(months))
    cube = np.full((len(INDICATOR_FIELDS), len(ids), len(months)), np.nan)
    for k in range(len(INDICATOR_FIELDS)):
        cube[k, i[keep], j[keep]] = table[keep, 3 + k]
    ids = [int(pk) for pk in ids]
    return {name: Panel(ids, list(months), cube[k]) for k, name in enumerate(INDICATOR_FIELDS)}


def _ratio(now, before):
    """Growth in percent; NaN where ``before`` is missing or zero (or ``now`` missing)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (now / before - 1.0) * 100.0
    out[~np.isfinite(out) | (before == 0)] = np.nan
    return out


def growth_arrays(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(同比, 环比) arrays the shape of ``values`` (months along axis 1); NaN where not computable."""
    yoy = np.full(values.shape, np.nan)
    mom = np.full(values.shape, np.nan)
    if values.shape[1] > 12:
        yoy[:, 12:] = _ratio(values[:, 12:], values[:, :-12])
    if values.shape[1] > 1:
        mom[:, 1:] = _ratio(values[:, 1:], values[:, :-1])
    return yoy, mom


def total_growth(values: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A group's total per month, and its growth over ``lag`` months on the like-for-like base.

    Returns (total, growth in percent or NaN, base) — base is the earlier months' total of the
    enterprises that reported both months.
    """
    total = np.nansum(values, axis=0)
    total[np.all(np.isnan(values), axis=0)] = np.nan
    growth = np.full(values.shape[1], np.nan)
    base = np.full(values.shape[1], np.nan)
    if values.shape[1] > lag:
        now, before = values[:, lag:], values[:, :-lag]
        both = ~np.isnan(now) & ~np.isnan(before)
        now_sum = np.where(both, now, 0).sum(axis=0)
        before_sum = np.where(both, before, 0).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = (now_sum / before_sum - 1.0) * 100.0
        rate[(before_sum == 0) | ~both.any(axis=0)] = np.nan
        growth[lag:] = rate
        base[lag:] = np.where(both.any(axis=0), before_sum, np.nan)
    return total, growth, base


def contributions(values: np.ndarray, j: int, lag: int) -> np.ndarray:
    """Each enterprise's contribution (percentage points) to the total's growth at month ``j``."""
    out = np.full(values.shape[0], np.nan)
    if j - lag < 0:
        return out
    now, before = values[:, j], values[:, j - lag]
    both = ~np.isnan(now) & ~np.isnan(before)
    base = before[both].sum()
    if not both.any() or base == 0:
        return out
    out[both] = (now[both] - before[both]) / base * 100.0
    return out


def num(value):
    """A figure as the pages show it: one decimal, None where not computable."""
    return _num(value)


def _num(value):
    return None if value is None or not np.isfinite(value) else round(float(value), 1)


@dataclass
class GroupGrowth:
    """One group's row of the growth table for one month and one indicator."""

    key: object
    label: str
    enterprises: int
    value: float | None
    yoy: float | None
    mom: float | None
    draggers: list = field(default_factory=list)  # [(enterprise id, contribution in points)], most negative first


def group_table(panel: Panel, groups: dict, labels: dict, year: int, month: int, *, draggers=5) -> list[GroupGrowth]:
    """Growth of each group (``groups``: key → enterprise ids) at ``year``/``month``; worst 同比 first."""
    j = panel.column(year, month)
    position = {pk: i for i, pk in enumerate(panel.ids)}
    rows = []
    for key, members in groups.items():
        index = np.array([position[pk] for pk in members if pk in position], dtype=int)
        sub = panel.values[index] if len(index) else np.full((0, len(panel.months)), np.nan)
        if j is None or not len(index):
            rows.append(GroupGrowth(key, labels.get(key, str(key)), len(index), None, None, None))
            continue
        total, yoy, _ = total_growth(sub, 12)
        _, mom, _ = total_growth(sub, 1)
        share = contributions(sub, j, 12)
        order = [k for k in np.argsort(np.where(np.isnan(share), np.inf, share)) if np.isfinite(share[k])
                 and share[k] < 0][:draggers]
        rows.append(GroupGrowth(key, labels.get(key, str(key)), len(index), _num(total[j]), _num(yoy[j]), _num(mom[j]),
                                [(panel.ids[index[k]], round(float(share[k]), 2)) for k in order]))
    rows.sort(key=lambda row: (row.yoy is None, row.yoy if row.yoy is not None else 0))
    return rows


@dataclass
class EnterpriseGrowth:
    enterprise_id: int
    value: float | None
    yoy: float | None
    mom: float | None
    contribution: float | None  # to the district's 同比, in percentage points


def enterprise_table(panel: Panel, year: int, month: int) -> list[EnterpriseGrowth]:
    """Every enterprise's figure, 同比, 环比 and contribution at ``year``/``month``; the biggest drag first."""
    j = panel.column(year, month)
    if j is None:
        return []
    yoy, mom = growth_arrays(panel.values)
    share = contributions(panel.values, j, 12)
    order = np.argsort(np.where(np.isnan(share), np.inf, share), kind="stable")
    return [EnterpriseGrowth(panel.ids[i], _num(panel.values[i, j]), _num(yoy[i, j]), _num(mom[i, j]), _num(share[i]))
            for i in order]


def series(panel: Panel, row: int | None = None) -> dict:
    """One enterprise's (``row``) or the whole panel's months with value, 同比 and 环比, for a chart."""
    if row is None:
        values, yoy, _ = total_growth(panel.values, 12)
        _, mom, _ = total_growth(panel.values, 1)
    else:
        values = panel.values[row]
        yoy, mom = (array[0] for array in growth_arrays(panel.values[row:row + 1]))
    reported = np.flatnonzero(~np.isnan(values))
    start = int(reported[0]) if len(reported) else len(values)  # the chart starts at the first reported month
    return {"months": [f"{y}-{m:02d}" for y, m in panel.months[start:]], "values": [_num(v) for v in values[start:]],
            "yoy": [_num(v) for v in yoy[start:]], "mom": [_num(v) for v in mom[start:]]}


def consecutive_drops(values: np.ndarray, threshold: float, months: int) -> np.ndarray:
    """For each enterprise: the 同比 of its last month if the last ``months`` 同比 are all ≤ −threshold, else NaN.

    ``threshold`` is a positive percentage (20 means a fall of 20 % or more).
    """
    yoy, _ = growth_arrays(values)
    if yoy.shape[1] < months:
        return np.full(values.shape[0], np.nan)
    window = yoy[:, -months:]
    falling = np.all(window <= -threshold, axis=1)
    return np.where(falling, yoy[:, -1], np.nan)


def crosses_line(revenue: np.ndarray, line: float) -> np.ndarray:
    """Whether each enterprise's revenue over its last twelve months (reported months) reaches ``line``."""
    last = revenue[:, -12:]
    return np.nansum(last, axis=1) >= line
