"""A small flow with two parallel branches that runs across the 2026 Spring Festival, and its plan.

    合规性审查 (5) ─┬─> 立项/备案 (3) ──> 用地预审 (4) ─┐
                    └─(+2)─> 环评 (10) ───────────────┴─> 施工许可 (2)

The 2026 holidays (State Council notice, in chinesecalendar): 15–23 February off, Saturday 14 and
Saturday 28 February are make-up working days.
"""

import datetime as dt

import pytest

from tuijin.nodeplans import actions
from tuijin.nodeplans.models import NodeTemplate, OwnerKind, ProjectType, TemplateLink, TemplateNode

START = dt.date(2026, 2, 9)  # a Monday, the week before the Spring Festival


def build_flow(spec, name="测试流程", code="test-flow", department=None, other_department=None):
    """``spec``: [(code, name, days, owner, [(pred code, lag)…])]; owner "dept", "other", "park" or "responsible"."""
    template = NodeTemplate.objects.create(code=code, name=name, project_type=ProjectType.INDUSTRIAL)
    nodes = {}
    for order, (key, label, days, owner, _preds) in enumerate(spec):
        kind, named = {"dept": (OwnerKind.NAMED, getattr(department, "name", "")),
                       "other": (OwnerKind.NAMED, getattr(other_department, "name", "")),
                       "park": (OwnerKind.PARK, ""), "responsible": (OwnerKind.RESPONSIBLE, "")}[owner]
        nodes[key] = TemplateNode.objects.create(template=template, code=key, name=label, sort_order=order,
                                                 owner_kind=kind, owner_name=named, duration_workdays=days)
    for key, _label, _days, _owner, preds in spec:
        for pred, lag in preds:
            TemplateLink.objects.create(predecessor=nodes[pred], successor=nodes[key], lag_workdays=lag)
    return template


FESTIVAL_FLOW = [
    ("compliance", "合规性审查", 5, "dept", []),
    ("filing", "立项/备案", 3, "park", [("compliance", 0)]),
    ("land", "用地预审", 4, "dept", [("filing", 0)]),
    ("eia", "环评", 10, "other", [("compliance", 2)]),
    ("permit", "施工许可", 2, "dept", [("land", 0), ("eia", 0)]),
]


@pytest.fixture
def flow(department, other_department):
    return build_flow(FESTIVAL_FLOW, department=department, other_department=other_department)


@pytest.fixture
def plan(project, flow, coordinator):
    return actions.apply_template(project, flow, actor=coordinator, start_date=START)


def node(plan, name):
    return plan.nodes.get(name=name)


def dates(plan):
    return {n.name: (n.planned_start, n.planned_finish) for n in plan.nodes.all()}
