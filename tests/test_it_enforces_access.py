"""The role matrix: each role × (its own object, someone else's) × (list, detail, edit), enforced on the server.

"Own" means: the leader's and coordinator's district, the park staff's park, the department's
包保 responsibility, the enterprise user's enterprise. A refusal is a 403 when the user may see
the object but not change it, and a 404 when they may not even know it exists.
"""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

OK, FORBIDDEN, HIDDEN = 200, 403, 404
R = Role

# role: {(object, action): expected}
PROJECT_MATRIX = {
    R.LEADER: {"own": (True, OK, FORBIDDEN), "other": (True, OK, FORBIDDEN)},
    R.COORDINATOR: {"own": (True, OK, OK), "other": (True, OK, OK)},
    R.PARK_STAFF: {"own": (True, OK, OK), "other": (False, HIDDEN, HIDDEN)},
    R.DEPARTMENT_CLERK: {"own": (True, OK, OK), "other": (False, HIDDEN, HIDDEN)},
    R.ENTERPRISE: {"own": (True, OK, FORBIDDEN), "other": (False, HIDDEN, HIDDEN)},
}
ENTERPRISE_MATRIX = {
    R.LEADER: {"own": (True, OK, FORBIDDEN), "other": (True, OK, FORBIDDEN)},
    R.COORDINATOR: {"own": (True, OK, OK), "other": (True, OK, OK)},
    R.PARK_STAFF: {"own": (True, OK, OK), "other": (False, HIDDEN, HIDDEN)},
    R.DEPARTMENT_CLERK: {"own": (True, OK, FORBIDDEN), "other": (False, HIDDEN, HIDDEN)},
    R.ENTERPRISE: {"own": (True, OK, OK), "other": (False, HIDDEN, HIDDEN)},
}
CASES = [(role, whose) for role in Role for whose in ("own", "other")]


@pytest.mark.parametrize(("role", "whose"), CASES)
def test_it_applies_the_project_matrix(client, users, project, other_project, role, whose):
    # Given a user of ``role`` and a project that is theirs or someone else's
    target = project if whose == "own" else other_project
    in_list, detail, edit = PROJECT_MATRIX[role][whose]
    client.force_login(users[role])

    # When they open the list, the detail page and the edit page
    listing = client.get(reverse("project_list"))
    detail_response = client.get(reverse("project_detail", args=[target.pk]))
    edit_response = client.get(reverse("project_edit", args=[target.pk]))
    stage_response = client.get(reverse("project_transition", args=[target.pk, "negotiating"]))

    # Then each is allowed or refused as the matrix says
    assert (target.name in listing.content.decode()) is in_list
    assert detail_response.status_code == detail
    assert edit_response.status_code == edit
    assert stage_response.status_code == edit


REFUSED_EDITS = [(role, whose) for role, whose in CASES if PROJECT_MATRIX[role][whose][2] != OK]


@pytest.mark.parametrize(("role", "whose"), REFUSED_EDITS)
def test_it_refuses_edits_it_does_not_allow(client, users, project, other_project, role, whose):
    target = project if whose == "own" else other_project
    expected = PROJECT_MATRIX[role][whose][2]
    client.force_login(users[role])

    # When a refused user posts an edit and a stage change directly
    edit = client.post(reverse("project_edit", args=[target.pk]),
                       {"name": "被篡改的名称", "total_investment": "1", "version": target.version})
    move = client.post(reverse("project_transition", args=[target.pk, "negotiating"]),
                       {"target": "negotiating", "version": target.version})

    # Then both are refused and nothing changed
    assert (edit.status_code, move.status_code) == (expected, expected)
    target.refresh_from_db()
    assert target.name != "被篡改的名称" and target.stage == "planning" and not target.events.exists()


@pytest.mark.parametrize(("role", "whose"), CASES)
def test_it_applies_the_enterprise_matrix(client, users, enterprise, other_enterprise, role, whose):
    target = enterprise if whose == "own" else other_enterprise
    in_list, detail, edit = ENTERPRISE_MATRIX[role][whose]
    client.force_login(users[role])

    listing = client.get(reverse("enterprise_list"))
    detail_response = client.get(reverse("enterprise_detail", args=[target.pk]))
    edit_response = client.get(reverse("enterprise_edit", args=[target.pk]))

    assert (target.name in listing.content.decode()) is in_list
    assert detail_response.status_code == detail
    assert edit_response.status_code == edit


@pytest.mark.parametrize("role", [R.LEADER, R.DEPARTMENT_CLERK, R.ENTERPRISE])
def test_it_refuses_creation_to_roles_that_do_not_create(client, users, role):
    client.force_login(users[role])

    assert client.get(reverse("project_create")).status_code == FORBIDDEN
    assert client.post(reverse("project_create"), {"name": "越权新建", "total_investment": "100"}).status_code == FORBIDDEN
    assert client.get(reverse("enterprise_create")).status_code == FORBIDDEN


