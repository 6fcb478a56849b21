"""Node plans in the baseline: a node's planned finish moved inside the period, by working days and days, on the
page, in the Excel sheet, over the API and on the command line; never a move after the end, never another park's."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tuijin.accounts.models import Role
from tuijin.api.actions import create_token
from tuijin.baselines.comparison import Kind, compare
from tuijin.nodeplans import actions
from tuijin.projects.models import Project

from ..nodeplans.conftest import FESTIVAL_FLOW, build_flow
from ..pages import text

D = dt.date
START, END = D(2026, 3, 1), D(2026, 4, 30)


def at(month, day, hour=10):
    return time_machine.travel(timezone.make_aware(dt.datetime(2026, month, day, hour)), tick=False)


def node(plan, name):
    return plan.nodes.get(name=name)


@pytest.fixture
def plans(project, other_project, department, other_department, coordinator):
    """Both parks' projects exist since January; their festival plans are applied on 2月2日 (starting 2月9日).

    On 3月20日 用地预审 of the own project takes 10 working days instead of 4: its finish moves 2 March → 10 March
    and 施工许可 (after it) 11 → 12 March. On 5月6日, after the period, 施工许可 takes 5 working days instead of 2.
    The other park's plan moves on 3月20日 as well.
    """
    Project.objects.filter(pk__in=[project.pk, other_project.pk]).update(
        created_at=timezone.make_aware(dt.datetime(2026, 1, 10, 9)))
    flow = build_flow(FESTIVAL_FLOW, department=department, other_department=other_department)
    with at(2, 2):
        own = actions.apply_template(project, flow, actor=coordinator, start_date=D(2026, 2, 9))
        away = actions.apply_template(other_project, flow, actor=coordinator, start_date=D(2026, 2, 9))
    with at(3, 20):
        actions.reschedule(node(own, "用地预审"), actor=coordinator, duration=10)
        actions.reschedule(node(away, "环评"), actor=coordinator, duration=15)
    with at(5, 6):
        actions.reschedule(node(own, "施工许可"), actor=coordinator, duration=5)
    return {"own": own, "away": away}


def slips(baseline):
    return [(change.project.code, change.label, change.before, change.after, change.workdays, change.delta)
            for change in baseline.changes if change.kind == Kind.NODE_DATE]


def test_it_reports_exactly_the_slips_inside_the_period(plans, project, users):
    # When the park's staff compare 3月1日 with 4月30日
    baseline = compare(users[Role.PARK_STAFF], START, END)
    # Then the two finishes the 3月20日 change moved are reported, by working days and days (6 March is a Friday)
    assert slips(baseline) == [
        (project.code, "节点“用地预审”计划完成", D(2026, 3, 2), D(2026, 3, 10), 6, 8),
        (project.code, "节点“施工许可”计划完成", D(2026, 3, 11), D(2026, 3, 12), 1, 1),
    ]
    # And the project's stage, dates and amounts, untouched, are not
    assert [change.kind for change in baseline.changes] == [Kind.NODE_DATE, Kind.NODE_DATE]


def test_a_move_after_the_end_is_not_reported_until_the_period_reaches_it(plans, project, users):
    # When the period ends before the 5月6日 change, and when it runs past it
    before = compare(users[Role.COORDINATOR], START, D(2026, 5, 5))
    after = compare(users[Role.COORDINATOR], START, D(2026, 5, 31))
    permit = node(plans["own"], "施工许可")
    # Then 施工许可 first slips by the one day of 3月20日, then to its current finish, counted from 11 March
    own = [item for item in slips(before) if item[0] == project.code and "施工许可" in item[1]]
    assert own == [(project.code, "节点“施工许可”计划完成", D(2026, 3, 11), D(2026, 3, 12), 1, 1)]
    own = [item for item in slips(after) if item[0] == project.code and "施工许可" in item[1]]
    assert own == [(project.code, "节点“施工许可”计划完成", D(2026, 3, 11), permit.planned_finish, 4,
                    (permit.planned_finish - D(2026, 3, 11)).days)]


def test_a_plan_applied_inside_the_period_is_no_slip(plans, project, users):
    # When the period starts before the plans were applied
    baseline = compare(users[Role.PARK_STAFF], D(2026, 1, 31), END)
    # Then the nodes had no planned finish at the start: their dates are new, not slips (the 3月20日 moves included)
    assert slips(baseline) == []


def test_another_parks_nodes_are_never_shown(plans, project, other_project, users, client, coordinator):
    # When the coordinator and the park's staff compare the period
    everyone = {item[0] for item in slips(compare(coordinator, START, END))}
    own = {item[0] for item in slips(compare(users[Role.PARK_STAFF], START, END))}
    # Then the coordinator sees both plans' slips, the park's staff only their own, on every door
    assert everyone == {project.code, other_project.code}
    assert own == {project.code}
    token = create_token(users[Role.PARK_STAFF], name="脚本")[1]
    answer = client.get("/api/v1/baseline", {"from": "2026-03-01", "to": "2026-04-30"},
                        headers={"Authorization": f"Bearer {token}"}).json()
    assert {change["project_code"] for change in answer["changes"]} == {project.code}
    client.force_login(users[Role.PARK_STAFF])
    page = text(client.get("/baselines/", {"from": "2026-03-01", "to": "2026-04-30"}))
    assert other_project.name not in page


def test_it_shows_the_slips_on_every_door(plans, project, users, client):
    # When the park's staff open the page and its Excel sheet, call the API, and a script runs the command
    client.force_login(users[Role.PARK_STAFF])
    dates = {"from": "2026-03-01", "to": "2026-04-30"}
    page = text(client.get("/baselines/", dates))
    sheet = load_workbook(io.BytesIO(client.get("/baselines/", dates | {"format": "xlsx"}).content)).active
    token = create_token(users[Role.PARK_STAFF], name="脚本")[1]
    answer = client.get("/api/v1/baseline", dates, headers={"Authorization": f"Bearer {token}"}).json()
    out = io.StringIO()
    call_command("baseline", "--from", "2026-03-01", "--to", "2026-04-30", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    # Then each says 施工许可's planned finish moved 11 → 12 March, 1 working day later
    assert "节点计划调整" in page and "节点“施工许可”计划完成" in page and "推迟 1 个工作日/1 天" in page
    assert ["节点计划调整", "节点“施工许可”计划完成", "2026-03-11", "2026-03-12", "推迟 1 个工作日/1 天"] in [
        list(row[4:9]) for row in sheet.iter_rows(values_only=True)]
    permit = [change for change in answer["changes"] if change["label"] == "节点“施工许可”计划完成"]
    assert permit == [{"project_code": project.code, "project_id": project.pk, "kind": "node_date",
                       "kind_label": "节点计划调整", "field": "node.permit.planned_finish",
                       "label": "节点“施工许可”计划完成", "before": "2026-03-11", "after": "2026-03-12",
                       "delta": 1, "delta_workdays": 1}]
    assert {"project_code": project.code, "kind": "node_date", "field": "node.permit.planned_finish",
            "label": "节点“施工许可”计划完成", "before": "2026-03-11", "after": "2026-03-12", "delta": 1,
            "delta_workdays": 1} in printed["changes"]
