"""Changing a board's configuration: its rules and its measures' weights, in one logged transaction."""

from django.db import transaction

from tuijin.accounts.access import is_coordinator
from tuijin.lib import changes as history

from . import events
from .models import Board, BoardMeasure, Measure

BOARD_FIELDS = ["name", "unit_kind", "red_top", "red_min_score", "black_bottom", "black_below"]


class ActionRefused(Exception):
    """A change the rules do not allow; the message says why in Chinese."""


def save_board(*, actor, data: dict, weights: dict, board: Board | None = None) -> Board:
    """Create or edit a board; ``weights`` maps a ``Measure`` to its weight (0 or None: not used)."""
    if not is_coordinator(actor):
        raise ActionRefused("擂台赛的指标与权重由统筹协调人员设置。")
    used = {Measure(key): int(value) for key, value in weights.items() if value}
    if not used:
        raise ActionRefused("请至少为一个指标设置大于 0 的权重。")
    if any(value < 0 or value > 100 for value in used.values()):
        raise ActionRefused("权重应在 1—100 之间。")
    with transaction.atomic():
        created = board is None
        after = {name: data[name] for name in BOARD_FIELDS if name in data}
        if created:
            changes = history.diff(None, after, model=Board)
            board = Board(**after, updated_by=actor)
        else:
            board = Board.objects.select_for_update().get(pk=board.pk)
            changes = history.assign(board, after)
            board.updated_by = actor
        board.save()
        before = {row.measure: row.weight for row in board.measures.all()}
        for measure in Measure:
            old, new = before.get(measure.value), used.get(measure)
            if old == new:
                continue
            changes.append({"field": f"weight.{measure.value}", "label": f"权重：{measure.label}",
                            "old": "" if old is None else str(old), "new": "" if new is None else str(new)})
            if new is None:
                board.measures.filter(measure=measure).delete()
            else:
                BoardMeasure.objects.update_or_create(board=board, measure=measure, defaults={"weight": new})
        if changes:
            events.board_saved(board, actor=actor, changes=changes)
    return board