def test_it_sends_anonymous_visitors_to_the_login_page(client, project, enterprise):
    for url in (reverse("home"), reverse("project_list"), reverse("project_detail", args=[project.pk]),
                reverse("enterprise_detail", args=[enterprise.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_explains_a_refusal_in_chinese(client, users, project):
    client.force_login(users[R.LEADER])

    response = client.get(reverse("project_edit", args=[project.pk]))

    assert "您只能查看该项目，无权修改。" in response.content.decode()


# ------------------------------------------------ assigned work opens its project (tuijin.projects.reach)
# A department clerk is given work on ``other_project`` — a project their department is not 包保 for: as a
# problem's lead or co-department, on a meeting's action item, or as the owner of a node-plan node. They may
# open the project (200) but not change it (403); with nothing assigned it stays hidden (404).


def _problem(project, department, *, role, kind="problem"):
    import datetime as dt

    from django.utils import timezone

    from tuijin.coordination.models import Problem, ProblemAssignment, ProblemCategory

    category = ProblemCategory.objects.get_or_create(name="水电气")[0]
    serial = Problem.objects.count() + 1
    problem = Problem.objects.create(code=f"WT-T{serial:04d}", kind=kind, title="厂区供电未接入", description="需正式用电", category=category,
                                     project=project, status="assigned", lead_department=department
                                     if role == "lead" else None)
    ProblemAssignment.objects.create(problem=problem, department=department, role=role,
                                     assigned_at=timezone.now() - dt.timedelta(days=1))
    return problem


def _node(project, owner):
    import datetime as dt

    from tuijin.nodeplans.models import NodePlan, PlanNode

    plan = NodePlan.objects.create(project=project, start_date=dt.date(2026, 3, 2))
    return PlanNode.objects.create(plan=plan, code="huanping", name="环评", owner=owner, duration_workdays=10,
                                   planned_start=dt.date(2026, 3, 2), planned_finish=dt.date(2026, 3, 13))


ASSIGNED_WORK = {
    "co-department of a problem": lambda project, unit: _problem(project, unit, role="co"),
    "lead department of a problem": lambda project, unit: _problem(project, unit, role="lead"),
    "department of an action item": lambda project, unit: _problem(project, unit, role="lead", kind="action_item"),
    "owner unit of a node-plan node": _node,
}


@pytest.mark.parametrize("work", list(ASSIGNED_WORK))
def test_assigned_work_opens_its_project_read_only(client, users, department, other_project, work):
    # Given a clerk whose department is given work on a project it is not responsible for
    ASSIGNED_WORK[work](other_project, department)
    client.force_login(users[R.DEPARTMENT_CLERK])

    # When they open the project, its edit page and a stage change, and post an edit
    detail = client.get(reverse("project_detail", args=[other_project.pk]))
    edit = client.get(reverse("project_edit", args=[other_project.pk]))
    move = client.post(reverse("project_transition", args=[other_project.pk, "negotiating"]),
                       {"target": "negotiating", "version": other_project.version})
    listing = client.get(reverse("project_list"))

    # Then they read it (and find it in their list) but may change nothing, and are told why in Chinese
    assert detail.status_code == OK and other_project.name in detail.content.decode()
    assert (edit.status_code, move.status_code) == (FORBIDDEN, FORBIDDEN)
    assert "您只能查看该项目，无权修改。" in edit.content.decode()
    assert other_project.name in listing.content.decode()
    other_project.refresh_from_db()
    assert other_project.stage == "planning" and not other_project.events.exists()


def test_a_clerk_with_nothing_assigned_still_gets_404(client, users, department, other_department, other_project):
    # Given work on the project handed to another department only
    _problem(other_project, other_department, role="lead")
    _node(other_project, other_department)
    client.force_login(users[R.DEPARTMENT_CLERK])

    # When the clerk of the first department opens it
    # Then its existence does not leak
    assert client.get(reverse("project_detail", args=[other_project.pk])).status_code == HIDDEN
    assert other_project.name not in client.get(reverse("project_list")).content.decode()


def test_an_enterprise_user_gains_nothing_from_a_problem_on_another_project(client, users, department,
                                                                            other_project):
    _problem(other_project, department, role="co")
    client.force_login(users[R.ENTERPRISE])

    assert client.get(reverse("project_detail", args=[other_project.pk])).status_code == HIDDEN


def test_the_project_list_costs_the_same_queries_however_much_work_is_assigned(client, users, department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import ProjectFactory

    client.force_login(users[R.DEPARTMENT_CLERK])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("project_list")).status_code == OK
        return len(queries)

    # Given one project reached through a problem, then ten more through problems and nodes
    _problem(ProjectFactory(), department, role="co")
    one = count()
    for _ in range(5):
        _problem(ProjectFactory(), department, role="lead")
        _node(ProjectFactory(), department)

    # Then listing them takes no more queries
    assert count() == one
