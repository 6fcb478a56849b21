"""Who sees which problems, both ways: own, assigned, all — and a 404 for everything else."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import OrganisationKind, Role
from tuijin.coordination import actions
from tuijin.coordination.models import Problem

from ..factories import OrganisationFactory, UserFactory
from ..pages import text


@pytest.fixture
def others(other_project, category, coordinator):
    """A problem of the other enterprise's project, not yet assigned."""
    return actions.file_problem(actor=coordinator, data={
        "title": "冷库用地指标不足", "description": "需调整用地指标", "category": category, "project": other_project})


def listed(client, user, **params):
    client.force_login(user)
    return text(client.get(reverse("coordination_problems"), params))


def detail_status(client, user, problem):
    client.force_login(user)
    return client.get(reverse("coordination_problem", args=[problem.pk])).status_code


def test_it_shows_an_enterprise_only_its_own_problems(client, users, assigned, others):
    enterprise_user = users[Role.ENTERPRISE]

    assert "厂区10kV供电线路未接入" in listed(client, enterprise_user)
    assert "冷库用地指标不足" not in listed(client, enterprise_user)
    assert detail_status(client, enterprise_user, assigned) == 200
    assert detail_status(client, enterprise_user, others) == 404


def test_it_shows_a_department_what_is_assigned_to_it_as_lead_or_co(client, assigned, others, clerk, other_clerk,
                                                                   district):
    water = OrganisationFactory(name="水务局", kind=OrganisationKind.DEPARTMENT, parent=district)
    stranger = UserFactory(role=Role.DEPARTMENT_CLERK, organisation=water)

    assert detail_status(client, clerk, assigned) == 200  # lead
    assert detail_status(client, other_clerk, assigned) == 200  # co-department
    assert detail_status(client, stranger, assigned) == 404  # another department
    assert detail_status(client, clerk, others) == 404  # not assigned to anyone yet
    assert "厂区10kV供电线路未接入" not in listed(client, stranger, mine="0")


def test_it_shows_leaders_and_coordinators_everything(client, users, assigned, others):
    for role in (Role.LEADER, Role.COORDINATOR):
        page = listed(client, users[role])
        assert "厂区10kV供电线路未接入" in page and "冷库用地指标不足" in page
        assert detail_status(client, users[role], others) == 200


def test_it_shows_park_staff_their_parks_problems(client, users, assigned, others):
    park_staff = users[Role.PARK_STAFF]

    assert detail_status(client, park_staff, assigned) == 200
    assert detail_status(client, park_staff, others) == 404


def test_it_hides_the_governments_action_items_from_enterprises(users, project, category, coordinator, department):
    item = actions.file_problem(actor=coordinator, kind="action_item", data={
        "title": "协调解决施工道路", "description": "会议议定", "category": category, "project": project})

    assert not Problem.objects.visible_to(users[Role.ENTERPRISE]).filter(pk=item.pk).exists()
    assert Problem.objects.visible_to(users[Role.LEADER]).filter(pk=item.pk).exists()


def test_it_lets_only_the_right_people_act(client, users, assigned, clerk, other_clerk):
    # Visible but not theirs to change: 403
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("coordination_assign", args=[assigned.pk])).status_code == 403
    assert client.post(reverse("coordination_accept", args=[assigned.pk])).status_code == 403
    client.force_login(users[Role.LEADER])
    assert client.post(reverse("coordination_accept", args=[assigned.pk])).status_code == 403
    client.force_login(other_clerk)  # the co-department
    assert client.post(reverse("coordination_accept", args=[assigned.pk])).status_code == 403
    client.force_login(clerk)
    assert client.post(reverse("coordination_confirm", args=[assigned.pk]), {"rating": 5, "solved": "yes"}
                       ).status_code == 403
    # And what the page offers matches: the lead department sees 报到, the co-department nothing
    assert 'data-testid="accept"' in client.get(reverse("coordination_problem", args=[assigned.pk])).content.decode()
    client.force_login(other_clerk)
    assert 'data-testid="actions"' not in client.get(reverse("coordination_problem", args=[assigned.pk])
                                                     ).content.decode()


def test_it_keeps_meetings_to_leaders_and_coordinators(client, users):
    for role in (Role.ENTERPRISE, Role.DEPARTMENT_CLERK, Role.PARK_STAFF):
        client.force_login(users[role])
        assert client.get(reverse("coordination_meetings")).status_code == 404
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("coordination_meetings")).status_code == 200
    assert client.get(reverse("coordination_meeting_new")).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client, assigned):
    response = client.get(reverse("coordination_problem", args=[assigned.pk]))
    assert response.status_code == 302 and response.url.startswith("/login/")
