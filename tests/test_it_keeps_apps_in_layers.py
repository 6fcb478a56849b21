"""The apps import each other in one direction only: from a higher layer down, never up, never in a circle.

The layers, bottom to top (docs/conventions.md explains each):

- ``lib``: pure helpers, imports no app
- ``accounts``: organisations, users, roles, and the access rules built on a user's scope
- ``core`` (holiday calendar, template filters), ``notifications``
- frameworks that take plug-ins by registration: ``audit``, ``imports``, ``exports``
- ``enterprises``, then ``projects``, then ``progress``
- the feature apps: ``coordination``, ``promotion``, ``policies``, ``nodeplans``, ``monitoring`` (key-enterprise
  figures), ``foresight`` (forecasts); above them ``alerts``, ``api``, ``baselines``, ``intel`` (news),
  ``matchmaking``, ``leaderboards`` and ``exchange`` (reporting up), which read the others
- ``briefings``: documents assembled from every figure above
- ``workbench`` (the home page and navigation), then ``demo`` (demo data and ``seed_demo``)

Apps of one layer may import each other as long as no circle forms. The graph is read from the
source with ``ast`` (function-level imports included; tests and migrations left out), so a
lazy import inside a function counts the same as one at the top of a module.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "tuijin"

LAYERS = [
    ["lib"],
    ["accounts"],
    ["core", "notifications"],
    ["audit", "imports", "exports"],
    ["enterprises"],
    ["projects"],
    ["progress"],
    ["coordination", "promotion", "policies", "nodeplans", "monitoring", "foresight"],
    ["alerts", "api", "baselines", "intel", "matchmaking", "leaderboards", "exchange"],
    ["briefings"],
    ["workbench"],
    ["demo", "ops"],
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def apps_in(root):
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def import_edges(root):
    """(importing app, imported app, "file:line") for every import of one tuijin app by another."""
    apps = set(apps_in(root))
    for app in sorted(apps):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                targets = set()
                for name in names:
                    parts = name.split(".")
                    if len(parts) >= 2 and parts[0] == "tuijin" and parts[1] in apps and parts[1] != app:
                        targets.add(parts[1])
                for target in sorted(targets):
                    yield app, target, f"{path.relative_to(root.parent)}:{node.lineno}"


def layering_problems(root):
    """Every app without a layer, every upward import, and every circle, each naming where it is."""
    problems = [f"应用 {app} 未列入分层表 LAYERS（tests/test_it_keeps_apps_in_layers.py）"
                for app in apps_in(root) if app not in LAYER_OF]
    graph = {}
    for source, target, where in import_edges(root):
        if source not in LAYER_OF or target not in LAYER_OF:
            continue
        if LAYER_OF[target] > LAYER_OF[source]:
            problems.append(f"{where}: {source}（第 {LAYER_OF[source]} 层）向上引用了 {target}（第 {LAYER_OF[target]} 层）")
        graph.setdefault(source, {}).setdefault(target, where)
    problems += [f"循环引用: {' → '.join(cycle)}（{where}）" for cycle, where in cycles(graph)]
    return problems


def cycles(graph):
    """One circle through each strongly connected group of apps, with the file of its first edge."""
    found, done = [], set()

    def walk(node, path):
        for target, where in sorted(graph.get(node, {}).items()):
            if target in path:
                cycle = path[path.index(target):] + [target]
                key = frozenset(cycle)
                if key not in done:
                    done.add(key)
                    found.append((cycle, graph[cycle[0]][cycle[1]]))
            elif target not in visited:
                visited.add(target)
                walk(target, path + [target])

    for start in sorted(graph):
        visited = {start}
        walk(start, [start])
    return found


def test_every_app_imports_only_downward_and_in_no_circle():
    # Given the source tree / When its import graph is read / Then no app looks up, and none goes round.
    assert layering_problems(ROOT) == []


def test_lib_imports_no_app():
    # lib is the bottom: its helpers must be usable by every app, so they may import none.
    assert [where for source, _target, where in import_edges(ROOT) if source == "lib"] == []


@pytest.fixture
def tree_with(tmp_path):
    """A copy of the tree's app folders with one extra module, to show the check catching it."""
    def make(app, name, source):
        import shutil

        copy = tmp_path / "tuijin"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("migrations", "static", "templates", "__pycache__"))
        (copy / app / name).write_text(source, encoding="utf-8")
        return copy

    return make


def test_an_upward_import_is_named_with_its_file_and_line(tree_with):
    # Given a projects module that imports the alerts app (two layers up)
    root = tree_with("projects", "upward.py", "import datetime\n\nfrom tuijin.alerts.models import Warning\n")
    # When the layers are checked / Then the problem names the file, the line and both layers
    problems = layering_problems(root)
    assert "tuijin/projects/upward.py:3: projects（第 5 层）向上引用了 alerts（第 8 层）" in problems


def test_a_circle_inside_one_layer_is_refused(tree_with):
    # Given policies importing promotion, which already imports nothing of policies, and promotion importing back
    root = tree_with("policies", "loop.py", "from tuijin.promotion import models\n")
    (root / "promotion" / "loop.py").write_text("def f():\n    from tuijin.policies import models\n",
                                                encoding="utf-8")
    # When the layers are checked / Then the circle is reported
    assert any(problem.startswith("循环引用: ") and "policies" in problem and "promotion" in problem
               for problem in layering_problems(root))


def test_a_new_app_must_be_given_a_layer(tree_with):
    root = tree_with("lib", "__init__.py", "")
    (root / "newapp").mkdir()
    (root / "newapp" / "__init__.py").write_text("", encoding="utf-8")
    assert "应用 newapp 未列入分层表 LAYERS（tests/test_it_keeps_apps_in_layers.py）" in layering_problems(root)
