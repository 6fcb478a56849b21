"""The node plan's history writer: one function per kind of ``NodeEvent``.

Rows are stamped with the door the change came through (``tuijin.lib.events.record``) and never
changed afterwards. ``changes`` lists the fields that moved as people read them (``lib.changes``),
including every dependant whose dates a re-flow moved.
"""

from tuijin.lib.events import record

from .models import NodeEvent, NodeEventKind


def _record(plan, kind, *, actor, node=None, note="", changes=()):
    return record(NodeEvent, plan=plan, node=node, kind=kind, actor=actor, note=note, changes=list(changes))


def plan_applied(plan, *, actor, template) -> NodeEvent:
    return _record(plan, NodeEventKind.APPLIED, actor=actor,
                   note=f"套用模板“{template.name}”，起始日期 {plan.start_date.isoformat()}，共 {plan.nodes.count()} 个节点",
                   changes=[{"field": "template", "label": "模板", "old": "", "new": template.name}])


def duration_proposed(plan, node, *, actor, changes, note="") -> NodeEvent:
    return _record(plan, NodeEventKind.DURATION_PROPOSED, actor=actor, node=node, changes=changes, note=note)


def plan_submitted(plan, *, actor, changes) -> NodeEvent:
    return _record(plan, NodeEventKind.SUBMITTED, actor=actor, changes=changes)


def plan_returned(plan, *, actor, changes, note) -> NodeEvent:
    return _record(plan, NodeEventKind.RETURNED, actor=actor, changes=changes, note=note)


def plan_approved(plan, *, actor, changes) -> NodeEvent:
    return _record(plan, NodeEventKind.APPROVED, actor=actor, changes=changes, note="基线已冻结")


def node_rescheduled(plan, node, *, actor, changes, note="") -> NodeEvent:
    return _record(plan, NodeEventKind.RESCHEDULED, actor=actor, node=node, changes=changes, note=note)


def node_done(plan, node, *, actor, changes) -> NodeEvent:
    return _record(plan, NodeEventKind.DONE, actor=actor, node=node, changes=changes,
                   note=f"批复文号：{node.evidence_no}")


def extension_requested(plan, node, *, actor, request) -> NodeEvent:
    return _record(plan, NodeEventKind.EXTENSION_REQUESTED, actor=actor, node=node, note=request.reason,
                   changes=[{"field": "extension", "label": "申请延期", "old": "", "new": f"{request.days}个工作日"}])


def extension_decided(plan, node, *, actor, request, changes=()) -> NodeEvent:
    kind = NodeEventKind.EXTENSION_APPROVED if request.status == "approved" else NodeEventKind.EXTENSION_REFUSED
    entry = {"field": "extension", "label": "延期申请", "old": f"{request.days}个工作日（待审批）",
             "new": request.get_status_display()}
    return _record(plan, kind, actor=actor, node=node, note=request.decision_note, changes=[entry, *changes])
