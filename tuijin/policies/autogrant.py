"""免申即享 as a job: read the facts, match every automatic clause, write the rows — off the request.

``start`` saves an ``AutoGrantJob`` and hands it to huey (``tasks.run_auto_grants``); ``run`` is what
the worker does, writing where it is to the job row, which the page polls:

1. the automatic clauses in force and their rule versions; a run row in 测算中 (not listed, not reviewable);
2. every enterprise's facts the clauses read, column-wise (``facts.load``: one query per table into arrays);
3. every clause over every column at once (``batch.Batch``), eligibility and amounts only;
4. each row's reasons worded per clause and condition over the eligible rows' columns (``reasons``),
   not by re-running the scalar engine on every enterprise — what cost 28 s and 715 MB at 200,000;
5. the rows in batches of ``BATCH`` (one ``executemany`` and commit each, the job's ``done`` moved after each), then in one
   transaction the run moved 测算中 → 审核中 by compare-and-set, its 批次测算 event and the job's result.

A failure removes the run and its rows (nothing half-written is ever reviewable) and keeps the reason
on the job. The claim is a compare-and-set too, so a task delivered twice computes one run.
"""

import logging
import math
from decimal import Decimal

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from tuijin.enterprises.models import Enterprise

from . import events, facts, matching
from .fields import format_value
from .models import AutoGrantItem, AutoGrantJob, AutoGrantRun, ClauseVersion, JobStatus, JobStep, RunStatus

log = logging.getLogger(__name__)

BATCH = 5000  # rows per insert and per progress step
FAILED = "测算时发生内部错误，未生成批次。请重新测算；如仍失败，请联系管理员。"
NO_CLAUSES = "当前没有启用的免申即享条款。"


class AutoGrantRefused(Exception):
    """The run cannot start or go on; the message says why, in Chinese."""


def start(*, actor, data_year, as_of, title="") -> AutoGrantJob:
    """Save the job and schedule it; refused at once when no automatic clause is in force on ``as_of``."""
    from . import tasks

    if not matching.active_clauses(as_of, automatic=True).exists():
        raise AutoGrantRefused(NO_CLAUSES)
    job = AutoGrantJob.objects.create(
        title=title or f"{as_of:%Y年%m月%d日} 免申即享测算（{data_year}年数据）", data_year=data_year, as_of=as_of,
        created_by=actor)
    tasks.schedule(job)
    return job


def run(pk, enterprises=None) -> AutoGrantJob | None:
    """Compute job ``pk`` if it is still queued; None when another worker claimed it first.

    ``enterprises`` (a queryset, default all) narrows the population — for ``actions.create_run``'s callers.
    """
    now = timezone.now()
    claimed = AutoGrantJob.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, step=JobStep.READING, started_at=now, updated_at=now, message="")
    if not claimed:
        return None
    job = AutoGrantJob.objects.select_related("created_by").get(pk=pk)
    try:
        _compute(job, Enterprise.objects.all() if enterprises is None else enterprises)
    except AutoGrantRefused as refusal:
        _fail(job, str(refusal))
    except Exception:
        log.exception("免申即享 job %s failed", job.pk)
        _fail(job, FAILED)
    job.refresh_from_db()
    return job


def _moved(job, **values):
    values["updated_at"] = timezone.now()
    AutoGrantJob.objects.filter(pk=job.pk).update(**values)


def _version_rows(clauses):
    with transaction.atomic():
        return {clause.pk: ClauseVersion.objects.get_or_create(
            clause=clause, version=clause.version, defaults={"title": clause.title, "definition": clause.definition})[0]
                for clause in clauses}


def _compute(job, enterprises):
    clauses = list(matching.active_clauses(job.as_of, automatic=True))
    if not clauses:
        raise AutoGrantRefused(NO_CLAUSES)
    versions = _version_rows(clauses)
    run = AutoGrantRun.objects.create(
        title=job.title, data_year=job.data_year, as_of=job.as_of, created_by=job.created_by,
        status=RunStatus.COMPUTING, rule_versions={str(pk): row.version for pk, row in versions.items()})
    job.run = run
    _moved(job, run=run)

    engine = matching.engine_for(clauses, job.as_of)
    ids, columns = facts.load(enterprises, job.data_year, job.as_of, engine.plan.base)
    _moved(job, step=JobStep.MATCHING, enterprises=len(ids))
    results = engine.batch.run(columns, gaps=False) if ids else []
    total = sum(len(result.rows) for result in results)
    _moved(job, step=JobStep.WRITING, total=total)

    keys = np.asarray(ids, dtype=np.int64)
    written, amount_total = 0, Decimal("0.00")
    eligible = np.zeros(len(ids), dtype=bool)
    pending = []
    for index, (clause, result) in enumerate(zip(clauses, results)):
        eligible[result.rows] = True
        version = versions[clause.pk].pk
        # a slice at a time: the rows' reasons and model instances never exceed one batch in memory
        for start in range(0, len(result.rows), BATCH):
            rows = result.rows[start:start + BATCH]
            worded = reasons(engine, index, rows)
            for enterprise_id, amount, why in zip(keys[rows].tolist(), result.amounts[start:start + BATCH].tolist(),
                                                  worded):
                value = None if math.isnan(amount) else Decimal(f"{amount:.2f}")
                if value is not None:
                    amount_total += value
                pending.append((run.pk, enterprise_id, clause.pk, version, value, why))
                if len(pending) >= BATCH:
                    written = _write(job, pending, written)
                    pending = []
    if pending:
        written = _write(job, pending, written)
    _finish(job, run, written, int(eligible.sum()), amount_total)


