"""A baseline: what changed in a list of projects between two dates, read from the append-only history.

The list is the project list page's own filter form (``ProjectFilterForm``), so "any project list" means
the same filters here. Search, park, level and category select the projects by their current record;
stage and size are judged *at each date* (a project that became 在建 between the dates joins a list of
在建 projects: it is added). A project is in the list at a date when it existed (created before the end
of that day), was not 已终止, and matched the stage and size filters then.

The state at a date is the current state with every later change undone (``history.Rewind``), from
``ProjectEvent`` (pages, API, imports — the importer's raw rows have the same change lists) and the
audit log's admin edits (the admin writes no ``ProjectEvent``). Node plans' planned finishes come from
``NodeEvent`` (``nodeplans.calculations.node_date_changes``). Yearly plans come from ``PlanEvent``,
problems from ``Problem``/``ProblemEvent``, warnings from ``WarningEvent``. A project deleted (in the
admin) between the dates is read from its audit entry; its history went with it, so it shows only as
removed, and only to users who see every project.

Each history table is read once for the whole period, joined to the list by a subquery: the number of
queries does not depend on the number of projects. A whole district's comparison reads tens of thousands of
rows, so the wide ones are read raw (ids, text, yes/no flags computed in SQL, JSON text): no date or decimal
is converted for a project unless a change inside the period may be reported for it.
"""

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from tuijin.accounts import access
from tuijin.alerts.models import RuleKey, WarningEvent, WarningEventKind, WarningLevel
from tuijin.audit.models import AuditAction, AuditEntry
from tuijin.coordination.models import Meeting, MeetingKind, Problem, ProblemEvent, ProblemStatus
from tuijin.lib import params as query
from tuijin.nodeplans.calculations import Span, node_date_changes
from tuijin.nodeplans.models import NodeEvent
from tuijin.progress.models import PlanEvent, PlanEventKind
from tuijin.projects.forms import ProjectFilterForm
from tuijin.projects.models import EventKind, Project, ProjectEvent, SizeBand, Stage

from . import history

PROJECT_MODEL = "projects.project"


class Kind:
    """The kinds of change a baseline reports, in the order the page shows them, with their names."""

    ADDED, REMOVED, STAGE, DATE, NODE_DATE = "added", "removed", "stage", "date", "node_date"
    INVESTMENT, PLAN = "investment", "plan"
    PROBLEM_NEW, PROBLEM_CLOSED = "problem_new", "problem_closed"
    WARNING_RAISED, WARNING_CLOSED = "warning_raised", "warning_closed"
    LABELS = {
        ADDED: "新增项目", REMOVED: "移出项目", STAGE: "阶段变化", DATE: "计划日期调整", NODE_DATE: "节点计划调整",
        INVESTMENT: "总投资变化",
        PLAN: "年度计划投资变化", PROBLEM_NEW: "新增问题", PROBLEM_CLOSED: "办结问题",
        WARNING_RAISED: "新发预警", WARNING_CLOSED: "关闭预警",
    }


# Who a command-line comparison runs as: the rules of ``accounts.access`` let it see every project.
SYSTEM = SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=True, role="", pk=None,
                         organisation_id=None, enterprise_id=None)

FIELD_LABELS = {name: str(Project._meta.get_field(name).verbose_name) for name in history.TRACKED}
STAGE_LABELS = dict(Stage.choices)


@dataclass
class ProjectRef:
    pk: int | None
    code: str
    name: str
    park: str = ""


