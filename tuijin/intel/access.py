"""The article or finding a user asks for, or a refusal.

The queue is promotion work: 投促局 and the other coordinators, district leaders (read only) and park staff
(their park's submissions and the shared watched folder's). Others are refused (403); an article outside a
park user's scope is a 404 so that its existence does not leak.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from tuijin.accounts.access import can_view_promotion, can_work_leads, promotion_unit_for, sees_everything

from .models import Article, Finding

REFUSED = "项目情报仅对投促局等统筹部门、区领导和园区工作人员开放。"
READ_ONLY = "您可以查看项目情报，但审核（采纳、修改、驳回）须由投促局或园区工作人员进行。"


def guard(user, *, work: bool = False) -> None:
    if not can_view_promotion(user):
        raise PermissionDenied(REFUSED)
    if work and not can_work_leads(user):
        raise PermissionDenied(READ_ONLY)


def article_scope(user) -> Q:
    if sees_everything(user):
        return Q()
    park = promotion_unit_for(user)
    return Q(park=park) | Q(park__isnull=True) if park else Q(pk__in=[])


def visible_article_or_404(user, pk) -> Article:
    guard(user)
    return get_object_or_404(Article.objects.filter(article_scope(user)), pk=pk)


def workable_finding_or_404(user, pk) -> Finding:
    """A finding the user may decide: visible (else 404) and the user works leads (else 403)."""
    guard(user)
    scope = article_scope(user)
    finding = get_object_or_404(
        Finding.objects.select_related("article", "matched_lead", "matched_project", "lead")
        .filter(article__in=Article.objects.filter(scope)), pk=pk)
    guard(user, work=True)
    return finding
