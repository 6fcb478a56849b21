"""Each role opens its 工作台, sees what waits for it under 待办 (the count on the navbar too), and does one item
from there: the coordinator assigns a problem, the park approves a report, the department's clerk reports in
with one click, the enterprise fixes a returned report, and the 包保 leader directs an escalated problem
(leaders change no data; a 批示 is the one thing on their list)."""

from decimal import Decimal

import pytest

from tuijin.accounts.models import Role
from tuijin.coordination import actions as coordination
from tuijin.coordination.models import ProblemCategory, ProblemStatus, seed_categories
from tuijin.progress import actions as progress
from tuijin.progress.models import ReportStatus

from ..coordination.clock import at, pin

pytestmark = pytest.mark.browser

L, C, P, D, E = Role.LEADER, Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE


@pytest.fixture(autouse=True)
def _june(monkeypatch):
    pin(monkeypatch)  # Monday 15 June 2026: deadlines on a known holiday calendar
    seed_categories()


def file(users, project, title="厂区10kV供电线路未接入"):
    return coordination.file_problem(actor=users[E], now=at(6, 15, 9), data={
        "title": title, "description": "设备调试需要正式用电。", "category": ProblemCategory.objects.get(name="水电气"),
        "urgency": "urgent", "project": project})


def todo_items(page):
    return page.get_by_test_id("todo")


def open_workbench(page, live_server, screenshot, name):
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("[data-testid=todos]")
    screenshot(name)
    return page.get_by_test_id("todos").inner_text()


def test_the_coordinator_assigns_a_problem_from_the_workbench(page, live_server, log_in, screenshot, users, project,
                                                              department):
    problem = file(users, project)
    log_in("coordinator")

    listed = open_workbench(page, live_server, screenshot, "70-workbench-coordinator")
    assert "问题待交办" in listed and "厂区10kV供电线路未接入" in listed
    assert page.get_by_test_id("todo-count").inner_text() == "1"

    page.get_by_test_id("todo").filter(has_text="厂区10kV").get_by_test_id("todo-go").click()
    page.select_option("#id_lead", label="住房和城乡建设局")
    page.fill("#id_working_days", "3")
    page.get_by_role("button", name="交办").last.click()
    page.wait_for_selector("text=已交办住房和城乡建设局牵头办理")

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ASSIGNED
    assert "暂无待办事项" in open_workbench(page, live_server, screenshot, "71-workbench-coordinator-done")
    assert page.get_by_test_id("todo-count").count() == 0


def test_the_park_approves_a_report_from_the_workbench(page, live_server, log_in, screenshot, users, project):
    report = progress.save_draft(project, 2026, 5, actor=users[E], data={
        "completed_investment": Decimal("860"), "narrative": "主体结构封顶，设备基础施工中"})
    progress.submit_report(report, actor=users[E])
    log_in("park")

    listed = open_workbench(page, live_server, screenshot, "72-workbench-park")
    assert "2026年5月月报待审核（本月完成 860.00 万元）" in listed

    page.get_by_test_id("todo-go").first.click()
    page.get_by_test_id("approve-5").click()
    page.wait_for_selector("text=已审核通过")

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert "月报待审核" not in open_workbench(page, live_server, screenshot, "73-workbench-park-done")


def test_the_clerk_reports_in_with_one_click(page, live_server, log_in, screenshot, users, project, department):
    problem = coordination.assign_problem(file(users, project), actor=users[C], lead=department, working_days=3,
                                          now=at(6, 15, 10))
    log_in("dept")

    listed = open_workbench(page, live_server, screenshot, "74-workbench-dept")
    assert "问题待报到" in listed and "期限 2026-06-16" in listed

    page.get_by_test_id("todo-do").click()  # htmx: the list is swapped in place
    page.wait_for_selector("[data-testid=todo-message]")
    assert f"{problem.code} 已报到" in page.get_by_test_id("todos").inner_text()
    assert "问题待答复" in page.get_by_test_id("todos").inner_text()
    assert page.get_by_test_id("todo-count").inner_text() == "1"
    screenshot("75-workbench-dept-done")

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ACCEPTED


def test_the_enterprise_fixes_a_returned_report(page, live_server, log_in, screenshot, users, project):
    report = progress.save_draft(project, 2026, 5, actor=users[E], data={"completed_investment": Decimal("860")})
    progress.submit_report(report, actor=users[E])
    progress.return_report(report, actor=users[P], reason="请补充形象进度")
    log_in("ent")

    listed = open_workbench(page, live_server, screenshot, "76-workbench-enterprise")
    assert "2026年5月月报被退回：请补充形象进度" in listed

    page.get_by_test_id("todo-go").first.click()
    page.fill("#id_narrative", "主体结构封顶，设备基础施工中")
    page.get_by_test_id("submit-report").click()
    page.wait_for_selector("text=已报送")

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.narrative.startswith("主体结构封顶")
    assert "月报被退回" not in open_workbench(page, live_server, screenshot, "77-workbench-enterprise-done")


def test_the_baobao_leader_directs_an_escalated_problem(page, live_server, log_in, screenshot, users, project,
                                                        department):
    project.responsible_official = users[L]
    project.save()
    problem = coordination.assign_problem(file(users, project), actor=users[C], lead=department, working_days=3,
                                          now=at(6, 15, 10))
    coordination.escalate_problem(problem, actor=users[C], reason="部门逾期未报到")
    log_in("leader")

    listed = open_workbench(page, live_server, screenshot, "78-workbench-leader")
    assert "问题待批示" in listed and "二级·领导督办" in listed

    page.get_by_test_id("todo-go").first.click()
    page.fill("[data-testid=direct-text]", "请住建局本周内协调供电公司送电")
    page.get_by_test_id("direct").click()
    page.wait_for_selector("text=批示已送达办理部门")

    assert problem.events.filter(kind="directed", actor=users[L]).count() == 1
    assert "暂无待办事项" in open_workbench(page, live_server, screenshot, "79-workbench-leader-done")
