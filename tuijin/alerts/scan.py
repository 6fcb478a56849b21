"""The warning scan: run every rule, diff against the open warnings, write only the differences.

Idempotent: a cause already warned at its level changes nothing; a new cause raises one
warning; a changed level moves the warning up or down (a rise sends it back to 待处置 and
tells the unit again); a cleared cause, or a rule switched off, closes it. The partial
unique constraint (one active warning per project and rule) backs this up if two scans
ever race. huey runs it daily (``tasks.py``); ``manage.py scan_warnings`` runs it by hand.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import events as warning_events
from .models import (
    LEVEL_RANK, RuleKey, Warning, WarningEvent, WarningEventKind, WarningLevel, WarningRule, WarningStatus,
)
from .rules import RULES, RuleUnavailable

CHUNK = 5000  # ids per IN (...) list, under SQLite's parameter limit
SCAN_LOCK = "tuijin.alerts.scan"  # PostgreSQL advisory lock name that keeps two scans apart


@dataclass
class ScanResult:
    raised: int = 0
    raised_up: int = 0
    lowered: int = 0
    closed: int = 0
    unchanged: int = 0
    notified: int = 0
    skipped: dict = field(default_factory=dict)  # rule key -> why it did not run
    by_level: Counter = field(default_factory=Counter)

    def summary(self):
        text = (f"新增预警 {self.raised} 条，升级 {self.raised_up} 条，降级 {self.lowered} 条，关闭 {self.closed} 条，"
                f"不变 {self.unchanged} 条；通知 {self.notified} 人次")
        for key, why in self.skipped.items():
            text += f"；跳过“{RuleKey(key).label}”：{why}"
        return text


def _moment(today):
    """The scan's clock: now, or the end of a simulated day."""
    if today is None:
        return timezone.localdate(), timezone.now()
    end = timezone.make_aware(dt.datetime.combine(today, dt.time(23, 59, 59)))
    return today, end


def findings(today, now, rules):
    """Every enabled rule's findings, keyed by (project id, rule); and the rules that could not run."""
    found, skipped = {}, {}
    for key, rule in rules.items():
        if not rule.enabled:
            continue
        try:
            result = RULES[key](rule, today, now)
        except RuleUnavailable as why:
            skipped[key] = str(why)
            continue
        for project_id, finding in result.items():
            found[(project_id, key)] = finding
    return found, skipped


class Notice(NamedTuple):
    """What a unit is told about one raised or risen warning; ``pk`` is None for a warning just inserted."""

    pk: int | None
    project_id: int
    rule: str
    level: str
    cause: str


def run(today: dt.date | None = None) -> ScanResult:
    today, now = _moment(today)
    rules = WarningRule.current()
    found, skipped = findings(today, now, rules)
    result = ScanResult(skipped=skipped)
    with transaction.atomic():
        _one_scan_at_a_time()
        active = {
            (project_id, rule): (pk, level)
            for pk, project_id, rule, level in Warning.objects.active().select_for_update()
            .values_list("pk", "project_id", "rule", "level").iterator(chunk_size=10000)
        }
        new = {key: finding for key, finding in found.items() if key not in active}
        result.raised = _raise(new, now)
        to_notify = [Notice(None, project_id, rule, finding.level, finding.cause)
                     for (project_id, rule), finding in new.items()]

        events, moved = [], []
        for key, (pk, level) in active.items():
            finding = found.get(key)
            if finding is None or finding.level == level:
                result.unchanged += finding is not None
                continue
            up = LEVEL_RANK[finding.level] > LEVEL_RANK[level]
            warning = Warning(pk=pk, project_id=key[0], rule=key[1], level=finding.level, cause=finding.cause,
                              measure=finding.measure, level_changed_at=now)
            moved.append((warning, up))
            events.append(warning_events.level_moved(pk, up=up, from_level=level, to_level=finding.level,
                                              note=finding.cause, now=now))
            if up:
                to_notify.append(Notice(pk, key[0], key[1], finding.level, finding.cause))
        _apply_moves(moved, now)
        result.raised_up = sum(up for _, up in moved)
        result.lowered = len(moved) - result.raised_up

        cleared = [(pk, rule, level) for (project_id, rule), (pk, level) in active.items()
                   if (project_id, rule) not in found and rule not in skipped]
        for start in range(0, len(cleared), CHUNK):
            chunk = [pk for pk, *_ in cleared[start:start + CHUNK]]
            Warning.objects.filter(pk__in=chunk).update(status=WarningStatus.CLOSED, closed_at=now, updated_at=now)
        disabled = {key for key, rule in rules.items() if not rule.enabled}
        for pk, rule, level in cleared:
            why = "预警规则已停用，自动关闭" if rule in disabled else "预警原因已消除，自动关闭"
            events.append(warning_events.closed(pk, from_level=level, note=why, now=now))
        result.closed = len(cleared)
        warning_events.bulk(events)
        result.notified = _notify_units(to_notify)
    result.by_level = Counter(finding.level for finding in found.values())
    return result