@dataclass
class Change:
    project: ProjectRef
    kind: str
    field: str  # the raw field (stage, planned_start_date, yearly_plan.2026, problem, warning.start_overdue …)
    label: str  # what the page calls it
    before: object = None  # raw values: stage codes, dates, Decimals, None when empty
    after: object = None
    delta: object = None  # days for a date, 万元 for an amount
    note: str = ""
    workdays: int | None = None  # a node's slip in working days (the node plan's calendar)

    @property
    def kind_label(self):
        return Kind.LABELS[self.kind]

    def shown(self, value):
        if value is None or value == "":
            return "—"
        if self.field == "stage":
            return STAGE_LABELS.get(value, value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return str(value)

    @property
    def before_shown(self):
        return self.shown(self.before)

    @property
    def after_shown(self):
        return self.shown(self.after)

    @property
    def delta_shown(self):
        if self.delta is None:
            return ""
        if self.kind == Kind.DATE:
            return f"{'推迟' if self.delta > 0 else '提前'} {abs(self.delta)} 天"
        if self.kind == Kind.NODE_DATE:
            return f"{'推迟' if self.delta > 0 else '提前'} {abs(self.workdays or 0)} 个工作日/{abs(self.delta)} 天"
        return f"{'+' if self.delta > 0 else ''}{self.delta:.2f} 万元"


@dataclass
class Baseline:
    start: dt.date
    end: dt.date
    added: list = field(default_factory=list)  # ProjectRef
    removed: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # Change, by project code then kind

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        counted = Counter(change.kind for change in self.changes)
        counted[Kind.ADDED], counted[Kind.REMOVED] = len(self.added), len(self.removed)
        return [(kind, label, counted[kind]) for kind, label in Kind.LABELS.items()]

    @property
    def by_project(self) -> list[tuple[ProjectRef, list]]:
        grouped = defaultdict(list)
        refs = {}
        for change in self.changes:
            key = change.project.code
            refs[key] = change.project
            grouped[key].append(change)
        return [(refs[code], grouped[code]) for code in sorted(grouped)]

    def as_json(self) -> dict:
        def value(item):
            if isinstance(item, (dt.date, dt.datetime)):
                return item.isoformat()
            if isinstance(item, Decimal):
                return f"{item:.2f}"
            return item

        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(),
            "added": [ref.code for ref in self.added], "removed": [ref.code for ref in self.removed],
            "changes": [{"project_code": change.project.code, "kind": change.kind, "field": change.field,
                         "label": change.label, "before": value(change.before), "after": value(change.after),
                         "delta": value(change.delta),
                         **({"delta_workdays": change.workdays} if change.kind == Kind.NODE_DATE else {})}
                        for change in self.changes],
        }


