"""Check a whole sheet, then write it all or nothing: projects, yearly plans, monthly reports.

``validate`` reads every row and collects every problem — a person fixing a sheet wants the full
list, not one error per upload. It queries the database a fixed number of times whatever the
number of rows: enterprises, parks and the existing records are loaded into dicts first. ``apply``
writes the validated plan with bulk inserts and updates inside the caller's transaction, after
checking that nobody changed the same records since they were validated (the compare-and-set on
``version`` that ``projects.actions`` uses, done for the whole batch at once).

Re-importing a file updates what it matched instead of adding duplicates: projects match by
项目编号, or else by name and 项目单位; plans by project and year; reports by project, year and month.
A blank cell leaves the stored value as it is; a column missing from the sheet is not touched.

This module is the framework only: the importers of each kind live in the apps that own their
records (``projects.importers``, ``progress.importers``, ``promotion.importers``) and register
themselves in ``registry`` when their app is ready, so the framework imports no domain app.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone

from tuijin.accounts import access
from tuijin.lib.tabular import TableError, display, parse_cells, read_table

from .models import rows_with_problems

PROGRESS_EVERY = 500
PREVIEW_ROWS = 200
BATCH = 500
LOOKUP_CHUNK = 2000  # values per IN (...) query, well under SQLite's variable limit

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: "新增", UPDATE: "更新", UNCHANGED: "无变化"}


class StaleImport(Exception):
    """Records changed between validation and writing; nothing was written."""


@dataclass
class Planned:
    """What one valid row will do."""

    row: int
    action: str
    data: dict  # field → value to write
    instance: object = None  # the existing record for updates
    changes: list = field(default_factory=list)
    expected: object = None  # what the record looked like when validated, rechecked before writing
    preview: list = field(default_factory=list)


@dataclass
class Outcome:
    problems: list
    planned: list
    preview_columns: list
    total_rows: int = 0
    new_enterprises: list = field(default_factory=list)  # enterprises a project import would register

    @property
    def skipped(self):
        """The rows with problems, each with its reasons: what "只导入无误的行" leaves out."""
        return rows_with_problems(self.problems)

    @property
    def summary(self):
        counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0}
        for item in self.planned:
            counts[item.action] += 1
        return counts | {"rows": self.total_rows, "problems": len(self.problems),
                         "new_enterprises": len(self.new_enterprises)}

    def preview(self):
        rows = [{"row": item.row, "action": ACTION_LABELS[item.action], "cells": item.preview,
                 "changes": "、".join(change["label"] for change in item.changes)}
                for item in self.planned[:PREVIEW_ROWS]]
        return {"columns": self.preview_columns, "rows": rows, "new_enterprises": self.new_enterprises}


def _chunks(values, size=LOOKUP_CHUNK):
    # A value with a NUL character cannot be stored, so it matches nothing; PostgreSQL would refuse
    # even to compare with it (the cell itself is reported as a problem by the reader).
    values = [value for value in values if not (isinstance(value, str) and "\x00" in value)]
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _records(queryset, fields):
    """Rows as plain attribute objects: ten times cheaper to build than model instances, same to read."""
    return [SimpleNamespace(pk=row["id"], **row) for row in queryset.values(*fields)]


def _money(value):
    return "" if value is None else f"{value:,.2f}"


def _is_blank(value):
    return value is None or value == ""


class Importer:
    """One kind of import. Subclasses give the columns and the row rules; this runs them over a file."""

    kind: str
    columns: list
    preview_columns: list

    def __init__(self, user=None, *, progress=None, today=None, options=None):
        self.user = user
        self.options = options or {}  # the job's choices: create_enterprises, skip_rows  # None: the command line without --user, which may import anything
        self.progress = progress  # called with (rows done, rows in all) every PROGRESS_EVERY rows
        self.today = today or timezone.localdate()
        self.restricted_to_park = self._own_park(user)
        # A user who does not see everything is told only about what is in their scope.
        self.restricted = user is not None and access.project_scope_parks(user) != {}

    # -- who may import

    @classmethod
    def allowed(cls, user) -> bool:
        return user is None or access.can_create_project(user)

    @staticmethod
    def _own_park(user):
        """The park a park-staff importer is limited to, else None."""
        if user is None:
            return None
        return (access.project_scope_parks(user) or {}).get("park_id")

    # -- the run

    def validate(self, source, filename) -> Outcome:
        """Check every row of the file; ``filename`` tells the format (.xlsx, .xls, .csv)."""
        problems = []
        try:
            table = read_table(source, filename, self.columns)
        except TableError as error:
            problems.append({"row": error.row or 1, "column": "", "value": "", "reason": error.reason})
            return Outcome(problems, [], self.preview_columns)
        for row, column, value, reason in table.header_problems:
            problems.append({"row": row, "column": column, "value": value, "reason": reason})
        if table.header_problems:
            # Without its required columns no row can be read; the header problem says what to add.
            return Outcome(problems, [], self.preview_columns, total_rows=len(table.rows))
        self.prefetch(table)
        planned = []
        total = len(table.rows)
        self._report_progress(0, total)
        for index, row in enumerate(table.rows, start=1):
            values, cell_problems = parse_cells(table, row)
            row_problems = [{"row": row.number, "column": column, "value": value, "reason": reason}
                            for column, value, reason in cell_problems]

            def add(column_key, reason, value=None, _row=row, _problems=row_problems):
                label = self.label(column_key)
                shown = display(_row.cells.get(column_key)) if value is None else value
                _problems.append({"row": _row.number, "column": label, "value": shown, "reason": reason})

            failed = {problem["column"] for problem in row_problems}
            result = self.check(row, values, add, failed)
            problems.extend(row_problems)
            if result is not None and not row_problems:
                planned.append(result)
            if index % PROGRESS_EVERY == 0:
                self._report_progress(index, total)
        self._report_progress(total, total)
        if not table.rows:
            problems.append({"row": table.header_row, "column": "", "value": "",
                             "reason": "表头下方没有数据行"})
        return Outcome(problems, planned, self.preview_columns, total_rows=total)

    def _report_progress(self, done, total):
        if self.progress:
            self.progress(done, total)

    def label(self, key):
        for column in self.columns:
            if column.key == key:
                return column.label
        return key

    # -- per kind

    def prefetch(self, table):
        raise NotImplementedError

    def check(self, row, values, add, failed):
        """Return the ``Planned`` change for a row, adding every problem through ``add``."""
        raise NotImplementedError

    def apply(self, outcome, *, actor) -> dict:
        raise NotImplementedError


def out_of_scope(code) -> str:
    """The one refusal for an object the user may not change, worded the same whether it exists elsewhere or not."""
    return f"您的权限范围内没有编号为“{code}”的项目"
