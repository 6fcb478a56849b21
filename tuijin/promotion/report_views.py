"""Targets and their progress, the 月月有 check, the funnel, fund arrival, and the records behind each figure."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import (
    activity_scope, can_manage_promotion, can_record_funds, lead_scope, project_scope, promotion_unit_for,
)
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.projects.access import visible_project_or_404
from tuijin.lib import params
from tuijin.projects.models import Project

from . import actions, calculations, exports
from .forms import ContractForm, FundArrivalForm, LeadFilterForm, TargetForm
from .models import Activity, Contract, FundArrival, Lead, Metric, PeriodKind, Target, TargetEvent
from .periods import Period, PeriodError
from .views import guard, shown_to, year_from


def _units():
    return Organisation.objects.exclude(kind=OrganisationKind.DEPARTMENT)


def _unit(request):
    """The unit the figures are for: park staff always their park; others choose (the district by default)."""
    forced = promotion_unit_for(request.user)
    if forced is not None:
        return forced
    if unit_id := params.object_id(request.GET, "unit"):
        chosen = _units().filter(pk=unit_id).first()
        if chosen:
            return chosen
    return Organisation.objects.filter(kind=OrganisationKind.DISTRICT).order_by("sort_order", "pk").first()


def _common(request, tab):
    year = year_from(request)
    today = timezone.localdate()
    return {"year": year, "unit": _unit(request), "units": _units() if promotion_unit_for(request.user) is None else [],
            "years": range(today.year - 3, today.year + 2), "today": today, "tab": tab}


@login_required
def targets(request):
    """目标考核: every target of the unit and year against its actual figure, and the 月月有 check."""
    guard(request)
    context = _common(request, "targets")
    year, unit = context["year"], context["unit"]
    rows = Target.objects.filter(period_start__year=year, unit=unit).select_related("unit") if unit else []
    cache = {}
    progress = sorted(calculations.target_progress(rows, series_cache=cache),
                      key=lambda row: (row.period.kind != PeriodKind.YEAR, row.period.start, row.period.kind,
                                       list(Metric.values).index(row.target.metric)))
    if request.GET.get("format") == "xlsx":
        return exports.targets_workbook(year, unit, progress)
    series = {metric: cache.get((metric.value, unit.pk if unit else None, year))
              or calculations.monthly(metric, year, unit) for metric in Metric}
    monthly_targets = {(row.period.start.month, row.target.metric): row.target.value
                       for row in progress if row.period.kind == PeriodKind.MONTH}
    months = [{"month": month, "period": Period.month(year, month),
               "cells": [{"metric": metric, "actual": series[metric][month - 1],
                          "target": monthly_targets.get((month, metric.value))} for metric in Metric]}
              for month in range(1, 13)]
    context |= {
        "progress": progress, "months": months, "metrics": list(Metric),
        "check": calculations.monthly_check(year, unit, context["today"]),
        "target_events": TargetEvent.objects.filter(target__in=rows).select_related("target", "actor")[:50]
        if unit else [],
        "form": TargetForm(initial={"year": year, "unit": unit.pk if unit else None})
        if can_manage_promotion(request.user) else None,
    }
    return render(request, "promotion/targets.html", context)


@login_required
@require_POST
def target_set(request):
    guard(request)
    if not can_manage_promotion(request.user):
        raise PermissionDenied("只有投促局等统筹部门可以设定招商目标。")
    form = TargetForm(request.POST)
    if form.is_valid() and "period" in form.cleaned_data:
        data = form.cleaned_data
        actions.set_target(data["period"], data["unit"], data["metric"], data["value"], actor=request.user)
        messages.success(request, f"已设定{data['unit']}{data['period'].label}“{Metric(data['metric']).label}”目标。")
        return redirect(f"{reverse('promotion_targets')}?year={data['period'].start.year}&unit={data['unit'].pk}")
    messages.error(request, "目标未保存：" + "；".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("promotion_targets")


@login_required
def figure_items(request, key):
    """The records behind one figure: the contracts, projects, leads, arrivals or activities it counts."""
    guard(request)
    if key not in calculations.MEASURES:
        raise Http404("没有这个指标")
    try:
        period = Period.from_key(request.GET.get("period"))
    except PeriodError:
        raise Http404("期间无效") from None
    unit = _unit(request)
    found = calculations.figure(key, period, unit)
    items = _visible(request.user, found.measure.item_kind, found.items)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    page.object_list = _in_scope(request.user, found.measure.item_kind, list(page.object_list))
    context = {"figure": found, "unit": unit, "page": page, "kind": found.measure.item_kind,
               "hidden": found.items.count() - items.count(), "tab": "targets"}
    return render(request, "promotion/figure.html", context)


def _visible(user, kind, items):
    """Only the records the user may see; the page says how many others the figure counts."""
    if kind == "contracts":
        leads = Lead.objects.filter(lead_scope(user)).values("pk")
        projects = Project.objects.filter(project_scope(user)).values("pk")
        return (items.filter(Q(lead__in=leads) | Q(project__in=projects))
                .select_related("lead", "project").order_by("signed_on", "pk"))
    if kind == "projects":
        return (items.filter(project_scope(user)).select_related("park", "enterprise")
                .order_by("actual_start_date", "pk"))
    if kind == "leads":
        return items.filter(lead_scope(user)).select_related("park", "project").order_by("landed_on", "pk")
    if kind == "arrivals":
        return (items.filter(project__in=Project.objects.filter(project_scope(user)).values("pk"))
                .select_related("project").order_by("year", "month", "project__name"))
    return items.filter(pk__in=Activity.objects.filter(activity_scope(user)).values("pk")).order_by("held_on", "pk")


def _in_scope(user, kind, rows):
    """Name only the related records the user may see: a contract's lead, a lead's project, an activity's notes.

    A row is listed because the user may see *it*; the lead or project at its other end may belong to
    another park (a bureau lead landed in one park, registered in another) and must be neither named nor linked.
    """
    if kind == "contracts":
        leads = set(Lead.objects.filter(lead_scope(user), pk__in=[row.lead_id for row in rows if row.lead_id])
                    .values_list("pk", flat=True))
        for row in rows:
            row.shown_lead = row.lead if row.lead_id in leads else None
    elif kind == "leads":
        projects = set(Project.objects.filter(project_scope(user),
                                              pk__in=[row.project_id for row in rows if row.project_id])
                       .values_list("pk", flat=True))
        for row in rows:
            row.shown_project = row.project if row.project_id in projects else None
    elif kind == "activities":
        rows = shown_to(user, rows)
    return rows


def _funnel_leads(request, unit, year):
    """The leads of the funnel, filtered exactly as the lead list filters its drill-down."""
    form = LeadFilterForm({"unit": unit.pk if unit else "", "cohort": year or ""})
    return form.apply(Lead.objects.visible_to(request.user))


@login_required
def funnel(request):
    """转化漏斗: leads reaching each stage, conversion from the stage before, median days between stages."""
    guard(request)
    context = _common(request, "funnel")
    cohort_year = params.year(request.GET, "cohort", low=2000, clamp=False)
    leads = _funnel_leads(request, context["unit"], cohort_year)
    steps = calculations.funnel(leads)
    conversions = calculations.conversions(leads)
    fund = calculations.fund_arrival_rate(context["unit"], context["today"])
    if request.GET.get("format") == "xlsx":
        return exports.funnel_workbook(steps, conversions, fund, context["unit"], cohort_year)
    context |= {"steps": steps, "conversions": conversions, "fund": fund, "cohort": cohort_year,
                "top": max((step.reached for step in steps), default=0)}
    return render(request, "promotion/funnel.html", context)


@login_required
def funds(request):
    """资金到位: 内资 / 外资 arrived by park and quarter, and each signed project's 资金到位率."""
    guard(request)
    context = _common(request, "funds")
    year, unit, today = context["year"], context["unit"], context["today"]
    as_of = min(today, dt.date(year, 12, 31))
    rate = calculations.fund_arrival_rate(unit, as_of)
    projects = rate.projects.filter(project_scope(request.user)).select_related("park", "enterprise")
    page = Paginator(projects.order_by("-agreed", "pk"), 30).get_page(request.GET.get("page"))
    parks = Organisation.objects.filter(kind=OrganisationKind.PARK)
    if promotion_unit_for(request.user) is not None:
        parks = parks.filter(pk=request.user.organisation_id)
    by_park = calculations.arrivals_by_park(year, parks)
    if promotion_unit_for(request.user) is not None:
        by_park = [row for row in by_park if row["unit"] not in (None, "total")]
    context |= {"rate": rate, "page": page, "by_park": by_park, "as_of": as_of,
                "year_figure": calculations.figure(Metric.FUND_ARRIVAL, Period.year(year), unit)}
    return render(request, "promotion/funds.html", context)


