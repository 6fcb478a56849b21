"""The baseline: changes made at known times, through the real actions, and exactly those reported between two dates."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.baselines.comparison import Kind, compare
from tuijin.progress.actions import save_yearly_plan
from tuijin.projects import actions, lifecycle
from tuijin.projects.models import Stage

START, END = dt.date(2026, 3, 1), dt.date(2026, 4, 30)


def at(day, hour=10):
    return time_machine.travel(timezone.make_aware(dt.datetime(2026, *day, hour, 0)), tick=False)


def make(actor, park, name, **data):
    return actions.create_project(actor=actor, data={"name": name, "park": park,
                                                     "total_investment": Decimal("20000.00"), **data})


def edit(project, actor, **data):
    project.refresh_from_db()
    return actions.update_project(project, actor=actor, data=data, expected_version=project.version)


def move(project, target, actor, **evidence):
    project.refresh_from_db()
    return actions.change_stage(project, target, actor=actor, evidence=lifecycle.Evidence(**evidence))


@pytest.fixture
def history(users, park, other_park):
    """A district's spring: what happened before, between and after 3月1日 and 4月30日."""
    coordinator = users[Role.COORDINATOR]
    with at((2, 10)):
        plant = make(coordinator, park, "电池材料项目", planned_start_date=dt.date(2026, 5, 1),
                     planned_complete_date=dt.date(2027, 12, 31))
        quiet = make(coordinator, park, "静默项目")
        away = make(coordinator, other_park, "临港项目")
        save_yearly_plan(plant, 2026, actor=coordinator, data={"planned_investment": Decimal("5000.00")})
    with at((2, 20)):
        edit(plant, coordinator, planned_start_date=dt.date(2026, 5, 15))  # before the period: not reported
    with at((3, 1), 16):
        edit(quiet, coordinator, total_investment=Decimal("21000.00"))  # on the first day: already in "before"
    with at((3, 12)):
        move(plant, Stage.NEGOTIATING, coordinator)
        edit(plant, coordinator, planned_start_date=dt.date(2026, 6, 14), total_investment=Decimal("26000.00"))
        move(away, Stage.NEGOTIATING, coordinator)
    with at((4, 2)):
        save_yearly_plan(plant, 2026, actor=coordinator, data={"planned_investment": Decimal("7500.00")})
        newcomer = make(coordinator, park, "新签项目")
    with at((4, 20)):
        move(plant, Stage.SIGNED, coordinator, date=dt.date(2026, 4, 18))
    with at((5, 3)):
        edit(plant, coordinator, planned_complete_date=dt.date(2028, 6, 30))  # after the period: not reported
        move(quiet, Stage.TERMINATED, coordinator, reason="投资方撤资")
    return {"plant": plant, "quiet": quiet, "away": away, "newcomer": newcomer}


def test_it_reports_exactly_the_changes_between_the_dates(history, users):
    # Given the spring's history (fixture)
    # When the coordinator compares 3月1日 with 4月30日
    baseline = compare(users[Role.COORDINATOR], START, END)
    # Then the project made in April is added and nothing was removed
    assert [ref.code for ref in baseline.added] == [history["newcomer"].code]
    assert baseline.removed == []
    # And exactly the stage moves, the slip, the amount and the plan of the period are reported
    plant, away = history["plant"].code, history["away"].code
    found = {(change.project.code, change.field, change.before, change.after, change.delta)
             for change in baseline.changes}
    assert found == {
        (plant, "stage", Stage.PLANNING, Stage.SIGNED, None),
        (plant, "planned_start_date", dt.date(2026, 5, 15), dt.date(2026, 6, 14), 30),
        (plant, "total_investment", Decimal("20000.00"), Decimal("26000.00"), Decimal("6000.00")),
        (plant, "yearly_plan.2026", Decimal("5000.00"), Decimal("7500.00"), Decimal("2500.00")),
        (away, "stage", Stage.PLANNING, Stage.NEGOTIATING, None),
    }


def test_a_project_that_did_not_exist_at_the_start_is_added(history, users):
    # When the comparison starts before any project existed
    baseline = compare(users[Role.COORDINATOR], dt.date(2026, 1, 1), END)
    # Then every project is added, and nothing else is said about them
    assert {ref.code for ref in baseline.added} == {project.code for project in history.values()}
    assert [change for change in baseline.changes if change.kind in (Kind.STAGE, Kind.DATE, Kind.INVESTMENT)] == []


