"""Who may see a leaderboard and open what is behind a unit's figure, through ``accounts.access`` primitives.

The boards are the government's own measure of its units: leaders, coordinators, parks and departments
see the ranking; enterprises do not. The records behind a unit's figure (projects, problems, reports of
that unit) open for leaders and coordinators, and for the unit's own staff; another unit's are a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from tuijin.accounts.access import (assigned_unit_of, is_coordinator, is_enterprise_user, is_active,
                                    sees_everything)
from tuijin.accounts.models import Organisation

from .models import Board


def may_see_boards(user) -> bool:
    return is_active(user) and not is_enterprise_user(user)


def visible_board_or_404(user, pk) -> Board:
    if not may_see_boards(user):
        raise PermissionDenied("擂台赛排名仅供政府工作人员查看。")
    return get_object_or_404(Board.objects.prefetch_related("measures"), pk=pk)


def editable_board_or_404(user, pk) -> Board:
    board = visible_board_or_404(user, pk)
    if not is_coordinator(user):
        raise PermissionDenied("擂台赛的指标与权重由统筹协调人员设置。")
    return board


def may_drill(user, unit) -> bool:
    return sees_everything(user) or assigned_unit_of(user) == unit.pk


def drillable_unit_or_404(user, board, pk) -> Organisation:
    """A unit of ``board`` whose records ``user`` may open; another unit's are a 404."""
    unit = get_object_or_404(Organisation, pk=pk, kind=board.unit_kind)
    if not may_drill(user, unit):
        raise Http404
    return unit
