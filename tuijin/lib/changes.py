"""The one way a change is written into a history: ``[{field, label, old, new}, …]`` as people read it.

Every app's event rows keep the fields a change touched with their old and new values *as shown
on the page* (labels of choices, names of related records, amounts with their decimals, ISO
dates), so that the history reads the same on the project page, the admin and an export, and
stays readable after a choice or a related record is renamed.
"""

import datetime as dt
from decimal import Decimal

from django.db import models


def display(field, value) -> str:
    """How ``value`` of model ``field`` reads in a history ('' for empty)."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        return f"{value:.{places}f}" if places is not None else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(item) for item in value)
    return str(value)


def _empty(value) -> bool:
    return value is None or value == ""


def _field(model, name):
    """The model field behind ``name``, accepting ``<fk>_id`` attnames as well as field names."""
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 — an attname such as "park_id"
        for field in model._meta.concrete_fields:
            if field.attname == name:
                return field
        raise


def entry(field, old, new, *, label: str | None = None) -> dict:
    """One history entry for ``field`` going from ``old`` to ``new``."""
    return {"field": field.name, "label": label or str(field.verbose_name),
            "old": display(field, old), "new": display(field, new)}


def diff(before, after: dict, *, model=None, names=None, resolve=None) -> list[dict]:
    """The history entries for saving ``after`` (field name → new value) over ``before``.

    ``before`` is a model instance or a dict of old values (None for a new record: every non-empty
    value is a change). ``model`` defaults to ``before``'s class. ``names`` limits the fields
    compared. ``resolve(field, value)`` turns a raw foreign-key id into what people read (a name);
    by default ids of related records are looked up one query each — pass ``resolve`` in bulk paths.
    Empty and None count as the same, so a blank form field over a NULL is no change.
    """
    model = model or type(before)
    changes = []
    for name in names if names is not None else after:
        new = after[name]
        if before is None:
            old = None
        elif isinstance(before, dict):
            old = before.get(name)
        else:
            old = getattr(before, name)
        if old == new or (_empty(old) and _empty(new)):
            continue
        field = _field(model, name)
        if field.is_relation and not isinstance(new, models.Model) and not isinstance(old, models.Model):
            old, new = _related(field, old, resolve), _related(field, new, resolve)
        changes.append(entry(field, old, new))
    return changes


def assign(instance, after: dict, **options) -> list[dict]:
    """Write ``after`` into ``instance`` and return what changed (``diff``'s entries, same ``options``).

    The step every edit action takes between locking its row and saving it: an empty list means
    nothing changed and there is nothing to save or log.
    """
    changes = diff(instance, after, **options)
    for name, value in after.items():
        setattr(instance, name, value)
    return changes


def _related(field, value, resolve):
    if _empty(value):
        return None
    if resolve is not None:
        return resolve(field, value)
    found = field.related_model._default_manager.filter(pk=value).first()
    return found if found is not None else value


def snapshot(instance, names) -> dict:
    """The current values of ``names`` on ``instance`` (to diff against after a form changed it in place)."""
    return {name: getattr(instance, name) for name in names}
