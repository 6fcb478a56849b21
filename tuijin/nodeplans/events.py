"""The node plan's history writer: one function per kind of ``NodeEvent``.

Rows are stamped with the door the change came through (``tuijin.lib.events.record``) and never
changed afterwards. ``changes`` lists the fields that moved as people read them (``lib.changes``:
``{field, label, old, new}``), and every entry about one node also names it, so that another app
(the baselines) can rebuild each node's planned dates at any past moment from the events alone:

    {"node": 17, "code": "permit", "name": "施工许可",       # the PlanNode's id, code and name then
     "field": "planned_finish", "label": "施工许可（计划完成）",
     "old": "2026-03-11", "new": "2026-03-12"}

Date-change entries, written by every action that moves a date (``applied``, ``duration_proposed``,
``rescheduled``, ``done``, ``extension_approved``), one per node and field that moved — the edited
node's own entries first, then each dependant the re-flow moved, in the flow's order:

- ``field`` is ``planned_start`` or ``planned_finish`` (ISO dates, ``YYYY-MM-DD``), or
  ``duration_workdays`` (a whole number of working days written as a string);
- ``old`` is ``""`` in the ``applied`` event, which lists every node's first planned dates;
- the edited node's other fields (``not_before``, ``actual_finish``, ``status``, ``evidence_no`` …)
  carry ``node``/``code``/``name`` too but are not date-change entries.

Entries without ``node`` are about the plan (``status``, ``baseline``, ``template``, ``extension``).
``calculations.node_date_changes`` reads the date-change entries back as typed rows.
"""

from tuijin.lib.events import record

from .models import NodeEvent, NodeEventKind

DATE_FIELDS = ("planned_start", "planned_finish", "duration_workdays")
DATE_LABELS = {"planned_start": "计划开始", "planned_finish": "计划完成"}


def about(node, entries) -> list[dict]:
    """``entries`` (``lib.changes`` dicts) stamped with the node they are about."""
    return [{"node": node.pk, "code": node.code, "name": node.name, **entry} for entry in entries]


def date_moves(node, old: tuple, new: tuple) -> list[dict]:
    """The entries for ``node``'s planned (start, finish) going from ``old`` to ``new`` (None: not planned yet)."""
    entries = []
    for name, before, after in zip(("planned_start", "planned_finish"), old or (None, None), new):
        if before != after:
            entries.append({"field": name, "label": f"{node.name}（{DATE_LABELS[name]}）",
                            "old": before.isoformat() if before else "", "new": after.isoformat()})
    return about(node, entries)


def _record(plan, kind, *, actor, node=None, note="", changes=()):
    return record(NodeEvent, plan=plan, node=node, kind=kind, actor=actor, note=note, changes=list(changes))


def plan_applied(plan, *, actor, template, nodes) -> NodeEvent:
    entries = [{"field": "template", "label": "模板", "old": "", "new": template.name}]
    for node in nodes:
        entries += date_moves(node, None, (node.planned_start, node.planned_finish))
    return _record(plan, NodeEventKind.APPLIED, actor=actor,
                   note=f"套用模板“{template.name}”，起始日期 {plan.start_date.isoformat()}，共 {len(nodes)} 个节点",
                   changes=entries)


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
