"""Changing one node shows, then applies, the move of exactly its dependants and nothing else."""

import datetime as dt

import pytest

from tuijin.nodeplans import actions
from tuijin.nodeplans.models import NodeEvent, NodeEventKind
from tuijin.nodeplans.rules import Refused

from .conftest import dates, node

D = dt.date


def test_the_preview_names_the_dependants_that_move_and_saves_nothing(plan):
    # Given the festival plan, and 用地预审 taking 10 working days instead of 4
    before = dates(plan)
    effect = actions.preview(node(plan, "用地预审"), duration=10)

    # Then 用地预审 would run 26 Feb → 10 March (26, 27, 28 Feb, 2, 3, 4, 5, 6, 9, 10 March)
    assert (effect.changed.new_start, effect.changed.new_finish) == (D(2026, 2, 26), D(2026, 3, 10))
    # And only its dependant 施工许可 moves: to 11–12 March; 环评 and 立项/备案 are not its dependants
    assert [(m.name, m.new_start, m.new_finish) for m in effect.moved] == [("施工许可", D(2026, 3, 11), D(2026, 3, 12))]
    # And the plan's completion would move from 11 to 12 March
    assert (effect.old_finish, effect.new_finish) == (D(2026, 3, 11), D(2026, 3, 12))
    # And nothing was saved
    assert dates(plan) == before


def test_confirming_moves_exactly_the_dependants(plan, coordinator):
    # Given the festival plan
    before = dates(plan)

    # When the coordinator confirms the change
    actions.reschedule(node(plan, "用地预审"), actor=coordinator, duration=10, note="补充材料")

    # Then only 用地预审 and 施工许可 changed
    after = dates(plan)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"用地预审", "施工许可"}
    assert after["施工许可"] == (D(2026, 3, 11), D(2026, 3, 12))
    # And the critical path now runs through the 用地预审 branch
    assert {n.name for n in plan.nodes.filter(critical=True)} == {"合规性审查", "立项/备案", "用地预审", "施工许可"}
    # And one event lists the change, the node's own new finish and the dependant it moved
    event = NodeEvent.objects.get(kind=NodeEventKind.RESCHEDULED)
    labels = [c["label"] for c in event.changes]
    assert labels == ["办理时限（工作日）", "用地预审（计划完成）", "施工许可（计划开始）", "施工许可（计划完成）"]


def test_moving_a_start_later_pushes_its_branch_only(plan, coordinator):
    # When 环评 may start no earlier than Monday 2 March
    actions.reschedule(node(plan, "环评"), actor=coordinator, not_before=D(2026, 3, 2))

    # Then 环评 runs 2–13 March (10 working days) and 施工许可 follows on 16–17 March; the other branch stays
    after = dates(plan)
    assert after["环评"] == (D(2026, 3, 2), D(2026, 3, 13))
    assert after["施工许可"] == (D(2026, 3, 16), D(2026, 3, 17))
    assert after["用地预审"] == (D(2026, 2, 26), D(2026, 3, 2))


def test_a_start_before_the_predecessors_finish_is_refused(plan, coordinator):
    # When someone moves 环评 to start before 合规性审查 can have finished
    with pytest.raises(Refused, match="前置节点"):
        actions.reschedule(node(plan, "环评"), actor=coordinator, not_before=D(2026, 2, 10))


def test_a_node_finished_late_pushes_its_dependants(plan, coordinator):
    # When 合规性审查 is finished on 24 Feb instead of 13 Feb
    actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=D(2026, 2, 24),
                      evidence_no="锦发改审〔2026〕12号", today=D(2026, 2, 24))

    # Then 立项/备案 starts the next working day, 25 Feb, and runs 25, 26, 27 Feb
    assert dates(plan)["立项/备案"] == (D(2026, 2, 25), D(2026, 2, 27))
