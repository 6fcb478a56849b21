"""政策模拟测算: whom a drafted clause would reach and what it would cost, before anyone publishes it.

The finance bureau's question before a 惠企 clause is signed is "how many, how much, and who is newly in or
out compared with today's rule". The draft variants and the clause's current version are compiled into one
plan (shared conditions computed once) and run by the batch engine — the same engine and the same fact
columns as 免申即享 — over every enterprise, for the latest data year and the two before it:

- the latest year (``matching.default_year``: 上年度) is evaluated on ``on`` (today), as a run published now
  would be; an earlier data year Y on 31 December of Y+1, when a run over Y's figures would have been made,
  so the dated thresholds and the qualifications in force are those of that time;
- a qualifying enterprise whose base figure is missing counts as qualifying with the amount unknown
  (金额待定): it is in the count, not in the totals.

Fact columns are kept per (year, date) in this process and reused while the enterprise tables are unchanged
(a fingerprint of three aggregate queries), because a coordinator tries many thresholds in a row over the
same figures; a change to an enterprise, its figures or its qualifications makes the next call read them again.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from tuijin.accounts.models import Organisation
from tuijin.enterprises.models import Enterprise, EnterpriseYearFigures, Qualification, Scale
from tuijin.promotion.models import ChainMember

from . import facts as facts_module
from .batch import Batch
from .matching import default_year
from .rules import RuleError, compile_plan

YEARS_BACK = 3  # the latest data year and the two before it
LARGEST = 10  # how many of the largest payouts the page lists
LISTED = 200  # at most this many enterprises newly in (or out) are named; the counts are always whole
CURRENT = "current"


@dataclass(frozen=True)
class Variant:
    """One version of the rule to simulate: a draft, or the clause as it stands (``key`` CURRENT)."""

    key: str
    label: str
    title: str
    definition: dict


@dataclass
class Payout:
    enterprise_id: int
    name: str
    park: str
    amount: Decimal | None  # None: qualifies, amount unknown (金额待定)
    before: Decimal | None = None  # under the current version, for an enterprise whose amount changed


@dataclass
class Group:
    label: str
    count: int = 0
    total: Decimal = Decimal("0.00")


@dataclass
class YearFigures:
    year: int
    on: dt.date
    count: int
    total: Decimal
    unknown: int  # qualifying with the amount unknown
    current_total: Decimal | None = None  # the current version's total that year; None without a current one

    @property
    def difference(self) -> Decimal | None:
        return None if self.current_total is None else self.total - self.current_total


@dataclass
class VariantResult:
    variant: Variant
    problems: list = field(default_factory=list)  # the rule's errors in Chinese; nothing else is filled then
    years: list = field(default_factory=list)  # YearFigures, latest first
    largest: list = field(default_factory=list)  # Payout, largest first (latest year)
    by_park: list = field(default_factory=list)  # Group
    by_chain: list = field(default_factory=list)
    by_scale: list = field(default_factory=list)
    newly_in: list = field(default_factory=list)  # Payout: qualifies under this variant, not under the current
    newly_out: list = field(default_factory=list)  # Payout (its current amount): qualifies now, not under this
    changed: list = field(default_factory=list)  # Payout with ``before``: in both, another amount
    newly_in_count: int = 0
    newly_out_count: int = 0
    changed_count: int = 0

    @property
    def latest(self) -> YearFigures | None:
        return self.years[0] if self.years else None

    @property
    def breakdowns(self) -> list[tuple[str, list]]:
        return [("园区", self.by_park), ("产业链", self.by_chain), ("企业规模", self.by_scale)]

    @property
    def three_year_total(self) -> Decimal:
        return sum((year.total for year in self.years), Decimal("0.00"))


@dataclass
class Simulation:
    enterprises: int
    years: list  # (data year, evaluation date), latest first
    current: VariantResult | None
    variants: list  # VariantResult, in the order asked


# ---------------------------------------------------------------------------- facts, kept while unchanged

_facts: dict = {}
_profiles: dict = {}


def _fingerprint() -> tuple:
    """Changes whenever an enterprise, a year's figures or a qualification is added, changed or removed."""
    enterprises = Enterprise.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    figures = EnterpriseYearFigures.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    held = Qualification.objects.aggregate(n=Count("pk"), last=Max("created_at"), top=Max("pk"))
    return tuple(tuple(part.values()) for part in (enterprises, figures, held))


def _columns(year: int, on: dt.date, fingerprint) -> tuple[list, dict]:
    key = (year, on)
    kept = _facts.get(key)
    if kept is None or kept[0] != fingerprint:
        if len(_facts) > 12:
            _facts.clear()
        kept = _facts[key] = (fingerprint, *facts_module.load(Enterprise.objects.all(), year, on))
    return kept[1], kept[2]


