"""挂图作战 pages (dashboard, map, timeline, big screen, drill-down) and the warnings' pages."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.progress.filters import period_from, scope_from
from tuijin.accounts.access import (
    can_configure_warnings, can_dispose_warning, can_see_battle_map, may_dispose_warnings,
)
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.lib import params
from tuijin.lib.web import safe_redirect_target
from tuijin.progress.lists import YearList, year_list
from tuijin.projects.models import BY_INVESTMENT

from .access import visible_warning_or_404
from . import actions, battlemap, dashboard, summary
from .forms import NoteForm, RuleForm
from .models import ACTIVE_STATUSES, RuleEvent, RuleKey, Warning, WarningLevel, WarningRule, WarningStatus

TIMELINE_LIMIT = 100


def _guard(request):
    if not can_see_battle_map(request.user):
        raise PermissionDenied("挂图作战面向区领导、统筹部门、园区和部门，企业用户无权查看。")


def _filters(request, year, park):
    today = timezone.localdate()
    return {"year": year, "park": park, "years": range(today.year - 3, today.year + 2),
            "parks": Organisation.objects.filter(kind=OrganisationKind.PARK)}


def _payload(request, projects, year, as_of, park):
    return dashboard.payload(projects, year, as_of, park, summary.dimensions(request.user, park))


@login_required
def dashboard_view(request):
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    context = {**_filters(request, year, park), "as_of": as_of,
               "payload": _payload(request, projects, year, as_of, park)}
    return render(request, "alerts/dashboard.html", context)


@login_required
def dashboard_data(request):
    """The same payload as JSON, for the big screen's refresh."""
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    return JsonResponse(_payload(request, projects, year, as_of, park), encoder=DjangoJSONEncoder)


@login_required
def big_screen(request):
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    context = {"year": year, "park": park, "as_of": as_of, "payload": _payload(request, projects, year, as_of, park),
               "map": battlemap.map_points(projects), "query": request.GET.urlencode()}
    return render(request, "alerts/big_screen.html", context)


@login_required
def map_view(request):
    _guard(request)
    year, _ = period_from(request)
    projects, park = scope_from(request)
    context = {**_filters(request, year, park), "map": battlemap.map_points(projects)}
    return render(request, "alerts/map.html", context)


@login_required
def timeline_view(request):
    """Gantt of planned against actual for a filtered set: a park, one of the four yearly lists, warned only."""
    _guard(request)
    year, _ = period_from(request)
    projects, park = scope_from(request)
    kind = request.GET.get("list", "")
    if kind in YearList.values:
        projects = year_list(YearList(kind), year, projects)
    if request.GET.get("late") == "1":
        projects = projects.filter(warnings__status__in=ACTIVE_STATUSES).distinct()
    total = projects.count()
    chosen = projects.select_related("park").order_by(*BY_INVESTMENT)[:TIMELINE_LIMIT]
    rows, ticks = battlemap.gantt(chosen, year, timezone.localdate())
    context = {**_filters(request, year, park), "rows": rows, "ticks": ticks, "total": total,
               "limit": TIMELINE_LIMIT, "lists": YearList.choices, "list": kind, "late": request.GET.get("late")}
    return render(request, "alerts/timeline.html", context)


@login_required
def drill(request):
    """The projects behind one dashboard figure or chart segment."""
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    found = dashboard.drill_down(projects, request.GET.get("dim", ""), request.GET.get("value", ""), year, as_of)
    if found is None:
        raise Http404("没有这个统计口径")
    queryset, title = found
    queryset = queryset.select_related("enterprise", "park").order_by(*BY_INVESTMENT)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    context = {"page": page, "title": title, "year": year, "park": park}
    template = "projects/_results.html" if request.htmx else "alerts/projects.html"
    return render(request, template, context)


