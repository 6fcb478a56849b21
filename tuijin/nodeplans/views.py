"""Thin views of the node plan: the project's plan with its Gantt, the actions on it, a unit's to-do list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.lib import files, params, xlsx
from tuijin.lib.web import form_errors

from . import access, actions, calculations, forms
from .models import ExtensionRequest, ExtensionStatus, NodePlan, NodeStatus, NodeTemplate, PlanNode, PlanStatus
from .rules import Refused

TODO_DAYS = 10  # the to-do list's default horizon in working days
TODO_MAX_DAYS = 250


def _plan(project):
    return NodePlan.objects.filter(project=project).select_related("approved_by", "template").first()


@login_required
def project_plan(request, pk):
    project = access.visible_plan_project_or_404(request.user, pk)
    plan = _plan(project)
    today = timezone.localdate()
    context = {"project": project, "plan": plan, "today": today,
               "can_edit": access.can_edit_plan(request.user, project),
               "can_approve": access.can_approve_plan(request.user),
               "can_work": access.may_work_plan(request.user, project)}
    if plan is None:
        context["templates"] = NodeTemplate.objects.all()
        return render(request, "nodeplans/project.html", context)
    nodes = calculations.plan_nodes(plan, today)
    unit = access.unit_of(request.user)
    for node in nodes:
        node.workable = context["can_edit"] or (unit is not None and node.owner_id == unit)
    pending = [request_ for request_ in plan_extensions(plan) if request_.status == ExtensionStatus.PENDING]
    context.update({
        "nodes": nodes, "gantt": calculations.gantt_payload(nodes, today), "pending": pending,
        "estimated_years": calculations.estimated_years(
            day for node in nodes if node.estimated for day in (node.planned_start, node.planned_finish)),
        "critical": [node for node in nodes if node.critical and node.status != "done"],
        "late": [node for node in nodes if node.late],
        "events": _events(plan),
        "workable": [node for node in nodes if node.workable and node.status != "done"],
        "statuses": PlanStatus,
    })
    return render(request, "nodeplans/project.html", context)


@login_required
def evidence(request, pk, node_pk):
    """A done node's evidence file, for whoever may see the plan (404 for everyone else, and when there is none)."""
    project = access.visible_plan_project_or_404(request.user, pk)
    node = PlanNode.objects.filter(plan__project=project, pk=node_pk, status=NodeStatus.DONE).first()
    if node is None or not node.evidence_file:
        raise Http404("没有这个附件")
    return files.serve(node.evidence_file)


def _events(plan):
    events = list(plan.events.select_related("actor", "node")[:30])
    for event in events:
        event.shown = calculations.shown_changes(event)
    return events


def plan_extensions(plan):
    return list(ExtensionRequest.objects.filter(node__plan=plan).select_related("node", "requested_by", "decided_by"))


def _guarded(request, pk, check, message):
    """The project (404 when out of scope), its plan, and the permission ``check`` (403 with ``message``)."""
    project = access.visible_plan_project_or_404(request.user, pk)
    access.require(check(request.user, project), message)
    return project, _plan(project)


def _back(project):
    return redirect("nodeplans_project", project.pk)


def _run(request, project, step, done):
    try:
        step()
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return _back(project)


def _no_plan(request, project):
    messages.error(request, "该项目还没有促建流程。")
    return _back(project)


@login_required
@require_POST
def apply_template(request, pk):
    project, plan = _guarded(request, pk, access.can_edit_plan, "只有项目的维护单位和统筹协调可以编制促建流程。")
    form = forms.ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未套用模板：" + form_errors(form))
        return _back(project)
    data = form.cleaned_data
    return _run(request, project, lambda: actions.apply_template(
        project, data["template"], actor=request.user, start_date=data["start_date"]), "已套用模板，节点日期已按工作日排定。")


@login_required
@require_POST
def submit_plan(request, pk):
    project, plan = _guarded(request, pk, access.can_edit_plan, "只有项目的维护单位和统筹协调可以报送促建流程。")
    if plan is None:
        return _no_plan(request, project)
    return _run(request, project, lambda: actions.submit_plan(plan, actor=request.user), "已报送牵头部门审批。")


@login_required
@require_POST
def approve_plan(request, pk):
    project, plan = _guarded(request, pk, lambda user, _p: access.can_approve_plan(user),
                             "只有牵头部门（统筹协调）可以批准促建流程。")
    if plan is None:
        return _no_plan(request, project)
    return _run(request, project, lambda: actions.approve_plan(plan, actor=request.user), "促建流程已批准，基线已冻结。")


