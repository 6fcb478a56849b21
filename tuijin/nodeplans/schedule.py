"""The node plan's arithmetic, free of the database: order, cycles, dates, critical path, knock-on effects.

A node takes ``duration`` working days: it starts on a working day and finishes on the
``duration``-th working day counted from its start, both included (a 5-day node starting on a
Monday finishes on Friday). A finish-to-start link with a lag of ``lag`` working days lets the
successor start on the ``lag + 1``-th working day after the predecessor's finish. A node without
predecessors starts on the plan's first working day (the start date itself, or the next working day).
``not_before`` holds a node back to a date (a start moved by hand); a done node finishes on its
actual date and its successors flow from there.

Dates are computed as positions on the working-day calendar (``tuijin.lib.workdays``: holidays and
make-up working days), so the forward and backward passes are integer sums; the critical path is
the nodes without slack. Changing one node's input re-computes the whole plan, and because every
other input is the same only the nodes downstream of it can move — :func:`knock_on` returns them.
"""

import bisect
import datetime as dt
from dataclasses import dataclass, field, replace
from graphlib import CycleError, TopologicalSorter

from tuijin.lib.workdays import CalendarUnknown, is_workday


class CycleFound(ValueError):
    """The links go round in a circle; ``names`` are the nodes on it, in order."""

    def __init__(self, names):
        self.names = list(names)
        super().__init__("流程中存在循环前置关系，无法排期：" + " → ".join(self.names))


@dataclass(frozen=True)
class Node:
    key: str
    name: str
    duration: int
    predecessors: tuple = ()  # ((key, lag_workdays), …)
    not_before: dt.date | None = None
    actual_finish: dt.date | None = None


@dataclass(frozen=True)
class Dates:
    start: dt.date
    finish: dt.date
    slack: int  # working days the node may slip without moving the plan's completion
    critical: bool


@dataclass
class Schedule:
    dates: dict  # key → Dates
    order: list  # keys in topological order
    start: dt.date | None = None
    finish: dt.date | None = None
    estimated: list = field(default_factory=list)  # years counted Monday to Friday: no holiday notice yet


@dataclass
class Move:
    key: str
    name: str
    old_start: dt.date
    old_finish: dt.date
    new_start: dt.date
    new_finish: dt.date

    @property
    def shift(self) -> int:
        """Calendar days the finish moved (positive: later)."""
        return (self.new_finish - self.old_finish).days


@dataclass
class KnockOn:
    changed: Move | None
    moved: list = field(default_factory=list)  # the dependants whose dates move, by new start
    old_start: dt.date | None = None
    old_finish: dt.date | None = None
    new_start: dt.date | None = None
    new_finish: dt.date | None = None


class WorkCalendar:
    """Working days from a first one on, numbered 0, 1, 2 …; extended as far as a plan reaches.

    A plan reaches further ahead than the published holiday notices (a 32-node flow runs into next
    year): a day in a year that neither ``chinesecalendar`` nor a coordinator's entry knows counts as
    a working day from Monday to Friday, and the year is kept in ``estimated`` so the page says those
    dates are estimates. Deadlines of problems keep refusing such years (``lib.workdays``); a node's
    planned date is re-flowed by the next change once the year's notice is entered.
    """

    def __init__(self, start: dt.date):
        self.estimated = set()
        first = start
        while not self.is_workday(first):
            first += dt.timedelta(days=1)
        self.days = [first]

    def is_workday(self, day: dt.date) -> bool:
        try:
            return is_workday(day)
        except CalendarUnknown:
            self.estimated.add(day.year)
            return day.weekday() < 5

    def _next(self, day):
        day += dt.timedelta(days=1)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def _previous(self, day):
        day -= dt.timedelta(days=1)
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def date(self, index: int) -> dt.date:
        if index < 0:
            day = self.days[0]
            for _ in range(-index):
                day = self._previous(day)
            return day
        while len(self.days) <= index:
            self.days.append(self._next(self.days[-1]))
        return self.days[index]

    def _reach(self, day):
        while self.days[-1] < day:
            self.days.append(self._next(self.days[-1]))

    def floor(self, day: dt.date) -> int:
        """The position of ``day``, or of the last working day before it."""
        if day < self.days[0]:
            count, probe = 0, self.days[0]
            while probe > day:
                probe = self._previous(probe)
                count += 1
            return -count
        self._reach(day)
        return bisect.bisect_right(self.days, day) - 1

    def ceil(self, day: dt.date) -> int:
        """The position of ``day``, or of the first working day after it."""
        if day < self.days[0]:
            return self.floor(day) + (0 if self.is_workday(day) else 1)
        self._reach(day)
        return bisect.bisect_left(self.days, day)


