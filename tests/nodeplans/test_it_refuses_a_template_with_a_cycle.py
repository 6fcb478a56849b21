"""A flow whose links go round in a circle cannot be scheduled: it is refused, naming the nodes on the circle."""

import datetime as dt

import pytest

from tuijin.nodeplans import actions, schedule
from tuijin.nodeplans.models import NodePlan
from tuijin.nodeplans.rules import Refused

from .conftest import build_flow


def test_a_template_with_a_cycle_is_refused_with_the_nodes_in_it(project, coordinator, department):
    # Given 规划许可 → 施工图审查 → 施工许可 → 规划许可 (a circle) and a node outside it
    template = build_flow([
        ("start", "合规性审查", 3, "responsible", []),
        ("plan", "规划许可", 5, "responsible", [("start", 0), ("permit", 0)]),
        ("review", "施工图审查", 5, "responsible", [("plan", 0)]),
        ("permit", "施工许可", 2, "responsible", [("review", 0)]),
    ], department=department)

    # When it is applied
    with pytest.raises(Refused) as refused:
        actions.apply_template(project, template, actor=coordinator, start_date=dt.date(2026, 3, 2))

    # Then the message names the circle's nodes in order, and no plan was made
    message = str(refused.value)
    assert "循环" in message
    assert "规划许可 → 施工图审查 → 施工许可 → 规划许可" in message
    assert "合规性审查" not in message.split("：", 1)[1]
    assert not NodePlan.objects.exists()


def test_the_pure_order_refuses_a_two_node_circle():
    with pytest.raises(schedule.CycleFound) as found:
        schedule.order([schedule.Node("a", "环评", 1, (("b", 0),)), schedule.Node("b", "能评", 1, (("a", 0),))])
    assert found.value.names in (["环评", "能评", "环评"], ["能评", "环评", "能评"])
