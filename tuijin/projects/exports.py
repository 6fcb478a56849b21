"""The project list as the bureau's Excel sheet, and the list itself as a user sees it.

``project_list`` registers the sheet with the exports framework when the app is ready (``apps.py``).
"""

from django.urls import reverse

from tuijin.exports.models import ExportKind
from tuijin.exports.registry import Sheet, export
from tuijin.lib import xlsx

from .forms import ProjectFilterForm
from .models import BY_INVESTMENT, Project

PROJECT_COLUMNS = [
    xlsx.Column("序号", 6, "int"), xlsx.Column("项目编号", 14), xlsx.Column("项目名称", 40),
    xlsx.Column("项目单位", 30), xlsx.Column("所在园区", 16), xlsx.Column("项目级别", 10),
    xlsx.Column("项目类别", 10), xlsx.Column("当前阶段", 10), xlsx.Column("总投资", 14, "money", total=True),
    xlsx.Column("计划开工日期", 13, "date"), xlsx.Column("实际开工日期", 13, "date"),
    xlsx.Column("计划竣工日期", 13, "date"), xlsx.Column("实际竣工日期", 13, "date"),
]


def listed_projects(user, params):
    """The filter form and the projects the list page shows ``user`` for the query ``params``.

    The page and its export (run later in a worker, from the stored query string) both call
    this, so the sheet holds exactly the rows, in the order, that the user was looking at.
    """
    form = ProjectFilterForm(params or None)
    queryset = Project.objects.visible_to(user).select_related("enterprise", "park")
    queryset = form.apply(queryset) if params else queryset.order_by(*BY_INVESTMENT)
    return form, queryset


def project_rows(projects):
    for number, project in enumerate(projects.iterator(chunk_size=2000), start=1):
        yield [
            number, project.code, project.name, project.enterprise.name if project.enterprise else "",
            project.park.name if project.park else "", project.get_level_display(), project.get_category_display(),
            project.get_stage_display(), project.total_investment, project.planned_start_date,
            project.actual_start_date, project.planned_complete_date, project.actual_complete_date,
        ]


@export(ExportKind.PROJECT_LIST, page=lambda: reverse("project_list"))
def project_list(user, params) -> Sheet:
    _form, projects = listed_projects(user, params)
    title = "项目清单"
    return Sheet(title, PROJECT_COLUMNS, lambda: project_rows(projects), projects.count(), f"{title}.xlsx")