def _one_scan_at_a_time():
    """Make a second scan wait until the first commits, so it diffs against what the first wrote.

    SQLite lets one transaction write at a time already. PostgreSQL would let two scans
    interleave their inserts, which ``_raise`` must never see (and which would end one of them
    on the unique constraint); a transaction-level advisory lock keeps scans apart without
    blocking anyone else's reads or writes, and is released by the commit or rollback.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [SCAN_LOCK])


def _columns(model, *names):
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)


def _raise(new, now):
    """Insert the new warnings and their 发出预警 events; returns how many were raised.

    Plain SQL rather than ``bulk_create``: a first scan over a district raises tens of thousands
    of warnings, and the ORM spent most of that scan compiling SQL and preparing every field of
    every row. Here the values all rows share are prepared once (through their fields, so a field
    added later gets its default), the rows go in with one ``executemany``, and the database copies
    the events from the rows it has just stored.

    The events take the rows with an id above the largest id before the insert and first raised at
    this scan's clock. That is exactly this scan's rows: only the scan inserts warnings, ids only
    grow, and no other scan writes until this transaction ends (``_one_scan_at_a_time``); the
    clock is a second guard should anything else ever insert warnings.
    """
    if not new:
        return 0
    ops, quote = connection.ops, connection.ops.quote_name
    table, pk = quote(Warning._meta.db_table), quote(Warning._meta.pk.column)
    per_row = ("project", "rule", "level", "cause", "measure")
    shared_values = {"status": WarningStatus.OPEN, "first_raised_at": now, "level_changed_at": now,
                     "updated_at": timezone.now()}  # updated_at: what auto_now would have set
    shared = [field for field in Warning._meta.concrete_fields if not field.primary_key and field.name not in per_row]
    fixed = tuple(field.get_db_prep_save(shared_values.get(field.name, field.get_default()), connection)
                  for field in shared)
    measure = Warning._meta.get_field("measure")
    rows = [
        (project_id, rule, finding.level, finding.cause,
         ops.adapt_decimalfield_value(finding.measure, measure.max_digits, measure.decimal_places), *fixed)
        for (project_id, rule), finding in new.items()
    ]
    at = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({pk}) FROM {table}")
        before = cursor.fetchone()[0] or 0
        cursor.executemany(f"INSERT INTO {table} ({_columns(Warning, *per_row, *(field.name for field in shared))}) "
                           f"VALUES ({', '.join(['%s'] * (len(per_row) + len(shared)))})", rows)
        cursor.execute(
            f"INSERT INTO {quote(WarningEvent._meta.db_table)} "
            f"({_columns(WarningEvent, 'warning', 'kind', 'from_level', 'to_level', 'note', 'created_at', 'source')}) "
            f"SELECT {pk}, %s, %s, {_columns(Warning, 'level')}, {_columns(Warning, 'cause')}, %s, %s FROM {table} "
            f"WHERE {pk} > %s AND {_columns(Warning, 'first_raised_at')} = %s ORDER BY {pk}",
            [WarningEventKind.RAISED, "", at, warning_events.scan_source(), before, at])
    return len(rows)


def _apply_moves(moved, now):
    """Write level changes; a rise puts the warning back to 待处置, whatever was done about the lower level."""
    ups = [warning for warning, up in moved if up]
    for warning in ups:
        warning.status = WarningStatus.OPEN
    for warning, _ in moved:
        warning.updated_at = now
    Warning.objects.bulk_update(ups, ["level", "cause", "measure", "level_changed_at", "status", "updated_at"],
                                batch_size=1000)
    downs = [warning for warning, up in moved if not up]
    Warning.objects.bulk_update(downs, ["level", "cause", "measure", "level_changed_at", "updated_at"],
                                batch_size=1000)


def _notify_units(warnings):
    """One message per responsible unit per scan, listing what was raised or went up; returns messages sent.

    The clerks of the project's 包保（责任）单位 are told. A unit with a single new warning gets it by
    name with a link to it; several arrive as one digest linking to the unit's open warnings,
    so a first scan over a big district does not flood anyone's inbox. ``warnings`` are
    ``Notice``s; a just-inserted warning's pk is looked up only for that single-warning link.
    """
    from tuijin.projects.models import Project

    if not warnings:
        return 0
    projects = {}
    ids = sorted({warning.project_id for warning in warnings})
    for start in range(0, len(ids), CHUNK):
        projects.update({pk: (name, unit) for pk, name, unit in Project.objects.filter(
            pk__in=ids[start:start + CHUNK], responsible_unit__isnull=False).values_list("pk", "name",
                                                                                       "responsible_unit_id")})
    by_unit = defaultdict(list)
    for warning in warnings:
        if warning.project_id in projects:
            by_unit[projects[warning.project_id][1]].append(warning)
    clerks = defaultdict(list)
    for user in recipients.clerks(*by_unit):
        clerks[user.organisation_id].append(user)
    sent = 0
    for unit, items in by_unit.items():
        if not clerks.get(unit):
            continue
        items.sort(key=lambda warning: -LEVEL_RANK[warning.level])
        lines = [f"【{WarningLevel(w.level).label}】{projects[w.project_id][0]}：{RuleKey(w.rule).label}，{w.cause}"
                 for w in items[:20]]
        if len(items) > 20:
            lines.append(f"……另有 {len(items) - 20} 条")
        if len(items) == 1:
            warning = items[0]
            title = f"{WarningLevel(warning.level).label}：{projects[warning.project_id][0]} {RuleKey(warning.rule).label}"
            pk = warning.pk or Warning.objects.active().values_list("pk", flat=True).get(
                project_id=warning.project_id, rule=warning.rule)
            url = reverse("alerts_warning", args=[pk])
        else:
            counts = Counter(WarningLevel(w.level).label[:1] for w in items)
            title = f"新增或升级预警 {len(items)} 条（" + "、".join(f"{k}{v}" for k, v in counts.items()) + "）"
            url = f"{reverse('alerts_warnings')}?unit={unit}"
        sent += len(notify(clerks[unit], kind=NotificationKind.WARNING, title=title, body="\n".join(lines), url=url))
    return sent
