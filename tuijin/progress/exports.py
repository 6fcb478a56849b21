"""The progress sheets that can become export jobs: the four yearly lists and the monthly statistics.

Registered with the exports framework when the app is ready (``apps.py``), so that framework
never imports this app; each builder re-applies the user's scope and the page's year itself.
"""

from django.urls import reverse

from tuijin.progress.filters import period_of, scope_of
from tuijin.exports.models import ExportKind
from tuijin.exports.registry import Sheet, export
from tuijin.projects.exports import PROJECT_COLUMNS, project_rows

from . import services
from .lists import YearList


@export(ExportKind.YEAR_LIST, page=lambda list_kind: reverse("progress_year_list", args=[list_kind]), dated=True)
def year_list(user, params, list_kind) -> Sheet:
    kind = YearList(list_kind)
    year, _ = period_of(params)
    scope, _park = scope_of(user, params)
    projects = services.year_list_projects(kind, year, scope)
    title = f"{year}年{kind.label}"
    return Sheet(title, PROJECT_COLUMNS, lambda: project_rows(projects), projects.count(), f"{title}.xlsx")


@export(ExportKind.MONTHLY_STATISTICS, page=lambda: reverse("progress_monthly_xlsx"), dated=True)
def monthly_statistics(user, params) -> Sheet:
    year, _ = period_of(params)
    scope, _park = scope_of(user, params)
    rollups = services.monthly_statistics_rollups(year, scope)
    title = f"{year}年项目月度完成投资统计表"
    return Sheet(title, services.MONTHLY_COLUMNS, lambda: services.monthly_statistics_rows(rollups),
                 rollups.count(), f"{title}.xlsx")
