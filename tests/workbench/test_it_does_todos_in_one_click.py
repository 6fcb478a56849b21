"""The one-click to-dos (报到 a problem, 签收 a warning) are done in place and answer with the new 待办 list; the
home page and the navbar badge cost the same number of queries for 1 item as for 30."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts.models import RuleKey, Warning, WarningLevel, WarningStatus
from tuijin.coordination import actions as coordination
from tuijin.coordination.models import ProblemStatus
from tuijin.progress import actions as progress
from tuijin.projects.models import Stage

from ..coordination.clock import at
from ..factories import ProjectFactory
from ..pages import text
from .conftest import todos

L, C, P, D, E = Role.LEADER, Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE


def assigned_problem(users, project, category, department, title="厂区10kV供电线路未接入"):
    problem = coordination.file_problem(actor=users[E], now=at(6, 15, 9), data={
        "title": title, "description": "设备调试需要正式用电。", "category": category, "project": project})
    return coordination.assign_problem(problem, actor=users[C], lead=department, working_days=3, now=at(6, 15, 10))


def test_a_clerk_reports_in_from_the_workbench(client, users, project, category, department):
    problem = assigned_problem(users, project, category, department)
    client.force_login(users[D])

    response = client.post(reverse("workbench_accept", args=[problem.pk]), HTTP_HX_REQUEST="true")

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ACCEPTED and problem.accepted_at is not None
    assert problem.events.filter(kind="accepted", actor=users[D]).count() == 1
    page = text(response)
    assert f"{problem.code} 已报到" in page
    assert "问题待答复" in page and "问题待报到" not in page
    assert 'id="todo-badge" hx-swap-oob="true"' in response.content.decode()


def test_without_htmx_the_clerk_is_sent_back_to_the_workbench(client, users, project, category, department):
    problem = assigned_problem(users, project, category, department)
    client.force_login(users[D])

    response = client.post(reverse("workbench_accept", args=[problem.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert f"{problem.code} 已报到" in text(response)


def test_reporting_in_twice_says_it_was_done_already(client, users, project, category, department):
    problem = assigned_problem(users, project, category, department)
    coordination.accept_problem(problem, actor=users[D])
    client.force_login(users[D])

    response = client.post(reverse("workbench_accept", args=[problem.pk]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert problem.events.filter(kind="accepted").count() == 1
    assert "已报到" in text(response) or "已被他人处理" in text(response)


def test_only_the_lead_departments_clerk_may_report_in(client, users, project, category, department, other_clerk,
                                                       other_department):
    problem = coordination.file_problem(actor=users[E], now=at(6, 15, 9), data={
        "title": "道路未通", "description": "进场道路未硬化。", "category": category, "project": project})
    coordination.assign_problem(problem, actor=users[C], lead=department, co_departments=[other_department],
                                working_days=3, now=at(6, 15, 10))
    # the co-department sees the problem but may not report in for the lead: 403 with a Chinese reason
    client.force_login(other_clerk)
    refused = client.post(reverse("workbench_accept", args=[problem.pk]))
    assert refused.status_code == 403 and "牵头部门" in refused.content.decode()
    # the coordinator may not either; an enterprise of another park does not even learn it exists
    client.force_login(users[C])
    assert client.post(reverse("workbench_accept", args=[problem.pk])).status_code == 403
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ASSIGNED


@pytest.fixture
def warning(project):
    now = timezone.now()
    return Warning.objects.create(project=project, rule=RuleKey.START_OVERDUE, level=WarningLevel.RED,
                                  cause="计划开工日期已过 95 天仍未开工", measure=Decimal("95"),
                                  first_raised_at=now, level_changed_at=now)


def test_a_clerk_signs_for_a_warning_from_the_workbench(client, users, warning):
    client.force_login(users[D])

    response = client.post(reverse("workbench_acknowledge", args=[warning.pk]), HTTP_HX_REQUEST="true")

    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED
    assert warning.events.filter(kind="acknowledged", actor=users[D]).count() == 1
    page = text(response)
    assert "已签收" in page and "记录处置" in page


def test_a_leader_and_an_enterprise_may_not_sign_for_a_warning(client, users, warning, other_project):
    for role in (L, E):
        client.force_login(users[role])
        assert client.post(reverse("workbench_acknowledge", args=[warning.pk])).status_code == 403
    now = timezone.now()
    elsewhere = Warning.objects.create(project=other_project, rule=RuleKey.START_OVERDUE, level=WarningLevel.RED,
                                       cause="另一园区的预警", measure=Decimal("95"), first_raised_at=now,
                                       level_changed_at=now)
    client.force_login(users[P])
    assert client.post(reverse("workbench_acknowledge", args=[elsewhere.pk])).status_code == 404
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN


def make_work(users, project, category, department, n):
    """``n`` items of several kinds for the department clerk and the park."""
    for i in range(n):
        assigned_problem(users, project, category, department, title=f"问题{i}")
        extra = ProjectFactory(name=f"在建项目{i}", enterprise=project.enterprise, park=project.park,
                               responsible_unit=department, stage=Stage.CONSTRUCTION)
        now = timezone.now()
        Warning.objects.create(project=extra, rule=RuleKey.START_OVERDUE, level=WarningLevel.YELLOW,
                               cause=f"预警{i}", measure=Decimal("10"), first_raised_at=now, level_changed_at=now)
        report = progress.save_draft(extra, 2026, 5, actor=users[C], data={"completed_investment": Decimal("1")})
        progress.submit_report(report, actor=users[C])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [D, P])
def test_the_workbench_costs_the_same_for_one_item_as_for_thirty(client, users, project, category, department,
                                                                 role):
    client.force_login(users[role])
    make_work(users, project, category, department, 1)
    client.get(reverse("home"))  # first-request work (the reporting settings row, the session) out of the way
    one_home, one_page = queries(client, reverse("home")), queries(client, reverse("project_list"))

    make_work(users, project, category, department, 29)
    assert queries(client, reverse("home")) == one_home
    assert queries(client, reverse("project_list")) == one_page  # the badge on every page: one query
    assert "30" in todos(client, users[role])
