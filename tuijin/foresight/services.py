"""The district's forecasts from its rollups: what the battle map, the briefing and the warning rule call.

Public functions (documented in docs/foresight.md too):

- ``outlook(year, as_of, projects=None) -> Outlook``: every planned project in scope forecast
  to December (and to June for 双过半), from two queries — this year's rollups and, once per
  change of the past years' figures, the history the model learns from.
- ``Outlook.project(pk) -> ProjectForecast``: one project's forecast with its explanation.
- ``Outlook.total(target=12)``, ``Outlook.by_park()``, ``Outlook.by_chain()``: roll-ups
  (``calculations.Rollup``) with honest intervals, a status 预计达成 / 有风险 / 预计未达成, and the
  projects contributing most to a shortfall first (``Outlook.shortfall``).
- ``battle_panel(projects, year, as_of)``: the battle map's forecast panel as plain JSON.

Nothing is cached but the fitted model, keyed by a fingerprint of the past years' rollups
(count, sum and the largest id), so a corrected past report refits it at the next call and a
new report this year is in the next forecast: never stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, FloatField, Max, QuerySet, Sum
from django.db.models.functions import Cast
from django.urls import reverse

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.lib.sql import raw_rows
from tuijin.progress.models import MONTH_FIELDS, ProjectYearRollup
from tuijin.projects.models import Category

from . import calculations
from .calculations import Panel

FIELDS = ["project_id", "year", "planned_investment", *MONTH_FIELDS, "project__category", "project__total_investment",
          "project__park_id", "project__industry_chain", "last_reported_month"]
CATEGORY_LABELS = dict(Category.choices)
_models: dict = {}


def months_known(year: int, as_of: dt.date) -> int:
    """Months of ``year`` whose reports are due by ``as_of``: the month before it (all twelve after the year)."""
    if as_of.year > year:
        return 12
    return 0 if as_of.year < year else as_of.month - 1


MONEY = ["planned_investment", *MONTH_FIELDS, "project__total_investment"]


def rows_of(rollups: QuerySet):
    """The rollups' ``FIELDS`` with money read as floats by the database (Decimal conversion of 50,000 × 14
    cells is most of the time otherwise); iterate it with ``panel_of``, which reads past the converters."""
    casts = {f"f_{name}": Cast(name, FloatField()) for name in MONEY}
    names = [f"f_{name}" if name in MONEY else name for name in FIELDS]
    return rollups.annotate(**casts).values_list(*names)


def panel_of(rows) -> tuple[Panel, np.ndarray]:
    """A panel from rollup rows (``FIELDS``), and each row's last approved month."""
    rows = raw_rows(rows) if isinstance(rows, QuerySet) else list(rows)
    if not rows:
        return Panel.from_rows([]), np.zeros(0, dtype=int)
    table = np.array(rows, dtype=object)
    category = np.array([CATEGORY_LABELS.get(c, c) for c in table[:, 15]])
    total = table[:, 16].astype(float)
    band = np.where(total >= 10000, "亿元以上", np.where(total >= 5000, "5000万元以上", "5000万元以下"))
    panel = Panel(list(table[:, 0]), table[:, 1].astype(int), table[:, 2].astype(float), table[:, 3:15].astype(float),
                  category, band, np.array([str(p or "") for p in table[:, 17]]), table[:, 18].astype(str))
    return panel, table[:, 19].astype(int)


def model_for(year: int) -> calculations.Model:
    """The model learned from every year before ``year`` (complete years), refitted when they change."""
    past = ProjectYearRollup.objects.filter(year__lt=year, planned_investment__gt=0)
    stamp = past.aggregate(n=Count("pk"), total=Sum("completed_total"), last=Max("pk"))
    key = (year, stamp["n"], str(stamp["total"]), stamp["last"])
    if key not in _models:
        panel, _ = panel_of(rows_of(past).order_by("pk"))
        _models.clear()
        _models[key] = calculations.fit(panel)
    return _models[key]


@dataclass(frozen=True)
class ProjectForecast:
    project_id: int
    plan: float
    done: float
    expected: float
    low: float
    high: float
    probability: float | None
    status: str
    explanation: str
    half_status: str


