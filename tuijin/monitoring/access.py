"""Who sees and works a key enterprise's monthly figures, on ``tuijin.accounts.access``'s primitives.

Seen by whoever sees the enterprise (its park, its department, the bureau, leaders, the enterprise
itself: ``Enterprise.objects.visible_to``); entered by whoever keeps the enterprise's profile
(``can_edit_enterprise``: the enterprise, its park, coordinators); reviewed by the park staff of the
enterprise's park or by coordinators (``can_review_progress``, which reads only ``park_id``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tuijin.accounts import access
from tuijin.enterprises.models import Enterprise

from .models import MonthlyFigures


def visible_enterprise_or_404(user, pk):
    enterprise = Enterprise.objects.visible_to(user).select_related("park", "industry").filter(pk=pk).first()
    if enterprise is None:
        raise Http404("没有这家企业")
    return enterprise


def visible_figures_or_404(user, pk):
    figures = (MonthlyFigures.objects.select_related("enterprise", "enterprise__park")
               .filter(enterprise__in=Enterprise.objects.visible_to(user), pk=pk).first())
    if figures is None:
        raise Http404("没有这份月度数据")
    return figures


def can_enter(user, enterprise) -> bool:
    return access.can_edit_enterprise(user, enterprise)


def can_review(user, enterprise) -> bool:
    return access.can_review_progress(user, enterprise)


def enterable_enterprise_or_refuse(user, pk):
    enterprise = visible_enterprise_or_404(user, pk)
    if not can_enter(user, enterprise):
        raise PermissionDenied("您不能填报这家企业的月度数据")
    return enterprise


def reviewable_figures_or_refuse(user, pk):
    figures = visible_figures_or_404(user, pk)
    if not can_review(user, figures.enterprise):
        raise PermissionDenied("这份月度数据不归您审核")
    return figures


def may_see_monitoring(user) -> bool:
    """The overview is for government staff; an enterprise user opens its own enterprise's page."""
    return access.is_active(user) and not access.is_enterprise_user(user)


def may_review_any(user) -> bool:
    return access.may_review_reports(user)


def reviewable_queue(user):
    """The submitted months ``user`` reviews: their park's enterprises (park staff) or all (coordinators)."""
    waiting = (MonthlyFigures.objects.filter(status="submitted").select_related("enterprise", "enterprise__park")
               .order_by("year", "month", "enterprise__name"))
    if access.is_coordinator(user):
        return waiting
    return waiting.filter(enterprise__park_id=access.park_of(user))
