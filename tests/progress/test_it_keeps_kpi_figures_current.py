"""The progress page's kept figures (``progress.kept``) equal the live computation after every kind of write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuijin.accounts.models import Role
from tuijin.progress import actions, calculations, kept
from tuijin.progress.lists import YearList, year_list, year_list_counts
from tuijin.progress.models import KpiCellChange
from tuijin.projects import actions as project_actions
from tuijin.projects.models import Project, Stage

from ..factories import ProjectFactory

YEAR = 2026
AS_OF = dt.date(2026, 11, 23)


def plan(project, planned, **flags):
    actions.save_yearly_plan(project, YEAR, actor=None, data={"planned_investment": Decimal(planned), **flags})


def approved(project, month, amount, funds=None):
    report = actions.save_draft(project, YEAR, month, actor=None,
                                data={"completed_investment": Decimal(amount), "funds_arrived": funds})
    actions.submit_report(report, actor=None)
    return actions.approve_report(report, actor=None)


def shown(projects, figures):
    """What the page shows: every KPI's numerator and denominator, 双过半 and the four lists."""
    half = calculations.double_half(YEAR, projects, figures)
    return {
        "kpis": [(kpi.label, kpi.numerator, kpi.denominator)
                 for kpi in calculations.headline(YEAR, AS_OF, projects, figures)],
        "double_half": (half["completion"].numerator, half["completion"].denominator, half["behind_count"]),
        "lists": year_list_counts(YEAR, projects, figures),
    }


def assert_kept_equals_live(park=None):
    scope = {"park_id": park.pk} if park else {}
    projects = Project.objects.filter(park=park) if park else Project.objects.all()
    figures = kept.figures(YEAR, AS_OF, scope)
    assert figures is not None, "the kept cells were not used"
    assert shown(projects, figures) == shown(projects, None)
    # the lists' sizes are those of the lists a click opens
    assert [count for _, count in year_list_counts(YEAR, projects, figures)] == \
        [year_list(kind, YEAR, projects).count() for kind in YearList]
    assert not KpiCellChange.objects.exists()
    return figures


@pytest.fixture
def kpi_district(db, park, other_park):
    """Started, planned, continuing and suspended projects in two parks, with approved reports."""
    a = ProjectFactory(name="A", park=park, total_investment=Decimal(8000), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2026, 3, 15))
    b = ProjectFactory(name="B", park=park, total_investment=Decimal(12000), stage=Stage.PREPARATION)
    c = ProjectFactory(name="C", park=other_park, total_investment=Decimal(20000), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2025, 5, 1), stats_filed_on=dt.date(2025, 6, 1))
    d = ProjectFactory(name="D", park=None, total_investment=Decimal(600), stage=Stage.SUSPENDED,
                       suspended_from=Stage.CONSTRUCTION, actual_start_date=dt.date(2024, 1, 1))
    plan(a, 1000, plans_start=True)
    plan(b, 2000, plans_start=True, plans_operate=True)
    plan(c, 3000, plans_complete=True)
    plan(d, 500)
    approved(a, 3, 100, funds=Decimal(700))
    approved(c, 2, 500)
    return {p.name: p for p in (a, b, c, d)}


def test_kept_figures_follow_an_approved_report(kpi_district, park, other_park):
    # Given the kept figures of the whole district and of each park
    before = assert_kept_equals_live()
    assert_kept_equals_live(park)
    # When a report of C is approved
    approved(kpi_district["C"], 6, 1200)
    # Then the kept completed investment moved by exactly that report, and still equals the live figure
    after = assert_kept_equals_live()
    assert after["ic_completed"] - before["ic_completed"] == Decimal(1200)
    assert_kept_equals_live(other_park)


def test_kept_figures_follow_a_stage_change_and_an_edit(kpi_district, park):
    assert_kept_equals_live()
    # When D resumes work through an update that sends no signal (as an admin bulk action would) ...
    Project.objects.filter(pk=kpi_district["D"].pk).update(stage=Stage.CONSTRUCTION)
    approved(kpi_district["D"], 4, 50)
    # ... and B starts, edited through the project's action
    b = kpi_district["B"]
    project_actions.update_project(b, actor=None, data={"actual_start_date": dt.date(2026, 9, 1)},
                                   expected_version=b.version)
    # Then the start rates counted them
    figures = assert_kept_equals_live()
    assert figures["sr_hits"] == 2 and figures["srr_hits"] == 4  # A, B started; C, D back at work
    assert_kept_equals_live(park)


def test_kept_figures_follow_projects_added_moved_and_deleted(kpi_district, park, other_park):
    assert_kept_equals_live(park)
    # When a project is added to the park with a plan, another moves park, and one is deleted
    new = ProjectFactory(name="E", park=park, total_investment=Decimal(9000), stage=Stage.CONSTRUCTION,
                         actual_start_date=dt.date(2026, 2, 1))
    plan(new, 400, plans_start=True)
    approved(new, 2, 40)
    Project.objects.filter(pk=kpi_district["C"].pk).update(park=park)
    kpi_district["A"].delete()
    # Then every park's kept figures are the live ones
    assert_kept_equals_live()
    figures = assert_kept_equals_live(park)
    assert figures["list_start"] == 2  # B and E (A is gone)
    assert_kept_equals_live(other_park)


def test_a_scope_that_is_not_a_set_of_parks_is_counted_live(users, park):
    assert kept.cell_scope(users[Role.DEPARTMENT_CLERK]) is None
    assert kept.figures(YEAR, AS_OF, None) is None
    assert kept.cell_scope(users[Role.COORDINATOR], park) == {"park_id": park.pk}
    assert kept.cell_scope(users[Role.PARK_STAFF]) == {"park_id": park.pk}


def test_the_progress_page_shows_the_live_figures_in_the_same_queries_however_big(client, users, park, kpi_district):
    # Given a coordinator on the progress page
    client.force_login(users[Role.COORDINATOR])
    client.get("/progress/")  # the cells of today are computed once
    with CaptureQueriesContext(connection) as small:
        response = client.get("/progress/")
    # Then the page shows the live figures
    year, as_of = response.context["year"], response.context["as_of"]
    live = calculations.headline(year, as_of, Project.objects.all())
    assert [(k.numerator, k.denominator) for k in response.context["kpis"]] == \
        [(k.numerator, k.denominator) for k in live]
    # When the district grows tenfold
    for number in range(30):
        project = ProjectFactory(name=f"新增{number}", park=park, total_investment=Decimal(100 + number))
        plan(project, 10, plans_start=True)
    client.get("/progress/")
    with CaptureQueriesContext(connection) as big:
        response = client.get("/progress/")
    # Then it still shows the live figures, in as many queries as before
    live = calculations.headline(year, as_of, Project.objects.all())
    assert [(k.numerator, k.denominator) for k in response.context["kpis"]] == \
        [(k.numerator, k.denominator) for k in live]
    assert len(big) == len(small)