def order(nodes) -> list:
    """The keys in an order where every node comes after its predecessors; a circle raises ``CycleFound``."""
    names = {node.key: node.name for node in nodes}
    graph = {node.key: [key for key, _lag in node.predecessors] for node in nodes}
    unknown = sorted({key for preds in graph.values() for key in preds} - set(graph))
    if unknown:
        raise ValueError(f"前置节点不存在：{'、'.join(unknown)}")
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        circle = error.args[1]  # [a, …, a], each an immediate predecessor of the next: in the flow's order
        raise CycleFound([names[key] for key in circle]) from None


def compute(nodes, start: dt.date, calendar: WorkCalendar | None = None) -> Schedule:
    """Every node's dates from the plan's start date, and its slack (zero: on the critical path)."""
    nodes = list(nodes)
    if not nodes:
        return Schedule({}, [])
    by_key = {node.key: node for node in nodes}
    keys = order(nodes)
    cal = calendar or WorkCalendar(start)
    early_start, early_finish = {}, {}
    for key in keys:
        node = by_key[key]
        begin = max((early_finish[pred] + 1 + lag for pred, lag in node.predecessors), default=0)
        if node.not_before is not None:
            begin = max(begin, cal.ceil(node.not_before))
        if node.actual_finish is not None:
            end = cal.floor(node.actual_finish)
            begin = min(begin, end)
        else:
            end = begin + node.duration - 1
        early_start[key], early_finish[key] = begin, end
    last = max(early_finish.values())
    successors = {key: [] for key in keys}
    for node in nodes:
        for pred, lag in node.predecessors:
            successors[pred].append((node.key, lag))
    late_start = {}
    for key in reversed(keys):
        late_finish = min((late_start[succ] - 1 - lag for succ, lag in successors[key]), default=last)
        late_start[key] = late_finish - (early_finish[key] - early_start[key])
    dates = {}
    for key in keys:
        slack = late_start[key] - early_start[key]
        node = by_key[key]
        finish = node.actual_finish if node.actual_finish is not None else cal.date(early_finish[key])
        dates[key] = Dates(cal.date(early_start[key]), finish, slack, slack == 0)
    return Schedule(dates, keys, min(d.start for d in dates.values()), max(d.finish for d in dates.values()),
                    sorted(cal.estimated))


def dependants(nodes, key) -> set:
    """Every node downstream of ``key`` (its successors, theirs, and so on)."""
    successors = {}
    for node in nodes:
        for pred, _lag in node.predecessors:
            successors.setdefault(pred, []).append(node.key)
    seen, todo = set(), [key]
    while todo:
        for succ in successors.get(todo.pop(), ()):
            if succ not in seen:
                seen.add(succ)
                todo.append(succ)
    return seen


def knock_on(nodes, start: dt.date, key: str, *, duration: int | None = None,
             not_before: dt.date | None = None, actual_finish: dt.date | None = None) -> KnockOn:
    """What changing node ``key`` would do, without saving anything: its new dates, the dependants that move
    (and nothing else), and the plan's start and completion before and after."""
    nodes = list(nodes)
    cal = WorkCalendar(start)
    before = compute(nodes, start, cal)
    changes = {}
    if duration is not None:
        changes["duration"] = duration
    if not_before is not None:
        changes["not_before"] = not_before
    if actual_finish is not None:
        changes["actual_finish"] = actual_finish
    after_nodes = [replace(node, **changes) if node.key == key else node for node in nodes]
    after = compute(after_nodes, start, cal)
    names = {node.key: node.name for node in nodes}

    def move(k):
        old, new = before.dates[k], after.dates[k]
        return Move(k, names[k], old.start, old.finish, new.start, new.finish)

    downstream = dependants(nodes, key)
    moved = [move(k) for k in before.order if k in downstream
             and (before.dates[k].start, before.dates[k].finish) != (after.dates[k].start, after.dates[k].finish)]
    moved.sort(key=lambda m: (m.new_start, m.key))
    return KnockOn(move(key), moved, before.start, before.finish, after.start, after.finish)
