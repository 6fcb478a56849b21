"""促建流程: re-flowing a 35-node plan after one node's duration changes, target ≤ 20 ms.

The plan is the shipped 产业化项目 flow (32 nodes, parallel branches, lags) with three more nodes hung
on it, started on 9 February 2026 so that it runs across the Spring Festival, its make-up Saturdays and
into a year the holiday notice does not cover yet. Timed: the pure re-flow (``schedule.knock_on``: both
schedules, the dependants that move, the new completion — what the page's preview computes), and the
whole ``actions.reschedule`` against the database (lock, re-flow, bulk update of the moved nodes, event).

Part of ``make bench`` (``bench/run.py``); standalone: ``.venv/bin/python bench/nodeplans.py`` on a
throwaway SQLite database.
"""

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_MS = 20
START = dt.date(2026, 2, 9)
EXTRA = [("bench-a", "排水接入", 10, ["start"]), ("bench-b", "档案验收", 5, ["completion"]),
         ("bench-c", "达产评估", 20, ["production", "bench-b"])]


def inputs():
    """The 35 nodes as schedule inputs, from the shipped flow file."""
    from tuijin.nodeplans import library, schedule

    data = library.read(library.FLOWS / "industrial.yaml")
    nodes = [schedule.Node(n["code"], n["name"], n["days"], tuple(n["links"])) for n in data["nodes"]]
    nodes += [schedule.Node(code, name, days, tuple((pred, 0) for pred in preds)) for code, name, days, preds in EXTRA]
    return nodes


def stored_plan():
    """A 35-node plan on one project of the district (made once per database)."""
    from tuijin.accounts.models import Role, User
    from tuijin.nodeplans import actions, library
    from tuijin.nodeplans.models import NodePlan, NodeTemplate, TemplateLink, TemplateNode
    from tuijin.projects.models import Project

    plan = NodePlan.objects.filter(template__code="bench-35").first()
    if plan:
        return plan
    library.load()
    source = NodeTemplate.objects.get(code="industrial")
    template = NodeTemplate.objects.create(code="bench-35", name="测速流程（35个节点）", project_type=source.project_type)
    copies = {}
    for node in source.nodes.all():
        copies[node.code] = TemplateNode.objects.create(
            template=template, code=node.code, name=node.name, sort_order=node.sort_order, owner_kind=node.owner_kind,
            owner_name=node.owner_name, duration_workdays=node.duration_workdays)
    for link in TemplateLink.objects.filter(successor__template=source).select_related("predecessor", "successor"):
        TemplateLink.objects.create(predecessor=copies[link.predecessor.code], successor=copies[link.successor.code],
                                    lag_workdays=link.lag_workdays)
    for order, (code, name, days, preds) in enumerate(EXTRA, start=1000):
        copies[code] = TemplateNode.objects.create(template=template, code=code, name=name, sort_order=order,
                                                   duration_workdays=days)
        for pred in preds:
            TemplateLink.objects.create(predecessor=copies[pred], successor=copies[code])
    coordinator = User.objects.filter(role=Role.COORDINATOR).first()
    project = Project.objects.filter(node_plan__isnull=True, responsible_unit__isnull=False).order_by("pk").first()
    return actions.apply_template(project, template, actor=coordinator, start_date=START)


def measure(repeat):
    from tuijin.accounts.models import Role, User
    from tuijin.nodeplans import actions, schedule

    from .run import timings

    nodes = inputs()
    assert len(nodes) == 35
    effect = schedule.knock_on(nodes, START, "land-review", duration=30)
    pure = timings(lambda: schedule.knock_on(nodes, START, "land-review", duration=30), repeat * 4)
    rows = [{"name": f"促建流程 35 个节点改一个时限后重排（纯计算，{len(effect.moved)} 个后续节点移动）",
             "median": pure[0], "p95": pure[1], "target": f"≤ {TARGET_MS} ms", "ok": pure[1] <= TARGET_MS}]
    plan = stored_plan()
    coordinator = User.objects.filter(role=Role.COORDINATOR).first()
    node = plan.nodes.get(code="land-review")
    durations = iter([21, 20] * (repeat * 2))

    def flow_in_database():
        actions.reschedule(node, actor=coordinator, duration=next(durations), note="测速")

    stored = timings(flow_in_database, repeat)
    rows.append({"name": "促建流程 35 个节点重排并保存（actions.reschedule，含加锁、批量更新与记录）",
                 "median": stored[0], "p95": stored[1], "target": "—", "ok": None})
    return rows


def main():
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="tuijin-bench-nodeplans-")
    os.environ["TUIJIN_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    from .run import format_table

    call_command("migrate", verbosity=0)
    call_command("seed_demo", projects=50, verbosity=0)
    print(format_table(measure(args.repeat)))


if __name__ == "__main__":
    main()
