"""Reading the page-wide filters that the progress pages and the battle map share: the year and the park.

Each reader takes the user and the query parameters, not the request, so that an export job run
later in a worker applies them exactly as the page did; ``period_from``/``scope_from`` are the
request-shaped doors the views use.
"""



from tuijin.lib import params as query
from tuijin.lib.periods import period_of  # noqa: F401 — the pages read both filters from here
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.projects.models import Project


def scope_of(user, params):
    """The projects the figures cover: what ``user`` may see, optionally narrowed to one park."""
    projects = Project.objects.visible_to(user)
    park = None
    if park_id := query.object_id(params, "park"):
        park = Organisation.objects.filter(kind=OrganisationKind.PARK, pk=park_id).first()
        if park:
            projects = projects.filter(park=park)
    return projects, park


def period_from(request):
    return period_of(request.GET)


def scope_from(request):
    return scope_of(request.user, request.GET)
