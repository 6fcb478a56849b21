"""Department scorecards and the scheduling meeting's proposed agenda, as pure functions.

A scorecard judges a department on its turns as **lead** department (``ProblemAssignment``
rows): a problem reassigned from one department to another counts once for each, and each
is measured on its own clock. Every figure carries the problems behind it, so each number on
the page links to its list.

- 收件数 (received): lead turns that started in the period.
- 按时报到 (accepted on time): reported in (报到) by the end of the next working day.
- 平均响应时长 (average response time): from assignment to 报到, in working hours
  (``settings.WORKING_HOURS`` on working days only; a night or a holiday does not count).
- 办结率 (closed): the filer confirmed the reply while the department was lead.
- 解决率 (solved): closed *and* the filer said the problem is really solved. A department that
  closes without solving shows a high 办结率 and a low 解决率.
- 逾期率 (overdue): the turn passed its deadline before the reply or hand-back (or is past it now).
- 平均满意度 (average rating): the filer's 1–5 rating of the closed ones.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet

from tuijin.lib import workdays
from tuijin.progress.calculations import behind_time, percent, project_completion_rates, time_progress

from .models import OPEN_STATUSES, AssignmentRole, Level, ProblemAssignment, ProblemStatus

ONE_DECIMAL = Decimal("0.1")
LAGGING_POINTS = Decimal(10)  # a project this many points behind time progress is "lagging"


@dataclass
class Figure:
    key: str
    label: str
    value: Decimal | int | None  # what the table shows: a count, a percentage, hours or a rating
    problems: list = field(default_factory=list)  # ids of the problems behind the figure
    unit: str = ""


FIGURES = [
    ("received", "收件数", ""),
    ("on_time", "按时报到率", "%"),
    ("response", "平均响应时长", "工作小时"),
    ("closed", "办结率", "%"),
    ("solved", "解决率", "%"),
    ("overdue", "逾期率", "%"),
    ("rating", "平均满意度", "分"),
]
FIGURE_LABELS = {key: label for key, label, _ in FIGURES}


@dataclass
class Scorecard:
    department: object
    figures: dict  # key -> Figure

    def __getitem__(self, key):
        return self.figures[key]

    def sort_value(self, key):
        return self.figures[key].value


def _rate(part, whole):
    """A scorecard rate, rounded as every rate on the platform is (``progress.calculations.percent``)."""
    return percent(part, whole)


def _mean(values):
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def lead_turns(start: dt.date, end: dt.date) -> QuerySet:
    """The lead turns that started between ``start`` and ``end`` (inclusive, Asia/Shanghai days)."""
    since = dt.datetime.combine(start, dt.time.min, tzinfo=workdays.CHINA)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=workdays.CHINA)
    return ProblemAssignment.objects.filter(role=AssignmentRole.LEAD, assigned_at__gte=since, assigned_at__lt=until)


def _overdue(turn, as_of):
    if turn["went_overdue"]:
        return True
    still_open = turn["ended_at"] is None and turn["problem__status"] in OPEN_STATUSES
    return still_open and turn["deadline"] is not None and turn["deadline"] < as_of


def scorecards(turns: QuerySet, departments, as_of: dt.datetime) -> list[Scorecard]:
    """One scorecard per department in ``departments``, measured over ``turns`` (lead assignments)."""
    rows = {}
    fields = ["department_id", "problem_id", "assigned_at", "accept_due", "accepted_at", "deadline", "went_overdue",
              "ended_at", "closed_at", "solved", "rating", "problem__status"]
    for turn in turns.order_by("assigned_at", "pk").values(*fields):
        rows.setdefault(turn["department_id"], []).append(turn)
    cards = []
    for department in departments:
        turns_of = rows.get(department.pk, [])
        received = [turn["problem_id"] for turn in turns_of]
        on_time = [t["problem_id"] for t in turns_of if t["accepted_at"] and t["accepted_at"] <= t["accept_due"]]
        accepted = [t for t in turns_of if t["accepted_at"]]
        hours = [workdays.working_hours_between(t["assigned_at"], t["accepted_at"]) for t in accepted]
        closed = [t["problem_id"] for t in turns_of if t["closed_at"]]
        solved = [t["problem_id"] for t in turns_of if t["closed_at"] and t["solved"]]
        overdue = [t["problem_id"] for t in turns_of if _overdue(t, as_of)]
        rated = [t for t in turns_of if t["rating"]]
        values = {
            "received": (len(received), received),
            "on_time": (_rate(len(on_time), len(received)), on_time),
            "response": (_mean(hours), [t["problem_id"] for t in accepted]),
            "closed": (_rate(len(closed), len(received)), closed),
            "solved": (_rate(len(solved), len(received)), solved),
            "overdue": (_rate(len(overdue), len(received)), overdue),
            "rating": (_mean([Decimal(t["rating"]) for t in rated]), [t["problem_id"] for t in rated]),
        }
        figures = [Figure(key, label, *values[key], unit) for key, label, unit in FIGURES]
        cards.append(Scorecard(department, {figure.key: figure for figure in figures}))
    return cards


def sort_scorecards(cards, key, descending):
    """Sorted by one figure; departments without a value for it always go last.

    "department" is the organisations' own order (``sort_order``, then name), as the bureaus list them.
    """
    if key == "department":
        return sorted(cards, key=lambda card: (card.department.sort_order, card.department.name), reverse=descending)
    present = [card for card in cards if card.sort_value(key) is not None]
    missing = [card for card in cards if card.sort_value(key) is None]
    return sorted(present, key=lambda card: card.sort_value(key), reverse=descending) + missing


# ------------------------------------------------------------------ the scheduling meeting's agenda


@dataclass
class Lagging:
    project: object
    completion: Decimal  # this year's completed investment over the yearly plan, in percent
    time_progress: Decimal

    @property
    def behind(self):
        return self.time_progress - self.completion


def lagging_projects(as_of: dt.date, projects: QuerySet | None = None) -> list[Lagging]:
    """Projects more than ``LAGGING_POINTS`` behind the year's time progress, furthest behind first."""
    progress = time_progress(as_of.year, as_of)
    threshold = progress - LAGGING_POINTS
    if threshold <= 0:
        return []
    rollups = project_completion_rates(as_of.year, as_of, projects).filter(
        behind_time(F("completed"), F("planned_investment"), threshold))
    rows = [Lagging(rollup.project, percent(rollup.completed, rollup.planned_investment), progress)
            for rollup in rollups]
    return sorted(rows, key=lambda row: (-row.behind, row.project.pk))


def agenda_proposal(now: dt.datetime, problems: QuerySet, projects: QuerySet | None = None) -> dict:
    """What the next 调度会 should go through: level-3 problems, overdue ones, and lagging projects."""
    unfinished = problems.exclude(status=ProblemStatus.CLOSED).select_related("lead_department", "project",
                                                                            "enterprise")
    return {
        "level3": list(unfinished.filter(level=Level.MEETING).order_by("deadline", "pk")),
        "overdue": list(unfinished.exclude(level=Level.MEETING).filter(status__in=OPEN_STATUSES, deadline__lt=now)
                        .order_by("deadline", "pk")),
        "lagging": lagging_projects(now.astimezone(workdays.CHINA).date(), projects),
    }


def problem_counts(problems: QuerySet, now: dt.datetime) -> dict:
    """Headline counts for the problem list: unfinished, overdue now, at level 2 and at level 3."""
    return problems.exclude(status=ProblemStatus.CLOSED).aggregate(
        unfinished=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=now)),
        leader=Count("pk", filter=Q(level=Level.LEADER)),
        meeting=Count("pk", filter=Q(level=Level.MEETING)),
    )