def test_a_terminated_project_is_removed(history, users):
    # When the comparison runs past the termination on 5月3日
    baseline = compare(users[Role.COORDINATOR], END, dt.date(2026, 5, 31))
    # Then the terminated project is removed, and the later slip is the one change reported
    assert [ref.code for ref in baseline.removed] == [history["quiet"].code]
    assert [(change.project.code, change.field, change.delta) for change in baseline.changes] == [
        (history["plant"].code, "planned_complete_date", 182)]


def test_a_stage_filter_judges_each_date(history, users):
    # When the list is the projects 在谈
    baseline = compare(users[Role.COORDINATOR], START, END, {"stage": Stage.NEGOTIATING})
    # Then the one that reached 在谈 joined it, and the one that went on to 已签约 is not in it at the end
    assert [ref.code for ref in baseline.added] == [history["away"].code]
    assert baseline.removed == [] and baseline.changes == []


def test_a_park_user_sees_only_their_park(history, users):
    # When the park's staff compare the same dates
    baseline = compare(users[Role.PARK_STAFF], START, END)
    # Then the other park's project is nowhere
    codes = {ref.code for ref in baseline.added} | {change.project.code for change in baseline.changes}
    assert history["away"].code not in codes
    assert history["plant"].code in codes


def test_a_size_filter_judges_each_date(users, park):
    # Given one project that grew past 1 亿 and one that shrank below it inside the period
    coordinator = users[Role.COORDINATOR]
    with at((2, 10)):
        grown = make(coordinator, park, "扩产项目", total_investment=Decimal("8000.00"))
        shrunk = make(coordinator, park, "缩减项目", total_investment=Decimal("12000.00"))
        steady = make(coordinator, park, "稳定项目", total_investment=Decimal("15000.00"))
    with at((3, 20)):
        edit(grown, coordinator, total_investment=Decimal("12000.00"))
        edit(shrunk, coordinator, total_investment=Decimal("9000.00"))
    with at((5, 3)):
        edit(steady, coordinator, total_investment=Decimal("5000.00"))  # after the period: still 亿元以上 then
    # When the list is the projects of 亿元以上
    baseline = compare(coordinator, START, END, {"size": "100m"})
    # Then the one that grew joined it, the one that shrank left it, and the later cut changes nothing
    assert [ref.code for ref in baseline.added] == [grown.code]
    assert [ref.code for ref in baseline.removed] == [shrunk.code]
    assert baseline.changes == []


def test_admin_edits_are_rolled_back_in_their_order(history, users):
    # Given the plant's start moved again in the admin on 4月10日 (the audit log is its only trace)
    from tuijin.audit.models import AuditAction, AuditEntry
    from tuijin.projects.models import Project

    plant = history["plant"]
    with at((4, 10)):
        AuditEntry.objects.create(source="admin", action=AuditAction.CHANGE, model="projects.project",
                                  model_label="项目", object_pk=str(plant.pk), object_repr=plant.name, changes=[
                                      {"field": "planned_start_date", "label": "计划开工日期",
                                       "old": "2026-06-14", "new": "2026-07-01"}])
        Project.objects.filter(pk=plant.pk).update(planned_start_date=dt.date(2026, 7, 1))
    # When the coordinator compares 3月1日 with 4月30日, and 3月1日 with 4月5日
    whole = compare(users[Role.COORDINATOR], START, END)
    early = compare(users[Role.COORDINATOR], START, dt.date(2026, 4, 5))
    # Then the period's slip runs from before the page's edit to after the admin's, and stops before it earlier
    def slip(baseline):
        return [(change.before, change.after, change.delta) for change in baseline.changes
                if change.project.code == plant.code and change.field == "planned_start_date"]

    assert slip(whole) == [(dt.date(2026, 5, 15), dt.date(2026, 7, 1), 47)]
    assert slip(early) == [(dt.date(2026, 5, 15), dt.date(2026, 6, 14), 30)]


def test_two_moves_at_the_same_instant_undo_in_the_order_they_were_made(users, park):
    # Given a project moved twice within the same second
    coordinator = users[Role.COORDINATOR]
    with at((2, 10)):
        project = make(coordinator, park, "快签项目")
    with at((3, 20)):
        move(project, Stage.NEGOTIATING, coordinator)
        move(project, Stage.SIGNED, coordinator, date=dt.date(2026, 3, 20))
    # When the period is compared
    baseline = compare(coordinator, START, END)
    # Then the stage ran from the first move's start to the last move's end
    assert [(change.field, change.before, change.after) for change in baseline.changes] == [
        ("stage", Stage.PLANNING, Stage.SIGNED)]
