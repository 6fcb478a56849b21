"""The board configuration's history writer (``BoardEvent``), stamped with the door the change came through."""

from tuijin.lib.events import record

from .models import BoardEvent


def board_saved(board, *, actor, changes):
    return record(BoardEvent, board=board, actor=actor, changes=changes)
