"""The plan's workflow: owners propose, the lead bureau approves (baseline frozen), extensions asked and decided."""

import datetime as dt

import pytest

from tuijin.accounts.models import Role
from tuijin.nodeplans import actions
from tuijin.nodeplans.models import ExtensionStatus, NodeEvent, NodeEventKind, PlanStatus
from tuijin.nodeplans.rules import Refused
from tuijin.notifications.models import Notification, NotificationKind

from .conftest import dates, node

D = dt.date


def test_an_owner_proposes_a_duration_while_drafting(plan, users):
    # When the department that owns 用地预审 proposes 6 working days
    clerk = users[Role.DEPARTMENT_CLERK]
    actions.propose_duration(node(plan, "用地预审"), actor=clerk, days=6, note="需现场踏勘")

    # Then the node runs 26 Feb → 4 March (26, 27, 28, 2, 3, 4) and the event is the clerk's
    assert dates(plan)["用地预审"] == (D(2026, 2, 26), D(2026, 3, 4))
    assert NodeEvent.objects.filter(kind=NodeEventKind.DURATION_PROPOSED, actor=clerk).exists()


def test_approval_freezes_the_baseline_and_later_moves_leave_it(plan, users, coordinator):
    # Given the plan sent for approval
    actions.submit_plan(plan, actor=users[Role.PARK_STAFF])
    assert Notification.objects.filter(recipient=coordinator, kind=NotificationKind.NODE_PLAN_SUBMITTED).exists()

    # When the lead bureau approves it
    actions.approve_plan(plan, actor=coordinator)

    # Then the plan is approved, by whom and when, and each node's baseline is its planned dates
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == coordinator and plan.approved_at
    permit = node(plan, "施工许可")
    assert (permit.baseline_start, permit.baseline_finish) == (D(2026, 3, 10), D(2026, 3, 11))

    # And a later change moves the plan but not the baseline
    actions.reschedule(node(plan, "环评"), actor=coordinator, duration=12)
    permit.refresh_from_db()
    assert permit.planned_finish == D(2026, 3, 13) and permit.baseline_finish == D(2026, 3, 11)

    # And proposals are over once approved
    with pytest.raises(Refused, match="申请延期"):
        actions.propose_duration(node(plan, "用地预审"), actor=users[Role.DEPARTMENT_CLERK], days=6)


def test_approving_twice_is_refused(plan, coordinator):
    actions.approve_plan(plan, actor=coordinator)
    with pytest.raises(Refused, match="已批准"):
        actions.approve_plan(plan, actor=coordinator)


def test_an_extension_approved_moves_the_node_and_its_dependants(plan, users, coordinator):
    # Given an approved plan and the other department asking 3 more days for 环评
    actions.approve_plan(plan, actor=coordinator)
    clerk = users[Role.DEPARTMENT_CLERK]
    request = actions.request_extension(node(plan, "环评"), actor=clerk, days=3, reason="专家评审会延期")
    assert Notification.objects.filter(recipient=coordinator, kind=NotificationKind.NODE_EXTENSION_REQUESTED).exists()

    # And a second request while one waits is refused
    with pytest.raises(Refused, match="待审批"):
        actions.request_extension(node(plan, "环评"), actor=clerk, days=2, reason="再延")

    # When the coordinator approves it
    actions.decide_extension(request, actor=coordinator, approve=True, note="同意")

    # Then 环评 takes 13 days (to 12 March) and 施工许可 follows on 13 and 16 March
    request.refresh_from_db()
    assert request.status == ExtensionStatus.APPROVED and request.decided_by == coordinator
    assert dates(plan)["环评"] == (D(2026, 2, 25), D(2026, 3, 12))
    assert dates(plan)["施工许可"] == (D(2026, 3, 13), D(2026, 3, 16))
    # And the requester hears of it
    assert Notification.objects.filter(recipient=clerk, kind=NotificationKind.NODE_EXTENSION_DECIDED).exists()


def test_a_refused_extension_needs_a_note_and_moves_nothing(plan, users, coordinator):
    request = actions.request_extension(node(plan, "环评"), actor=users[Role.DEPARTMENT_CLERK], days=3,
                                        reason="专家评审会延期")
    before = dates(plan)
    with pytest.raises(Refused, match="意见"):
        actions.decide_extension(request, actor=coordinator, approve=False)
    actions.decide_extension(request, actor=coordinator, approve=False, note="请按期完成")
    request.refresh_from_db()
    assert request.status == ExtensionStatus.REFUSED
    assert dates(plan) == before
    assert NodeEvent.objects.filter(kind=NodeEventKind.EXTENSION_REFUSED, note="请按期完成").exists()


def test_done_needs_evidence_and_a_date_not_in_the_future(plan, coordinator):
    with pytest.raises(Refused, match="批复文号"):
        actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=D(2026, 2, 13), evidence_no=" ",
                          today=D(2026, 2, 20))
    with pytest.raises(Refused, match="不能晚于今天"):
        actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=D(2026, 2, 21), evidence_no="文1",
                          today=D(2026, 2, 20))
