"""Who may open 政策模拟测算 drafts: those who see every park's enterprises (a simulation names them all)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from tuijin.accounts.access import can_manage_policies, can_see_auto_grants

from .models import ClauseDraft


def can_simulate(user) -> bool:
    return can_see_auto_grants(user)


def require_simulation(user):
    if not can_simulate(user):
        raise PermissionDenied("政策模拟测算列出全区企业，仅区领导和统筹部门可以查看。")


def require_drafting(user):
    if not can_manage_policies(user):
        raise PermissionDenied("只有统筹部门可以起草、修改和发布测算方案。")


def draft_or_404(user, pk) -> ClauseDraft:
    """The draft for one who may see simulations; 403 for anyone else, 404 for an id that names none."""
    require_simulation(user)
    return get_object_or_404(ClauseDraft.objects.select_related("policy", "clause", "created_by"), pk=pk)