@dataclass
class _Profile:
    """Who each enterprise is, row by row in the facts' order, as codes for ``np.bincount``."""

    ids: np.ndarray  # enterprise id per row
    names: list
    park_code: np.ndarray  # index into park_labels per row
    park_labels: list
    scale_code: np.ndarray  # index into scale_labels per row
    scale_labels: list
    member_rows: np.ndarray  # one entry per (row, chain) membership, rows ascending
    member_chain: np.ndarray  # index into chain_labels
    chain_labels: list


def _profile(ids: list, fingerprint) -> _Profile:
    key = (fingerprint, len(ids), ids[0] if ids else None, ids[-1] if ids else None)
    kept = _profiles.get("profile")
    if kept is not None and kept[0] == key:
        return kept[1]
    position = {pk: i for i, pk in enumerate(ids)}
    n = len(ids)
    names, parks, scales = [""] * n, np.zeros(n, dtype=np.int64), np.empty(n, dtype=object)
    for pk, name, park, scale in Enterprise.objects.values_list("pk", "name", "park_id", "scale"):
        i = position.get(pk)
        if i is not None:
            names[i], parks[i], scales[i] = name, park or 0, scale
    park_names = dict(Organisation.objects.filter(pk__in=set(parks.tolist()) - {0}).values_list("pk", "name"))
    park_ids = sorted(park_names, key=lambda pk: park_names[pk])
    park_code = np.full(n, len(park_ids), dtype=np.int64)  # the last label: 未落园区
    for code, pk in enumerate(park_ids):
        park_code[parks == pk] = code
    scale_values = [value for value, _ in Scale.choices]
    scale_code = np.array([scale_values.index(v) if v in scale_values else len(scale_values) for v in scales],
                          dtype=np.int64)
    memberships = sorted({(position[enterprise], chain) for enterprise, chain in ChainMember.objects.values_list(
        "enterprise_id", "segment__chain__name") if enterprise in position})
    chain_labels = sorted({chain for _, chain in memberships})
    chain_index = {chain: i for i, chain in enumerate(chain_labels)}
    profile = _Profile(
        np.asarray(ids, dtype=np.int64), names, park_code, [park_names[pk] for pk in park_ids] + ["未落园区"],
        scale_code, [label for _, label in Scale.choices] + ["未填规模"],
        np.array([row for row, _ in memberships], dtype=np.int64),
        np.array([chain_index[chain] for _, chain in memberships], dtype=np.int64), chain_labels)
    _profiles["profile"] = (key, profile)
    return profile


def forget():
    """Drop the kept fact columns (tests that change facts behind the fingerprint's back, and memory)."""
    _facts.clear()
    _profiles.clear()


# ---------------------------------------------------------------------------- the simulation


@dataclass
class _Outcome:
    """The qualifying rows of one variant in one year, ascending, with their amounts (nan: unknown)."""

    rows: np.ndarray
    amounts: np.ndarray

    @classmethod
    def of(cls, result):
        order = np.argsort(result.rows, kind="stable")
        return cls(result.rows[order].astype(np.int64), result.amounts[order].astype(np.float64))

    @classmethod
    def empty(cls):
        return cls(np.empty(0, dtype=np.int64), np.empty(0))

    def total(self) -> Decimal:
        return _money(float(np.nansum(self.amounts)))

    def amounts_of(self, rows) -> np.ndarray:
        return self.amounts[np.searchsorted(self.rows, rows)]


def evaluation_years(on: dt.date) -> list[tuple[int, dt.date]]:
    latest = default_year(on)
    return [(latest, on)] + [(year, dt.date(year + 1, 12, 31)) for year in range(latest - 1, latest - YEARS_BACK, -1)]


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _largest_first(rows, amounts, profile) -> np.ndarray:
    """Positions ordering ``rows`` by amount (unknown last), then by enterprise id."""
    return np.lexsort((profile.ids[rows], -np.nan_to_num(amounts, nan=-1.0)))


def _payouts(rows, amounts, profile, listed, before=None) -> list[Payout]:
    order = _largest_first(rows, amounts, profile)[:listed]

    def money(value):
        return None if np.isnan(value) else _money(value)

    return [Payout(int(profile.ids[rows[i]]), profile.names[rows[i]],
                   profile.park_labels[profile.park_code[rows[i]]], money(amounts[i]),
                   None if before is None else money(before[i])) for i in order]


def _groups(codes, amounts, labels, *, by_total=True) -> list[Group]:
    counts = np.bincount(codes, minlength=len(labels))
    totals = np.bincount(codes, weights=np.nan_to_num(amounts), minlength=len(labels))
    groups = [Group(labels[i], int(counts[i]), _money(totals[i])) for i in range(len(labels)) if counts[i]]
    return sorted(groups, key=lambda g: (-g.total, -g.count, g.label)) if by_total else groups


