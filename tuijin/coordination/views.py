"""Problem pages: the list, filing (吹哨), the detail with its timeline, and one view per loop action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import (
    can_act_as_lead, can_assign_problem, can_confirm_problem, can_direct_problem, can_see_meetings,
    department_of, may_file_problems,
)
from tuijin.enterprises.access import visible_enterprise_or_404
from tuijin.projects.access import visible_project_or_404
from tuijin.lib import files
from tuijin.lib import params
from tuijin.lib.web import form_errors, safe_redirect_target

from . import actions, calculations
from .access import visible_problem_or_404
from .forms import AssignForm, BulkAssignForm, ConfirmForm, ProblemFilterForm, ProblemForm, ReasonForm, ReplyForm
from .models import (
    OPEN_STATUSES, Attachment, EventKind, Level, Problem, ProblemAssignment, ProblemStatus,
)

PAGE_SIZE = 30
FILING_EVENTS = [EventKind.FILED, EventKind.DECIDED]


def _is_clerk(user):
    return department_of(user) is not None


def _filtered(request, form):
    problems = Problem.objects.visible_to(request.user)
    if not form.is_valid():
        return problems
    data = form.cleaned_data
    if _is_clerk(request.user) and data.get("mine", "1") != "0":
        current = ProblemAssignment.objects.filter(department_id=request.user.organisation_id, ended_at__isnull=True)
        problems = problems.filter(pk__in=current.values("problem_id"))
    if project_id := params.object_id(request.GET, "project"):  # from the project page's "问题（N）"
        problems = problems.filter(project_id=project_id)
    if data.get("q"):
        q = data["q"].strip()
        problems = problems.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(project__name__icontains=q)
                                   | Q(enterprise__name__icontains=q))
    for name in ("status", "level", "kind"):
        if data.get(name):
            problems = problems.filter(**{name: data[name]})
    if data.get("category"):
        problems = problems.filter(category=data["category"])
    if data.get("department"):
        problems = problems.filter(lead_department=data["department"])
    if data.get("overdue"):
        problems = problems.overdue()
    return problems


@login_required
def problem_list(request):
    """All the problems the user may see; a department clerk starts with those assigned to the department."""
    query = request.GET.copy()
    if _is_clerk(request.user):
        query.setdefault("mine", "1")
    form = ProblemFilterForm(query)
    if not _is_clerk(request.user):
        del form.fields["mine"]
    problems = _filtered(request, form)
    listed = problems.select_related("category", "project", "enterprise", "lead_department").order_by(
        "-created_at", "-pk")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "now": timezone.now(), "may_file": may_file_problems(request.user),
               "counts": calculations.problem_counts(problems, timezone.now()),
               "bulk": can_assign_problem(request.user), "assignable": actions.ASSIGNABLE,
               }
    if context["bulk"]:
        context["bulk_form"] = BulkAssignForm(initial={"since": context["now"]})
    template = "coordination/_problem_results.html" if request.htmx and not request.htmx.boosted else \
        "coordination/problem_list.html"
    return render(request, template, context)


def _preselected(request):
    """The project or enterprise a 吹哨 started from (its detail page), as a ``target`` choice."""
    if project_id := params.object_id(request.GET, "project"):
        project = visible_project_or_404(request.user, project_id)
        return (f"project:{project.pk}", f"项目：{project.name}（{project.code}）")
    if enterprise_id := params.object_id(request.GET, "enterprise"):
        enterprise = visible_enterprise_or_404(request.user, enterprise_id)
        return (f"enterprise:{enterprise.pk}", f"企业：{enterprise.name}")
    return None


@login_required
def problem_file(request):
    if not may_file_problems(request.user):
        raise PermissionDenied("区领导通过批示督办问题，不直接提交问题。")
    preselected = _preselected(request)
    form = ProblemForm(request.POST or None, request.FILES or None, user=request.user, preselected=preselected,
                       initial={"target": preselected[0] if preselected else ""})
    if request.method == "POST" and form.is_valid():
        try:
            problem = actions.file_problem(actor=request.user, data=form.problem_data(),
                                           files=form.cleaned_data["files"])
        except actions.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"问题已提交（{problem.code}），统筹部门将尽快交办。")
            return redirect("coordination_problem", pk=problem.pk)
    # A browser cannot put a chosen file back into a file input, so a refused filing says so by name:
    # unlike the monthly report's one photo, a problem takes several files of any type, too many to park.
    dropped = [upload.name for upload in request.FILES.getlist("files")] if request.method == "POST" else []
    return render(request, "coordination/problem_form.html", {"form": form, "dropped_files": dropped})


def _timeline(problem):
    return problem.events.select_related("actor", "actor__organisation", "department").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))


@login_required
def problem_detail(request, pk):
    problem = visible_problem_or_404(request.user, pk)
    user = request.user
    lead = can_act_as_lead(user, problem)
    status = problem.status
    context = {
        "problem": problem, "events": _timeline(problem), "now": timezone.now(),
        "assignments": problem.assignments.select_related("department", "assigned_by"),
        "attachments": problem.attachments.filter(Q(event__isnull=True) | Q(event__kind__in=FILING_EVENTS)),
        "may": {
            "assign": can_assign_problem(user) and status in (ProblemStatus.SUBMITTED, ProblemStatus.RETURNED),
            "accept": lead and status == ProblemStatus.ASSIGNED,
            "start": lead and status == ProblemStatus.ACCEPTED,
            "reply": lead and status in (ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS),
            "hand_back": lead and status in OPEN_STATUSES,
            "confirm": can_confirm_problem(user, problem) and status == ProblemStatus.REPLIED,
            "escalate": can_assign_problem(user) and status != ProblemStatus.CLOSED and problem.level != Level.MEETING,
            "direct": can_direct_problem(user, problem) and problem.level != Level.DEPARTMENT
            and status != ProblemStatus.CLOSED,
        },
        "reply_form": ReplyForm(), "confirm_form": ConfirmForm(),
        "meetings": problem.agenda_meetings.order_by("-held_at") if can_see_meetings(user) else [],
        "may_see_meetings": can_see_meetings(user),
    }
    return render(request, "coordination/problem_detail.html", context)


@login_required
def problem_assign(request, pk):
    """交办 (or reassign after a hand-back): lead department, co-departments and a deadline in working days."""
    problem = visible_problem_or_404(request.user, pk)
    if not can_assign_problem(request.user):
        raise PermissionDenied("只有统筹协调部门可以交办问题。")
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.assign_problem(problem, actor=request.user, lead=data["lead"],
                                   co_departments=list(data["co_departments"]), working_days=data["working_days"],
                                   note=data["note"])
        except actions.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已交办{data['lead'].name}牵头办理，时限 {data['working_days']} 个工作日。")
            return redirect("coordination_problem", pk=problem.pk)
    handed_back = problem.events.filter(kind=EventKind.HANDED_BACK).select_related("department").last()
    return render(request, "coordination/assign.html",
                  {"problem": problem, "form": form, "handed_back": handed_back})


@login_required
@require_POST
def problem_assign_bulk(request):
    """交办 the ticked problems in one request; see ``actions.assign_many`` for what is refused or skipped."""
    if not can_assign_problem(request.user):
        raise PermissionDenied("只有统筹协调部门可以交办问题。")
    back = safe_redirect_target(request, request.POST.get("next"), reverse("coordination_problems"))
    form = BulkAssignForm(request.POST)
    ids = params.ids(request.POST, "problems")
    problems = list(Problem.objects.visible_to(request.user).filter(pk__in=ids))
    try:
        if not form.is_valid():
            raise actions.Refused("未交办：" + form_errors(form))
        if len(problems) != len(ids):
            raise actions.Refused(f"所选问题中有 {len(ids) - len(problems)} 件不存在或您无权查看，未做任何改动。")
        data = form.cleaned_data
        assigned, stale = actions.assign_many(
            problems, actor=request.user, lead=data["lead"], co_departments=list(data["co_departments"]),
            working_days=data["working_days"], note=data["note"], since=data["since"])
    except actions.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已交办 {len(assigned)} 件" + (f"；{len(stale)} 件已被他人交办，未改动" if stale else "")
                         + f"（{data['lead'].name}牵头，时限 {data['working_days']} 个工作日）。")
    return redirect(back)


def _act(request, pk, *, allowed, refusal, step, done):
    problem = visible_problem_or_404(request.user, pk)
    if not allowed(request.user, problem):
        raise PermissionDenied(refusal)
    try:
        step(problem)
    except actions.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect("coordination_problem", pk=problem.pk)


LEAD_ONLY = "只有牵头部门的联络员可以办理该问题。"


@login_required
@require_POST
def problem_accept(request, pk):
    return _act(request, pk, allowed=can_act_as_lead, refusal=LEAD_ONLY, done="已报到。",
                step=lambda problem: actions.accept_problem(problem, actor=request.user))


@login_required
@require_POST
def problem_start(request, pk):
    note = request.POST.get("note", "")[:500]
    return _act(request, pk, allowed=can_act_as_lead, refusal=LEAD_ONLY, done="已开始办理。",
                step=lambda problem: actions.start_work(problem, actor=request.user, note=note))


@login_required
@require_POST
def problem_reply(request, pk):
    form = ReplyForm(request.POST, request.FILES)

    def step(problem):
        if not form.is_valid():
            raise actions.Refused("答复未提交：" + form_errors(form))
        actions.reply_problem(problem, actor=request.user, reply=form.cleaned_data["reply"],
                              outcome=form.cleaned_data["outcome"], files=form.cleaned_data["files"])

    return _act(request, pk, allowed=can_act_as_lead, refusal=LEAD_ONLY, step=step, done="已答复，等待提交人确认。")


def _reason(request):
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@login_required
@require_POST
def problem_hand_back(request, pk):
    reason = _reason(request)
    return _act(request, pk, allowed=can_act_as_lead, refusal=LEAD_ONLY, done="已退回统筹部门重新交办。",
                step=lambda problem: actions.hand_back(problem, actor=request.user, reason=reason))


@login_required
@require_POST
def problem_reopen(request, pk):
    reason = _reason(request)
    return _act(request, pk, allowed=can_confirm_problem, refusal="只有提交人可以退回重办。",
                done="已退回牵头部门重新办理。",
                step=lambda problem: actions.reopen_problem(problem, actor=request.user, reason=reason))


@login_required
@require_POST
def problem_confirm(request, pk):
    form = ConfirmForm(request.POST)

    def step(problem):
        if not form.is_valid():
            raise actions.Refused("未办结：" + form_errors(form))
        actions.confirm_problem(problem, actor=request.user, rating=form.cleaned_data["rating"],
                                solved=form.cleaned_data["solved"], comment=form.cleaned_data["comment"])

    return _act(request, pk, allowed=can_confirm_problem, refusal="只有提交人可以确认办结。", step=step,
                done="已确认办结，感谢评价。")


@login_required
@require_POST
def problem_escalate(request, pk):
    reason = _reason(request)
    return _act(request, pk, allowed=lambda user, problem: can_assign_problem(user),
                refusal="只有统筹协调部门可以手动升级问题。", done="问题已升级。",
                step=lambda problem: actions.escalate_problem(problem, actor=request.user, reason=reason))


@login_required
@require_POST
def problem_direct(request, pk):
    reason = _reason(request)
    return _act(request, pk, allowed=can_direct_problem, refusal="只有包保领导、区领导或统筹部门可以批示。",
                done="批示已送达办理部门。",
                step=lambda problem: actions.direct_problem(problem, actor=request.user, instruction=reason))


@login_required
def attachment(request, pk):
    """A file, only for those who may see its problem (uploads are not public under MEDIA_URL)."""
    row = get_object_or_404(Attachment, pk=pk)
    visible_problem_or_404(request.user, row.problem_id)
    return files.serve(row.file, row.name)
