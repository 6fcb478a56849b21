"""Department scorecards: sortable, each number drilling down to its problems, exportable to Excel."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tuijin.accounts.access import scorecard_departments
from tuijin.accounts.models import Organisation, OrganisationKind

from . import calculations, exports
from .forms import ScorecardFilterForm
from .models import Problem

SORT_KEYS = ["department"] + [key for key, _, _ in calculations.FIGURES]


def _departments(request):
    departments = Organisation.objects.filter(scorecard_departments(request.user), kind=OrganisationKind.DEPARTMENT)
    if not departments.exists():
        raise PermissionDenied("部门考评仅对区领导、统筹协调部门和各部门开放。")
    return departments


def _cards(request, departments, start, end):
    turns = calculations.lead_turns(start, end).filter(department__in=departments)
    return calculations.scorecards(turns, departments, timezone.now())


@login_required
def scorecard(request):
    departments = _departments(request)
    form = ScorecardFilterForm(request.GET)
    start, end = form.period()
    sort = request.GET.get("sort", "-received")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        sort, key = "-received", "received"
    cards = calculations.sort_scorecards(_cards(request, departments, start, end), key, sort.startswith("-"))
    if request.GET.get("format") == "xlsx":
        return exports.scorecard_workbook(cards, start, end)
    context = {"form": form, "cards": cards, "start": start, "end": end, "sort": sort, "sort_key": key,
               "figures": calculations.FIGURES, "working_hours": "{:%H:%M}—{:%H:%M}".format(*settings.WORKING_HOURS)}
    template = "coordination/_scorecard_table.html" if request.htmx and not request.htmx.boosted else \
        "coordination/scorecard.html"
    return render(request, template, context)


@login_required
def scorecard_problems(request, department, key):
    """The problems behind one figure of one department's scorecard."""
    departments = _departments(request)
    department = get_object_or_404(departments, pk=department)
    if key not in calculations.FIGURE_LABELS:
        raise Http404("没有这个指标")
    start, end = ScorecardFilterForm(request.GET).period()
    card = _cards(request, [department], start, end)[0]
    figure = card[key]
    problems = Problem.objects.visible_to(request.user).filter(pk__in=figure.problems).select_related(
        "category", "project", "enterprise", "lead_department").order_by("-created_at", "-pk")
    page = Paginator(problems, 50).get_page(request.GET.get("page"))
    context = {"department": department, "figure": figure, "page": page, "start": start, "end": end,
               "now": timezone.now()}
    return render(request, "coordination/scorecard_problems.html", context)
