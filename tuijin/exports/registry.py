"""The registry of exports big enough to become jobs: each builder turns (user, query, path args) into a Sheet.

The builders live in the apps that own their data (``projects/exports.py``, ``progress/exports.py``)
and register here with ``@export`` when their app is ready, so this framework imports no domain app.

A builder is given nothing but the user and the page's query parameters, and re-applies the
user's visibility and the page's filters itself. The view calls it to count the rows; a worker
calls it again minutes later, from the job's stored query string, and writes what the user was
looking at — and a user whose scope shrank meanwhile gets no more than they may see now.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tuijin.lib.periods import period_of
from tuijin.lib import xlsx

from .models import ExportKind


@dataclass
class Sheet:
    title: str
    columns: list[xlsx.Column]
    rows_factory: Callable[[], Iterable[list]]  # a fresh iterator of rows each call: rows stream, never a list
    count: int
    filename: str

    def content(self, rows=None) -> bytes:
        """The workbook in the bureau's layout; ``rows`` replaces the factory's when the caller counts them."""
        return xlsx.workbook(self.title, self.columns, self.rows_factory() if rows is None else rows)


@dataclass(frozen=True)
class Export:
    build: Callable[..., Sheet]
    page: Callable[..., str]  # the address that offers the export, given the path arguments: "export again"
    dated: bool = False  # the sheet is about a year that defaults to the current one: pinned when the job is made


EXPORTS: dict[ExportKind, Export] = {}


def export(kind: ExportKind, page, dated=False):
    """Register ``build`` as the builder of ``kind``; ``page`` gives the address that offers it."""
    def register(build):
        EXPORTS[kind] = Export(build, page, dated)
        return build

    return register


def build(kind, user, params, **path_args) -> Sheet:
    return EXPORTS[ExportKind(kind)].build(user, params, **path_args)


def pinned_query(kind, params) -> str:
    """The query string a job keeps: with the year fixed for dated sheets, so a worker running after
    midnight on 31 December writes the year the user was looking at."""
    if EXPORTS[ExportKind(kind)].dated and not params.get("year"):
        params = params.copy()
        params["year"] = str(period_of(params)[0])
    return params.urlencode()


def again_url(job) -> str:
    """The address that started ``job``, with its query: following it exports the same rows again."""
    address = EXPORTS[ExportKind(job.kind)].page(**job.path_args)
    return f"{address}?{job.query_string}" if job.query_string else address
