"""The registry of exports big enough to become jobs: each builder turns (user, query, path args) into a Sheet.

A builder is given nothing but the user and the page's query parameters, and re-applies the
user's visibility and the page's filters itself. The view calls it to count the rows; a worker
calls it again minutes later, from the job's stored query string, and writes what the user was
looking at — and a user whose scope shrank meanwhile gets no more than they may see now.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from tuijin.progress.filters import period_of, scope_of
from tuijin.lib import xlsx
from tuijin.progress import services as progress_services
from tuijin.progress.lists import YearList
from tuijin.projects.exports import PROJECT_COLUMNS, listed_projects, project_rows

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


@export(ExportKind.PROJECT_LIST, page=lambda: reverse("project_list"))
def project_list(user, params) -> Sheet:
    _form, projects = listed_projects(user, params)
    title = "项目清单"
    return Sheet(title, PROJECT_COLUMNS, lambda: project_rows(projects), projects.count(), f"{title}.xlsx")


@export(ExportKind.YEAR_LIST, page=lambda list_kind: reverse("progress_year_list", args=[list_kind]), dated=True)
def year_list(user, params, list_kind) -> Sheet:
    kind = YearList(list_kind)
    year, _ = period_of(params)
    scope, _park = scope_of(user, params)
    projects = progress_services.year_list_projects(kind, year, scope)
    title = f"{year}年{kind.label}"
    return Sheet(title, PROJECT_COLUMNS, lambda: project_rows(projects), projects.count(), f"{title}.xlsx")


@export(ExportKind.MONTHLY_STATISTICS, page=lambda: reverse("progress_monthly_xlsx"), dated=True)
def monthly_statistics(user, params) -> Sheet:
    year, _ = period_of(params)
    scope, _park = scope_of(user, params)
    rollups = progress_services.monthly_statistics_rollups(year, scope)
    title = f"{year}年项目月度完成投资统计表"
    return Sheet(title, progress_services.MONTHLY_COLUMNS, lambda: progress_services.monthly_statistics_rows(rollups),
                 rollups.count(), f"{title}.xlsx")
