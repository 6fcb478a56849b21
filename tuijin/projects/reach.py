"""Access that follows the work: projects a user may open because work on them was handed to their unit.

A department clerk sees the projects their department is 包保 for (``accounts.access.project_scope``). Work
reaches further: a problem's lead or co-department, a meeting action item's department, a node-plan node's
owner unit must be able to open the project the work concerns — read-only, as ``can_edit_project`` still
judges edits. The apps that hand out such work (coordination, nodeplans) sit above ``projects`` in the layers
and may not be imported here, so each registers, from its ``AppConfig.ready()``, a function
``user -> Q | None``: a filter on ``Project`` (usually ``pk__in`` a subquery of its assignments), or None
when nothing is assigned to the user's kind of account. ``Project.objects.visible_to`` ORs them into the
scope, so every page, list and API that goes through it follows the work, in one query (the subqueries run
inside it: no query per project).

Warnings need no entry: a warning's responsible unit is its project's 包保单位, already in the scope, and the
warnings raised on problems and nodes reach their units through those two registrations.
"""

from collections.abc import Callable

from django.db.models import Q

from tuijin.accounts import access

Builder = Callable[[object], Q | None]
_builders: dict[str, Builder] = {}


def register(name: str, builder: Builder) -> None:
    """Add ``builder`` under ``name`` (registering a name again replaces it, as tests reload apps)."""
    _builders[name] = builder


def registered() -> list[str]:
    return sorted(_builders)


def assigned_scope(user) -> Q | None:
    """The projects work assigned to ``user``'s unit concerns, as one filter; None when there are none."""
    if not access.assigned_unit_of(user):
        return None
    parts = [q for builder in _builders.values() if (q := builder(user)) is not None]
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def project_scope(user) -> Q:
    """``access.project_scope`` widened by the work assigned to the user's unit."""
    scope = access.project_scope(user)
    if access.sees_everything(user):
        return scope
    extra = assigned_scope(user)
    return scope if extra is None else scope | extra
