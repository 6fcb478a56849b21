"""The four yearly lists (四张清单). A project can sit on more than one."""

from django.db.models import Q, QuerySet, TextChoices

from tuijin.projects.models import Project

from .calculations import continuing_projects, planned_new_starts


class YearList(TextChoices):
    START = "start", "开工入库清单"  # planned to start this year
    BUILD = "build", "加快建设清单"  # under construction, continuing from earlier years
    COMPLETE = "complete", "按期竣工清单"  # planned to complete this year
    OPERATE = "operate", "投产达效清单"  # planned to operate or reach capacity this year


def year_list(kind: YearList, year: int, projects: QuerySet | None = None) -> QuerySet:
    scope = Project.objects.all() if projects is None else projects
    if kind == YearList.START:
        return planned_new_starts(year, scope)
    if kind == YearList.BUILD:
        return continuing_projects(year, scope)
    if kind == YearList.COMPLETE:
        return scope.filter(yearly_plans__year=year, yearly_plans__plans_complete=True)
    return scope.filter(Q(yearly_plans__plans_operate=True) | Q(yearly_plans__plans_capacity=True),
                        yearly_plans__year=year)
