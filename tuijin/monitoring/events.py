"""The history writers of key enterprises' monthly figures (``FiguresEvent``): one function per kind."""

from tuijin.lib.events import build, record

from .models import FiguresEvent, FiguresEventKind


def created(figures, *, actor) -> FiguresEvent:
    return record(FiguresEvent, figures=figures, kind=FiguresEventKind.CREATED, actor=actor)


def edited(figures, *, actor, changes) -> FiguresEvent:
    return record(FiguresEvent, figures=figures, kind=FiguresEventKind.EDITED, actor=actor, changes=changes)


def submitted(figures, *, actor) -> FiguresEvent:
    return record(FiguresEvent, figures=figures, kind=FiguresEventKind.SUBMITTED, actor=actor)


def returned(figures, *, actor, reason) -> FiguresEvent:
    return record(FiguresEvent, figures=figures, kind=FiguresEventKind.RETURNED, actor=actor, reason=reason)


def approved(figures, *, actor) -> FiguresEvent:
    return record(FiguresEvent, figures=figures, kind=FiguresEventKind.APPROVED, actor=actor)


def corrected(figures, *, actor, reason, changes) -> FiguresEvent:
    return record(FiguresEvent, figures=figures, kind=FiguresEventKind.CORRECTED, actor=actor, reason=reason,
                  changes=changes)


def imported(figures, *, actor, changes=()) -> FiguresEvent:
    """An unsaved row for the importer's ``bulk_create``."""
    return build(FiguresEvent, figures=figures, kind=FiguresEventKind.IMPORTED, actor=actor, reason="批量导入",
                 changes=list(changes))
