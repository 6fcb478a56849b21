"""Every change to a node plan: apply a template, propose, submit, return, approve, move, finish, extend.

Each action runs in one transaction, checks its rule (``rules.py``), re-flows the plan through
``schedule.py`` when an input of the dates changed, writes one ``NodeEvent`` (its ``changes`` list
the node's own fields, its own planned dates and every dependant's that moved: see ``events.py``) and tells the people concerned.
Status moves are compare-and-set updates, so two people acting at once cannot both win.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.accounts.models import Organisation
from tuijin.lib import changes as history
from tuijin.lib import context
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import events, rules, schedule
from .models import (
    ExtensionRequest, ExtensionStatus, NodePlan, NodeStatus, NodeTemplate, OwnerKind, PlanLink, PlanNode, PlanStatus,
    TemplateLink, TemplateNode,
)
from .rules import Refused


def plan_url(project) -> str:
    return reverse("nodeplans_project", args=[project.pk])


# --------------------------------------------------------------------------- the schedule of a stored plan

def load(plan):
    """The plan's nodes (by id, owner loaded) and their schedule inputs."""
    nodes = {node.pk: node for node in plan.nodes.select_related("owner")}
    preds = {pk: [] for pk in nodes}
    for link in PlanLink.objects.filter(successor__plan=plan).values("predecessor_id", "successor_id",
                                                                      "lag_workdays"):
        preds[link["successor_id"]].append((str(link["predecessor_id"]), link["lag_workdays"]))
    inputs = [schedule.Node(str(pk), node.name, node.duration_workdays, tuple(preds[pk]), node.not_before,
                            node.actual_finish) for pk, node in nodes.items()]
    return nodes, inputs


def _reflow(plan, *, first=None):
    """Recompute every date; save the nodes that moved. Returns their date-change entries (``events.py``):
    node ``first``'s own (the node edited) ahead of the dependants', which follow in the flow's order."""
    nodes, inputs = load(plan)
    computed = schedule.compute(inputs, plan.start_date)
    moved, own, entries = [], [], []
    for key, dates in computed.dates.items():
        node = nodes[int(key)]
        old = (node.planned_start, node.planned_finish, node.critical)
        if old == (dates.start, dates.finish, dates.critical):
            continue
        (own if node.pk == first else entries).extend(
            events.date_moves(node, (old[0], old[1]), (dates.start, dates.finish)))
        node.planned_start, node.planned_finish, node.critical = dates.start, dates.finish, dates.critical
        moved.append(node)
    PlanNode.objects.bulk_update(moved, ["planned_start", "planned_finish", "critical"])
    if (plan.planned_start, plan.planned_finish) != (computed.start, computed.finish):
        plan.planned_start, plan.planned_finish = computed.start, computed.finish
        NodePlan.objects.filter(pk=plan.pk).update(planned_start=computed.start, planned_finish=computed.finish)
    return own + entries


def preview(node, *, duration=None, not_before=None) -> schedule.KnockOn:
    """What moving ``node`` would do to the plan — computed, never saved (the page shows it before confirming)."""
    _nodes, inputs = load(node.plan)
    return schedule.knock_on(inputs, node.plan.start_date, str(node.pk), duration=duration, not_before=not_before)


def _owner_recipients(owners):
    owners = [owner for owner in owners if owner is not None]
    return list(recipients.clerks(*owners)) + list(recipients.park_staff(*owners))


# --------------------------------------------------------------------------- applying a template

def resolve_owner(template_node, project) -> Organisation:
    """The unit that owns a template's node on ``project``; the project's 包保部门 when none matches."""
    if template_node.owner_kind == OwnerKind.PARK and project.park_id:
        return project.park
    if template_node.owner_kind == OwnerKind.NAMED and template_node.owner_name:
        named = (Organisation.objects.filter(name=template_node.owner_name).first()
                 or Organisation.objects.filter(short_name=template_node.owner_name).first())
        if named is not None:
            return named
    if project.responsible_unit_id:
        return project.responsible_unit
    if project.park_id:
        return project.park
    raise Refused(f"项目未设置包保部门和园区，无法确定节点“{template_node.name}”的责任单位。")


