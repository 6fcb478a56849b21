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
