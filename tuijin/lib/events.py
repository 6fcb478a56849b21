"""The common ground of every app's ``events.py``: who acted, when, through which door.

Each app that keeps a history has an ``events.py`` with one small function per kind of event
(``events.project_edited(project, actor=…, changes=…)``); they all write through :func:`record`
(or :func:`build` for bulk paths), so every row carries the ``source`` of the change taken from
:func:`tuijin.lib.context.current` — a page, the API, the admin, an import or a command.
Event rows are append-only: nothing here updates or deletes one.
"""

from django.db import models

from .context import SOURCE_CHOICES, Source, current, current_source


def source_field():
    """The ``source`` column of an event model.

    The Python default is the current context's source; the database default ``system`` covers
    rows written by raw SQL that does not name the column.
    """
    return models.CharField("来源", max_length=10, choices=SOURCE_CHOICES, default=current_source,
                            db_default=Source.SYSTEM.value, editable=False)


def build(model, **fields):
    """An unsaved event row stamped with the current source (for ``bulk_create``)."""
    fields.setdefault("source", current().source.value)
    return model(**fields)


def record(model, **fields):
    """Write one event row stamped with the current source."""
    row = build(model, **fields)
    row.save(force_insert=True)
    return row