@login_required
@require_POST
def return_plan(request, pk):
    project, plan = _guarded(request, pk, lambda user, _p: access.can_approve_plan(user),
                             "只有牵头部门（统筹协调）可以退回促建流程。")
    if plan is None:
        return _no_plan(request, project)
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未退回：" + form_errors(form))
        return _back(project)
    return _run(request, project, lambda: actions.return_plan(plan, actor=request.user, note=form.cleaned_data["note"]),
                "已退回修改。")


def _node_form(request, pk, form_class, message):
    """The gate shared by node actions: 404, 403, the bound form, and the node's own permission."""
    project, plan = _guarded(request, pk, access.may_work_plan, message)
    form = form_class(plan, request.POST, request.FILES)
    if plan is None or not form.is_valid():
        return project, plan, None, ("该项目还没有促建流程。" if plan is None else form_errors(form))
    node = form.cleaned_data["node"]
    access.require(access.can_work_node(request.user, node, project), f"节点“{node.name}”不由本单位负责。")
    return project, plan, form.cleaned_data, None


NOT_YOURS = "只有节点的责任单位、项目的维护单位和统筹协调可以办理节点。"


@login_required
@require_POST
def propose_duration(request, pk):
    project, plan, data, error = _node_form(request, pk, forms.ProposeForm, NOT_YOURS)
    if error:
        messages.error(request, "未提出：" + error)
        return _back(project)
    return _run(request, project, lambda: actions.propose_duration(
        data["node"], actor=request.user, days=data["days"], note=data["note"]),
        f"已提出“{data['node'].name}”办理时限 {data['days']} 个工作日，后续节点已顺延。")


@login_required
@require_POST
def mark_done(request, pk):
    project, plan, data, error = _node_form(request, pk, forms.DoneForm, NOT_YOURS)
    if error:
        messages.error(request, "未办结：" + error)
        return _back(project)
    return _run(request, project, lambda: actions.mark_done(
        data["node"], actor=request.user, finished_on=data["finished_on"], evidence_no=data["evidence_no"],
        evidence_file=data.get("evidence_file")), f"“{data['node'].name}”已办结。")


@login_required
@require_POST
def request_extension(request, pk):
    project, plan, data, error = _node_form(request, pk, forms.ExtensionForm, NOT_YOURS)
    if error:
        messages.error(request, "未申请：" + error)
        return _back(project)
    return _run(request, project, lambda: actions.request_extension(
        data["node"], actor=request.user, days=data["days"], reason=data["reason"]), "延期申请已报牵头部门。")


@login_required
@require_POST
def decide_extension(request, pk):
    project, plan = _guarded(request, pk, lambda user, _p: access.can_approve_plan(user),
                             "只有牵头部门（统筹协调）可以审批延期申请。")
    form = forms.DecideForm(plan, request.POST)
    if plan is None or not form.is_valid():
        messages.error(request, "未审批：" + ("该项目还没有促建流程。" if plan is None else form_errors(form)))
        return _back(project)
    data = form.cleaned_data
    return _run(request, project, lambda: actions.decide_extension(
        data["request"], actor=request.user, approve=data["approve"], note=data["note"]), "延期申请已审批。")


EDIT_ONLY = "只有项目的维护单位和统筹协调可以调整节点日期和时限。"


@login_required
@require_POST
def reschedule(request, pk):
    project, plan, data, error = _node_form(request, pk, forms.RescheduleForm, EDIT_ONLY)
    access.require(access.can_edit_plan(request.user, project), EDIT_ONLY)
    if error:
        messages.error(request, "未调整：" + error)
        return _back(project)
    return _run(request, project, lambda: actions.reschedule(
        data["node"], actor=request.user, duration=data["duration"], not_before=data["not_before"],
        note=data["note"]), f"“{data['node'].name}”已调整，后续节点已重新排期。")


@login_required
@require_POST
def preview(request, pk):
    """The knock-on effect of a change, as a partial: nothing is saved until the user confirms."""
    project, plan, data, error = _node_form(request, pk, forms.RescheduleForm, EDIT_ONLY)
    access.require(access.can_edit_plan(request.user, project), EDIT_ONLY)
    context = {"project": project, "error": error}
    if not error:
        context["effect"] = actions.preview(data["node"], duration=data["duration"], not_before=data["not_before"])
        context["data"] = data
    return render(request, "nodeplans/_preview.html", context)


# --------------------------------------------------------------------------- a unit's to-do list

