"""交办 ticked problems in one request: one event and one set of assignments each, deadlines on the
working-day calendar, one message per department, refused whole when one is not 待交办, the ones
somebody else assigned meanwhile skipped and counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.coordination import actions
from tuijin.coordination.models import AssignmentRole, EventKind, Problem, ProblemAssignment, ProblemEvent, ProblemStatus
from tuijin.notifications.models import Notification

from ..pages import text
from .clock import at


def filed(users, project, category, count):
    return [actions.file_problem(actor=users[Role.ENTERPRISE], data={
        "title": f"问题{number}", "description": "需要协调。", "category": category, "project": project,
    }) for number in range(count)]


def assign(client, problems, department, *, co=(), days=3, since=None):
    data = {"problems": [problem.pk for problem in problems], "lead": department.pk, "working_days": days,
            "co_departments": [each.pk for each in co]}
    if since is not None:
        data["since"] = since.isoformat()
    return client.post(reverse("coordination_assign_bulk"), data, follow=True)


@pytest.mark.django_db
def test_it_assigns_thirty_problems_in_one_request(client, users, coordinator, project, category, department,
                                                   other_department, clerk, other_clerk):
    # given 30 problems waiting on Monday 15 June 2026 and the coordinator on the list
    problems = filed(users, project, category, 30)
    client.force_login(coordinator)
    assert "交办所选" in text(client.get(reverse("coordination_problems")))

    # when all of them go to 住建局 with 生态环境局, three working days
    page = assign(client, problems, department, co=[other_department])

    # then each is 已交办 with the calendar's deadlines, one event and a lead and a co assignment each
    assert "已交办 30 件" in text(page)
    rows = Problem.objects.filter(pk__in=[problem.pk for problem in problems])
    assert {row.status for row in rows} == {ProblemStatus.ASSIGNED}
    assert {timezone.localtime(row.deadline) for row in rows} == {at(6, 18, 17, 30)}
    assert {timezone.localtime(row.accept_due) for row in rows} == {at(6, 16, 17, 30)}
    assert {row.lead_department_id for row in rows} == {department.pk}
    assert ProblemEvent.objects.filter(kind=EventKind.ASSIGNED, actor=coordinator).count() == 30
    assert ProblemAssignment.objects.filter(role=AssignmentRole.LEAD, department=department).count() == 30
    assert ProblemAssignment.objects.filter(role=AssignmentRole.CO, department=other_department).count() == 30
    # and each department's clerk gets one message listing its problems
    lead_messages = Notification.objects.filter(recipient=clerk, title__startswith="交办")
    assert [message.title for message in lead_messages] == ["交办（牵头）：30 件问题"]
    assert problems[0].code in lead_messages[0].body and problems[-1].code in lead_messages[0].body
    assert Notification.objects.filter(recipient=other_clerk, title="交办（协办）：30 件问题").count() == 1


@pytest.mark.django_db
def test_it_keeps_the_query_count_flat(client, users, coordinator, project, category, department, other_department,
                                       clerk):
    few, many = filed(users, project, category, 3), filed(users, project, category, 30)
    client.force_login(coordinator)

    def queries(problems):
        with CaptureQueriesContext(connection) as captured:
            assign(client, problems, department, co=[other_department])
        return len(captured)

    assert queries(few) == queries(many)
    assert Problem.objects.filter(status=ProblemStatus.ASSIGNED).count() == 33


@pytest.mark.django_db
def test_it_skips_and_counts_what_somebody_else_assigned_meanwhile(client, users, coordinator, project, category,
                                                                  department, other_department):
    # given the list shown, then a colleague assigns one of the ticked problems
    problems = filed(users, project, category, 13)
    shown = timezone.now()
    actions.assign_problem(problems[0], actor=coordinator, lead=other_department, working_days=5)
    client.force_login(coordinator)

    page = assign(client, problems, department, since=shown)

    assert "已交办 12 件；1 件已被他人交办，未改动" in text(page)
    assert Problem.objects.get(pk=problems[0].pk).lead_department == other_department
    assert ProblemEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 13


@pytest.mark.django_db
def test_it_refuses_the_whole_batch_holding_a_problem_not_waiting(client, users, coordinator, project, category,
                                                                  department, other_department):
    # given a problem assigned before the list was shown, ticked with two waiting ones (a forged form)
    problems = filed(users, project, category, 3)
    actions.assign_problem(problems[0], actor=coordinator, lead=other_department, working_days=5)
    client.force_login(coordinator)

    page = assign(client, problems, department, since=timezone.now())

    assert "不是待交办状态" in text(page) and "未做任何改动" in text(page)
    assert Problem.objects.filter(status=ProblemStatus.SUBMITTED).count() == 2
    assert ProblemEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 1


@pytest.mark.django_db
def test_it_refuses_a_bad_deadline_without_writing(client, users, coordinator, project, category, department):
    problems = filed(users, project, category, 2)
    client.force_login(coordinator)

    page = assign(client, problems, department, days=0)

    assert "未交办" in text(page)
    assert Problem.objects.filter(status=ProblemStatus.SUBMITTED).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DEPARTMENT_CLERK, Role.LEADER, Role.PARK_STAFF, Role.ENTERPRISE])
def test_only_coordinators_assign(client, users, project, category, department, role):
    problems = filed(users, project, category, 2)
    client.force_login(users[role])

    response = client.post(reverse("coordination_assign_bulk"),
                           {"problems": [problem.pk for problem in problems], "lead": department.pk,
                            "working_days": 3})

    assert response.status_code == 403
    assert "交办所选" not in text(client.get(reverse("coordination_problems")))
    assert Problem.objects.filter(status=ProblemStatus.SUBMITTED).count() == 2
