"""Writing a district's records into this level's projects, plans and reports, as every other writer does.

The importer (``importer.py``) and a conflict's 采用区县值 (``actions.py``) both come here. Rows go in
with the importers' bulk writers (``imports.bulk``); each created or changed record leaves the row its
app's history keeps — ``ProjectEvent``, ``PlanEvent`` (with the year on the project's history, as the
plan importer writes it), ``ReportEvent`` through ``progress.events`` — and its audit entry through
``audit.registry.record_many``. The yearly rollups of touched project-years are recomputed with
``progress.actions.refresh_rollups``; the battle map's cells follow by their database triggers.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.audit import registry as audit
from tuijin.imports.bulk import insert_rows, update_rows
from tuijin.imports.importers import _chunks
from tuijin.lib import changes as history
from tuijin.lib.context import current_source
from tuijin.progress import events as progress_events
from tuijin.progress.actions import refresh_rollups
from tuijin.progress.models import MonthlyReport, PlanEvent, ReportEvent, ReportStatus, YearlyPlan
from tuijin.projects.models import EventKind, Project, ProjectEvent

from .records import NO_PARK, PLAN_VALUES, PROJECT_VALUES, REPORT_VALUES, to_model


class Parks:
    """The district's parks at this level, by the name the district gives them (created when first seen)."""

    def __init__(self, district: Organisation):
        self.district = district
        self.prefix = f"{district.name}·"
        self.by_label, self.labels = {}, {}
        for pk, name in Organisation.objects.filter(parent=district, kind=OrganisationKind.PARK).values_list(
                "pk", "name"):
            label = name.removeprefix(self.prefix)
            self.by_label[label] = pk
            self.labels[pk] = label
        self.others = None

    def id_for(self, label: str) -> int:
        if label not in self.by_label:
            name = label if label != NO_PARK and not Organisation.objects.filter(name=label).exists() \
                else f"{self.prefix}{label}"
            park = Organisation.objects.create(name=name[:100], kind=OrganisationKind.PARK, parent=self.district)
            self.by_label[label] = park.pk
            self.labels[park.pk] = label
        return self.by_label[label]

    def label(self, pk) -> str:
        """The ledger's park name of a local park; a park moved out of the district reads by its own name."""
        if pk in self.labels or pk is None:
            return self.labels.get(pk, NO_PARK)
        if self.others is None:
            self.others = dict(Organisation.objects.values_list("pk", "name"))
        return self.others.get(pk, "")

    def name(self, field, pk):
        """``lib.changes.diff``'s resolver: a park id as people read it."""
        if pk in self.labels:
            return Organisation(pk=pk, name=f"{self.prefix}{self.labels[pk]}")
        return self.label(pk)


@dataclass
class Written:
    """What a write did, for the run's counts and the caller's bookkeeping."""

    ids: dict = field(default_factory=dict)  # key → local id of the records created
    pairs: set = field(default_factory=set)  # (project id, year) whose rollups need refreshing


def _project_fields(values: dict, parks: Parks) -> dict:
    data = {name: to_model(name, values[name]) for name in PROJECT_VALUES if name != "park"}
    data["park_id"] = parks.id_for(values["park"])
    return data


class _Rows:
    """Event rows shaped by the app's own ``events.py`` builder, at bulk speed.

    The builder runs once per kind of row (so the kind, the reason, the source stamped from the context
    are the builder's); every row is that template with its record's id and change list put in, without
    a model instance per row — 60,000 reports would otherwise spend seconds in ``Model.__init__``.
    """

    def __init__(self, now):
        self.now, self.templates, self.rows = now, {}, []

    def add(self, kind, build, **row):
        template = self.templates.get(kind)
        if template is None:
            built = build()
            template = self.templates[kind] = {f.attname: getattr(built, f.attname)
                                               for f in built._meta.concrete_fields if not f.primary_key}
            template["created_at"] = self.now
        self.rows.append(template | row)


