"""预测研判 pages: every planned project's year-end forecast in the user's scope, filterable and exported."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from tuijin.accounts.access import can_see_battle_map
from tuijin.lib import xlsx
from tuijin.progress.filters import period_from, scope_from

from . import lists, services


def _guard(request):
    if not can_see_battle_map(request.user):
        raise PermissionDenied("预测研判面向区领导、统筹部门、园区和部门，企业用户无权查看。")


@login_required
def forecast_list(request):
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    found = lists.forecast_page(request.GET, projects, year, as_of, park)
    page = Paginator(found["rows"], 100).get_page(request.GET.get("page"))
    return render(request, "foresight/list.html", {**found, "page": page, "query": request.GET.urlencode()})


@login_required
def forecast_export(request):
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    found = lists.forecast_page(request.GET, projects, year, as_of, park)
    return xlsx.download(lists.workbook(found), f"{year}年投资完成预测.xlsx")


@login_required
def battle_panel(request):
    """The battle map's 预测研判 panel, fetched by the dashboard after it has drawn (htmx), so it never slows it."""
    _guard(request)
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    return render(request, "foresight/_battle_panel.html",
                  {"forecast": services.battle_panel(projects, year, as_of, park)})
