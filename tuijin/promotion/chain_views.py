"""Industry chains (三表一图) and promotion activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tuijin.accounts.access import (
    can_manage_promotion, can_work_leads, enterprise_scope, project_scope, promotion_unit_for,
)
from tuijin.enterprises.models import Enterprise
from tuijin.projects.models import Project

from . import actions, calculations
from .forms import ActivityForm
from .models import Activity, ActivityKind, IndustryChain, Lead
from .views import guard, scoped_activities, shown_to, year_from


@login_required
def chain_list(request):
    guard(request)
    chains = list(IndustryChain.objects.annotate(
        open_leads=Count("leads", filter=~Q(leads__stage__in=calculations.CLOSED_STAGES), distinct=True),
    ).select_related("lead_unit"))
    segments = calculations.chains_segments(chains)
    rows = []
    for chain in chains:
        views = segments[chain.pk]
        rows.append({"chain": chain, "segments": views,
                     "gaps": [view for view in views if view.coverage == calculations.Coverage.GAP]})
    return render(request, "promotion/chains.html", {"rows": rows, "tab": "chains",
                                                     "may_manage": can_manage_promotion(request.user)})


@login_required
def chain_detail(request, pk):
    """三表一图: the chain diagram, then local enterprises, target companies and projects per segment.

    Coverage is a fact about the district, computed from all records; the tables list only the enterprises,
    projects and leads the user may see, and say how many others there are.
    """
    guard(request)
    chain = get_object_or_404(IndustryChain.objects.select_related("lead_unit"), pk=pk)
    views = calculations.chain_segments(chain)
    segment_ids = [view.segment.pk for view in views]
    visible_projects = set(Project.objects.filter(project_scope(request.user),
                                                  chain_segments__segment_id__in=segment_ids)
                           .values_list("pk", flat=True))
    visible_enterprises = set(Enterprise.objects.filter(enterprise_scope(request.user),
                                                        chain_memberships__segment_id__in=segment_ids)
                              .values_list("pk", flat=True))
    tables = []
    for view in views:
        members = [m for m in view.members if m.enterprise_id in visible_enterprises]
        projects = [p for p in view.projects if p.pk in visible_projects]
        tables.append({"view": view, "members": members, "hidden_members": len(view.members) - len(members),
                       "projects": projects, "hidden_projects": len(view.projects) - len(projects)})
    leads = (Lead.objects.visible_to(request.user).filter(chain=chain).exclude(stage__in=calculations.CLOSED_STAGES)
             .select_related("segment", "owner").order_by("segment__order", "-expected_investment"))
    anchors = [m for view in views for m in view.members if m.is_anchor]
    context = {
        "chain": chain, "tables": tables, "chart": calculations.chain_chart(chain, views), "leads": leads[:100],
        "anchors": anchors, "coverage": calculations.Coverage, "colours": calculations.COVERAGE_COLOURS,
        "gaps": [view for view in views if view.coverage == calculations.Coverage.GAP],
        "may_manage": can_manage_promotion(request.user), "tab": "chains",
    }
    return render(request, "promotion/chain_detail.html", context)


@login_required
def activity_list(request):
    """Activities, newest first, and how many there were each month ("开展招商对接活动N次")."""
    guard(request)
    year = year_from(request)
    activities = Activity.objects.visible_to(request.user).filter(held_on__year=year)
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        activities = activities.filter(kind=kind)
    page = Paginator(scoped_activities(request.user, activities).order_by("-held_on", "-pk"),
                     30).get_page(request.GET.get("page"))
    page.object_list = shown_to(request.user, page.object_list)
    counts = calculations.activity_counts(year, promotion_unit_for(request.user))
    months = [{"month": month, "kinds": [counts["by_month"][month].get(k, 0) for k in ActivityKind.values],
               "total": sum(counts["by_month"][month].values())} for month in range(1, 13)]
    context = {"page": page, "year": year, "years": range(timezone.localdate().year - 3, timezone.localdate().year + 1),
               "kinds": ActivityKind, "kind": kind, "months": months, "total": counts["total"],
               "may_log": can_work_leads(request.user), "tab": "activities"}
    return render(request, "promotion/activities.html", context)


@login_required
def activity_create(request):
    guard(request)
    if not can_work_leads(request.user):
        raise PermissionDenied("区领导只能查看招商活动。")
    leads = Lead.objects.visible_to(request.user).order_by("-updated_at")
    form = ActivityForm(request.POST or None, user=request.user, leads=leads)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name not in ("leads", "chains")}
        activity = actions.log_activity(actor=request.user, data=data, leads=form.cleaned_data["leads"],
                                        chains=form.cleaned_data["chains"])
        messages.success(request, f"已登记活动“{activity.title}”。")
        return redirect("promotion_activities")
    return render(request, "promotion/activity_form.html", {"form": form, "tab": "activities"})
