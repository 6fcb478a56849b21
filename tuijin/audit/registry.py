"""Which models are audited, and the signal handlers that log their creates, changes and deletes.

Each app registers its business models from its own ``AppConfig.ready()``
(``registry.register(Model, exclude=[...])``), so this framework, low in the layers, never imports
a domain app. Not registered, on purpose:

- the append-only event tables (``ProjectEvent`` …): they *are* history, written once, and the
  admin and their own rules keep them unchanged — logging them would log the log;
- derived data (the battle map's cells and their change log, yearly rollups): recomputed from
  the records that are audited, thousands of rows per write;
- import and export jobs, sessions and notifications: bookkeeping of the machinery, not records
  anyone edits (the import's own changes are logged through :func:`record_many`).

Many-to-many links are not compared (they change through their own table, after the save).
The handlers are cheap: ``pre_save`` loads the old row once, and only for a registered model;
raw saves (``loaddata``, restore) and :func:`paused` blocks log nothing.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from tuijin.lib import changes as history
from tuijin.lib import context

ALWAYS_EXCLUDED = {"password", "last_login"}  # never in a log, whatever model carries them


@dataclass(frozen=True)
class Registration:
    model: type
    fields: tuple  # the concrete fields compared, by attname


_registry: dict[type, Registration] = {}
_paused = contextvars.ContextVar("tuijin_audit_paused", default=False)


def register(model, *, exclude=()):
    """Audit ``model``'s creates, changes and deletes, leaving out the fields named in ``exclude``.

    Timestamps Django sets itself (``auto_now``, ``auto_now_add``) are left out too: they would
    make every save look like a change, and the entry has its own time.
    """
    skip = set(exclude) | ALWAYS_EXCLUDED
    fields = tuple(field for field in model._meta.concrete_fields
                   if field.name not in skip and field.attname not in skip and not field.primary_key
                   and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False))
    _registry[model] = Registration(model, fields)
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_remember_old, sender=model, dispatch_uid=f"{uid}-pre", weak=False)
    post_save.connect(_log_save, sender=model, dispatch_uid=f"{uid}-post", weak=False)
    post_delete.connect(_log_delete, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


def registered(model) -> bool:
    return model in _registry


def registered_models() -> list[type]:
    return sorted(_registry, key=lambda model: model._meta.label_lower)


@contextlib.contextmanager
def paused():
    """Log nothing inside the block (a restore writing back rows that are already in the log)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _values(registration, instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in registration.fields}


def _resolver(instance):
    """Name related records from what ``instance`` already holds before asking the database."""

    def resolve(field, value):
        cached = field.get_cached_value(instance, None) if hasattr(field, "get_cached_value") else None
        if cached is not None and cached.pk == value:
            return cached
        found = field.related_model._default_manager.filter(pk=value).first()
        return found if found is not None else value

    return resolve


def _remember_old(sender, instance, raw=False, **kwargs):
    if raw or _paused.get():
        return
    registration = _registry[sender]
    old = None
    if instance.pk is not None and not instance._state.adding:
        names = [field.attname for field in registration.fields]
        old = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    instance._audit_old = old


def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw or _paused.get():
        return
    registration = _registry[sender]
    old = getattr(instance, "_audit_old", None)
    instance.__dict__.pop("_audit_old", None)
    after = _values(registration, instance)
    # A save over a row that was not there (a pk given by hand) is a creation too.
    before = None if created or old is None else old
    found = history.diff(before, after, model=sender, resolve=_resolver(instance))
    if not created and old is not None and not found:
        return  # saved without a change
    _write([_entry(sender, instance, "create" if before is None else "change", found)])


def _log_delete(sender, instance, **kwargs):
    if _paused.get():
        return
    registration = _registry[sender]
    found = history.diff(_values(registration, instance), {f.attname: None for f in registration.fields},
                         model=sender, resolve=_resolver(instance))
    _write([_entry(sender, instance, "delete", found)])


def _entry(model, instance, action, found, *, acting=None, label=None):
    from .models import AuditEntry

    acting = acting or context.current()
    user = acting.user if getattr(acting.user, "pk", None) is not None else None
    return AuditEntry(
        actor=user, actor_name=_name(user), address=acting.address or "", source=acting.source.value,
        action=action, model=model._meta.label_lower, model_label=str(model._meta.verbose_name),
        object_pk=str(instance.pk), object_repr=(str(instance) if label is None else label)[:200], changes=found,
    )


def _name(user) -> str:
    if user is None:
        return ""
    full = getattr(user, "full_name", "") or ""
    return (f"{full}（{user.username}）" if full else user.username)[:150]


def _write(entries):
    from .models import AuditEntry

    AuditEntry.objects.bulk_create(entries)


def record_many(model, entries, *, insert=None):
    """Log many changes of ``model`` at once, for writers that bypass signals (``bulk_create``, ``update()``).

    ``entries`` are ``(action, instance, changes)`` triples — ``action`` one of create/change/delete,
    ``changes`` built with :mod:`tuijin.lib.changes` (``diff`` with a bulk ``resolve``) — or
    ``(action, instance, changes, label)`` where ``str(instance)`` would query per row. One
    ``bulk_create`` per 2,000; who, from where and through which door come from
    :func:`tuijin.lib.context.current`, as for single saves. ``insert(model, dicts)`` (the importers'
    ``insert_rows``) writes them as plain rows instead, in a number of queries that does not grow
    with the rows.
    """
    if _paused.get():
        return 0
    acting = context.current()
    rows = [_entry(model, entry[1], str(entry[0]), list(entry[2] or []), acting=acting,
                   label=entry[3] if len(entry) > 3 else None)
            for entry in entries]
    if insert is not None:
        from .models import AuditEntry

        now = timezone.now()
        fields = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]
        insert(AuditEntry, [{field.attname: now if field.name == "at" else getattr(row, field.attname)
                             for field in fields} for row in rows])
        return len(rows)
    for start in range(0, len(rows), 2000):
        _write(rows[start:start + 2000])
    return len(rows)
