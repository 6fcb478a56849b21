"""Reading the page-wide filters that the progress pages and the battle map share: the year and the park."""

import datetime as dt

from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.projects.models import Project


def period_from(request):
    """The year the page is about, and the day its figures are taken at (today, or the year's last day)."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    return year, min(today, dt.date(year, 12, 31))


def scope_from(request):
    """The projects the figures cover: what the user may see, optionally narrowed to one park."""
    projects = Project.objects.visible_to(request.user)
    park = None
    if request.GET.get("park", "").isdigit():
        park = Organisation.objects.filter(kind=OrganisationKind.PARK, pk=request.GET["park"]).first()
        if park:
            projects = projects.filter(park=park)
    return projects, park
