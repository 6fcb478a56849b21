"""Figures read from node plans: overdue working days, each project's worst node, a unit's to-do list, the Gantt.

Pure reads (no request, no template): the early-warning rule, the inbox job, the to-do page and the
command all count the same way. A node is *overdue* when it is open and its planned finish is
before today; it is *due soon* when it is open and finishes within the next N working days.
``node_date_changes`` reads the nodes' date moves back from the history, for the baselines.
"""

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Prefetch

from tuijin.lib.workdays import CalendarUnknown, is_workday

from . import schedule
from .events import DATE_FIELDS
from .models import NodeEvent, NodeStatus, PlanLink, PlanNode

DEFAULT_SOON = 5  # working days ahead that count as "due soon"


class Span:
    """Working days between dates, counted on one calendar so that many nodes cost one walk."""

    def __init__(self, earliest: dt.date):
        self.calendar = schedule.WorkCalendar(earliest)

    def between(self, after: dt.date, until: dt.date) -> int:
        """Working days d with ``after`` < d <= ``until`` (0 when ``until`` is not later)."""
        if until <= after:
            return 0
        return self.calendar.floor(until) - self.calendar.floor(after)


def workday_after(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (as ``lib.workdays.add_workdays``, estimated past the notices)."""
    if count <= 0:
        return day
    calendar = schedule.WorkCalendar(day)
    return calendar.date(count if calendar.days[0] == day else count - 1)


def overdue_workdays(planned_finish: dt.date, today: dt.date) -> int:
    return Span(planned_finish).between(planned_finish, today)


@dataclass
class ProjectNodes:
    project_id: int
    worst_overdue: int = 0  # working days the latest open node is past its planned finish
    worst_node: str = ""
    overdue: int = 0  # open nodes past their planned finish
    due_soon: int = 0  # open nodes finishing within the next N working days (not yet overdue)


def project_summaries(nodes, today: dt.date, soon: int = DEFAULT_SOON) -> dict:
    """Per project: the worst overdue working days of its open nodes and the counts due soon and overdue.

    ``nodes`` is an iterable of (project_id, name, planned_finish) of open nodes (a values_list), so the
    rule and the dashboard can pass whatever queryset their scope gives.
    """
    rows = list(nodes)
    if not rows:
        return {}
    span = Span(min(min(row[2] for row in rows), today))
    horizon = workday_after(today, soon)
    found = {}
    for project_id, name, finish in rows:
        entry = found.setdefault(project_id, ProjectNodes(project_id))
        if finish < today:
            late = span.between(finish, today)
            entry.overdue += 1
            if late > entry.worst_overdue:
                entry.worst_overdue, entry.worst_node = late, name
        elif finish <= horizon:
            entry.due_soon += 1
    return found


def open_nodes(queryset=None):
    """Open nodes as the (project_id, name, planned_finish) rows ``project_summaries`` reads."""
    queryset = PlanNode.objects.all() if queryset is None else queryset
    return queryset.filter(status=NodeStatus.OPEN).values_list("plan__project_id", "name", "planned_finish")


def todo(unit_ids, today: dt.date, days: int):
    """Open nodes owned by ``unit_ids`` (None: every unit) finishing within ``days`` working days, or overdue."""
    horizon = workday_after(today, days)
    queryset = PlanNode.objects.filter(status=NodeStatus.OPEN, planned_finish__lte=horizon)
    if unit_ids is not None:
        queryset = queryset.filter(owner_id__in=unit_ids)
    return (queryset.select_related("plan__project__park", "owner")
            .order_by("planned_finish", "plan__project__code", "sort_order"), horizon)


def annotate_lateness(nodes, today: dt.date):
    """Set ``overdue_days`` (working days past the planned finish, 0 when not late) on each node."""
    nodes = list(nodes)
    if nodes:
        span = Span(min(min(node.planned_finish for node in nodes), today))
        for node in nodes:
            node.overdue_days = span.between(node.planned_finish, today) if node.status == NodeStatus.OPEN else 0
    return nodes


def estimated_years(days) -> list[int]:
    """The years among ``days`` whose holidays neither ``chinesecalendar`` nor a coordinator's entry knows: the
    schedule counted them Monday to Friday (``schedule.WorkCalendar``), so dates in them are estimates."""
    unknown = []
    for year in sorted({day.year for day in days if day is not None}):
        try:
            is_workday(dt.date(year, 1, 1))
        except CalendarUnknown:
            unknown.append(year)
    return unknown


def mark_estimated(nodes) -> list[int]:
    """Set ``estimated`` on each open node with a planned date in an estimated year; returns those years."""
    years = estimated_years(day for node in nodes for day in (node.planned_start, node.planned_finish))
    for node in nodes:
        node.estimated = bool(years) and node.status == NodeStatus.OPEN and (
            node.planned_start.year in years or node.planned_finish.year in years)
    return years


def plan_nodes(plan, today: dt.date):
    """The plan's nodes in order, each with its predecessors' names, lateness and slip against the baseline."""
    links = Prefetch("predecessor_links", queryset=PlanLink.objects.select_related("predecessor"))
    nodes = annotate_lateness(plan.nodes.select_related("owner").prefetch_related(links)
                              .order_by("planned_start", "sort_order"), today)
    for node in nodes:
        node.predecessor_names = [link.predecessor.name + (f"+{link.lag_workdays}" if link.lag_workdays else "")
                                  for link in node.predecessor_links.all()]
        node.slip_days = ((node.planned_finish - node.baseline_finish).days
                          if node.baseline_finish and node.status == NodeStatus.OPEN else
                          (node.actual_finish - node.baseline_finish).days if node.baseline_finish and node.actual_finish
                          else 0)
        # late: open past its planned finish, or done after the finish its baseline promised
        node.late = node.overdue_days > 0 or bool(node.status == NodeStatus.DONE and node.baseline_finish
                                                  and node.actual_finish > node.baseline_finish)
    mark_estimated(nodes)
    return nodes


def shown_changes(event) -> list[dict]:
    """The entries of ``event`` a person reads: every node's first planned dates (the applied event) are left
    out, the Gantt shows them."""
    return [entry for entry in event.changes or () if isinstance(entry, dict)
            and not (entry.get("node") and entry.get("old") == "" and entry.get("field") in DATE_FIELDS)]


def gantt_payload(nodes, today: dt.date) -> dict:
    """What the Gantt chart draws: plain values only (names are escaped by the chart's formatter)."""
    return {"today": today.isoformat(), "nodes": [{
        "name": node.name, "owner": node.owner.name, "start": node.planned_start.isoformat(),
        "finish": node.planned_finish.isoformat(), "duration": node.duration_workdays,
        "baseline_start": node.baseline_start.isoformat() if node.baseline_start else None,
        "baseline_finish": node.baseline_finish.isoformat() if node.baseline_finish else None,
        "actual_finish": node.actual_finish.isoformat() if node.actual_finish else None,
        "critical": node.critical, "done": node.status == NodeStatus.DONE, "late": bool(node.late),
        "overdue_days": node.overdue_days, "predecessors": node.predecessor_names,
        "estimated": bool(getattr(node, "estimated", False)),
    } for node in nodes]}


# --------------------------------------------------------------------------- node dates in the history

class NodeDateChange(NamedTuple):
    """One node's planned date or duration moving, read from a ``NodeEvent`` (the shape: ``events.py``)."""

    project_id: int
    node: str  # the node's name when the change was made
    field: str  # planned_start, planned_finish or duration_workdays
    old: dt.date | int | None  # None: the node had no planned date yet (the plan was just made)
    new: dt.date | int | None
    at: dt.datetime
    node_id: int | None = None  # the PlanNode (None if it was deleted since)
    code: str = ""  # the node's code in its plan (stable across renames)


def _typed(name, text):
    if text is None or text == "":
        return None
    try:
        return int(text) if name == "duration_workdays" else dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def node_date_changes(project_ids=None, since: dt.datetime | None = None, until: dt.datetime | None = None,
                      *, fields=DATE_FIELDS) -> list[NodeDateChange]:
    """Every planned-date and duration change of the nodes of ``project_ids`` made in [``since``, ``until``).

    One query. ``project_ids`` is a list, a queryset of ids (read as a subquery: a 50,000-project
    district costs no parameters) or None for every plan; either bound may be None. Rows come oldest
    first, and within one event the edited node's own before its dependants'. A node's planned dates
    at a moment T are its current ones with every change made at or after T undone (``old``), or, read
    forwards, the ``new`` of its last change before T (the ``applied`` event gives every node's first).
    """
    events = NodeEvent.objects.all()
    if project_ids is not None:
        events = events.filter(plan__project_id__in=project_ids)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lt=until)
    rows = []
    for project_id, at, changes in events.order_by("created_at", "pk").values_list("plan__project_id", "created_at",
                                                                                       "changes"):
        for entry in changes or ():
            if not isinstance(entry, dict) or "node" not in entry or entry.get("field") not in fields:
                continue
            name = entry["field"]
            rows.append(NodeDateChange(project_id, entry.get("name", ""), name, _typed(name, entry.get("old")),
                                       _typed(name, entry.get("new")), at, entry.get("node"), entry.get("code", "")))
    return rows
