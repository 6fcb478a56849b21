"""The four yearly lists (四张清单). A project can sit on more than one."""

from django.db.models import Count, Q, QuerySet, TextChoices

from tuijin.projects.models import Project

from .calculations import continuing, continuing_projects, planned_new_starts
from .models import YearlyPlan


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


def year_list_figures(year: int, projects: QuerySet | None = None):
    """The four lists' sizes as aggregates over the year's plans (one plan per project and year, so a
    plan counts its project once): the queryset and the aggregates, for ``year_list_counts`` and the cells."""
    plans = YearlyPlan.objects.filter(year=year)
    if projects is not None and projects.query.where:
        plans = plans.filter(project__in=projects)
    return plans, {
        "list_start": Count("pk", filter=Q(plans_start=True)),
        "list_build": Count("pk", filter=continuing(year, "project__")),
        "list_complete": Count("pk", filter=Q(plans_complete=True)),
        "list_operate": Count("pk", filter=Q(plans_operate=True) | Q(plans_capacity=True)),
    }


LIST_FIGURES = {YearList.START: "list_start", YearList.BUILD: "list_build", YearList.COMPLETE: "list_complete",
                YearList.OPERATE: "list_operate"}


def year_list_counts(year: int, projects: QuerySet | None = None, figures: dict | None = None) -> list:
    """(kind, size) of the four lists in one query, or from ``figures`` already counted (``progress.kept``)."""
    if figures is None:
        plans, aggregates = year_list_figures(year, projects)
        figures = plans.aggregate(**aggregates)
    return [(kind, figures[LIST_FIGURES[kind]]) for kind in YearList]