def _todo(request):
    if not access.can_open_todo(request.user):
        raise PermissionDenied("待办节点清单面向部门、园区和区领导、统筹协调。")
    choices = access.todo_unit_choices(request.user)
    days = params.integer(request.GET, "days", TODO_DAYS, low=1, high=TODO_MAX_DAYS)
    own = access.unit_of(request.user)
    unit = None
    if own and not access.sees_every_unit(request.user):
        unit = choices.first()
    else:
        chosen = params.object_id(request.GET, "unit")
        unit = choices.filter(pk=chosen).first() if chosen else None
    today = timezone.localdate()
    queryset, horizon = calculations.todo(None if unit is None else [unit.pk], today, days)
    return {"unit": unit, "units": choices if access.sees_every_unit(request.user) else None, "days": days,
            "today": today, "horizon": horizon, "queryset": queryset}


@login_required
def todo(request):
    context = _todo(request)
    page = Paginator(context.pop("queryset"), 50).get_page(params.integer(request.GET, "page", 1, low=1))
    context["page"] = page
    context["nodes"] = calculations.annotate_lateness(page.object_list, context["today"])
    context["can_edit_templates"] = access.can_edit_templates(request.user)
    return render(request, "nodeplans/todo.html", context)


TODO_COLUMNS = [xlsx.Column("项目编号", 16), xlsx.Column("项目名称", 36), xlsx.Column("园区", 16),
                xlsx.Column("节点", 20), xlsx.Column("责任单位", 20), xlsx.Column("计划开始", 12, "date"),
                xlsx.Column("计划完成", 12, "date"), xlsx.Column("逾期（工作日）", 12, "int"),
                xlsx.Column("基线完成", 12, "date")]


@login_required
def todo_xlsx(request):
    context = _todo(request)
    nodes = calculations.annotate_lateness(context["queryset"][:20000], context["today"])
    rows = ([node.plan.project.code, node.plan.project.name, node.plan.project.park.name if node.plan.project.park
             else "", node.name, node.owner.name, node.planned_start, node.planned_finish, node.overdue_days,
             node.baseline_finish] for node in nodes)
    who = context["unit"].name if context["unit"] else "全部单位"
    title = f"{who}待办促建节点（截至{context['horizon'].isoformat()}）"
    return xlsx.download(xlsx.workbook(title, TODO_COLUMNS, rows, unit="工作日"), f"{title}.xlsx")


# --------------------------------------------------------------------------- flow templates (coordinators)

TEMPLATES_ONLY = "只有牵头部门（统筹协调）可以维护促建流程模板。"


@login_required
def templates(request):
    access.require(access.can_edit_templates(request.user), TEMPLATES_ONLY)
    rows = NodeTemplate.objects.annotate(node_count=Count("nodes", distinct=True),
                                         plan_count=Count("plans", distinct=True))
    return render(request, "nodeplans/templates.html", {"templates": rows})


@login_required
def template_new(request):
    access.require(access.can_edit_templates(request.user), TEMPLATES_ONLY)
    return _template_form(request, None)


@login_required
def template_edit(request, pk):
    access.require(access.can_edit_templates(request.user), TEMPLATES_ONLY)
    return _template_form(request, get_object_or_404(NodeTemplate, pk=pk))


def _template_form(request, template):
    """The template's header and its node table; saving checks the flow (unknown predecessors, circles)."""
    if request.method == "POST":
        form = forms.TemplateForm(request.POST, instance=template or NodeTemplate())
        rows = forms.TemplateNodeFormSet(request.POST, prefix="nodes")
        if form.is_valid() and rows.is_valid():
            header = {name: form.cleaned_data[name] for name in forms.TemplateForm.Meta.fields}
            try:
                saved = actions.save_template(template, actor=request.user, header=header,
                                              rows=[row for row in (f.row() for f in rows.forms) if row])
            except Refused as refusal:
                messages.error(request, f"未保存：{refusal}")
            else:
                messages.success(request, f"模板“{saved.name}”已保存。")
                return redirect("nodeplans_template_edit", saved.pk)
        else:
            errors = [form_errors(form)] if form.errors else []
            errors += [form_errors(f) for f in rows.forms if f.errors]
            errors += [str(error) for error in rows.non_form_errors()]
            messages.error(request, "未保存：" + "；".join(error for error in errors if error))
    else:
        form = forms.TemplateForm(instance=template)
        rows = forms.TemplateNodeFormSet(prefix="nodes", initial=forms.template_rows(template) if template else None)
    return render(request, "nodeplans/template_form.html", {
        "template": template, "form": form, "rows": rows,
        "plan_count": template.plans.count() if template else 0})
