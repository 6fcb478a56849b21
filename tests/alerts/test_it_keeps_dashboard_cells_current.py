"""The dashboard's kept cells give exactly the live figures after any kind of write, and who gets them.

Leaders and park staff read the battle map from ``DashboardCell``; database triggers log what
each write touches. Whatever path writes (a model save, ``QuerySet.update``, ``bulk_update``,
a report approval that refreshes a rollup, a delete), the next dashboard must equal a live
count over the same projects.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from tuijin.accounts.models import Role
from tuijin.alerts import dashboard, summary, triggers
from tuijin.alerts.apps import _reinstall_cell_triggers
from tuijin.alerts.models import DashboardCell, DashboardCellChange
from tuijin.progress import actions as progress_actions
from tuijin.progress import calculations
from tuijin.progress.models import MonthlyReport, ProjectYearRollup, ReportStatus
from tuijin.projects.models import Category, Project

from ..factories import ProjectFactory

AS_OF = dt.date(2026, 8, 31)


def report(project, month, plan, done):
    progress_actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(plan)})
    MonthlyReport.objects.create(project=project, year=2026, month=month, completed_investment=Decimal(done),
                                 status=ReportStatus.APPROVED)
    progress_actions.refresh_rollup(project.pk, 2026)


@pytest.fixture
def district_projects(project, other_project, park):
    project.total_investment, project.industry_chain = Decimal(150000), "新能源汽车"
    project.save()
    third = ProjectFactory(park=park, total_investment=Decimal(20000), industry_chain="新能源汽车",
                           category=Category.INFRASTRUCTURE)
    fourth = ProjectFactory(park=None, total_investment=Decimal(1000))
    report(project, 3, 10000, 6000)
    report(other_project, 5, 2000, 500)
    report(third, 7, 4000, 100)
    return project, other_project, third, fourth


def kept(scope=None):
    return dashboard.payload(Project.objects.filter(**(scope or {})), 2026, AS_OF, scope=scope or {})


def live(scope=None):
    return dashboard.payload(Project.objects.filter(**(scope or {})), 2026, AS_OF)


def assert_matches_live(*parks):
    assert kept() == live()
    for park in parks:
        assert kept({"park_id": park.pk}) == live({"park_id": park.pk})


def card(payload, key):
    return next(card for card in payload["cards"] if card["key"] == key)


def test_it_matches_the_live_count_from_the_first_read(district_projects, park, other_park):
    # Given a district whose cells were never computed
    assert not DashboardCell.objects.exists()
    # When leaders and each park open the dashboard, Then the figures are the live ones
    assert_matches_live(park, other_park)
    assert card(kept(), "projects")["value"] == 4 and card(kept({"park_id": park.pk}), "projects")["value"] == 2
    assert DashboardCell.objects.filter(year=2026).exists()


@pytest.mark.parametrize("write", [
    "save_moves_park", "update_moves_chain", "bulk_update_crosses_band", "approval_adds_money", "delete_project",
    "new_project", "delete_rollup", "plan_raised",
])
def test_it_follows_every_kind_of_write(district_projects, park, other_park, write):
    project, other_project, third, fourth = district_projects
    before = kept()
    # When one write of this kind lands after the cells were computed
    if write == "save_moves_park":
        third.park = other_park
        third.save()
    elif write == "update_moves_chain":
        Project.objects.filter(pk=project.pk).update(industry_chain="生物医药")
    elif write == "bulk_update_crosses_band":
        fourth.total_investment = Decimal(6000)
        Project.objects.bulk_update([fourth], ["total_investment"])
    elif write == "approval_adds_money":
        report(other_project, 6, 2000, 900)
    elif write == "delete_project":
        third.delete()
    elif write == "new_project":
        ProjectFactory(park=park, total_investment=Decimal(300000), industry_chain="新能源汽车")
    elif write == "delete_rollup":
        ProjectYearRollup.objects.filter(project=project, year=2026).delete()
    elif write == "plan_raised":
        ProjectYearRollup.objects.filter(project=third, year=2026).update(planned_investment=Decimal(9000))
    # Then the next dashboard shows the change, for leaders and for each park
    after = kept()
    assert after != before
    assert_matches_live(park, other_park)


def test_it_recomputes_only_what_changed(district_projects, park):
    project, *_ = district_projects
    kept()
    # Given nothing changed since the last read, When the dashboard is read again, Then nothing is written
    with CaptureQueriesContext(connection) as quiet:
        kept()
    assert not [q for q in quiet.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "DELETE"))]
    # Given one project grew by 1 亿元, When it is read, Then only its (park, chain, category) is redone
    before = card(kept(), "investment")["value"]
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal(160000))
    assert DashboardCellChange.objects.count() == 1
    kept()
    assert not DashboardCellChange.objects.exists()
    assert card(kept(), "investment")["value"] == card(live(), "investment")["value"] == round(before + 1, 2)


def test_it_keeps_a_change_that_lands_while_recomputing(district_projects, monkeypatch):
    project, *_ = district_projects
    before = card(kept(), "investment")["value"]
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal(160000))
    recompute = summary._recompute

    def recompute_then_someone_writes(year, keys):
        recompute(year, keys)
        Project.objects.filter(pk=project.pk).update(total_investment=Decimal(170000))

    # Given a write that arrives after the cells were recomputed but before the change log is cleared
    monkeypatch.setattr(summary, "_recompute", recompute_then_someone_writes)
    summary.refresh(2026)
    monkeypatch.setattr(summary, "_recompute", recompute)
    # Then its change is still logged, and the next read shows it
    assert DashboardCellChange.objects.exists()
    assert card(kept(), "investment")["value"] == card(live(), "investment")["value"] == round(before + 2, 2)


def test_it_counts_live_when_the_triggers_are_gone(district_projects):
    project, *_ = district_projects
    before = card(kept(), "investment")["value"]
    # Given a migration rebuilt the table and dropped the triggers (SQLite does that)
    triggers.uninstall(connection)
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal(160000))
    # Then the dashboard does not trust the cells, it counts live
    assert card(kept(), "investment")["value"] == round(before + 1, 2)
    # And the next migrate puts the triggers back
    _reinstall_cell_triggers(sender=None, using="default")
    assert triggers.installed(connection)


def test_it_agrees_with_the_progress_pages_on_double_half(district_projects):
    # The 双过半 card comes from the cells; the progress page uses calculations.double_half
    expected = calculations.double_half(2026)
    note = card(kept(), "double_half")["note"]
    assert f"6月末完成 {expected['completion'].rate}%" in note and f"不足一半 {expected['behind_count']} 个" in note
    assert card(kept(), "double_half")["value"] == ("已过半" if expected["passed"] else "未过半")


def test_it_gives_cells_only_to_scopes_that_are_parks(users, park, other_park):
    # Leaders see every project; park staff their park; a department's or an enterprise's projects are counted live
    assert summary.dimensions(users[Role.LEADER]) == {}
    assert summary.dimensions(users[Role.LEADER], park) == {"park_id": park.pk}
    assert summary.dimensions(users[Role.PARK_STAFF]) == {"park_id": park.pk}
    assert summary.dimensions(users[Role.PARK_STAFF], park) == {"park_id": park.pk}
    assert summary.dimensions(users[Role.PARK_STAFF], other_park) is None
    assert summary.dimensions(users[Role.DEPARTMENT_CLERK]) is None
    assert summary.dimensions(users[Role.ENTERPRISE]) is None


def test_it_shows_park_staff_nothing_of_another_park(client, users, district_projects, other_park):
    client.force_login(users[Role.PARK_STAFF])
    data = client.get(f"/battle-map/data.json?year=2026&park={other_park.pk}").json()
    assert card(data, "projects")["value"] == 0 and card(data, "investment")["value"] == 0


def test_it_shows_a_department_only_its_assigned_projects(client, users, district_projects, department):
    client.force_login(users[Role.DEPARTMENT_CLERK])
    data = client.get("/battle-map/data.json?year=2026").json()
    assigned = Project.objects.filter(responsible_unit=department).count()
    assert card(data, "projects")["value"] == assigned < Project.objects.count()


def test_it_counts_live_when_the_database_is_busy(district_projects, monkeypatch):
    project, *_ = district_projects
    before = card(kept(), "investment")["value"]
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal(160000))

    def busy(year):
        raise OperationalError("database is locked")

    # Given a long import holds SQLite's write lock, so the cells cannot be brought up to date
    monkeypatch.setattr(summary, "refresh", busy)
    # Then the dashboard still opens, with the live figures
    assert card(kept(), "investment")["value"] == round(before + 1, 2)
