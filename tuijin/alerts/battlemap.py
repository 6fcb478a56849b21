"""The map's points and the timeline's rows: pure functions over a set of projects."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tuijin.projects.models import Milestone, Stage
from tuijin.projects.timeline import milestone_rows

from .models import LEVEL_COLOURS, LEVEL_RANK, Warning, WarningLevel

MAP_LIMIT = 20000  # points drawn at most; the warned projects come first
STAGE_COLOURS = {  # projects without a warning, by how far along they are
    Stage.CONSTRUCTION: "#198754", Stage.COMPLETED: "#20c997", Stage.OPERATING: "#20c997",
    Stage.AT_CAPACITY: "#0d6efd", Stage.SUSPENDED: "#6f42c1", Stage.TERMINATED: "#adb5bd",
}
EARLY_COLOUR = "#5dade2"


def worst_levels(projects) -> dict:
    """Each warned project's highest active warning level."""
    warnings = Warning.objects.active()
    if projects.query.where:
        warnings = warnings.filter(project__in=projects)
    worst = {}
    for project_id, level in warnings.order_by().values_list("project_id", "level").iterator(chunk_size=10000):
        if project_id not in worst or LEVEL_RANK[level] > LEVEL_RANK[worst[project_id]]:
            worst[project_id] = level
    return worst


def map_points(projects) -> dict:
    """Sited projects as [lng, lat, id, name, stage label, colour, warning label]; how many were left out."""
    worst = worst_levels(projects)
    labels = dict(Stage.choices)
    rows = projects.filter(latitude__isnull=False, longitude__isnull=False).order_by().values_list(
        "pk", "name", "latitude", "longitude", "stage")
    points = []
    for pk, name, lat, lng, stage in rows.iterator(chunk_size=10000):
        level = worst.get(pk)
        colour = LEVEL_COLOURS[level] if level else STAGE_COLOURS.get(stage, EARLY_COLOUR)
        points.append([float(lng), float(lat), pk, name, labels[stage], colour,
                       WarningLevel(level).label if level else "无预警"])
    points.sort(key=lambda point: point[6] == "无预警")
    return {"points": points[:MAP_LIMIT], "omitted": max(0, len(points) - MAP_LIMIT),
            "legend": [{"name": WarningLevel(level).label, "colour": LEVEL_COLOURS[level]} for level in
                       reversed(WarningLevel)] + [{"name": "在建（无预警）", "colour": STAGE_COLOURS[Stage.CONSTRUCTION]},
                                                  {"name": "竣工投产（无预警）", "colour": STAGE_COLOURS[Stage.COMPLETED]},
                                                  {"name": "前期及谋划（无预警）", "colour": EARLY_COLOUR}]}


@dataclass
class Bar:
    left: float
    width: float


@dataclass
class Mark:
    position: float
    label: str
    status: str  # done, late, overdue, upcoming (as in projects.timeline)
    actual: bool


@dataclass
class GanttRow:
    project: object
    planned: Bar | None
    actual: Bar | None
    marks: list
    late: bool  # a milestone is overdue, or was reached late


def _position(day, start, days):
    return round(min(max((day - start).days, 0), days) * 100 / days, 2)


def _bar(begin, end, start, finish, days):
    if begin is None or end is None or end < start or begin > finish:
        return None
    left = _position(begin, start, days)
    return Bar(left, max(round(_position(end, start, days) - left, 2), 0.6))


def _actual_end(project, today, finish):
    """Where the actual bar stops: completion, else today — but a terminated project stopped when it was ended."""
    end = project.actual_complete_date or min(today, finish)
    if project.stage == Stage.TERMINATED and project.stage_changed_at:
        end = min(end, timezone.localtime(project.stage_changed_at).date())
    return end


def gantt(projects, year: int, today: dt.date) -> tuple[list[GanttRow], list[dict]]:
    """Planned (start → completion) against actual bars within ``year``, with every milestone marked."""
    start, finish = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = (finish - start).days
    rows = []
    for project in projects:
        milestones = milestone_rows(project, today)
        planned = _bar(project.planned_start_date, project.planned_complete_date or finish, start, finish, days) \
            if project.planned_start_date else None
        actual = _bar(project.actual_start_date, _actual_end(project, today, finish), start, finish,
                      days) if project.actual_start_date else None
        marks = []
        for row in milestones:
            when = row.actual or row.planned
            if when and start <= when <= finish:
                marks.append(Mark(_position(when, start, days), f"{row.milestone.label}：计划 "
                                  f"{row.planned or '—'}，实际 {row.actual or '—'}（{row.status_label}）",
                                  row.status, bool(row.actual)))
        late = any(row.status in ("late", "overdue") for row in milestones
                   if row.milestone in (Milestone.START, Milestone.COMPLETE, Milestone.OPERATE))
        rows.append(GanttRow(project, planned, actual, marks, late))
    ticks = [{"label": f"{month}月", "left": _position(dt.date(year, month, 1), start, days)} for month in range(1, 13)]
    if start <= today <= finish:
        ticks.append({"label": "今天", "left": _position(today, start, days), "today": True})
    return rows, ticks
