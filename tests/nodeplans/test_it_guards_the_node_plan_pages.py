"""Who may open and change a node plan: out of scope is 404, visible but not allowed is 403 with a reason."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.nodeplans.models import NodePlan, PlanStatus

from ..pages import text
from .conftest import node


def test_the_plan_page_shows_the_nodes_and_the_critical_path(client, plan, users):
    # When the enterprise opens its project's plan
    client.force_login(users[Role.ENTERPRISE])
    response = client.get(reverse("nodeplans_project", args=[plan.project.pk]))

    # Then it reads the nodes, marked critical, and no action forms
    page = text(response)
    assert response.status_code == 200
    assert "关键" in page and "环评" in page and "施工许可" in page
    assert "2026-03-11" in page
    assert 'data-critical="1"' in response.content.decode()
    assert "批准并冻结基线" not in page and "办结登记" not in page


def test_another_parks_plan_is_not_found(client, users, other_project, flow, coordinator):
    from tuijin.nodeplans import actions
    from .conftest import START

    actions.apply_template(other_project, flow, actor=coordinator, start_date=START)
    for role in (Role.PARK_STAFF, Role.ENTERPRISE):
        client.force_login(users[role])
        assert client.get(reverse("nodeplans_project", args=[other_project.pk])).status_code == 404
        assert client.post(reverse("nodeplans_approve", args=[other_project.pk])).status_code == 404


def test_a_unit_owning_a_node_opens_a_plan_it_is_not_responsible_for(client, other_project, department,
                                                                     other_department, coordinator):
    # Given a plan on another park's project whose 环评 is owned by the other department
    from tuijin.nodeplans import actions
    from tests.factories import UserFactory
    from .conftest import START, build_flow

    template = build_flow([("a", "环评", 5, "other", [])], code="eia-only", name="环评流程",
                          department=department, other_department=other_department)
    plan = actions.apply_template(other_project, template, actor=coordinator, start_date=START)
    plan.project.responsible_unit = department
    plan.project.save()
    clerk = UserFactory(username="eco", role=Role.DEPARTMENT_CLERK, organisation=other_department)

    # When its clerk opens the plan: it is visible, and the node can be marked done
    client.force_login(clerk)
    assert client.get(reverse("nodeplans_project", args=[plan.project.pk])).status_code == 200
    response = client.post(reverse("nodeplans_done", args=[plan.project.pk]), {
        "node": node(plan, "环评").pk, "finished_on": "2026-02-13", "evidence_no": "锦环审〔2026〕3号"})
    assert response.status_code == 302
    assert node(plan, "环评").status == "done"


@pytest.mark.parametrize("role", [Role.LEADER, Role.ENTERPRISE])
def test_leaders_and_enterprises_cannot_change_a_plan(client, plan, users, role):
    client.force_login(users[role])
    project = plan.project
    for name, data in [("nodeplans_approve", {}), ("nodeplans_submit", {}),
                       ("nodeplans_done", {"node": node(plan, "环评").pk, "finished_on": "2026-02-13",
                                           "evidence_no": "x"}),
                       ("nodeplans_reschedule", {"node": node(plan, "环评").pk, "duration": "3"}),
                       ("nodeplans_extension", {"node": node(plan, "环评").pk, "days": "3", "reason": "x"})]:
        response = client.post(reverse(name, args=[project.pk]), data)
        assert response.status_code == 403, name
        assert "可以" in response.content.decode()
    assert NodePlan.objects.get().status == PlanStatus.DRAFT


def test_a_department_cannot_approve_its_plan(client, plan, users):
    client.force_login(users[Role.DEPARTMENT_CLERK])
    response = client.post(reverse("nodeplans_approve", args=[plan.project.pk]))
    assert response.status_code == 403
    assert "牵头部门" in response.content.decode()


def test_the_preview_partial_shows_the_knock_on_before_saving(client, plan, coordinator):
    # When the coordinator types a new duration for 用地预审
    client.force_login(coordinator)
    response = client.post(reverse("nodeplans_preview", args=[plan.project.pk]),
                           {"node": node(plan, "用地预审").pk, "duration": "10"}, HTTP_HX_REQUEST="true")

    # Then the partial names 施工许可 moving to 12 March and the completion moving with it; nothing saved
    page = text(response)
    assert "施工许可：2026-03-11 → 2026-03-12" in page
    assert "计划完成：2026-03-11 → 2026-03-12" in page
    assert node(plan, "用地预审").duration_workdays == 4


def test_a_coordinator_approves_on_the_page(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("nodeplans_approve", args=[plan.project.pk]), follow=True)
    assert "基线已冻结" in text(response)
    assert node(plan, "施工许可").baseline_finish.isoformat() == "2026-03-11"
