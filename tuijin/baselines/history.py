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
TRACKED_SET = frozenset(TRACKED)


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


class Rewind:
    """A project's tracked fields rolled back over the steps of a period, kept as the touched fields only.

    A step is *late* (at or after the end date's cut) or *inside* the period. Undoing steps newest first leaves
    each field at the ``old`` of the oldest step that touched it, so the steps are handed in oldest first and
    the first value seen per field and span wins: no per-step copy of the state, and a field no step touched
    is the current value at both dates without being read at all.
    """

    __slots__ = ("late", "inside")

    def __init__(self):
        self.late, self.inside = {}, {}

    def add(self, late: bool, changes, from_stage: str = ""):
        """One step, oldest first (a lifecycle move's ``from_stage`` wins over a stage in its change list)."""
        undone = {}
        for change in changes or ():
            name = change.get("field") if isinstance(change, dict) else None
            if name in TRACKED_SET:
                undone[name] = parse(name, change.get("old"))
        if from_stage:
            undone["stage"] = from_stage
        span = self.late if late else self.inside
        for name, value in undone.items():
            span.setdefault(name, value)

    def at_end(self, name, current):
        return self.late[name] if name in self.late else current

    def at_start(self, name, current):
        return self.inside[name] if name in self.inside else self.at_end(name, current)


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