@login_required
def project_funds(request, pk):
    """A project's agreements and monthly fund arrival, with the forms to add them."""
    guard(request)
    project = visible_project_or_404(request.user, pk)
    may_record = can_record_funds(request.user, project)
    contracts = list(Contract.objects.filter(project=project).select_related("lead").order_by("signed_on", "pk"))
    arrivals = list(FundArrival.objects.filter(project=project).select_related("recorded_by")
                    .prefetch_related("events__actor").order_by("-year", "-month"))
    today = timezone.localdate()
    this = calculations.fund_projects(None, today).filter(pk=project.pk).first()
    context = {
        "project": project, "contracts": contracts, "arrivals": arrivals, "may_record": may_record,
        "agreed": this.agreed if this else None, "arrived": this.arrived if this else None,
        "rate": calculations.percent(this.arrived, this.agreed) if this else None,
        "arrival_form": FundArrivalForm(initial={"year": today.year, "month": today.month}) if may_record else None,
        "contract_form": ContractForm(initial={"signed_on": today}, allow_initial=not contracts)
        if may_record else None,
        "leads": project.leads.filter(lead_scope(request.user)), "tab": "funds",
    }
    return render(request, "promotion/project_funds.html", context)


def _project_for_funds(request, pk):
    guard(request)
    project = visible_project_or_404(request.user, pk)
    if not can_record_funds(request.user, project):
        raise PermissionDenied("只有投促局或项目所在园区可以登记协议和到位资金。")
    return project


