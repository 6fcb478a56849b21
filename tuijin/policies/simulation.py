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
from collections import defaultdict
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
    """Who each enterprise is, row by row in the facts' order: name, park, size, chains."""

    names: list
    parks: np.ndarray  # organisation id, 0 for none
    scales: np.ndarray  # Scale values as objects
    chains: list  # (row, chain name) pairs
    park_names: dict


def _profile(ids: list, fingerprint) -> _Profile:
    key = (len(ids), ids[0] if ids else None, ids[-1] if ids else None)
    kept = _profiles.get("profile")
    if kept is not None and kept[0] == (fingerprint, key):
        return kept[1]
    position = {pk: i for i, pk in enumerate(ids)}
    names, parks, scales = [""] * len(ids), np.zeros(len(ids), dtype=np.int64), np.empty(len(ids), dtype=object)
    for pk, name, park, scale in Enterprise.objects.values_list("pk", "name", "park_id", "scale"):
        i = position.get(pk)
        if i is not None:
            names[i], parks[i], scales[i] = name, park or 0, scale
    chains = [(position[enterprise], chain) for enterprise, chain in ChainMember.objects.values_list(
        "enterprise_id", "segment__chain__name").distinct() if enterprise in position]
    park_names = dict(Organisation.objects.filter(pk__in=set(parks.tolist()) - {0}).values_list("pk", "name"))
    profile = _Profile(names, parks, scales, chains, park_names)
    _profiles["profile"] = ((fingerprint, key), profile)
    return profile


def forget():
    """Drop the kept fact columns (tests that change facts behind the fingerprint's back, and memory)."""
    _facts.clear()
    _profiles.clear()


# ---------------------------------------------------------------------------- the simulation


def evaluation_years(on: dt.date) -> list[tuple[int, dt.date]]:
    latest = default_year(on)
    return [(latest, on)] + [(year, dt.date(year + 1, 12, 31)) for year in range(latest - 1, latest - YEARS_BACK, -1)]


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _amounts(result) -> dict[int, float]:
    """Row → amount (nan: unknown) of the qualifying rows of one clause's result."""
    return dict(zip(result.rows.tolist(), result.amounts.tolist()))


def _payout(row, amount, ids, profile, before=None) -> Payout:
    def money(value):
        return None if value is None or np.isnan(value) else _money(value)

    park = profile.park_names.get(int(profile.parks[row]), "未落园区")
    return Payout(ids[row], profile.names[row], park, money(amount), money(before))


def _figures(year, on, amounts: dict) -> YearFigures:
    known = [value for value in amounts.values() if not np.isnan(value)]
    return YearFigures(year, on, len(amounts), _money(sum(known)) if known else Decimal("0.00"),
                       len(amounts) - len(known))


def _groups(amounts: dict, keys_of, order=None) -> list[Group]:
    groups: dict[str, Group] = {}
    for row, amount in amounts.items():
        for key in keys_of(row):
            group = groups.setdefault(key, Group(key))
            group.count += 1
            if not np.isnan(amount):
                group.total += _money(amount)
    rows = list(groups.values())
    if order:
        return sorted(rows, key=lambda group: order.index(group.label) if group.label in order else len(order))
    return sorted(rows, key=lambda group: (-group.total, -group.count, group.label))


def _compare(result: VariantResult, mine: dict, current: dict, ids, profile, listed):
    newly_in = sorted(set(mine) - set(current), key=lambda row: (-np.nan_to_num(mine[row], nan=-1), ids[row]))
    newly_out = sorted(set(current) - set(mine), key=lambda row: (-np.nan_to_num(current[row], nan=-1), ids[row]))
    changed = [row for row in set(mine) & set(current)
               if not (np.isnan(mine[row]) and np.isnan(current[row])) and mine[row] != current[row]]
    changed.sort(key=lambda row: (-abs(np.nan_to_num(mine[row]) - np.nan_to_num(current[row])), ids[row]))
    result.newly_in_count, result.newly_out_count, result.changed_count = len(newly_in), len(newly_out), len(changed)
    result.newly_in = [_payout(row, mine[row], ids, profile) for row in newly_in[:listed]]
    result.newly_out = [_payout(row, current[row], ids, profile) for row in newly_out[:listed]]
    result.changed = [_payout(row, mine[row], ids, profile, before=current[row]) for row in changed[:listed]]


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
    ids, profile = [], None
    for index, (year, day) in enumerate(years):
        ids, columns = _columns(year, day, fingerprint)
        if not valid:
            break
        plan = compile_plan([(variant.key, variant.title, 0, variant.definition) for variant in valid], day)
        outcomes = Batch(plan).run(columns, gaps=False) if ids else []
        amounts = {variant.key: (_amounts(outcomes[i]) if ids else {}) for i, variant in enumerate(valid)}
        baseline = amounts.get(CURRENT) if current and current in valid else None
        for variant in valid:
            figures = _figures(year, day, amounts[variant.key])
            if baseline is not None:
                figures.current_total = _figures(year, day, baseline).total
            results[variant.key].years.append(figures)
        if index == 0 and ids:
            profile = _profile(ids, fingerprint)
            _latest_details(results, valid, amounts, baseline, ids, profile, listed)
    return Simulation(len(ids), years, results.get(CURRENT) if current else None,
                      [results[variant.key] for variant in variants])


def _latest_details(results, valid, amounts, baseline, ids, profile, listed):
    chains_of = defaultdict(list)
    for row, chain in profile.chains:
        chains_of[row].append(chain)
    scale_labels = dict(Scale.choices)
    for variant in valid:
        mine, result = amounts[variant.key], results[variant.key]
        top = sorted(mine, key=lambda row: (-np.nan_to_num(mine[row], nan=-1), ids[row]))[:LARGEST]
        result.largest = [_payout(row, mine[row], ids, profile) for row in top]
        result.by_park = _groups(mine, lambda row: [profile.park_names.get(int(profile.parks[row]), "未落园区")])
        result.by_chain = _groups(mine, lambda row: chains_of.get(row) or ["未入产业链"])
        result.by_scale = _groups(mine, lambda row: [scale_labels.get(profile.scales[row], "未填规模")],
                                  order=[label for _, label in Scale.choices])
        if baseline is not None and variant.key != CURRENT:
            _compare(result, mine, baseline, ids, profile, listed)
        elif baseline is None and variant.key != CURRENT:
            _compare(result, mine, {}, ids, profile, listed)  # a new clause: everyone it reaches is newly in
