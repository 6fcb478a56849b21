from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import can_act_as_lead, can_dispose_warning, can_see_battle_map
from tuijin.alerts import actions as alert_actions
from tuijin.alerts.access import visible_warning_or_404
from tuijin.coordination import actions as problem_actions
from tuijin.coordination.access import visible_problem_or_404
from tuijin.lib.money import TEN_THOUSAND
from tuijin.projects.models import Project, Stage

from . import todos


@login_required
def home(request):
    """The overview a user lands on: what waits for them (待办), then their projects counted by stage."""
    projects = Project.objects.visible_to(request.user)
    totals = projects.aggregate(
        count=Count("pk"),
        investment=Sum("total_investment"),
        over_100m=Count("pk", filter=Q(total_investment__gte=TEN_THOUSAND)),
    )
    by_stage = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    stages = [{"stage": stage, "label": stage.label, "count": by_stage.get(stage.value, 0)} for stage in Stage]
    return render(request, "workbench/home.html", {"totals": totals, "stages": stages, **_todo_context(request)})


def _todo_context(request):
    return {"board": todos.board_for(request), "today": timezone.localdate()}


def _done(request, message):
    """After a one-click to-do: the refreshed 待办 section for htmx, else back to the home page."""
    if request.htmx:
        messages.success(request, message)
        return render(request, "workbench/_todos.html", {**_todo_context(request), "oob_badge": True})
    messages.success(request, message)
    return redirect("home")


def _refused(request, refusal):
    messages.error(request, str(refusal))
    if request.htmx:
        return render(request, "workbench/_todos.html", {**_todo_context(request), "oob_badge": True})
    return redirect("home")


@login_required
@require_POST
def accept_problem(request, pk):
    """报到 from the workbench: the action the problem page's button runs, answered with the new 待办 list."""
    problem = visible_problem_or_404(request.user, pk)
    if not can_act_as_lead(request.user, problem):
        raise PermissionDenied("只有牵头部门的联络员可以报到。")
    try:
        problem_actions.accept_problem(problem, actor=request.user)
    except problem_actions.Refused as refusal:
        return _refused(request, refusal)
    return _done(request, f"{problem.code} 已报到，请及时办理并答复。")


@login_required
@require_POST
def acknowledge_warning(request, pk):
    """签收 a warning from the workbench (the warning page's 签收处置)."""
    if not can_see_battle_map(request.user):
        raise PermissionDenied("企业用户不处置预警。")
    warning = visible_warning_or_404(request.user, pk)
    if not can_dispose_warning(request.user, warning):
        raise PermissionDenied("只有统筹部门、项目所在园区或包保（责任）单位可以处置该预警。")
    try:
        alert_actions.acknowledge(warning, actor=request.user)
    except alert_actions.DisposalRefused as refusal:
        return _refused(request, refusal)
    return _done(request, f"已签收“{warning.project.name}”的{warning.get_level_display()}，请及时处置。")
