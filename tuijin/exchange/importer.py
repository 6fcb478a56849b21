"""Loading a district's ledger file into this (city or province) level: idempotent, incremental, conflict-aware.

Every record of the file is matched with what was last imported for its key (``ImportedRecord``):

- no version newer than the one imported: nothing to do (the same file twice changes nothing);
- a newer version, and the local row still hashes to what was written last time: written;
- a newer version, but the local row was edited here since (its hash differs): a ``Conflict`` keeping
  both values, and nothing overwritten — the 数据上报 page decides.

A record seen for the first time over a local row of the same identity (the 投资项目统一代码, or the
project number this level gives imported projects) is linked when the values agree and a conflict
when they do not. The whole file is written in one transaction after every line was read; a bad
line raises ``LedgerError`` (第 N 行：…) and nothing is kept.
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.imports.bulk import insert_rows, update_rows
from tuijin.imports.importers import _chunks
from tuijin.lib import ledger
from tuijin.lib.ledger import LedgerError
from tuijin.progress.models import MonthlyReport, YearlyPlan
from tuijin.projects.models import Category, Level, Project, Stage

from . import events, writing
from .models import Conflict, ConflictStatus, DistrictFeed, DistrictKpi, ImportedRecord, ImportRun, RecordKind
from .records import VALUES, digest, normalise, plan_key, report_key

TOP_NAME = "本市"  # the top organisation an empty instance gets when its first district arrives
LIMITS = {"name": 150, "national_code": 24, "industry_chain": 50}
CHOICES = {"stage": (Stage, "项目阶段"), "category": (Category, "项目类别"), "level": (Level, "项目级别")}
MAX_MONEY = 10 ** 12  # 14 digits with 2 places
WHAT = {"project": "项目", "plan": "年度计划", "report": "月报"}


class ImportRefused(Exception):
    """An import refused as a whole, nothing written: a district the caller may not push, or a write the
    database refused (``message_zh`` says why)."""

    def __init__(self, message_zh: str, status: int = 400):
        self.message_zh, self.status = message_zh, status
        super().__init__(message_zh)


@dataclass
class Item:
    line: int
    kind: str
    key: str
    version: int
    changed_at: dt.datetime
    values: dict
    record: dict


@functools.lru_cache(maxsize=4096)
def _moment(value: str) -> dt.datetime:
    """A record's time; most lines of one export share a handful of them, so each is parsed once."""
    moment = dt.datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _check_project(line, record, district_code):
    for name, (choices, what) in CHOICES.items():
        value = record.get(name) or (Level.DISTRICT.value if name == "level" else "")
        if value not in choices.values:
            raise LedgerError(line, f"{what}（{name}）{value!r} 不是有效值（应为 {' / '.join(choices.values)}）")
        record[name] = value
    for name, limit in LIMITS.items():
        if len(record.get(name) or "") > limit:
            raise LedgerError(line, f"{name} 不能超过 {limit} 个字")
    if len(f"{district_code}-{record['code']}") > 30:
        raise LedgerError(line, f"项目编号（code）{record['code']!r} 过长（加区县代码后不能超过 30 位）")
    if ledger.project_key(record.get("national_code"), district_code, record["code"]) != record["key"]:
        raise LedgerError(line, "项目标识（key）应为投资项目统一代码，未赋码时为“区县代码:项目编号”")


def _check_money(line, record, names):
    for name in names:
        value = record.get(name)
        if value is not None and float(value) >= MAX_MONEY:
            raise LedgerError(line, f"{name} 金额过大：{value}")


def read_items(lines):
    """The header and the file's records as ``Item``s, every line checked before anything is written."""
    header, items, seen = None, [], {}
    for line, record in ledger.read(lines):
        if header is None:
            header = record
            continue
        kind = record["type"]
        if kind == "kpi":
            items.append(Item(line, kind, f"{record.get('year')}|{record['name']}", record["version"],
                              _moment(record["changed_at"]), {}, record))
            continue
        code = str(header["district"]["code"])
        if kind == "project":
            _check_project(line, record, code)
            key = record["key"]
        elif kind == "plan":
            key = plan_key(record["project"], record["year"])
        else:
            key = report_key(record["project"], record["year"], record["month"])
        if record.get("funds_arrived") is not None:
            ledger._check_money(line, record, "funds_arrived")
        _check_money(line, record, ("total_investment", "planned_investment", "completed_investment",
                                    "funds_arrived"))
        if (kind, key) in seen:
            raise LedgerError(line, f"与第 {seen[(kind, key)]} 行重复（同一{WHAT[kind]}：{key}）")
        seen[(kind, key)] = line
        items.append(Item(line, kind, key, record["version"], _moment(record["changed_at"]),
                          normalise(kind, record), record))
    if header is None:
        raise LedgerError(1, "文件为空，缺少文件头")
    return header, items


