"""A small district's ledger for the exchange tests: parks, projects, yearly plans and approved reports."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.progress import calculations
from tuijin.progress.actions import refresh_rollups
from tuijin.progress.models import MonthlyReport, ReportStatus, YearlyPlan
from tuijin.projects.models import Project, Stage

YEAR = timezone.localdate().year
AS_OF = timezone.localdate()


def build(name="温江区", parks=("海峡园", "成都健康服务业集聚区"), projects=6, prefix="WJ", national=True):
    """A district at its own level: its organisation, parks, projects with a plan and approved months."""
    district = Organisation.objects.create(name=name, kind=OrganisationKind.DISTRICT)
    park_rows = [Organisation.objects.create(name=park, kind=OrganisationKind.PARK, parent=district) for park in parks]
    months = max(AS_OF.month - 1, 1)
    for number in range(projects):
        started = number % 2 == 0
        project = Project.objects.create(
            code=f"{prefix}{YEAR}-{number:04d}", name=f"{name}项目{number}",
            national_code=f"{YEAR}-510115-27-03-{number:06d}" if national and number % 3 else "",
            park=park_rows[number % len(park_rows)] if number != projects - 1 else None,
            total_investment=Decimal(10000 + 1000 * number),
            stage=Stage.CONSTRUCTION if started else Stage.PREPARATION,
            actual_start_date=dt.date(YEAR, 1, 15) if started else None,
            planned_start_date=dt.date(YEAR, 3, 1), stats_filed_on=dt.date(YEAR, 2, 1) if started else None)
        YearlyPlan.objects.create(project=project, year=YEAR, planned_investment=Decimal(2400 + 100 * number),
                                  plans_start=not started)
        for month in range(1, months + 1):
            MonthlyReport.objects.create(project=project, year=YEAR, month=month, status=ReportStatus.APPROVED,
                                         completed_investment=Decimal("150.50") + number,
                                         funds_arrived=Decimal("100.00"))
    refresh_rollups({(pk, YEAR) for pk in Project.objects.values_list("pk", flat=True)})
    return district


def totals(projects=None):
    """What a leader compares between levels: the count, the investment and every headline figure."""
    scope = Project.objects.all() if projects is None else projects
    figures = {"projects": scope.count(),
               "investment": sum((p for p in scope.values_list("total_investment", flat=True)), Decimal(0))}
    for kpi in calculations.headline(YEAR, AS_OF, projects):
        figures[f"{kpi.key}:{kpi.label}"] = (Decimal(kpi.numerator), Decimal(kpi.denominator))
    return figures
