"""Who may see and change 产用对接's records, read only through ``accounts.access`` primitives.

Published offerings and needs are a shared market: every signed-in user sees them. A draft or a
withdrawn one is seen only by those who may edit it — the enterprise itself, its park, a coordinator.
Events are run by coordinators; government staff see all of them, an enterprise only those it is invited to.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from tuijin.accounts.access import enterprise_of, is_coordinator, is_enterprise_user, is_park_staff, park_of
from tuijin.enterprises.models import Enterprise

from .models import ListingStatus, MatchEvent, Need, Offering


def may_publish(user) -> bool:
    """Enterprises publish for themselves; parks and coordinators on an enterprise's behalf."""
    return is_coordinator(user) or (is_park_staff(user) and park_of(user) is not None) or \
        (is_enterprise_user(user) and enterprise_of(user) is not None)


def can_edit_for(user, enterprise) -> bool:
    if is_coordinator(user):
        return True
    if park_of(user) is not None:
        return enterprise.park_id == park_of(user)
    return enterprise_of(user) is not None and enterprise.pk == enterprise_of(user)


def publishable_enterprises(user):
    """The enterprises ``user`` may publish for (the form's choices)."""
    if is_coordinator(user):
        return Enterprise.objects.all()
    if park_of(user) is not None:
        return Enterprise.objects.filter(park_id=park_of(user))
    if enterprise_of(user) is not None:
        return Enterprise.objects.filter(pk=enterprise_of(user))
    return Enterprise.objects.none()


def _listing_or_404(model, user, pk):
    listing = get_object_or_404(model.objects.select_related("enterprise__park", "enterprise__industry", "industry"),
                                pk=pk)
    if listing.status != ListingStatus.PUBLISHED and not can_edit_for(user, listing.enterprise):
        raise Http404
    return listing


def visible_offering_or_404(user, pk) -> Offering:
    return _listing_or_404(Offering, user, pk)


def visible_need_or_404(user, pk) -> Need:
    return _listing_or_404(Need, user, pk)


def editable(user, listing):
    """``listing`` if ``user`` may change it, else 403 (it is visible: they got it through the helpers above)."""
    if not can_edit_for(user, listing.enterprise):
        raise PermissionDenied("只有该企业、其所在园区或统筹协调人员可以修改。")
    return listing


def can_manage_events(user) -> bool:
    return is_coordinator(user)


def sees_events(user) -> bool:
    """Government staff see every event; enterprises see the ones they are invited to."""
    return not is_enterprise_user(user)


def visible_event_or_404(user, pk) -> MatchEvent:
    event = get_object_or_404(MatchEvent.objects.select_related("chain", "organiser"), pk=pk)
    if not sees_events(user) and not event.invitations.filter(enterprise_id=enterprise_of(user)).exists():
        raise Http404
    return event


def managed_event_or_404(user, pk) -> MatchEvent:
    event = visible_event_or_404(user, pk)
    if not can_manage_events(user):
        raise PermissionDenied("对接会由统筹协调人员安排。")
    return event
