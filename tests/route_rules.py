"""Who may open a route: the vocabulary of the route tables (``tests/test_it_guards_every_route.py`` and the
per-app tables in ``tests/route_tables/``)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tuijin.accounts.models import Role

L, C, P, D, E = Role.LEADER, Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE
EVERYONE = frozenset(Role)
TODAY = timezone.localdate()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    """Who may open a route. For a route that names an object, ``roles`` is for the persona's own object."""

    roles: frozenset = frozenset()
    anonymous: bool = False
    obj: str | None = None  # the object whose id fills the path (see ``World.ids``)
    other: frozenset | None = None  # who may open it on someone else's object; None: the object has no owner
    post: bool = False  # POST-only: a GET answers 405, an empty POST (or ``body``) shows the permission check
    path: dict = field(default_factory=dict)  # fixed path values: a stage, a kind, a format
    query: str = ""  # what the page needs in its query string to name what it shows
    body: dict | None = None  # the JSON an API POST sends
    nowhere: bool = False  # answers 404 to everyone, signed in or not
    form: bool = False  # a form page: an empty POST is refused or let in as the GET is, and never crashes
    submit: frozenset | None = None  # who may submit the form, when fewer may than may read it (the admin)


def anyone(**kw):
    return Rule(roles=EVERYONE, anonymous=True, **kw)


def signed_in(**kw):
    return Rule(roles=EVERYONE, **kw)


def only(*roles, **kw):
    return Rule(roles=frozenset(roles), **kw)


def scoped(obj, own, other, **kw):
    return Rule(roles=frozenset(own), obj=obj, other=frozenset(other), **kw)


NOWHERE = Rule(nowhere=True)
SEE_ALL = {L, C}
GOVERNMENT = {L, C, P, D}  # everyone who works on projects; enterprises are the projects' owners
PROMOTION = {L, C, P}
EDITORS = {C, P, D}  # who maintains a project's master data (its park, its 包保 department, the bureau)

# What coordinators may do with a model in the admin (see ADMIN_MODELS in test_it_guards_every_route.py).
EDIT, CHANGE, ADD, READ, NONE = "edit", "change", "add", "read", "none"