def template_inputs(template):
    """The template's nodes as schedule inputs (for the cycle check and a dry run)."""
    nodes = list(template.nodes.prefetch_related("predecessor_links"))
    return [schedule.Node(str(node.pk), node.name, node.duration_workdays,
                          tuple((str(link.predecessor_id), link.lag_workdays) for link in node.predecessor_links.all()))
            for node in nodes]


def check_template(template):
    """Refuse a template whose links go round in a circle, naming the nodes on it."""
    try:
        schedule.order(template_inputs(template))
    except schedule.CycleFound as error:
        raise Refused(f"模板“{template.name}”{error}") from None


@transaction.atomic
def apply_template(project, template, *, actor, start_date: dt.date) -> NodePlan:
    if NodePlan.objects.filter(project=project).exists():
        raise Refused("该项目已有促建流程，不能重复套用模板。")
    check_template(template)
    plan = NodePlan.objects.create(project=project, template=template, start_date=start_date, created_by=actor)
    copies = {}
    for tnode in template.nodes.all():
        copies[tnode.pk] = PlanNode(plan=plan, code=tnode.code, name=tnode.name, sort_order=tnode.sort_order,
                                    owner=resolve_owner(tnode, project), duration_workdays=tnode.duration_workdays,
                                    planned_start=start_date, planned_finish=start_date)
    PlanNode.objects.bulk_create(copies.values())
    PlanLink.objects.bulk_create([
        PlanLink(predecessor=copies[link.predecessor_id], successor=copies[link.successor_id],
                 lag_workdays=link.lag_workdays)
        for link in TemplateLink.objects.filter(successor__template=template)])
    _reflow(plan)
    events.plan_applied(plan, actor=actor, template=template, nodes=list(plan.nodes.order_by("sort_order", "pk")))
    notify(_owner_recipients({node.owner for node in copies.values()}), kind=NotificationKind.NODE_PLAN_CHANGED,
           title=f"{project.name}促建流程已编制", url=plan_url(project),
           body=f"请核对本单位负责节点的办理时限，如需调整请在编制中提出。", email=False)
    return plan


# --------------------------------------------------------------------------- the plan's workflow

def _move_status(plan, allowed, target, **fields):
    """Compare-and-set the plan's status; refuse when someone else moved it first."""
    updated = NodePlan.objects.filter(pk=plan.pk, status__in=allowed).update(status=target, **fields)
    if not updated:
        plan.refresh_from_db()
        raise Refused(f"促建流程当前为“{plan.get_status_display()}”，不能执行此操作（可能已被他人处理）。")
    old = plan.get_status_display()
    plan.refresh_from_db()
    return [{"field": "status", "label": "状态", "old": old, "new": plan.get_status_display()}]


@transaction.atomic
def submit_plan(plan, *, actor) -> NodePlan:
    changes = _move_status(plan, [PlanStatus.DRAFT], PlanStatus.PROPOSED)
    events.plan_submitted(plan, actor=actor, changes=changes)
    notify(recipients.coordinators(), kind=NotificationKind.NODE_PLAN_SUBMITTED,
           title=f"{plan.project.name}促建流程待审批", url=plan_url(plan.project))
    return plan


@transaction.atomic
def return_plan(plan, *, actor, note: str) -> NodePlan:
    if not note.strip():
        raise Refused("退回促建流程须写明退回原因。")
    changes = _move_status(plan, [PlanStatus.PROPOSED], PlanStatus.DRAFT)
    events.plan_returned(plan, actor=actor, changes=changes, note=note.strip())
    return plan


@transaction.atomic
def approve_plan(plan, *, actor) -> NodePlan:
    """Approve the plan: every node's planned dates become its baseline, which later changes leave alone."""
    now = timezone.now()
    changes = _move_status(plan, [PlanStatus.DRAFT, PlanStatus.PROPOSED], PlanStatus.APPROVED,
                           approved_by=actor, approved_at=now)
    nodes = list(plan.nodes.select_related("owner"))
    for node in nodes:
        node.baseline_start, node.baseline_finish = node.planned_start, node.planned_finish
    PlanNode.objects.bulk_update(nodes, ["baseline_start", "baseline_finish"])
    changes.append({"field": "baseline", "label": "基线", "old": "",
                    "new": f"{plan.planned_start.isoformat()}—{plan.planned_finish.isoformat()}"})
    events.plan_approved(plan, actor=actor, changes=changes)
    notify(_owner_recipients({node.owner for node in nodes}), kind=NotificationKind.NODE_PLAN_CHANGED,
           title=f"{plan.project.name}促建流程已批准", url=plan_url(plan.project),
           body="请按批准的节点时限办理。", email=False)
    return plan