def cut(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (Beijing time): a change at or after it is not part of that day's state."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def read_filters(params) -> dict:
    """The list filters of ``params`` (the project list's form), or a Chinese 400 naming what is wrong."""
    data = {name: params.get(name) for name in ProjectFilterForm.base_fields if params.get(name) not in (None, "")}
    form = ProjectFilterForm(data or None)
    if data and not form.is_valid():
        raise query.BadParam("筛选条件有误：" + "；".join(
            f"{form.fields[name].label}：{'；'.join(errors)}" for name, errors in form.errors.items()))
    return data


def read_dates(params, *, default_start=None, today=None) -> tuple[dt.date, dt.date]:
    """``from`` and ``to`` of ``params`` (ISO dates); a malformed one, or ``from`` after ``to``, is a 400."""
    today = today or timezone.localdate()
    start = query.date(params, "from", strict=True) or default_start or today - dt.timedelta(days=30)
    end = query.date(params, "to", strict=True) or today
    if start > end:
        raise query.BadParam("对比起始日期不能晚于截止日期。")
    return start, end


def last_scheduling_meeting(today=None):
    """The latest 调度会 held by ``today``: "since the last meeting" starts on its day."""
    today = today or timezone.localdate()
    return (Meeting.objects.filter(kind=MeetingKind.SCHEDULING, held_at__lt=cut(today))
            .order_by("-held_at").values_list("held_at", flat=True).first())


def meeting_start(held_at) -> dt.date:
    """The baseline date for a meeting: the end of the day before it, so changes made on the day count."""
    return timezone.localdate(held_at) - dt.timedelta(days=1)


def read(user, params):
    """The filters, the dates and the comparison for ``params`` (a 400 when any of them is malformed)."""
    filters = read_filters(params)
    meeting = last_scheduling_meeting()
    start, end = read_dates(params, default_start=meeting_start(meeting) if meeting else None)
    return filters, start, end, meeting, compare(user, start, end, filters)


def _selection(user, filters: dict):
    """The projects the filters select by their current record, and the stage and size judged per date."""
    form = ProjectFilterForm(filters or None)
    projects = Project.objects.visible_to(user)
    if not filters:
        return projects, "", None
    form.is_valid()
    stage, size = form.cleaned_data.get("stage") or "", form.cleaned_data.get("size") or ""
    form.cleaned_data["stage"], form.cleaned_data["size"] = "", ""
    return form.apply(projects).order_by(), stage, SizeBand(size).minimum if size else None


_NOW = object()  # no step touched the field: its current value


def _listed_then(value_at, stage_now: str, large: list, stage: str) -> bool:
    """In the list at a date (the project existed then): not 已终止, and of the filter's stage and size then.

    ``value_at(name, current)`` is a field's value at that date (None: no step moved the project);
    ``large`` is ``[]`` without a size filter, else ``[minimum, current total ≥ minimum]``.
    """
    state = value_at("stage", stage_now) if value_at else stage_now
    if state == Stage.TERMINATED or (stage and state != stage):
        return False
    if not large:
        return True
    minimum, large_now = large
    amount = value_at("total_investment", _NOW) if value_at else _NOW
    return bool(large_now) if amount is _NOW else (amount or 0) >= minimum


def compare(user, start: dt.date, end: dt.date, filters: dict | None = None) -> Baseline:
    """What changed in the projects ``user`` may see (narrowed by the list ``filters``) from ``start`` to ``end``.

    Both dates are days, taken at their end: a change made on ``start`` is already in the "before".
    """
    filters = filters or {}
    since, until = cut(start), cut(end)
    projects, stage, minimum = _selection(user, filters)
    ids = projects.values("pk")
    result = Baseline(start, end)

    rewinds = _rewinds(ids, since, until)
    plan_steps = defaultdict(list)
    plans = {}
    for plan_id, project_id, year, amount, kind, at, changes in PlanEvent.objects.filter(
            created_at__gte=since, plan__project_id__in=ids).values_list(
            "plan_id", "plan__project_id", "plan__year", "plan__planned_investment", "kind", "created_at",
            "changes").order_by():
        plans[plan_id] = (project_id, year, amount)
        plan_steps[plan_id].append(history.Step(at, changes, created=kind == PlanEventKind.CREATED))
    new_problems = list(Problem.objects.visible_to(user).filter(
        project_id__in=ids, created_at__gte=since, created_at__lt=until).values_list(
        "project_id", "code", "title").order_by("created_at", "pk"))
    closed_problems = list(ProblemEvent.objects.filter(
        problem__in=Problem.objects.visible_to(user).filter(project_id__in=ids).values("pk"),
        to_status=ProblemStatus.CLOSED, created_at__gte=since, created_at__lt=until).values_list(
        "problem__project_id", "problem__code", "problem__title").order_by("created_at", "pk"))
    warnings = list(WarningEvent.objects.filter(
        warning__project_id__in=ids, kind__in=[WarningEventKind.RAISED, WarningEventKind.CLOSED],
        created_at__gte=since, created_at__lt=until).values_list(
        "warning__project_id", "warning__rule", "kind", "to_level", "warning__level").order_by("created_at", "pk"))
    node_changes = node_date_changes(ids, since, until, fields=("planned_finish",))
    admin_steps = _admin_steps(since)

    # The rows read: projects with history in the period, or made after its start (one query, by subqueries).
    # Only what deciding "in the list" needs is read for them, as the driver returns it (no date or decimal
    # values): whether the project existed at each date, its stage, and its size against the filter's minimum.
    recent = (Q(created_at__gte=since)
              | Q(pk__in=_steps().filter(created_at__gte=since).values("project_id"))
              | Q(pk__in=PlanEvent.objects.filter(created_at__gte=since).values("plan__project_id"))
              | Q(pk__in=Problem.objects.filter(created_at__gte=since).values("project_id"))
              | Q(pk__in=ProblemEvent.objects.filter(created_at__gte=since).values("problem__project_id"))
              | Q(pk__in=WarningEvent.objects.filter(created_at__gte=since).values("warning__project_id"))
              | Q(pk__in=NodeEvent.objects.filter(created_at__gte=since, created_at__lt=until).values(
                  "plan__project_id")))
    if admin_steps:
        recent |= Q(pk__in=list(admin_steps))
        _merge_admin(rewinds, ids, admin_steps, since, until)
    flags = {"at_start": _flag(Q(created_at__lt=since)), "at_end": _flag(Q(created_at__lt=until))}
    if minimum is not None:
        flags["large"] = _flag(Q(total_investment__gte=minimum))
    rows = _raw(projects.filter(recent).annotate(**flags).values_list(
        "pk", "code", "name", "park__name", "stage", *flags).order_by())
    found = {row[0]: row for row in rows}
    refs = _Refs(found)
    # Field changes are possible only for projects in the list at the start with steps inside the period:
    # their current tracked values (dates, amounts) are read for them alone.
    moved = [pk for pk, rewind in rewinds.items() if rewind.inside and pk in found and found[pk][5]]
    current = {}
    if moved:
        inside = Q(pk__in=_steps().filter(created_at__gte=since, created_at__lt=until).values("project_id"))
        admins = [pk for pk in admin_steps if rewinds.get(pk) and rewinds[pk].inside]
        if admins:
            inside |= Q(pk__in=admins)
        current = {row[0]: row[1:] for row in projects.filter(inside, created_at__lt=since).values_list(
            "pk", *history.TRACKED).order_by()}
    listed, continuing = set(), set()
    for pk, _code, _name, _park, stage_now, existed_start, existed_end, *large in rows:
        large = [minimum, *large] if large else large
        value_at = rewinds[pk] if pk in rewinds else None
        listed_start = bool(existed_start) and _listed_then(value_at and value_at.at_start, stage_now, large, stage)
        listed_end = bool(existed_end) and _listed_then(value_at and value_at.at_end, stage_now, large, stage)
        if listed_end and not listed_start:
            result.added.append(refs[pk])
        elif listed_start and not listed_end:
            result.removed.append(refs[pk])
        if listed_start or listed_end:
            listed.add(pk)
        if listed_start and listed_end:
            continuing.add(pk)
            if pk in current:
                result.changes.extend(_field_changes(refs[pk], rewinds[pk], current[pk]))

    for plan_id, (project_id, year, amount) in plans.items():
        if project_id not in continuing:
            continue
        before = history.plan_amount_at(amount, plan_steps[plan_id], since)
        after = history.plan_amount_at(amount, plan_steps[plan_id], until)
        if before != after:
            delta = after - before if before is not None and after is not None else None
            result.changes.append(Change(refs[project_id], Kind.PLAN, f"yearly_plan.{year}",
                                         f"{year}年度计划投资（万元）", before, after, delta))
    result.changes.extend(_node_slips(refs, continuing, node_changes))
    for project_id, code, title in new_problems:
        if project_id in listed:
            result.changes.append(Change(refs[project_id], Kind.PROBLEM_NEW, "problem", "协调问题",
                                         None, f"{code} {title}"))
    for project_id, code, title in closed_problems:
        if project_id in listed:
            result.changes.append(Change(refs[project_id], Kind.PROBLEM_CLOSED, "problem", "协调问题",
                                         f"{code} {title}", "已办结"))
    rules, levels = dict(RuleKey.choices), dict(WarningLevel.choices)
    for project_id, rule, kind, to_level, level in warnings:
        if project_id not in listed:
            continue
        if kind == WarningEventKind.RAISED:
            result.changes.append(Change(refs[project_id], Kind.WARNING_RAISED, f"warning.{rule}", rules.get(rule, rule),
                                         None, levels.get(to_level or level, to_level or level)))
        else:
            result.changes.append(Change(refs[project_id], Kind.WARNING_CLOSED, f"warning.{rule}", rules.get(rule, rule),
                                         levels.get(level, level), "已关闭"))

    if access.sees_everything(user):
        result.removed.extend(_deleted(since, until, filters))
    order = list(Kind.LABELS)
    result.changes.sort(key=lambda change: (change.project.code, order.index(change.kind), change.field))
    result.added.sort(key=lambda ref: ref.code)
    result.removed.sort(key=lambda ref: ref.code)
    return result


def _field_changes(ref, rewind: history.Rewind, current):
    """The tracked fields moved inside the period (``current``: the project's values now, in ``TRACKED`` order)."""
    for name, now in zip(history.TRACKED, current):
        if name not in rewind.inside:
            continue
        old, new = rewind.inside[name], rewind.at_end(name, now)
        if old == new:
            continue
        if name == "stage":
            yield Change(ref, Kind.STAGE, name, FIELD_LABELS[name], old, new)
        elif name == "total_investment":
            delta = new - old if old is not None and new is not None else None
            yield Change(ref, Kind.INVESTMENT, name, FIELD_LABELS[name], old, new, delta)
        else:
            yield Change(ref, Kind.DATE, name, FIELD_LABELS[name], old, new, history.slip_days(old, new))


def _node_slips(refs, continuing: set, rows):
    """Each node's planned finish moved inside the period: from before its first move to after its last.

    A node first planned inside the period (its plan was applied then) has no "before" and is no slip.
    Working days are counted on the node plans' calendar (holidays and make-up days), one walk for all.
    """
    moves = {}
    for row in rows:
        if row.project_id not in continuing:
            continue
        key = (row.project_id, row.node_id or row.code or row.node)
        if key in moves:
            moves[key][1], moves[key][2] = row.new, row.node
        else:
            moves[key] = [row.old, row.new, row.node, row.code or row.node_id]
    slips = [(project_id, *move) for (project_id, _node), move in moves.items()
             if isinstance(move[0], dt.date) and isinstance(move[1], dt.date) and move[0] != move[1]]
    if not slips:
        return []
    span = Span(min(min(before, after) for _pk, before, after, _name, _code in slips))
    changes = []
    for project_id, before, after, name, code in slips:
        workdays = span.between(before, after) if after > before else -span.between(after, before)
        changes.append(Change(refs[project_id], Kind.NODE_DATE, f"node.{code}.planned_finish",
                              f"节点“{name}”计划完成", before, after, (after - before).days, workdays=workdays))
    return changes


def _flag(condition: Q):
    """A yes/no column computed by the database (no date crosses into Python to be compared)."""
    return ExpressionWrapper(condition, output_field=BooleanField())


def _raw(queryset) -> list[tuple]:
    """The rows of ``queryset`` as the driver returns them, skipping Django's per-value converters.

    Only for columns whose raw form is already what the caller wants (ids, text, yes/no flags, JSON text):
    on a district's worth of rows the converters are most of the time of a comparison.
    """
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _json(value):
    """A JSON column read raw: text on SQLite and with Django's PostgreSQL loaders, already decoded otherwise."""
    if isinstance(value, (str, bytes)):
        return [] if value == "[]" else json.loads(value)
    return value


def _steps():
    """The project events that undo something: a creation carries no change list (that the project did not
    exist before it is its ``created_at``), and half a district's history can be creations."""
    return ProjectEvent.objects.exclude(kind=EventKind.CREATED)


def _rewinds(ids, since, until) -> dict[int, history.Rewind]:
    """Every project's steps since ``since`` (one query, oldest first), as what they undo before each date."""
    rewinds = {}
    for project_id, late, from_stage, changes in _raw(_steps().filter(
            created_at__gte=since, project_id__in=ids).annotate(late=_flag(Q(created_at__gte=until))).values_list(
            "project_id", "late", "from_stage", "changes").order_by("project_id", "created_at", "pk")):
        if from_stage or changes not in ("[]", []):
            rewind = rewinds.get(project_id) or rewinds.setdefault(project_id, history.Rewind())
            rewind.add(bool(late), _json(changes), from_stage)
    return rewinds


def _merge_admin(rewinds: dict, ids, admin_steps: dict, since, until):
    """Projects also edited in the admin: their steps re-read with their times and merged with the audit's."""
    steps = defaultdict(list)
    for project_id, at, from_stage, changes in _steps().filter(
            created_at__gte=since, project_id__in=ids).filter(project_id__in=list(admin_steps)).values_list(
            "project_id", "created_at", "from_stage", "changes").order_by("created_at", "pk"):
        steps[project_id].append(history.Step(at, changes, from_stage))
    for project_id, admin in admin_steps.items():
        rewind = rewinds[project_id] = history.Rewind()
        for step in sorted(steps[project_id] + admin, key=lambda step: step.at):
            rewind.add(step.at >= until, step.changes, step.from_stage)


class _Refs(dict):
    """The ``ProjectRef`` of a project read, made the first time a change or the lists name it."""

    def __init__(self, rows: dict):
        super().__init__()
        self.rows = rows

    def __missing__(self, pk):
        _pk, code, name, park, *_rest = self.rows[pk]
        ref = self[pk] = ProjectRef(pk, code, name, park or "")
        return ref


def _admin_steps(since) -> dict[int, list]:
    """Edits of projects made in the admin since ``since``: the audit log is their only history."""
    found = defaultdict(list)
    for object_pk, at, changes in AuditEntry.objects.filter(
            model=PROJECT_MODEL, source="admin", action=AuditAction.CHANGE, at__gte=since).values_list(
            "object_pk", "at", "changes").order_by():
        if object_pk.isdigit():
            found[int(object_pk)].append(history.Step(at, changes))
    return found


def _deleted(since, until, filters) -> list[ProjectRef]:
    """Projects deleted between the dates, from their audit entries (the deleted row's values as they read)."""
    made_after = set(AuditEntry.objects.filter(
        model=PROJECT_MODEL, action=AuditAction.CREATE, at__gte=since).values_list("object_pk", flat=True))
    refs = []
    for object_pk, repr_, changes in AuditEntry.objects.filter(
            model=PROJECT_MODEL, action=AuditAction.DELETE, at__gte=since, at__lt=until).values_list(
            "object_pk", "object_repr", "changes"):
        if object_pk in made_after:
            continue
        values = {change.get("field"): change.get("old", "") for change in changes if isinstance(change, dict)}
        if not _deleted_matches(values, filters):
            continue
        refs.append(ProjectRef(None, values.get("code", "") or f"#{object_pk}", values.get("name") or repr_,
                               values.get("park", "")))
    return refs


def _deleted_matches(values: dict, filters: dict) -> bool:
    if not filters:
        return True
    form = ProjectFilterForm(filters)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    if data.get("park") and values.get("park") != data["park"].name:
        return False
    if data.get("q") and data["q"].strip() not in f"{values.get('name', '')} {values.get('code', '')}":
        return False
    for name in ("stage", "level", "category"):
        if data.get(name) and values.get(name) != str(dict(form.fields[name].choices).get(data[name])):
            return False
    if data.get("size"):
        amount = history.parse("total_investment", values.get("total_investment"))
        if amount is None or amount < SizeBand(data["size"]).minimum:
            return False
    return True