def _top():
    top = Organisation.objects.filter(parent=None, kind__in=[OrganisationKind.CITY, OrganisationKind.PROVINCE]).first()
    return top or Organisation.objects.create(name=TOP_NAME, kind=OrganisationKind.CITY)


def feed_for(header, *, create=True) -> DistrictFeed | None:
    """The district's feed, made with its organisation under this level's top when it first reports."""
    code, name = str(header["district"]["code"]), str(header["district"]["name"])[:100]
    feed = DistrictFeed.objects.select_related("organisation").filter(code=code).first()
    if feed is not None or not create:
        return feed
    district = Organisation.objects.filter(name=name, kind=OrganisationKind.DISTRICT, feed=None).first()
    if district is None:
        taken = Organisation.objects.filter(name=name).exists()
        district = Organisation.objects.create(name=f"{name}（{code}）" if taken else name,
                                               kind=OrganisationKind.DISTRICT, parent=_top())
    elif district.parent_id is None:
        district.parent = _top()
        district.save(update_fields=["parent"])
    return DistrictFeed.objects.create(organisation=district, code=code, name=name)


class Run:
    """One import: the decisions for every record, then the writes."""

    def __init__(self, feed, header, items, *, actor):
        self.feed, self.header, self.items, self.actor = feed, header, items, actor
        self.now = timezone.now()
        self.code = feed.code
        self.parks = writing.Parks(feed.organisation)
        self.records = {(rec.kind, rec.key): rec for rec in ImportedRecord.objects.filter(feed=feed)}
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        self.new_records, self.changed_records, self.conflicts = [], {}, []
        self.project_ids = {key: rec.object_id for (kind, key), rec in self.records.items()
                            if kind == RecordKind.PROJECT}

    def code_of(self, key):
        return self._codes[key]

    # ------------------------------------------------------------------ deciding

    def _decide(self, item, local):
        """'create', 'write', 'link', 'same' or 'conflict' for ``item`` over ``local`` (values or None)."""
        rec = self.records.get((item.kind, item.key))
        if rec is None:
            if local is None:
                return "create"
            return "link" if local == item.values else "conflict"
        if item.version <= rec.version:
            return "same"
        if local is None:
            return "create"
        if local == item.values:
            return "link"
        return "write" if digest(local) == rec.digest else "conflict"

    def _remember(self, item, object_id):
        """Keep what was written for ``item`` (or, for a linked record, that it agrees) as its import record."""
        # A report's two figures are not kept a second time (tens of thousands of rows; the digest decides).
        values = {"version": item.version, "digest": digest(item.values),
                  "values": {} if item.kind == "report" else item.values,
                  "changed_at": item.changed_at, "object_id": object_id}
        rec = self.records.get((item.kind, item.key))
        if rec is None:
            self.new_records.append({"feed_id": self.feed.pk, "kind": item.kind, "key": item.key, **values})
        else:
            self.changed_records[rec.pk] = values

    def _conflict(self, item, object_id, local):
        rec = self.records.get((item.kind, item.key))
        self.counts["conflicts"] += 1
        self.conflicts.append((item, object_id, local, rec))

    def _tally(self, action):
        self.counts[{"create": "created", "write": "updated", "link": "unchanged", "same": "unchanged"}[action]] += 1

    # ------------------------------------------------------------------ projects

    def projects(self):
        items = [item for item in self.items if item.kind == "project"]
        self._codes = {item.key: f"{self.code}-{item.record['code']}" for item in items}
        owners = {}
        for chunk in _chunks([item.key for item in items]):
            owners.update(ImportedRecord.objects.filter(kind=RecordKind.PROJECT, key__in=chunk).exclude(
                feed=self.feed).values_list("key", "feed__name"))
        fields = ["pk", "code", "national_code", "version", "park_id", *VALUES["project"]]
        fields.remove("park")
        local = {}
        known = [rec.object_id for (kind, _), rec in self.records.items() if kind == RecordKind.PROJECT]
        by_code, by_national = {}, {}
        for chunk in _chunks(known):
            for row in Project.objects.filter(pk__in=chunk).values(*fields):
                local[row["pk"]] = row
        for chunk in _chunks(list(self._codes.values())):
            for row in Project.objects.filter(code__in=chunk).values(*fields):
                local[row["pk"]] = row
                by_code[row["code"]] = row["pk"]
        national = [item.record["national_code"] for item in items if item.record.get("national_code")]
        for chunk in _chunks(national):
            for row in Project.objects.filter(national_code__in=chunk).values(*fields):
                local[row["pk"]] = row
                by_national[row["national_code"]] = row["pk"]
        self.versions = {pk: (row["name"], row["version"]) for pk, row in local.items()}
        creates, updates = [], []
        for item in items:
            if item.key in owners:
                raise LedgerError(item.line, f"项目 {item.key} 已由{owners[item.key]}上报，不能由本区县再报")
            rec = self.records.get((item.kind, item.key))
            pk = rec.object_id if rec is not None and rec.object_id in local else \
                by_national.get(item.record.get("national_code") or None) or by_code.get(self._codes[item.key])
            row = local.get(pk)
            values = None if row is None else normalise("project", row | {"park": self.parks.label(row["park_id"])})
            action = self._decide(item, values)
            if action == "conflict":
                self._conflict(item, pk, values)
                continue
            self._tally(action)
            if action == "same":
                continue
            if action == "create":
                creates.append(item)
            elif action == "write":
                updates.append((pk, values, item.values, row["version"]))
            self.project_ids[item.key] = pk
            if action != "create":
                self._remember(item, pk)
        written = writing.write_projects([(item.key, item.values) for item in creates], updates, parks=self.parks,
                                         code_of=self.code_of, actor=self.actor, now=self.now)
        for item in creates:
            pk = self.project_ids[item.key] = written.ids[item.key]
            self.versions[pk] = (item.values["name"], 1)
            self._remember(item, pk)
        for pk, _, new, version in updates:
            self.versions[pk] = (new["name"], version + 1)

    # ------------------------------------------------------------------ plans and reports

    def _project_of(self, item):
        key = item.record["project"]
        pk = self.project_ids.get(key)
        if pk is None:
            raise LedgerError(item.line, f"所属项目 {key} 既不在本文件中，也未曾导入；请先导出该项目")
        return pk

    def _names(self, project_ids):
        missing = [pk for pk in project_ids if pk not in self.versions]
        for chunk in _chunks(missing):
            for pk, name, version in Project.objects.filter(pk__in=chunk).values_list("pk", "name", "version"):
                self.versions[pk] = (name, version)
        return self.versions

    def plans(self):
        items = [(item, self._project_of(item)) for item in self.items if item.kind == "plan"]
        local = {}
        for chunk in _chunks(sorted({pk for _, pk in items})):
            for row in YearlyPlan.objects.filter(project_id__in=chunk).values("pk", "project_id", "year",
                                                                              *VALUES["plan"]):
                local[(row["project_id"], row["year"])] = row
        creates, updates = [], []
        for item, project_id in items:
            row = local.get((project_id, item.record["year"]))
            values = None if row is None else normalise("plan", row)
            action = self._decide(item, values)
            if action == "conflict":
                self._conflict(item, row["pk"], values)
                continue
            self._tally(action)
            if action == "create":
                creates.append((item.key, project_id, item.record["year"], item.values))
            elif action == "write":
                updates.append((row["pk"], project_id, item.record["year"], values, item.values))
            if action in ("write", "link"):
                self._remember(item, row["pk"])
        written = writing.write_plans(creates, updates, projects=self._names({pk for _, pk in items}),
                                      actor=self.actor, now=self.now)
        by_key = {item.key: item for item, _ in items}
        for key, pk in written.ids.items():
            self._remember(by_key[key], pk)
        return written.pairs

    def reports(self):
        items = [(item, self._project_of(item)) for item in self.items if item.kind == "report"]
        local = {}
        for chunk in _chunks(sorted({pk for _, pk in items})):
            for row in MonthlyReport.objects.filter(project_id__in=chunk).values(
                    "pk", "project_id", "year", "month", "version", *VALUES["report"]):
                local[(row["project_id"], row["year"], row["month"])] = row
        creates, updates = [], []
        for item, project_id in items:
            year, month = item.record["year"], item.record["month"]
            row = local.get((project_id, year, month))
            values = None if row is None else normalise("report", row)
            action = self._decide(item, values)
            if action == "conflict":
                self._conflict(item, row["pk"], values)
                continue
            self._tally(action)
            if action == "create":
                creates.append((item.key, project_id, year, month, item.values))
            elif action == "write":
                updates.append((row["pk"], project_id, year, month, values, item.values, row["version"]))
            if action in ("write", "link"):
                self._remember(item, row["pk"])
        written = writing.write_reports(creates, updates, projects=self._names({pk for _, pk in items}),
                                        actor=self.actor, now=self.now)
        by_key = {item.key: item for item, _ in items}
        for key, pk in written.ids.items():
            self._remember(by_key[key], pk)
        return written.pairs

    def kpis(self):
        rows = [item.record for item in self.items if item.kind == "kpi"]
        years = {row.get("year") or timezone.localdate(self.now).year for row in rows}
        DistrictKpi.objects.filter(feed=self.feed, year__in=years).delete()
        DistrictKpi.objects.bulk_create([DistrictKpi(
            feed=self.feed, year=row.get("year") or timezone.localdate(self.now).year, name=row["name"][:50],
            label=str(row.get("label") or "")[:100], value=str(row["value"])[:40],
            numerator=str(row.get("numerator") or "")[:40], denominator=str(row.get("denominator") or "")[:40])
            for row in rows])

    # ------------------------------------------------------------------ bookkeeping

    def finish(self, run):
        insert_rows(ImportedRecord, self.new_records)
        update_rows(ImportedRecord, list(self.changed_records.items()))
        missing = [(item.kind, item.key) for item, _, _, rec in self.conflicts if rec is None]
        if missing:
            # First seen over a local row that differs: its record starts at version 0 with no digest,
            # so the district's values wait for a decision rather than being taken as already written.
            insert_rows(ImportedRecord, [{"feed_id": self.feed.pk, "kind": kind, "key": key, "version": 0,
                                          "digest": "", "values": {}, "changed_at": self.now, "object_id": None}
                                         for kind, key in missing])
        fresh = {}
        for chunk in _chunks([key for _, key in missing]):
            for rec in ImportedRecord.objects.filter(feed=self.feed, key__in=chunk):
                fresh[(rec.kind, rec.key)] = rec
        open_ones = {c.record_id: c for c in Conflict.objects.filter(
            record__feed=self.feed, status=ConflictStatus.OPEN).select_related("record")}
        made, refreshed = [], []
        for item, object_id, local, rec in self.conflicts:
            rec = rec or fresh[(item.kind, item.key)]
            if rec.object_id != object_id:
                rec.object_id = object_id
                rec.save(update_fields=["object_id"])
            conflict = open_ones.get(rec.pk)
            fields = {"run": run, "local": local, "incoming": item.values, "incoming_version": item.version,
                      "incoming_changed_at": item.changed_at}
            if conflict is None:
                conflict = Conflict(record=rec, **fields)
                made.append(conflict)
            else:
                for name, value in fields.items():
                    setattr(conflict, name, value)
                refreshed.append(conflict)
        Conflict.objects.bulk_create(made)
        Conflict.objects.bulk_update(refreshed, ["run", "local", "incoming", "incoming_version",
                                                 "incoming_changed_at"])
        if made or refreshed:
            events.conflicts_found(run, [*made, *refreshed], actor=self.actor)


