"""The hand-made history (history.py) stored as rollups of real projects, for the pages and the warning rule."""

from decimal import Decimal

from tuijin.progress.models import MONTH_FIELDS, ProjectYearRollup
from tuijin.projects.models import Category, Stage
from tests.factories import ProjectFactory

from .history import YEAR, past_rows


def rollup(project, year, months, plan=1200):
    return ProjectYearRollup(project=project, year=year, planned_investment=Decimal(plan),
                             completed_total=Decimal(str(sum(months))),
                             last_reported_month=max((m for m, v in enumerate(months, 1) if v), default=0),
                             **{field: Decimal(str(v)) for field, v in zip(MONTH_FIELDS, months)})


def store(park, fast, slow, year=YEAR, known=5):
    """60 past projects in ``park`` (the year before ``year``); ``fast`` does 90 a month through month ``known``,
    ``slow`` 40."""
    rows = []
    for key, _, _, months, *_ in past_rows():
        past = ProjectFactory(code=key, park=park, total_investment=Decimal(3000), category=Category.INDUSTRIAL,
                              stage=Stage.CONSTRUCTION)
        rows.append(rollup(past, year - 1, months))
    for project, pace in ((fast, 90), (slow, 40)):
        project.total_investment, project.category, project.stage = Decimal(3000), Category.INDUSTRIAL, Stage.CONSTRUCTION
        project.park = park
        project.save()
        rows.append(rollup(project, year, [pace] * known + [0] * (12 - known)))
    ProjectYearRollup.objects.bulk_create(rows)
