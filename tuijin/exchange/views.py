"""数据上报 pages: the districts reporting to this level, one district's figures, and the conflicts to decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts import access as accounts_access
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.progress import calculations

from . import access, actions, figures
from .models import Conflict, ConflictStatus, DistrictKpi, ImportRun
from .records import LABELS


def _drill(feed):
    return f"{reverse('project_list')}?district={feed.organisation_id}"


@login_required
def home(request):
    """Every district reporting here, with its figures and 数据截至, and the level's total over them."""
    if not access.may_open(request.user):
        raise Http404("没有可查看的上报区县")
    today = timezone.localdate()
    feeds = list(access.visible_feeds(request.user))
    rows = figures.district_rows(feeds, today.year, today)
    for row in rows:
        row.drill = _drill(row.feed)
    top = max((row.rate or 0 for row in rows), default=0) or 1
    for row in rows:
        row.bar = min(100, float((row.rate or 0) * 100 / top))
    open_conflicts = Conflict.objects.filter(status=ConflictStatus.OPEN, record__feed__in=feeds).count()
    context = {"rows": rows, "total": figures.total(feeds, today.year, today) if len(rows) > 1 else None,
               "year": today.year, "open_conflicts": open_conflicts,
               "level": Organisation.objects.filter(parent=None, kind__in=[OrganisationKind.CITY,
                                                                          OrganisationKind.PROVINCE]).first()}
    return render(request, "exchange/home.html", context)


@login_required
def district(request, pk):
    """One district: its headline KPIs recomputed here beside the figures it reported, its parks, its imports."""
    feed = access.visible_feed_or_404(request.user, pk)
    today = timezone.localdate()
    scope = figures.district_projects([feed])
    reported = {kpi.name: kpi for kpi in DistrictKpi.objects.filter(feed=feed, year=today.year)}
    kpis = []
    seen = set()
    for kpi in calculations.headline(today.year, today, scope):
        name = kpi.key if kpi.key not in seen else f"{kpi.key}_5000"
        seen.add(kpi.key)
        kpis.append((kpi, reported.get(name)))
    parks = (Organisation.objects.filter(parent=feed.organisation, kind=OrganisationKind.PARK).order_by("name"))
    # The district's largest projects, here too: a district's own user at this level sees them on this page
    # (the project pages' scope is by park, department or enterprise, and does not know districts).
    projects = scope.select_related("park").order_by("-total_investment", "pk")[:50]
    context = {"feed": feed, "kpis": kpis, "parks": parks, "drill": _drill(feed), "year": today.year,
               "projects": projects, "count": scope.count(), "may_open": accounts_access.sees_everything(request.user),
               "runs": ImportRun.objects.filter(feed=feed).select_related("actor")[:10]}
    return render(request, "exchange/district.html", context)


@login_required
def conflicts(request):
    if not access.may_open(request.user):
        raise Http404("没有可查看的上报区县")
    rows = (Conflict.objects.filter(record__feed__in=access.visible_feeds(request.user))
            .select_related("record__feed", "resolved_by").order_by("status", "-pk")[:200])
    names = _names(rows)
    for conflict in rows:
        conflict.fields = [(LABELS.get(name, name), local, incoming) for name, local, incoming in conflict.differing()]
        conflict.title = names.get((conflict.record.kind, conflict.record.object_id), conflict.record.key)
    return render(request, "exchange/conflicts.html", {"conflicts": rows, "may_decide": access.can_decide(request.user)})


def _names(conflicts):
    """The local record's name for each conflict, one query per kind (not one per row)."""
    from tuijin.progress.models import MonthlyReport, YearlyPlan
    from tuijin.projects.models import Project

    ids = {}
    for conflict in conflicts:
        ids.setdefault(conflict.record.kind, set()).add(conflict.record.object_id)
    names = {}
    for pk, name in Project.objects.filter(pk__in=ids.get("project", ())).values_list("pk", "name"):
        names[("project", pk)] = name
    for pk, name, year in YearlyPlan.objects.filter(pk__in=ids.get("plan", ())).values_list("pk", "project__name", "year"):
        names[("plan", pk)] = f"{name} {year}年计划"
    for pk, name, year, month in MonthlyReport.objects.filter(pk__in=ids.get("report", ())).values_list(
            "pk", "project__name", "year", "month"):
        names[("report", pk)] = f"{name} {year}年{month}月"
    return names


@login_required
@require_POST
def decide(request, pk):
    conflict = access.visible_conflict_or_404(request.user, pk)
    if not access.can_decide(request.user):
        raise PermissionDenied("只有本级统筹协调部门可以处理上报冲突。")
    decision = request.POST.get("decision")
    if decision not in ("take", "keep"):
        messages.error(request, "请选择“采用区县值”或“保留本级值”。")
        return redirect("exchange_conflicts")
    try:
        actions.resolve_conflict(conflict, actor=request.user, take=decision == "take")
    except actions.DecisionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "已采用区县上报的值。" if decision == "take" else "已保留本级的值，区县再次修改时会重新提示。")
    return redirect("exchange_conflicts")