@login_required
def warning_list(request):
    _guard(request)  # a tab of the battle map: the disposal notes are the government's, not the enterprise's
    warnings = Warning.objects.visible_to(request.user).select_related("project", "project__responsible_unit")
    status = request.GET.get("status", "active")
    if status == "active":
        warnings = warnings.active()
    elif status in WarningStatus.values:
        warnings = warnings.filter(status=status)
    for name, values in (("level", WarningLevel.values), ("rule", RuleKey.values)):
        if request.GET.get(name) in values:
            warnings = warnings.filter(**{name: request.GET[name]})
    if unit_id := params.object_id(request.GET, "unit"):
        warnings = warnings.filter(project__responsible_unit_id=unit_id)
    if project_id := params.object_id(request.GET, "project"):
        warnings = warnings.filter(project_id=project_id)
    page = Paginator(warnings.order_by("-level_changed_at", "-pk"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": WarningStatus.choices, "levels": WarningLevel.choices,
               "rules": RuleKey.choices, "may_configure": can_configure_warnings(request.user),
               "may_sign": may_dispose_warnings(request.user)}
    return render(request, "alerts/warning_list.html", context)


@login_required
def warning_detail(request, pk):
    _guard(request)
    warning = visible_warning_or_404(request.user, pk)
    context = {"warning": warning, "events": warning.events.select_related("actor"),
               "may_dispose": can_dispose_warning(request.user, warning) and warning.is_active,
               "form": NoteForm()}
    return render(request, "alerts/warning_detail.html", context)


def _dispose(request, pk, step, done):
    _guard(request)
    warning = visible_warning_or_404(request.user, pk)
    if not can_dispose_warning(request.user, warning):
        raise PermissionDenied("只有统筹部门、项目所在园区或包保（责任）单位可以处置该预警。")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        step(warning, actor=request.user, note=note)
    except actions.DisposalRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("alerts_warning", pk=warning.pk)


@login_required
@require_POST
def warning_acknowledge(request, pk):
    return _dispose(request, pk, actions.acknowledge, "已签收，请及时处置。")


@login_required
@require_POST
def warning_acknowledge_bulk(request):
    """签收 the ticked warnings in one request; see ``actions.acknowledge_many`` for what is refused."""
    _guard(request)
    if not may_dispose_warnings(request.user):
        raise PermissionDenied("区领导只能查看预警；签收由项目的园区、包保单位或统筹部门负责。")
    ids = params.ids(request.POST, "warnings")
    warnings = list(Warning.objects.visible_to(request.user).select_related("project").filter(pk__in=ids))
    try:
        if len(warnings) != len(ids):
            raise actions.DisposalRefused(f"所选预警中有 {len(ids) - len(warnings)} 条不存在或您无权查看，未做任何改动。")
        signed, stale = actions.acknowledge_many(warnings, actor=request.user)
    except actions.DisposalRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已签收 {len(signed)} 条" + (f"；{len(stale)} 条已被他人签收或已关闭，未改动" if stale else "")
                         + "，请及时处置。")
    return redirect(safe_redirect_target(request, request.POST.get("next"), reverse("alerts_warnings")))


@login_required
@require_POST
def warning_note(request, pk):
    return _dispose(request, pk, actions.add_note, "处置记录已保存。")


@login_required
@require_POST
def warning_resolve(request, pk):
    return _dispose(request, pk, actions.resolve, "已标记处置完毕；原因消除后，下次扫描将自动关闭该预警。")


@login_required
def rule_list(request):
    """The rules and their thresholds; coordinators edit them here, the others read them."""
    _guard(request)
    may_configure = can_configure_warnings(request.user)
    rules = list(WarningRule.current().values())
    forms = [(rule, RuleForm(instance=rule, prefix=rule.key) if may_configure else None) for rule in rules]
    history = RuleEvent.objects.select_related("rule", "actor")[:50]
    return render(request, "alerts/rules.html", {"forms": forms, "may_configure": may_configure, "history": history})


@login_required
@require_POST
def rule_edit(request, key):
    if not can_configure_warnings(request.user):
        raise PermissionDenied("只有统筹部门可以修改预警规则。")
    rule = get_object_or_404(WarningRule, key=key)
    form = RuleForm(request.POST, instance=rule, prefix=rule.key)
    if form.is_valid():
        rule = actions.configure_rule(rule, actor=request.user, data=form.cleaned_data)
        messages.success(request, f"“{rule.get_key_display()}”的阈值已保存，下次扫描起按新阈值分级。")
    else:
        messages.error(request, f"“{rule.get_key_display()}”未保存：" + "；".join(
            error for errors in form.errors.values() for error in errors))
    return redirect("alerts_rules")


