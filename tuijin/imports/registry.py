"""The kinds of import and the importer of each: filled by the apps that own the records.

Each domain app registers its importers from its own module when the app is ready (``apps.py``),
so the imports framework (runner, views, commands) reaches them without importing any domain app.
"""

from .models import ImportKind

IMPORTERS: dict[ImportKind, type] = {}


def register(importer):
    """Class decorator: ``importer.kind`` is imported by ``importer``."""
    IMPORTERS[ImportKind(importer.kind)] = importer
    return importer


def importer_class(kind):
    return IMPORTERS[ImportKind(kind)]


def allowed_kinds(user) -> list:
    """The kinds of import ``user`` may run (empty for leaders, departments and enterprises)."""
    return [kind for kind in ImportKind if kind in IMPORTERS and IMPORTERS[kind].allowed(user)]
