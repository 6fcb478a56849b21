"""Each district's headline figures at this level, grouped in a few queries (not one set per district).

The rules are ``progress.calculations``' own building blocks (``has_plan``, ``completed_through``,
``months_reported``, ``percent``), so a district's row here is the figure its dashboard shows, and the
city total is ``calculations.investment_completion`` over all of them — the same function, so the total
equals the sum of the rows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce

from tuijin.progress import calculations
from tuijin.progress.models import ProjectYearRollup
from tuijin.projects.models import Project

ZERO = Decimal(0)


@dataclass
class Row:
    feed: object
    projects: int = 0
    investment: Decimal = ZERO
    planned: Decimal = ZERO
    completed: Decimal = ZERO

    @property
    def rate(self):
        return calculations.percent(self.completed, self.planned)


def district_rows(feeds, year, as_of) -> list[Row]:
    feeds = list(feeds)
    rows = {feed.organisation_id: Row(feed) for feed in feeds}
    ids = list(rows)
    counted = (Project.objects.filter(park__parent_id__in=ids).order_by().values("park__parent_id")
               .annotate(n=Count("pk"), total=Coalesce(Sum("total_investment"), Value(ZERO))))
    for item in counted:
        row = rows[item["park__parent_id"]]
        row.projects, row.investment = item["n"], item["total"]
    done = calculations.completed_through(calculations.months_reported(year, as_of))
    kept = (ProjectYearRollup.objects.filter(calculations.has_plan(), year=year, project__park__parent_id__in=ids)
            .order_by().values("project__park__parent_id")
            .annotate(planned=Coalesce(Sum("planned_investment"), Value(ZERO)), completed=Coalesce(Sum(done), Value(ZERO))))
    for item in kept:
        row = rows[item["project__park__parent_id"]]
        row.planned, row.completed = item["planned"], item["completed"]
    return [rows[feed.organisation_id] for feed in feeds]


def district_projects(feeds):
    return Project.objects.filter(park__parent__in=[feed.organisation_id for feed in feeds])


def total(feeds, year, as_of) -> Row:
    """The level's own figure over every district shown: the KPI function itself, not a sum of the rows."""
    feeds = list(feeds)
    scope = district_projects(feeds)
    kpi = calculations.investment_completion(year, as_of, scope)
    totals = scope.aggregate(n=Count("pk"), total=Coalesce(Sum("total_investment"), Value(ZERO)))
    return Row(None, totals["n"], totals["total"], kpi.denominator, kpi.numerator)
