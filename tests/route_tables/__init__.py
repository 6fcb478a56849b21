"""Each app's part of the route tables, so that apps added side by side do not all edit one file.

A module here (one per app, named after it) may define, in the vocabulary of ``tests/route_rules.py``:

- ``ROUTES``: url name (or API pattern) → rule, as in ``tests/test_it_guards_every_route.py``;
- ``SEES_OTHERS``: object kind → the roles that see another park's (user's) object of that kind;
- ``ADMIN_MODELS``: ``"app.model"`` → EDIT / CHANGE / ADD / READ / NONE;
- ``objects(world)``: makes the objects its rules name — ``world.sides["own"|"other"][kind]`` for objects with
  an owner, ``world.single[kind]`` for the rest; ``world.users``, ``world.fixtures`` (project, other_project,
  enterprise, other_enterprise, department, other_department, park, other_park) and ``world.outsider`` are there;
- ``PAGES``, ``NEEDS``, ``FOUND``: as in ``tests/test_it_survives_fuzzed_list_queries.py``;
- ``page_objects(users, fixtures)``: ``{"@name": id}`` for the ``@name`` values its ``PAGES`` use.
"""

import importlib
import pkgutil


def modules():
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)]


def merged(name: str) -> dict:
    """Every module's dict ``name`` in one; a key defined twice is a mistake and says where."""
    table = {}
    for module in modules():
        for key, value in getattr(module, name, {}).items():
            assert key not in table, f"{module.__name__}.{name}: {key!r} is defined twice"
            table[key] = value
    return table


def hooks(name: str) -> list:
    return [getattr(module, name) for module in modules() if hasattr(module, name)]