def write_projects(creates, updates, *, parks: Parks, code_of, actor, now=None) -> Written:
    """``creates``: [(key, values)]; ``updates``: [(pk, old values, new values, version)] — values normalised."""
    now = now or timezone.now()
    written = Written()
    template = {f.attname: f.get_default() for f in Project._meta.concrete_fields if not f.primary_key}
    rows, labels = [], []
    for key, values in creates:
        rows.append(template | _project_fields(values, parks) | {
            "code": code_of(key), "created_at": now, "updated_at": now, "stage_changed_at": now, "version": 1})
        labels.append(key)
    insert_rows(Project, rows)
    by_code = {}
    for chunk in _chunks([row["code"] for row in rows]):
        by_code.update(Project.objects.filter(code__in=chunk).values_list("code", "pk"))
    event = {"actor_id": actor.pk if actor else None, "created_at": now, "evidence": {"来源": "数据上报"},
             "changes": [], "from_stage": "", "to_stage": "", "source": current_source()}
    events, audits = [], []
    for key, row in zip(labels, rows):
        pk = written.ids[key] = by_code[row["code"]]
        events.append(event | {"project_id": pk, "kind": EventKind.CREATED, "to_stage": row["stage"], "version": 1})
        data = {name: row[name] for name in ("code", *(n for n in PROJECT_VALUES if n != "park"), "park_id")}
        audits.append(("create", SimpleNamespace(pk=pk), history.diff(None, data, model=Project, resolve=parks.name),
                       row["name"]))
    changes = []
    for pk, old, new, version in updates:
        before, after = _project_fields(old, parks), _project_fields(new, parks)
        names = [name for name in after if after[name] != before[name]]
        entries = history.diff(before, after, model=Project, names=names, resolve=parks.name)
        values = {name: after[name] for name in names} | {"version": version + 1, "updated_at": now}
        moved = "stage" in names
        if moved:
            values["stage_changed_at"] = now
        changes.append((pk, values))
        events.append(event | {"project_id": pk, "kind": EventKind.EDITED, "changes": entries, "version": version + 1,
                               "from_stage": before["stage"] if moved else "", "to_stage": after["stage"] if moved else ""})
        audits.append(("change", SimpleNamespace(pk=pk), entries, after["name"]))
    update_rows(Project, changes)
    insert_rows(ProjectEvent, events)
    audit.record_many(Project, audits, insert=insert_rows)
    return written


def _plan_fields(values):
    return {name: to_model(name, values[name]) for name in PLAN_VALUES}


def write_plans(creates, updates, *, projects: dict, actor, now=None) -> Written:
    """``creates``: [(key, project id, year, values)]; ``updates``: [(pk, project id, year, old, new)].

    ``projects`` maps project id → (name, version) for the history's labels and the project's event.
    """
    now = now or timezone.now()
    written = Written()
    template = {f.attname: f.get_default() for f in YearlyPlan._meta.concrete_fields if not f.primary_key}
    insert_rows(YearlyPlan, [template | _plan_fields(values) | {"project_id": project_id, "year": year, "note": "",
                                                                 "updated_at": now}
                             for _, project_id, year, values in creates])
    ids = {}
    for chunk in _chunks(sorted({project_id for _, project_id, _, _ in creates})):
        for pk, project_id, year in YearlyPlan.objects.filter(project_id__in=chunk).values_list("pk", "project_id", "year"):
            ids[(project_id, year)] = pk
    plans = [YearlyPlan(pk=ids[(project_id, year)], project_id=project_id, year=year, **_plan_fields(values))
             for _, project_id, year, values in creates]
    plan_events, project_events, audits = _Rows(now), [], []
    event = {"kind": EventKind.EDITED, "actor_id": actor.pk if actor else None, "created_at": now, "evidence": {},
             "from_stage": "", "to_stage": "", "source": current_source()}

    def log(plan, created, entries):
        year_entries = [entry | {"label": f"{plan.year}年 {entry['label']}"} for entry in entries]
        plan_events.add(created, lambda: progress_events.plan_imported(plan, actor=actor, created=created,
                                                                       changes=entries),
                        plan_id=plan.pk, changes=list(entries))
        name, version = projects[plan.project_id]
        project_events.append(event | {"project_id": plan.project_id, "changes": year_entries, "version": version})
        audits.append(("create" if created else "change", plan, entries, f"{name} {plan.year}年计划"))
        written.pairs.add((plan.project_id, plan.year))

    for (key, *_), plan in zip(creates, plans):
        written.ids[key] = plan.pk
        log(plan, True, history.diff(None, _plan_fields({n: getattr(plan, n) for n in PLAN_VALUES}),
                                     model=YearlyPlan))
    changes = []
    for pk, project_id, year, old, new in updates:
        before, after = _plan_fields(old), _plan_fields(new)
        names = [name for name in after if after[name] != before[name]]
        changes.append((pk, {name: after[name] for name in names} | {"updated_at": now}))
        log(YearlyPlan(pk=pk, project_id=project_id, year=year),
            False, history.diff(before, after, model=YearlyPlan, names=names))
    update_rows(YearlyPlan, changes)
    insert_rows(PlanEvent, plan_events.rows)
    insert_rows(ProjectEvent, project_events)
    audit.record_many(YearlyPlan, audits, insert=insert_rows)
    return written