PER_ROW = ("run", "enterprise", "clause", "clause_version", "amount", "reasons")


def _write(job, rows, written):
    """Insert ``(run, enterprise, clause, version, amount, reasons)`` rows with one ``executemany``.

    Plain SQL as the warning scan's ``_raise`` does: ``bulk_create`` spent four fifths of a 200,000-row
    run building model instances and compiling every field of every row. The values the rows share
    (status 待审核, no reviewer) are prepared once through their fields, so a field added later gets
    its default; amounts and reasons go through their fields' own adapters.
    """
    ops, quote = connection.ops, connection.ops.quote_name
    meta = AutoGrantItem._meta
    shared = [field for field in meta.concrete_fields if not field.primary_key and field.name not in PER_ROW]
    fixed = tuple(field.get_db_prep_save(field.get_default(), connection) for field in shared)
    amount, reasons_field = meta.get_field("amount"), meta.get_field("reasons")
    values = [(run_id, enterprise_id, clause_id, version,
               None if value is None else ops.adapt_decimalfield_value(value, amount.max_digits, amount.decimal_places),
               reasons_field.get_db_prep_save(why, connection), *fixed)
              for run_id, enterprise_id, clause_id, version, value, why in rows]
    columns = ", ".join(quote(meta.get_field(name).column) for name in (*PER_ROW, *(f.name for f in shared)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({columns}) "
                           f"VALUES ({', '.join(['%s'] * (len(PER_ROW) + len(shared)))})", values)
    written += len(rows)
    _moved(job, done=written)
    return written


def _finish(job, run, written, eligible, amount_total):
    now = timezone.now()
    with transaction.atomic():
        moved = AutoGrantRun.objects.filter(pk=run.pk, status=RunStatus.COMPUTING).update(status=RunStatus.REVIEWING)
        if not moved:
            raise AutoGrantRefused("批次在测算过程中被删除，未生成名单。")
        run.status = RunStatus.REVIEWING
        events.run_created(run, actor=job.created_by, items=written, data_year=job.data_year, as_of=job.as_of)
        _moved(job, status=JobStatus.DONE, step=JobStep.FINISHED, done=written, total=written,
               eligible_enterprises=eligible, total_amount=amount_total, finished_at=now)


def _fail(job, message):
    """Drop the half-written run (its rows go with it) and say why on the job."""
    with transaction.atomic():
        if job.run_id and AutoGrantRun.objects.select_for_update().filter(
                pk=job.run_id, status=RunStatus.COMPUTING).exists():
            # One DELETE for the rows: a run still 测算中 was never reviewable, so no decision event points at
            # them, and the ORM's cascade would fetch 200,000 of them to find out.
            meta, quote = AutoGrantItem._meta, connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('run').column)} = %s",
                               [job.run_id])
            AutoGrantRun.objects.filter(pk=job.run_id, status=RunStatus.COMPUTING).delete()
        now = timezone.now()
        _moved(job, status=JobStatus.FAILED, step=JobStep.FINISHED, message=message[:500], finished_at=now)


class _States:
    """The scalar engine's per-condition states, computed only for the conditions asked for."""

    def __init__(self, scalar, values):
        self.scalar, self.values, self.known = scalar, values, {}

    def __getitem__(self, node):
        if node not in self.known:
            self.known[node] = self.scalar.tests[node](self.values)
        return self.known[node]


def reasons(engine, index, rows) -> list[list[str]]:
    """Why each of ``rows`` (eligible for the plan's clause ``index``) qualifies: the scalar engine's reasons.

    A top-level condition on one field is worded over the column — the requirement once, the
    enterprise's own figure per row (repeated figures formatted once); a group (any / all / not)
    is worded by the scalar engine for that condition alone. The last batch run's columns
    (``Batch.values``) hold every field, derived ones included.
    """
    plan, scalar, columns = engine.plan, engine.scalar, engine.batch.values
    clause = plan.clauses[index]
    parts = []
    for node in clause.top:
        if type(node) is int and plan.leaves[node].other is None:
            leaf = plan.leaves[node]
            figures = columns[leaf.field.name][rows].tolist()
            formatted = {}
            if leaf.op in ("is_true", "is_false"):
                prefix, suffix = f"{leaf.field.label}：", ""
            else:
                prefix, suffix = f"{leaf.field.label} ", f"（要求：{scalar._target(leaf, {})}）"
            words = []
            for x in figures:
                text = formatted.get(x)
                if text is None:
                    text = formatted[x] = prefix + format_value(leaf.field, x) + suffix
                words.append(text)
            parts.append(words)
        else:
            parts.append([_one_reason(scalar, node, columns, row) for row in rows.tolist()])
    return [list(texts) for texts in zip(*parts)] if parts else [[] for _ in range(len(rows))]


def _one_reason(scalar, node, columns, row):
    values = {name: float(column[row]) for name, column in columns.items()}
    return scalar.reason(node, values, _States(scalar, values))
