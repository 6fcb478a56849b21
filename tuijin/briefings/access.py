"""Who sees and makes which briefing, on ``tuijin.accounts.access``'s primitives.

Leaders and coordinators see every pack; a park's staff see their park's packs (the district's
figures and other parks' are not theirs); enterprises see none. Coordinators make any pack and
keep the templates; park staff make their own park's monthly briefing. Someone else's pack is a
404, as if it did not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tuijin.accounts import access


def may_see_briefings(user) -> bool:
    """The 报表简报 page: government staff who read figures (not enterprises, not department clerks' scorecards)."""
    return access.sees_everything(user) or bool(access.park_of(user))


def run_scope(user):
    from django.db.models import Q

    if not access.is_active(user):
        return access.NOTHING
    if access.sees_everything(user):
        return Q()
    if access.park_of(user):
        return Q(park_id=access.park_of(user))
    return access.NOTHING


def can_manage_templates(user) -> bool:
    return access.is_coordinator(user)


def can_make_meeting_pack(user) -> bool:
    return access.can_manage_meetings(user)


def can_make_monthly(user, park) -> bool:
    """Coordinators for the district or any park; park staff for their own park only."""
    if access.is_coordinator(user):
        return True
    return park is not None and access.park_of(user) == park.pk


def parks_for(user):
    """The parks ``user`` may make a monthly briefing for (None in the list: the whole district)."""
    from tuijin.accounts.models import Organisation, OrganisationKind

    parks = Organisation.objects.filter(kind=OrganisationKind.PARK).order_by("sort_order", "name")
    if access.is_coordinator(user):
        return [None, *parks]
    if access.park_of(user):
        return list(parks.filter(pk=access.park_of(user)))
    return []


def require_page(user):
    if not may_see_briefings(user):
        raise Http404("没有这个页面")


def visible_run_or_404(user, pk):
    from .models import BriefingRun

    run = BriefingRun.objects.visible_to(user).select_related("park", "meeting", "requested_by").filter(pk=pk).first()
    if run is None:
        raise Http404("没有这份简报")
    return run


def require_templates(user):
    require_page(user)
    if not can_manage_templates(user):
        raise PermissionDenied("只有统筹协调部门可以管理简报模板。")