def _report_fields(values):
    return {name: to_model(name, values[name]) for name in REPORT_VALUES}


def write_reports(creates, updates, *, projects: dict, actor, now=None) -> Written:
    """``creates``: [(key, project id, year, month, values)]; ``updates``: [(pk, project id, year, month, old, new,
    version)]. Reports are written approved (已审核): they are the district's approved figures."""
    now = now or timezone.now()
    written = Written()
    actor_id = actor.pk if actor else None
    approved = {"status": ReportStatus.APPROVED, "return_reason": "", "reviewed_at": now, "reviewed_by_id": actor_id}
    template = {f.attname: f.get_default() for f in MonthlyReport._meta.concrete_fields if not f.primary_key}
    rows = [template | _report_fields(values) | approved | {
        "project_id": project_id, "year": year, "month": month, "narrative": "", "submitted_at": now,
        "submitted_by_id": actor_id, "version": 1, "created_at": now, "updated_at": now}
        for _, project_id, year, month, values in creates]
    insert_rows(MonthlyReport, rows)
    ids = {}
    for chunk in _chunks(sorted({row["project_id"] for row in rows})):
        for pk, project_id, year, month in MonthlyReport.objects.filter(project_id__in=chunk).values_list(
                "pk", "project_id", "year", "month"):
            ids[(project_id, year, month)] = pk
    report_events, audits = _Rows(now), []
    stub = MonthlyReport(pk=0)

    def log(pk, entries):
        report_events.add(bool(entries), lambda: progress_events.report_imported(
            stub, actor=actor, reason="数据上报导入", changes=entries), report_id=pk, changes=list(entries))

    for (key, project_id, year, month, values), row in zip(creates, rows):
        pk = written.ids[key] = ids[(project_id, year, month)]
        written.pairs.add((project_id, year))
        log(pk, [])
        audits.append(("create", SimpleNamespace(pk=pk), history.diff(None, _report_fields(values), model=MonthlyReport),
                       f"{projects[project_id][0]} {year}年{month}月"))
    changes = []
    for pk, project_id, year, month, old, new, version in updates:
        before, after = _report_fields(old), _report_fields(new)
        names = [name for name in after if after[name] != before[name]]
        entries = history.diff(before, after, model=MonthlyReport, names=names)
        changes.append((pk, {name: after[name] for name in names} | approved | {"version": version + 1,
                                                                               "updated_at": now}))
        log(pk, entries)
        audits.append(("change", SimpleNamespace(pk=pk), entries, f"{projects[project_id][0]} {year}年{month}月"))
        written.pairs.add((project_id, year))
    update_rows(MonthlyReport, changes)
    insert_rows(ReportEvent, report_events.rows)
    audit.record_many(MonthlyReport, audits, insert=insert_rows)
    return written


def refresh(pairs) -> None:
    """The rollups (and through their triggers the battle map's cells) of the project-years written."""
    if pairs:
        refresh_rollups(pairs)