# --------------------------------------------------------------------------- changing nodes

def _locked(node):
    return PlanNode.objects.select_for_update().select_related("plan__project", "owner").get(pk=node.pk)


@transaction.atomic
def propose_duration(node, *, actor, days: int, note="") -> PlanNode:
    """An owner unit proposes another duration while the plan is being drawn up; dependants re-flow."""
    node = _locked(node)
    rules.check_proposable(node.plan)
    rules.check_open(node)
    changes = history.assign(node, {"duration_workdays": rules.check_duration(days)})
    if not changes:
        raise Refused("办理时限与原来相同，未做修改。")
    node.save(update_fields=["duration_workdays"])
    changes = events.about(node, changes) + _reflow(node.plan, first=node.pk)
    events.duration_proposed(node.plan, node, actor=actor, changes=changes, note=note)
    return node


@transaction.atomic
def reschedule(node, *, actor, duration: int | None = None, not_before: dt.date | None = None,
               note="") -> PlanNode:
    """Change a node's start or duration; exactly its dependants re-flow (the preview showed which)."""
    node = _locked(node)
    rules.check_open(node)
    after = {}
    if duration is not None:
        after["duration_workdays"] = rules.check_duration(duration)
    if not_before is not None:
        effect = preview(node, not_before=not_before)
        if effect.changed.new_start > schedule.WorkCalendar(not_before).days[0]:
            raise Refused(f"“{node.name}”的前置节点 {effect.changed.new_start.isoformat()} 才能完成，"
                          f"不能提前到 {not_before.isoformat()} 开始。")
        after["not_before"] = not_before
    changes = history.assign(node, after)
    if not changes:
        raise Refused("没有修改任何内容。")
    node.save(update_fields=list(after))
    changes = events.about(node, changes) + _reflow(node.plan, first=node.pk)
    events.node_rescheduled(node.plan, node, actor=actor, changes=changes, note=note)
    notify(_owner_recipients([node.owner]), kind=NotificationKind.NODE_PLAN_CHANGED,
           title=f"{node.plan.project.name}：节点“{node.name}”已调整", url=plan_url(node.plan.project), email=False)
    return node


@transaction.atomic
def mark_done(node, *, actor, finished_on: dt.date, evidence_no: str, evidence_file=None,
              today: dt.date | None = None) -> PlanNode:
    node = _locked(node)
    rules.check_open(node)
    rules.check_done_date(node, finished_on, today or timezone.localdate())
    evidence_no = (evidence_no or "").strip()
    if not evidence_no:
        raise Refused("节点办结须填写批复文号（或证明文件编号）。")
    changes = history.assign(node, {"status": NodeStatus.DONE, "actual_finish": finished_on,
                                    "evidence_no": evidence_no[:100], "done_by": actor})
    fields = ["status", "actual_finish", "evidence_no", "done_by"]
    if evidence_file is not None:
        node.evidence_file = evidence_file
        fields.append("evidence_file")
        changes.append({"field": "evidence_file", "label": "批复附件", "old": "", "new": evidence_file.name})
    node.save(update_fields=fields)
    changes = events.about(node, changes) + _reflow(node.plan, first=node.pk)
    node.refresh_from_db()
    events.node_done(node.plan, node, actor=actor, changes=changes)
    return node


