"""调度会 and 现场办公: records with a proposed agenda, and decisions that become action items (正向交办)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import can_manage_meetings, can_see_meetings
from tuijin.lib.web import form_errors
from tuijin.projects.models import Project

from . import actions, calculations
from .forms import DecisionForm, MeetingForm
from .models import Meeting, Problem, ProblemStatus


def _require_see(request):
    if not can_see_meetings(request.user):
        raise Http404("没有这个页面")


def _require_manage(request):
    _require_see(request)
    if not can_manage_meetings(request.user):
        raise PermissionDenied("只有统筹协调部门可以记录会议。")


@login_required
def meeting_list(request):
    _require_see(request)
    meetings = Meeting.objects.annotate(
        agenda_count=Count("agenda", distinct=True),
        items=Count("action_items", distinct=True),
        open_items=Count("action_items", filter=~Q(action_items__status=ProblemStatus.CLOSED), distinct=True),
    ).order_by("-held_at", "-pk")
    page = Paginator(meetings, 30).get_page(request.GET.get("page"))
    return render(request, "coordination/meeting_list.html",
                  {"page": page, "may_manage": can_manage_meetings(request.user)})


def _proposal(request):
    return calculations.agenda_proposal(timezone.now(), Problem.objects.visible_to(request.user),
                                        Project.objects.visible_to(request.user))


def _ids(request, name):
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


@login_required
def meeting_create(request):
    """A new meeting, its agenda proposed from level-3 problems, overdue problems and lagging projects."""
    _require_manage(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agenda = list(Problem.objects.visible_to(request.user).filter(pk__in=_ids(request, "agenda")))
        project_ids = set(_ids(request, "projects")) | {problem.project_id for problem in agenda if problem.project_id}
        projects = list(Project.objects.visible_to(request.user).filter(pk__in=project_ids))
        meeting = actions.record_meeting(actor=request.user, data=form.cleaned_data, projects=projects, agenda=agenda)
        messages.success(request, f"已记录“{meeting.title}”，议题 {len(agenda)} 个，研究项目 {len(projects)} 个。")
        return redirect("coordination_meeting", pk=meeting.pk)
    # A refused save shows the proposal as it was ticked, not ticked afresh.
    posted = request.method == "POST"
    return render(request, "coordination/meeting_form.html", {
        "form": form, "proposal": _proposal(request), "posted": posted,
        "ticked_agenda": set(_ids(request, "agenda")), "ticked_projects": set(_ids(request, "projects"))})


@login_required
def meeting_detail(request, pk):
    _require_see(request)
    meeting = get_object_or_404(Meeting.objects.select_related("created_by"), pk=pk)
    may_manage = can_manage_meetings(request.user)
    context = {
        "meeting": meeting, "now": timezone.now(), "may_manage": may_manage,
        "agenda": meeting.agenda.select_related("lead_department", "project", "enterprise").order_by("pk"),
        "projects": meeting.projects.select_related("enterprise").order_by("name"),
        "items": meeting.action_items.select_related("lead_department", "project").order_by("pk"),
        "decision_form": DecisionForm(meeting=meeting) if may_manage else None,
        "meeting_events": meeting.events.select_related("actor")[:50],
    }
    return render(request, "coordination/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk):
    """Minutes and attendees are often completed after the meeting."""
    _require_manage(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        actions.update_meeting(meeting, actor=request.user, data=form.cleaned_data)
        messages.success(request, "会议记录已保存。")
        return redirect("coordination_meeting", pk=meeting.pk)
    return render(request, "coordination/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_decide(request, pk):
    """A decision of the meeting becomes an action item, assigned at once (正向交办)."""
    _require_manage(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DecisionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, "议定事项未保存：" + form_errors(form))
        return redirect("coordination_meeting", pk=meeting.pk)
    data = form.cleaned_data
    try:
        item = actions.record_decision(meeting, actor=request.user, data=form.item_data(), lead=data["lead"],
                                       co_departments=list(data["co_departments"]), working_days=data["working_days"])
    except actions.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已交办{item.lead_department.name}：{item.title}（{item.code}）。")
    return redirect("coordination_meeting", pk=meeting.pk)