def _chain_groups(outcome: _Outcome, profile) -> list[Group]:
    inside = np.isin(profile.member_rows, outcome.rows)
    rows, chains = profile.member_rows[inside], profile.member_chain[inside]
    groups = _groups(chains, outcome.amounts_of(rows), profile.chain_labels) if len(rows) else []
    outside = np.setdiff1d(outcome.rows, rows, assume_unique=False)
    if len(outside):
        groups.append(Group("未入产业链", len(outside), _money(float(np.nansum(outcome.amounts_of(outside))))))
    return groups


def _compare(result: VariantResult, mine: _Outcome, current: _Outcome, profile, listed):
    newly_in = np.setdiff1d(mine.rows, current.rows, assume_unique=True)
    newly_out = np.setdiff1d(current.rows, mine.rows, assume_unique=True)
    both, at_mine, at_current = np.intersect1d(mine.rows, current.rows, assume_unique=True, return_indices=True)
    after, before = mine.amounts[at_mine], current.amounts[at_current]
    moved = ~(np.isnan(after) & np.isnan(before)) & (after != before)
    result.newly_in_count, result.newly_out_count, result.changed_count = len(newly_in), len(newly_out), int(moved.sum())
    result.newly_in = _payouts(newly_in, mine.amounts_of(newly_in), profile, listed)
    result.newly_out = _payouts(newly_out, current.amounts_of(newly_out), profile, listed)
    change = np.abs(np.nan_to_num(after[moved]) - np.nan_to_num(before[moved]))
    order = np.lexsort((profile.ids[both[moved]], -change))[:listed]
    rows, after, before = both[moved][order], after[moved][order], before[moved][order]
    result.changed = [Payout(int(profile.ids[row]), profile.names[row], profile.park_labels[profile.park_code[row]],
                             None if np.isnan(a) else _money(a), None if np.isnan(b) else _money(b))
                      for row, a, b in zip(rows, after, before)]


def simulate(variants: list[Variant], current: Variant | None = None, on: dt.date | None = None, *,
             listed: int | None = LISTED) -> Simulation:
    """Run each variant (and the current version) over every enterprise for the last three data years.

    A variant whose rule does not compile gets its problems and nothing else; the others are unaffected.
    ``listed`` caps the enterprises named newly in, out or changed (None: all, for the export); counts are whole.
    """
    on = on or timezone.localdate()
    years = evaluation_years(on)
    everything = ([current] if current else []) + list(variants)
    results = {variant.key: VariantResult(variant) for variant in everything}
    valid = []
    for variant in everything:
        try:
            compile_plan([(variant.key, variant.title, 0, variant.definition)], years[-1][1])
        except RuleError as error:
            results[variant.key].problems = list(error.messages)
        else:
            valid.append(variant)
    fingerprint = _fingerprint()
    ids = []
    for index, (year, day) in enumerate(years):
        ids, columns = _columns(year, day, fingerprint)
        if not valid:
            break
        plan = compile_plan([(variant.key, variant.title, 0, variant.definition) for variant in valid], day)
        found = Batch(plan).run(columns, gaps=False) if ids else []
        outcomes = {variant.key: _Outcome.of(found[i]) if ids else _Outcome.empty() for i, variant in enumerate(valid)}
        baseline = outcomes.get(CURRENT)
        for variant in valid:
            mine = outcomes[variant.key]
            figures = YearFigures(year, day, len(mine.rows), mine.total(), int(np.isnan(mine.amounts).sum()))
            if baseline is not None:
                figures.current_total = baseline.total()
            results[variant.key].years.append(figures)
        if index == 0 and ids:
            _latest_details(results, valid, outcomes, baseline, _profile(ids, fingerprint), listed)
    return Simulation(len(ids), years, results.get(CURRENT) if current else None,
                      [results[variant.key] for variant in variants])


def _latest_details(results, valid, outcomes, baseline, profile, listed):
    for variant in valid:
        mine, result = outcomes[variant.key], results[variant.key]
        result.largest = _payouts(mine.rows, mine.amounts, profile, LARGEST)
        result.by_park = _groups(profile.park_code[mine.rows], mine.amounts, profile.park_labels)
        result.by_chain = _chain_groups(mine, profile)
        result.by_scale = _groups(profile.scale_code[mine.rows], mine.amounts, profile.scale_labels, by_total=False)
        if variant.key != CURRENT:  # against the current version; a new clause: everyone it reaches is newly in
            _compare(result, mine, baseline if baseline is not None else _Outcome.empty(), profile, listed)
