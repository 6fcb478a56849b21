"""Applying a template puts every node on the working-day calendar, holidays and make-up days included."""

import datetime as dt

from tuijin.nodeplans.models import NodeEvent, NodeEventKind

from .conftest import dates, node

D = dt.date


def test_every_date_of_a_plan_across_the_spring_festival_is_as_counted_by_hand(plan):
    # Given the festival flow applied from Monday 9 February 2026 (see conftest for the links)
    # Then each node's dates are the ones counted on the calendar by hand:
    assert dates(plan) == {
        # 5 working days from Monday 9 Feb: 9, 10, 11, 12, 13 (Mon–Fri).
        "合规性审查": (D(2026, 2, 9), D(2026, 2, 13)),
        # Next working day is Saturday 14 Feb (a make-up day); then 15–23 Feb are the holidays,
        # so its 3 days are 14, 24, 25 February.
        "立项/备案": (D(2026, 2, 14), D(2026, 2, 25)),
        # Lag of 2 working days after 13 Feb: 14 Feb (1) and 24 Feb (2), so it starts on 25 Feb;
        # 10 days: 25, 26, 27, 28 (Saturday make-up day), 2, 3, 4, 5, 6, 9 March.
        "环评": (D(2026, 2, 25), D(2026, 3, 9)),
        # After 立项/备案 (25 Feb): 26, 27, 28 Feb and Monday 2 March.
        "用地预审": (D(2026, 2, 26), D(2026, 3, 2)),
        # After both branches: the later one, 环评, ends 9 March, so 10 and 11 March.
        "施工许可": (D(2026, 3, 10), D(2026, 3, 11)),
    }
    # And the plan spans the first node's start to the last node's finish
    plan.refresh_from_db()
    assert (plan.planned_start, plan.planned_finish) == (D(2026, 2, 9), D(2026, 3, 11))


def test_the_critical_path_is_the_branch_without_slack(plan):
    # Given the plan: 环评's branch ends 9 March, 用地预审's on 2 March (5 working days earlier: 3, 4, 5, 6, 9)
    # Then the critical path is 合规性审查 → 环评 → 施工许可 and the other branch is not on it
    critical = {n.name for n in plan.nodes.filter(critical=True)}
    assert critical == {"合规性审查", "环评", "施工许可"}


def test_each_node_is_owned_by_the_unit_its_template_names(plan, department, other_department, park):
    # Then named units, the park, and the project's responsible unit own their nodes
    assert node(plan, "合规性审查").owner == department
    assert node(plan, "环评").owner == other_department
    assert node(plan, "立项/备案").owner == park


def test_applying_writes_one_event(plan, coordinator):
    # Then the history says who made the plan, from which template
    event = NodeEvent.objects.get(plan=plan)
    assert event.kind == NodeEventKind.APPLIED and event.actor == coordinator
    assert "测试流程" in event.note
