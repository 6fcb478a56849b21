"""Rolling a project back in time from its history: the pure half of a baseline comparison.

The state of a project at a past moment is its current state with every change written after that
moment undone, newest first. History rows keep values *as people read them* (``tuijin.lib.changes``:
choice labels, ISO dates, decimals as strings), so undoing a change parses its ``old`` value back
into the raw value of the field named by ``field``. Nothing here touches the database: the caller
hands in the current values and the history rows it read (one query per history table).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from tuijin.projects.models import Milestone, Stage, planned_field

STAGE_BY_LABEL = {label: value for value, label in Stage.choices}
# The planned dates a baseline watches for slips, in lifecycle order.
PLANNED_DATES = [planned_field(milestone) for milestone in Milestone.values]
TRACKED = ["stage", "total_investment", *PLANNED_DATES]


def parse(name: str, text):
    """The raw value of project field ``name`` from its history display ``text`` (None when empty or unreadable)."""
    if text is None or text == "":
        return None
    text = str(text)
    if name == "stage":
        return STAGE_BY_LABEL.get(text, text if text in Stage.values else None)
    if name == "total_investment":
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if name in PLANNED_DATES:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return text


@dataclass
class Step:
    """One history row of a project, reduced to what undoing it needs."""

    at: dt.datetime
    changes: list = field(default_factory=list)  # [{field, label, old, new}]
    from_stage: str = ""  # a lifecycle move: the stage before it
    created: bool = False  # the row that created the project


def undo(state: dict, step: Step) -> dict:
    """``state`` as it was just before ``step`` (a new dict)."""
    before = dict(state)
    for change in step.changes or ():
        name = change.get("field") if isinstance(change, dict) else None
        if name in TRACKED:
            before[name] = parse(name, change.get("old"))
    if step.from_stage:
        before["stage"] = step.from_stage
    return before


def states_at(current: dict, steps: list[Step], moments: list[dt.datetime]) -> list[dict]:
    """The tracked fields of one project at each of ``moments`` (the first instant *not* counted in).

    ``steps`` may come in any order; a change made at or after a moment is undone for it.
    """
    ordered = sorted(steps, key=lambda step: step.at, reverse=True)
    results = []
    for moment in moments:
        state = dict(current)
        for step in ordered:
            if step.at < moment:
                break
            state = undo(state, step)
        results.append(state)
    return results


def plan_amount_at(current, steps: list[Step], moment: dt.datetime, name="planned_investment"):
    """A yearly plan's figure at ``moment``: None before the plan existed."""
    value = current
    for step in sorted(steps, key=lambda step: step.at, reverse=True):
        if step.at < moment:
            break
        if step.created:
            return None
        for change in step.changes or ():
            if isinstance(change, dict) and change.get("field") == name:
                value = parse("total_investment", change.get("old"))
    return value


def slip_days(before, after) -> int | None:
    """How many days a planned date moved (later is positive); None unless both dates are known."""
    if isinstance(before, dt.date) and isinstance(after, dt.date):
        return (after - before).days
    return None
