"""政策找企业: what one enterprise qualifies for (and nearly does), and who qualifies for a clause.

Pure services over the engines: they read the clauses and facts, never a request. Compiled plans
are cached by the clauses' versions and the evaluation date, so pages compile a rule set once.
"""

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field as dc_field
from decimal import Decimal

import numpy as np
from django.utils import timezone

from . import facts as facts_module
from .batch import Batch
from .engine import Scalar, Status
from .models import Clause
from .rules import compile_plan

CACHE_SIZE = 16
_engines: "OrderedDict[tuple, Engine]" = OrderedDict()


@dataclass
class Engine:
    plan: object
    scalar: Scalar
    batch: Batch


def engine_for(clauses, on: dt.date) -> Engine:
    """The compiled plan of ``clauses`` (Clause rows) for the date ``on``, from the cache when unchanged."""
    clauses = list(clauses)
    key = (on, tuple((c.pk, c.version, c.updated_at) for c in clauses))
    if key in _engines:
        _engines.move_to_end(key)
        return _engines[key]
    plan = compile_plan([(c, c.title, c.version, c.definition) for c in clauses], on)
    engine = _engines[key] = Engine(plan, Scalar(plan), Batch(plan))
    while len(_engines) > CACHE_SIZE:
        _engines.popitem(last=False)
    return engine


def active_clauses(on: dt.date, *, automatic=None):
    """Enabled clauses of the policies in force on ``on``."""
    clauses = Clause.objects.filter(is_active=True, policy__valid_from__lte=on).exclude(
        policy__valid_to__lt=on).select_related("policy").order_by("policy__valid_from", "policy_id", "sort_order",
                                                                    "pk")
    return clauses if automatic is None else clauses.filter(automatic=automatic)


def default_year(today: dt.date | None = None) -> int:
    """Policies are applied to the last complete year's figures (上年度)."""
    return (today or timezone.localdate()).year - 1


@dataclass
class EnterpriseMatch:
    enterprise: object
    year: int
    on: dt.date
    facts: dict
    engine: object = None  # the Engine it was matched with, so a report words amounts by the same rules
    eligible: list = dc_field(default_factory=list)  # Outcome, clause.ref is the Clause
    near: list = dc_field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((o.amount for o in self.eligible if o.amount is not None), Decimal("0.00"))

    @property
    def missing_figures(self) -> list[str]:
        """The figures whose absence keeps a clause out of reach — worth asking the enterprise for."""
        found = []
        for outcome in self.near:
            for gap in outcome.gaps:
                if gap.missing:
                    for label in gap.text.split("：", 1)[-1].split("、"):
                        if label not in found:
                            found.append(label)
        return found


def match_enterprise(enterprise, year: int | None = None, on: dt.date | None = None) -> EnterpriseMatch:
    on = on or timezone.localdate()
    year = year or default_year(on)
    engine = engine_for(active_clauses(on), on)
    facts = facts_module.for_enterprise(enterprise, year, on)
    match = EnterpriseMatch(enterprise, year, on, facts, engine)
    for outcome in engine.scalar.evaluate(facts):
        (match.eligible if outcome.status == Status.ELIGIBLE else match.near).append(outcome)
    match.eligible.sort(key=lambda o: -(o.amount or 0))
    # Closest first: the smallest share of a threshold still missing; clauses short only of data last.
    match.near.sort(key=lambda o: (o.share is None, o.share or 0.0))
    return match


@dataclass
class Population:
    """Every enterprise of a queryset run through one plan: ids, base columns, per-clause results."""

    ids: list
    columns: dict
    engine: Engine
    results: list

    def facts(self, row) -> dict:
        return {name: float(column[row]) for name, column in self.columns.items()}


def run_population(clauses, enterprises, year: int, on: dt.date, *, gaps=True) -> Population:
    engine = engine_for(clauses, on)
    ids, columns = facts_module.load(enterprises, year, on)
    results = engine.batch.run(columns, gaps=gaps) if ids else [None] * len(engine.plan.clauses)
    return Population(ids, columns, engine, results)


def qualifying(clause, enterprises, year: int, on: dt.date) -> list[tuple[int, Decimal | None]]:
    """(enterprise id, amount) of every enterprise in ``enterprises`` that qualifies, largest amount first."""
    population = run_population([clause], enterprises, year, on, gaps=False)
    result = population.results[0]
    if result is None:
        return []
    order = np.lexsort((result.rows, -np.nan_to_num(result.amounts, nan=-1.0)))
    return [(population.ids[result.rows[i]],
             None if np.isnan(result.amounts[i]) else Decimal(f"{result.amounts[i]:.2f}")) for i in order]


def explain(engine: Engine, facts: dict, clause, cache: dict, key):
    """The scalar outcome of one clause for one enterprise's facts (reasons or gaps), or None.

    The scalar path evaluates every clause at once, so an enterprise eligible for several clauses
    is evaluated once: ``cache`` keeps its outcomes under ``key`` for the next clause.
    """
    if key not in cache:
        cache[key] = {outcome.clause.ref.pk: outcome for outcome in engine.scalar.evaluate(facts)}
    return cache[key].get(clause.pk)