def import_ledger(data: bytes, *, actor=None, file_name="", check=None) -> ImportRun:
    """Read and write one ledger file; ``check(header, feed)`` may refuse the district (ImportRefused).

    Returns the run with its counts; ``run.changed_nothing`` says a repeated file changed nothing.
    """
    header, items = read_items(data.splitlines(keepends=True))
    if check is not None:
        check(header, feed_for(header, create=False))
    sha = hashlib.sha256(data).hexdigest()
    try:
        with transaction.atomic():
            feed = DistrictFeed.objects.select_for_update().get(pk=feed_for(header).pk)
            run = Run(feed, header, items, actor=actor)
            run.projects()
            pairs = run.plans() | run.reports()
            run.kpis()
            writing.refresh(pairs)
            exported_at = _moment(header["exported_at"])
            since = dt.date.fromisoformat(header["since"]) if header.get("since") else None
            record = ImportRun.objects.create(feed=feed, actor=actor, file_name=file_name[:200], sha256=sha,
                                              exported_at=exported_at, since=since, **run.counts)
            run.finish(record)
            feed.last_import_at = timezone.now()
            if feed.data_as_of is None or exported_at > feed.data_as_of:
                feed.data_as_of = exported_at
            feed.save(update_fields=["last_import_at", "data_as_of"])
            events.imported(record, actor=actor)
    except IntegrityError as error:
        raise ImportRefused(f"写入时与本级已有数据冲突，未写入任何数据（{error}）") from None
    return record


def summary(run: ImportRun) -> str:
    """The command's and the page's one line about a run."""
    if run.changed_nothing:
        return f"{run.feed.name}：无变化（{run.unchanged} 条记录与已导入的版本相同），未写入任何数据。"
    return (f"{run.feed.name}：新增 {run.created} 条，更新 {run.updated} 条，无变化 {run.unchanged} 条，"
            f"冲突 {run.conflicts} 条" + ("（冲突记录未覆盖，请在“数据上报”页面处理）" if run.conflicts else "") + "。")