class Outlook:
    """The forecasts of one year's planned projects in scope, as of a day."""

    def __init__(self, year: int, as_of: dt.date, projects: QuerySet | None = None):
        self.year, self.as_of = year, as_of
        self.model = model_for(year)
        rollups = ProjectYearRollup.objects.filter(year=year, planned_investment__gt=0)
        if projects is not None:
            rollups = rollups.filter(project__in=projects)
        self.panel, last = panel_of(rows_of(rollups).order_by("project_id"))
        m = months_known(year, as_of)
        # a project whose report for the latest due month is still pending starts a month earlier
        known = np.where((m > 0) & (m < 12) & (last == m - 1), m - 1, m) if len(last) else np.zeros(0, int)
        self.known = known
        self.year_end = calculations.forecast(self.model, self.panel, known, 12)
        self.half = calculations.forecast(self.model, self.panel, known, 6)
        self.index = {pk: i for i, pk in enumerate(self.panel.keys)}

    def __len__(self):
        return len(self.panel)

    def project(self, pk) -> ProjectForecast | None:
        i = self.index.get(pk)
        return None if i is None else self._one(i)

    def _one(self, i: int) -> ProjectForecast:
        f = self.year_end
        probability = None if np.isnan(f.probability[i]) else float(f.probability[i])
        half = self.half.probability[i]
        return ProjectForecast(
            int(self.panel.keys[i]), float(f.plan[i]), float(f.done[i]), float(f.expected[i]), float(f.low[i]),
            float(f.high[i]), probability, self._status(f, i), calculations.explain(f, i),
            self._status(self.half, i) if not np.isnan(half) else calculations.Status.UNKNOWN)

    def _status(self, f, i):
        p = f.probability[i]
        if f.known[i] >= f.target:
            return calculations.Status.DONE if p >= 1 else calculations.Status.FAILED
        return calculations.status(None if np.isnan(p) else float(p))

    def projects(self, order="risk") -> list[ProjectForecast]:
        """Every forecast, the least likely to meet its plan first (unknown last)."""
        p = np.nan_to_num(self.year_end.probability, nan=2.0)
        return [self._one(int(i)) for i in np.argsort(p, kind="stable")]

    def below(self, probability: float) -> list[ProjectForecast]:
        """Projects still open whose probability of meeting the plan is at most ``probability`` (the warning)."""
        p = self.year_end.probability
        open_ = self.year_end.known < 12
        rows = np.flatnonzero(open_ & ~np.isnan(p) & (p <= probability + 1e-12))
        return [self._one(int(i)) for i in rows]

    def total(self, indices=None, target: int = 12) -> calculations.Rollup:
        return calculations.rollup(self.model, self.year_end if target == 12 else self.half, indices)

    def groups(self, labels: np.ndarray) -> dict:
        return {label: np.flatnonzero(labels == label) for label in np.unique(labels)}

    def by_park(self) -> list[tuple[str, str, calculations.Rollup, calculations.Rollup]]:
        """(park id, park name, year roll-up, 双过半 roll-up) for every park, the most at risk first."""
        names = {str(pk): label for pk, label in park_names().items()}
        return self._by(self.panel.park, lambda key: names.get(key, "无园区") if key else "无园区")

    def by_chain(self):
        return self._by(self.panel.chain, lambda key: key or "未填写产业链")

    def _by(self, labels, name):
        found = [(key, name(key), self.total(rows), self.total(rows, 6)) for key, rows in self.groups(labels).items()]
        return sorted(found, key=lambda row: (row[2].probability if row[2].probability is not None else 2, row[1]))

    def shortfall(self, rollup: calculations.Rollup) -> list[ProjectForecast]:
        return [self._one(i) for i in rollup.shortfall]


def outlook(year: int, as_of: dt.date, projects: QuerySet | None = None) -> Outlook:
    return Outlook(year, as_of, projects)


def park_names() -> dict:
    return {pk: short or name for pk, name, short in
            Organisation.objects.filter(kind=OrganisationKind.PARK).values_list("pk", "name", "short_name")}


def _yi(amount: float) -> float:
    return round(amount / 10000, 2)


def _rollup_json(rollup: calculations.Rollup) -> dict:
    return {"expected": _yi(rollup.expected), "low": _yi(rollup.low), "high": _yi(rollup.high),
            "goal": _yi(rollup.goal), "done": _yi(rollup.done), "count": rollup.count,
            "probability": None if rollup.probability is None else round(rollup.probability * 100),
            "status": rollup.status, "method": rollup.method}


TONES = {calculations.Status.MET: "success", calculations.Status.DONE: "success", calculations.Status.AT_RISK: "warning",
         calculations.Status.MISSED: "danger", calculations.Status.FAILED: "danger"}


def battle_panel(projects: QuerySet, year: int, as_of: dt.date, park=None) -> dict:
    """The battle map's 预测研判 panel: district (or park) year-end and 双过半, parks, top shortfall projects."""
    found = outlook(year, as_of, projects)
    base = reverse("foresight_list")
    common = {"year": year, **({"park": park.pk} if park else {})}

    def url(**extra):
        from urllib.parse import urlencode
        return f"{base}?{urlencode({**common, **extra})}"

    year_end, half = found.total(), found.total(target=6)
    return {
        "year": year, "months": int(months_known(year, as_of)), "count": len(found), "url": url(),
        "year_end": {**_rollup_json(year_end), "tone": TONES.get(year_end.status, "secondary")},
        "half": {**_rollup_json(half), "tone": TONES.get(half.status, "secondary")},
        "parks": [{"name": name, **_rollup_json(total), "tone": TONES.get(total.status, "secondary"),
                   "url": url(park=key) if key else url()} for key, name, total, _ in found.by_park()[:8]],
        "shortfall": [{"name": names, "gap": _yi(f.plan - f.expected), "probability":
                       None if f.probability is None else round(f.probability * 100),
                       "url": reverse("project_detail", args=[f.project_id])}
                      for f, names in _named(found.shortfall(year_end)[:5])],
        "at_risk_url": url(status="risk"),
    }


def _named(forecasts):
    from tuijin.projects.models import Project
    names = dict(Project.objects.filter(pk__in=[f.project_id for f in forecasts]).values_list("pk", "name"))
    return [(f, names.get(f.project_id, "")) for f in forecasts]


def risk_filter(outlook: Outlook, status: str) -> list[int]:
    """Ids of the projects whose year-end outlook is ``status`` ("risk" = 有风险 or 预计未达成)."""
    wanted = {calculations.Status.AT_RISK, calculations.Status.MISSED} if status == "risk" else {status}
    return [f.project_id for f in outlook.projects() if f.status in wanted]


__all__ = ["Outlook", "ProjectForecast", "battle_panel", "months_known", "outlook", "model_for"]
