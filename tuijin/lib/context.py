"""Who is acting, from where, and through which door — for the history and the audit log.

Event rows and audit entries record the *source* of a change (a page, the API, the admin, an
import, a command) and the address it came from. The request middleware, the API's auth, the
import runner and management commands set it with :func:`acting`; writers read it with
:func:`current`. A ``contextvars.ContextVar`` keeps it per thread and per task, so that two
requests served at once never see each other's actor.
"""

import contextlib
import contextvars
import dataclasses
import enum


class Source(enum.StrEnum):
    """Through which door a change came in (stored in event rows and audit entries)."""

    PAGE = "page"  # a page of the web app
    API = "api"  # the /api/v1/ REST API with a bearer token
    ADMIN = "admin"  # the Django admin
    IMPORT = "import"  # a spreadsheet import (page or command)
    COMMAND = "command"  # a management command or scheduled job
    SYSTEM = "system"  # anything else: migrations, tests without a context

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.PAGE: "页面",
    Source.API: "接口",
    Source.ADMIN: "后台管理",
    Source.IMPORT: "数据导入",
    Source.COMMAND: "命令/定时任务",
    Source.SYSTEM: "系统",
}
SOURCE_CHOICES = [(source.value, source.label) for source in Source]


@dataclasses.dataclass(frozen=True)
class Acting:
    source: Source = Source.SYSTEM
    user: object = None  # the acting user, or None (a scheduled job)
    address: str = ""  # the client's IP address for requests


_current: contextvars.ContextVar[Acting] = contextvars.ContextVar("tuijin_acting", default=Acting())


def current() -> Acting:
    return _current.get()


@contextlib.contextmanager
def acting(source: Source | str, user=None, address: str = "", *, keep_user: bool = False):
    """Run the block as ``user`` coming through ``source`` (nested blocks override the outer one).

    ``keep_user`` keeps the outer block's user and address when none is given — an import run
    from a page is still that page's user, now coming through the import.
    """
    outer = _current.get()
    if keep_user and user is None:
        user, address = outer.user, address or outer.address
    token = _current.set(Acting(Source(source), user, address))
    try:
        yield
    finally:
        _current.reset(token)


def become(user) -> None:
    """Name the acting user once it is known later in the request (the API's bearer token).

    The enclosing :func:`acting` block (the middleware's) restores the outer value when it ends.
    """
    outer = _current.get()
    _current.set(dataclasses.replace(outer, user=user))


def current_source() -> str:
    """The door the change being made now came through: the default of every event row's ``source``."""
    return current().source.value
