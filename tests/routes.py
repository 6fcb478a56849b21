"""The route table as Django sees it: every URL pattern the resolver knows, with a way to build its path.

Used by the tests that go through every route (``test_it_guards_every_route``) and every list page
(``test_it_survives_fuzzed_list_queries``), so that a route added to any ``urls.py`` shows up in both.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Route:
    name: str | None  # "project_detail", "admin:index", "api:me"; None for an unnamed pattern
    pattern: str  # the whole pattern, prefixes included: "projects/<int:pk>/edit/"
    parts: tuple  # the pattern objects from the root down, to build a path
    callback: object

    @property
    def key(self) -> str:
        """How the route tables name it: the URL name, or the pattern when it has no name."""
        return self.name or self.pattern

    @property
    def params(self) -> list[str]:
        names = []
        for part in self.parts:
            regex = _ROUTE_PARAM if isinstance(part, RoutePattern) else _REGEX_PARAM
            names += [match.group("name") for match in regex.finditer(str(part))]
        return names

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def view(self):
        """The function the pattern ends in, below its decorators (login_required, require_POST …)."""
        view = self.callback
        while hasattr(view, "__wrapped__"):
            view = view.__wrapped__
        return getattr(view, "view_class", view)

    def path(self, **values) -> str:
        """The URL path with each parameter replaced by ``values[name]``."""
        built = ""
        for part in self.parts:
            text = str(part)
            if isinstance(part, RoutePattern):
                text = _ROUTE_PARAM.sub(lambda match: str(values[match.group("name")]), text)
            else:
                text = _REGEX_PARAM.sub(lambda match: str(values[match.group("name")]), text)
                text = text.removeprefix("^").removesuffix("$").replace("\\", "")
            built += text
        return "/" + built


def _walk(resolver, parts=(), namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, (*parts, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            whole = (*parts, entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(name, "".join(str(part) for part in whole), whole, entry.callback)


def all_routes() -> list[Route]:
    """Every pattern of the project's URLconf, included ones and django-ninja's API among them.

    ninja names one pattern per operation on the same path (``api:list_reports`` and ``api:save_report``
    are both ``projects/<int:project_id>/reports``); the API is keyed by path, so each path comes once.
    """
    routes, seen_api = [], set()
    for route in _walk(get_resolver()):
        if route.is_api:
            if route.pattern in seen_api:
                continue
            seen_api.add(route.pattern)
            route = Route(None, route.pattern, route.parts, route.callback)
        routes.append(route)
    return routes


def openapi_path(pattern: str) -> str:
    """The OpenAPI schema's name for an API pattern: ``api/v1/projects/<int:id>`` → ``/api/v1/projects/{id}``."""
    return "/" + _ROUTE_PARAM.sub(lambda match: "{" + match.group("name") + "}", pattern)

