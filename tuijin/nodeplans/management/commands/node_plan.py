"""``manage.py node_plan --list`` (codes of projects with a node plan) and ``node_plan CODE --json`` (its nodes)."""

import json

from django.core.management.base import BaseCommand, CommandError

from tuijin.nodeplans import calculations
from tuijin.nodeplans.models import NodePlan


class Command(BaseCommand):
    help = "列出有促建流程的项目编号，或以 JSON 输出一个项目的节点"

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="项目编号")
        parser.add_argument("--list", action="store_true", help="每行一个有促建流程的项目编号")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出节点")

    def handle(self, *args, code=None, **options):
        if options["list"]:
            for project_code in NodePlan.objects.order_by("project__code").values_list("project__code", flat=True):
                self.stdout.write(project_code)
            return
        if not code:
            raise CommandError("请给出项目编号，或用 --list 列出有促建流程的项目。")
        plan = NodePlan.objects.filter(project__code=code).first()
        if plan is None:
            raise CommandError(f"项目 {code} 没有促建流程（或编号不存在）。")
        nodes = [{
            "name": node.name, "owner": node.owner.name,
            "predecessors": [link.predecessor.name for link in node.predecessor_links.all()],
            "duration_workdays": node.duration_workdays, "planned_start": node.planned_start.isoformat(),
            "planned_finish": node.planned_finish.isoformat(),
            "actual_finish": node.actual_finish.isoformat() if node.actual_finish else None,
            "critical": node.critical,
            "estimated": node.estimated,  # a planned date in a year counted Monday to Friday (no holiday notice yet)
        } for node in calculations.plan_nodes(plan, plan.start_date)]
        if options["json"]:
            self.stdout.write(json.dumps({"nodes": nodes}, ensure_ascii=False, indent=2))
            return
        for node in nodes:
            mark = "★" if node["critical"] else " "
            guess = "（估算）" if node["estimated"] else ""
            self.stdout.write(f"{mark} {node['planned_start']} → {node['planned_finish']}{guess}  "
                              f"{node['name']}（{node['owner']}）")
