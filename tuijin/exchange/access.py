"""Who sees which reporting district at this level.

A user whose unit is a reporting district (or one of its parks) sees that district only, whatever
their role: a district leader given an account at the city is not a city leader. Otherwise the city's
leaders and coordinators see every district (``accounts.access.sees_everything``), and nobody else any.
Only coordinators decide conflicts. Districts out of scope are 404.
"""

from django.http import Http404

from tuijin.accounts import access

from .models import Conflict, DistrictFeed


def own_feed(user) -> DistrictFeed | None:
    """The district ``user``'s unit belongs to, when that district reports to this level."""
    if not access.is_active(user) or user.is_superuser or not user.organisation_id:
        return None
    unit = user.organisation
    return DistrictFeed.objects.filter(organisation_id__in=[unit.pk, unit.parent_id or 0]).first()


def visible_feeds(user):
    feeds = DistrictFeed.objects.select_related("organisation")
    if not access.is_active(user):
        return feeds.none()
    own = own_feed(user)
    if own is not None:
        return feeds.filter(pk=own.pk)
    return feeds.all() if access.sees_everything(user) else feeds.none()


def may_open(user) -> bool:
    return access.sees_everything(user) or own_feed(user) is not None


def visible_feed_or_404(user, pk) -> DistrictFeed:
    feed = visible_feeds(user).filter(pk=pk).first()
    if feed is None:
        raise Http404("没有找到该区县")
    return feed


def visible_conflict_or_404(user, pk) -> Conflict:
    conflict = Conflict.objects.select_related("record__feed").filter(
        pk=pk, record__feed__in=visible_feeds(user)).first()
    if conflict is None:
        raise Http404("没有找到该冲突记录")
    return conflict


def can_decide(user) -> bool:
    return access.is_coordinator(user) and own_feed(user) is None
