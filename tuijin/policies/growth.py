"""Growth candidates (培育库): 小升规, 高新技术企业, 专精特新 — each enterprise with its gap.

The lists are rules (``growth.yaml``) run by the batch engine over every visible enterprise; the
page then explains its own rows with the scalar engine, so a list of any length costs the same
few queries.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from .batch import Batch
from .engine import Scalar, Status
from .facts import load
from .rules import compile_plan

DEFINITIONS = Path(__file__).with_name("growth.yaml")


@lru_cache(maxsize=1)
def kinds() -> dict:
    return yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))


@dataclass
class Candidate:
    row: int
    enterprise_id: int
    ready: bool  # meets every target condition
    gaps: list  # gap texts (empty when ready)
    closeness: float  # for ordering: 0 when ready, else the relative shortfall (missing data last)


@dataclass
class CandidateList:
    kind: str
    title: str
    description: str
    candidates: list
    columns: dict


@lru_cache(maxsize=8)
def _plan(kind, on: dt.date):
    spec = kinds()[kind]
    return compile_plan([("scope", "scope", 1, {"eligibility": spec["scope"]}),
                         ("target", spec["title"], 1, {"eligibility": spec["target"]})], on)


def candidates(kind: str, enterprises, year: int, on: dt.date) -> CandidateList:
    """Everyone in scope who meets the target (已达标) or is short of one condition, closest first."""
    spec = kinds()[kind]
    plan = _plan(kind, on)
    ids, columns = load(enterprises, year, on)
    found = []
    if ids:
        runner = Batch(plan)
        scope, target = runner.run(columns)
        inside = np.zeros(len(ids), dtype=bool)
        inside[scope.rows] = True
        for row in target.rows[inside[target.rows]].tolist():
            found.append(Candidate(row, ids[row], True, [], 0.0))
        near = target.near
        keep = inside[near.rows]
        for row, missing, shortfall, condition in zip(near.rows[keep].tolist(), near.missing[keep].tolist(),
                                                       near.shortfall[keep].tolist(), near.condition[keep].tolist()):
            leaf = plan.leaves[plan.clauses[1].top[condition]]
            closeness = 2.0 if missing else _relative(shortfall, runner.values[leaf.field.name][row])
            found.append(Candidate(row, ids[row], False, [], closeness))
    found.sort(key=lambda c: (not c.ready, c.closeness, c.enterprise_id))
    return CandidateList(kind, spec["title"], spec["description"], found, columns)


def _relative(shortfall, x):
    if shortfall != shortfall:
        return 1.0
    return float(min(1.0, shortfall / (abs(x) + shortfall))) if (abs(x) + shortfall) else 1.0


def explain(kind: str, on: dt.date, candidate_list: CandidateList, page_candidates):
    """Fill in the gap texts of the candidates shown on one page."""
    scalar = Scalar(_plan(kind, on))
    for candidate in page_candidates:
        facts = {name: float(column[candidate.row]) for name, column in candidate_list.columns.items()}
        for outcome in scalar.evaluate(facts):
            if outcome.clause.ref == "target" and outcome.status == Status.NEAR:
                candidate.gaps = [gap.text for gap in outcome.gaps]
    return page_candidates