@transaction.atomic
def request_extension(node, *, actor, days: int, reason: str) -> ExtensionRequest:
    node = _locked(node)
    rules.check_open(node)
    days = rules.check_extension_days(days)
    if not reason.strip():
        raise Refused("申请延期须写明理由。")
    if node.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Refused(f"节点“{node.name}”已有待审批的延期申请。")
    request = ExtensionRequest.objects.create(node=node, days=days, reason=reason.strip(), requested_by=actor)
    events.extension_requested(node.plan, node, actor=actor, request=request)
    notify(recipients.coordinators(), kind=NotificationKind.NODE_EXTENSION_REQUESTED,
           title=f"{node.plan.project.name}：“{node.name}”申请延期{days}个工作日", body=request.reason,
           url=plan_url(node.plan.project))
    return request


@transaction.atomic
def decide_extension(request, *, actor, approve: bool, note="") -> ExtensionRequest:
    """Approve (the node's duration grows by the days asked; dependants re-flow) or refuse, with a note."""
    if not approve and not note.strip():
        raise Refused("不同意延期须写明意见。")
    target = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    updated = ExtensionRequest.objects.filter(pk=request.pk, status=ExtensionStatus.PENDING).update(
        status=target, decided_by=actor, decided_at=timezone.now(), decision_note=note.strip()[:200])
    if not updated:
        raise Refused("该延期申请已处理。")
    request.refresh_from_db()
    node = _locked(request.node)
    changes = []
    if approve:
        if node.status == NodeStatus.DONE:
            raise Refused(f"节点“{node.name}”已办结，无需延期。")
        changes = history.assign(node, {"duration_workdays": node.duration_workdays + request.days})
        node.save(update_fields=["duration_workdays"])
        changes = events.about(node, changes) + _reflow(node.plan, first=node.pk)
    events.extension_decided(node.plan, node, actor=actor, request=request, changes=changes)
    told = [request.requested_by] + _owner_recipients([node.owner])
    notify(told, kind=NotificationKind.NODE_EXTENSION_DECIDED,
           title=f"{node.plan.project.name}：“{node.name}”延期申请{request.get_status_display()}",
           body=request.decision_note, url=plan_url(node.plan.project))
    return request


# --------------------------------------------------------------------------- templates

def save_template(template, *, actor, header: dict, rows: list) -> NodeTemplate:
    """Create (``template`` None) or change a flow template: its header, nodes (matched by code) and links.

    The flow is checked first (``rules.check_flow``: unknown predecessors and circles are refused, naming
    the nodes). Rows are saved one by one so the audit log (``tuijin.audit``) keeps each node and link
    created, changed or removed, with who did it (the request's user, else ``actor``). Plans already made
    from the template keep their copies.
    """
    rules.check_flow(header.get("name", ""), rows)
    now = context.current()
    with context.acting(now.source, now.user or actor, now.address), transaction.atomic():
        return _save_template(template, header, rows)


def _save_template(template, header, rows):
    if template is None:
        template = NodeTemplate.objects.create(**header)
    else:
        template = NodeTemplate.objects.select_for_update().get(pk=template.pk)
        if history.assign(template, header):
            template.save()
    existing = {node.code: node for node in template.nodes.all()}
    kept = {}
    for order, row in enumerate(rows, start=1):
        named = row["owner_kind"] == OwnerKind.NAMED
        values = {"name": row["name"], "sort_order": order * 10, "owner_kind": row["owner_kind"],
                  "owner_name": row.get("owner_name", "") if named else "",
                  "duration_workdays": row["duration_workdays"]}
        node = existing.get(row["code"])
        if node is None:
            node = TemplateNode.objects.create(template=template, code=row["code"], **values)
        elif history.assign(node, values):
            node.save()
        kept[row["code"]] = node
    for code, node in existing.items():
        if code not in kept:
            node.delete()  # its links go with it (and into the audit log)
    links = {(link.predecessor.code, link.successor.code): link for link in
             TemplateLink.objects.filter(successor__template=template).select_related("predecessor", "successor")}
    wanted = {(code, row["code"]): lag for row in rows for code, lag in row["links"]}
    for pair, link in links.items():
        if pair not in wanted:
            link.delete()
        elif link.lag_workdays != wanted[pair]:
            link.lag_workdays = wanted[pair]
            link.save(update_fields=["lag_workdays"])
    for (pred, succ), lag in wanted.items():
        if (pred, succ) not in links:
            TemplateLink.objects.create(predecessor=kept[pred], successor=kept[succ], lag_workdays=lag)
    return template
