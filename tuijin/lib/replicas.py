"""Reads from PostgreSQL streaming replicas, writes to the primary, and read-your-own-writes.

A province instance serves many more readers (dashboards, lists, reports) than writers, so read-only
requests are answered by a replica (``DATABASE_REPLICA_URLS``, aliases ``replica1`` … in
``settings.READ_REPLICAS``) and everything else by the primary. The rules, in order:

- Only a request marks reads as replica-able: a GET/HEAD/OPTIONS outside the admin and the API, from
  a browser that has not written in the last ``REPLICA_PIN_SECONDS``. Management commands, huey
  tasks and the shell have no request and read the primary, as do POST/PUT/PATCH/DELETE requests
  from their first query (a form's checks must see the row it is about to change).
- Inside ``transaction.atomic()`` reads go to the primary: a block that reads then writes must read
  what it writes over. ``select_for_update`` (and ``get_or_create`` …) are writes to Django, so they
  go to the primary too; so do migrations, which run on the primary only.
- Once a request has written (any model save, update or delete, sessions and login throttling
  excepted) its later reads go to the primary: the dashboard that refreshes its cells then reads
  them must read the fresh ones, not a replica a few milliseconds behind.
- A POST/PUT/PATCH/DELETE leaves a signed cookie that keeps this browser on the primary for
  ``REPLICA_PIN_SECONDS``: the page after a save shows the save. Business records change only
  through such requests (thin views, actions.py); what a GET writes in passing is derived data
  (battle-map cells) that every reader recomputes alike, and does not pin.

A request reads one replica throughout (chosen at random when it starts), so two lists on one page
cannot come from replicas at different points of the primary's history.
"""

import contextlib
import contextvars
import dataclasses
import random

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PIN_COOKIE = "tuijin_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_PATHS = ("/admin/", "/api/")  # edit forms with stale-version checks; API clients often carry no cookie
# Writes every page makes in passing (session activity, login throttling): they do not pin a browser.
PASSING_WRITES = frozenset({"sessions", "axes"})


@dataclasses.dataclass
class Reads:
    """Where this request's reads may go (``replica`` None: the primary) and whether it has written yet."""

    replica: str | None = None
    wrote: bool = False


_reads: contextvars.ContextVar[Reads | None] = contextvars.ContextVar("tuijin_reads", default=None)


@contextlib.contextmanager
def reading_from(replica: str | None):
    """Run the block with reads allowed on ``replica`` (None: the primary); yields the request's ``Reads``."""
    state = Reads(replica=replica)
    token = _reads.set(state)
    try:
        yield state
    finally:
        _reads.reset(token)


def choose_replica() -> str | None:
    replicas = list(getattr(settings, "READ_REPLICAS", ()))
    return random.choice(replicas) if replicas else None


class ReplicaRouter:
    """Django's database router for the rules above (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # a related object follows the row it hangs off
        state = _reads.get()
        if state is None or state.replica is None or state.wrote:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return state.replica

    def db_for_write(self, model, **hints):
        state = _reads.get()
        if state is not None and model._meta.app_label not in PASSING_WRITES:
            state.wrote = True  # this request's later reads on the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def pinned(request) -> bool:
    """Whether this browser wrote within the last REPLICA_PIN_SECONDS (a signed, self-expiring cookie)."""
    return request.get_signed_cookie(PIN_COOKIE, default=None, max_age=settings.REPLICA_PIN_SECONDS) is not None


class ReplicaMiddleware:
    """Decides where a request reads (see the module docstring) and pins a browser to the primary after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica = None
        if (request.method in SAFE_METHODS and not request.path_info.startswith(PRIMARY_PATHS)
                and not pinned(request)):
            replica = choose_replica()
        with reading_from(replica):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and getattr(settings, "READ_REPLICAS", ()):
            response.set_signed_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                       samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response