@login_required
@require_POST
def record_arrival(request, pk):
    project = _project_for_funds(request, pk)
    form = FundArrivalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "到位资金未保存：" + "；".join(" ".join(errors) for errors in form.errors.values()))
        return redirect("promotion_project_funds", pk=project.pk)
    try:
        arrival = actions.record_fund_arrival(project, actor=request.user, **form.cleaned_data)
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已保存{arrival.year}年{arrival.month}月到位资金。")
    return redirect("promotion_project_funds", pk=project.pk)


@login_required
@require_POST
def record_project_contract(request, pk):
    project = _project_for_funds(request, pk)
    form = ContractForm(request.POST, allow_initial=True)
    if not form.is_valid():
        messages.error(request, "协议未登记：" + "；".join(" ".join(errors) for errors in form.errors.values()))
        return redirect("promotion_project_funds", pk=project.pk)
    lead = project.leads.order_by("pk").first()
    try:
        if lead is not None and form.cleaned_data["kind"] != "initial":
            contract = actions.record_contract(actor=request.user, lead=lead, **form.cleaned_data)
        else:
            contract = actions.record_contract(actor=request.user, project=project, **form.cleaned_data)
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已登记{contract.get_kind_display()}协议。")
    return redirect("promotion_project_funds", pk=project.pk)

