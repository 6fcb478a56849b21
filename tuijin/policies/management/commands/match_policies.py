"""``manage.py match_policies``: every enterprise against every clause in force, in one batch (政策找企业).

Prints, per clause, how many enterprises qualify, the estimated total, and how many are one condition
short — the bureau's overview before a policy push or a 免申即享 run.
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from tuijin.enterprises.models import Enterprise
from tuijin.policies import matching


class Command(BaseCommand):
    help = "全部企业 × 全部有效条款批量匹配，按条款打印符合企业数、预计金额合计和差一项的企业数。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="数据年度（默认上一年）")

    def handle(self, *args, year=None, **options):
        today = timezone.localdate()
        year = year or matching.default_year(today)
        clauses = list(matching.active_clauses(today))
        started = time.perf_counter()
        population = matching.run_population(clauses, Enterprise.objects.all(), year, today)
        seconds = time.perf_counter() - started
        for clause, result in zip(clauses, population.results):
            if result is None:
                continue
            total = float(result.amounts[result.amounts == result.amounts].sum())
            self.stdout.write(f"{clause.policy.title} · {clause.title} v{clause.version}：符合 {len(result.rows)} 家，"
                              f"预计 {total:,.2f} 万元；差一项 {len(result.near.rows)} 家")
        self.stdout.write(self.style.SUCCESS(
            f"{len(population.ids)} 家企业 × {len(clauses)} 条条款（{year} 年数据），用时 {seconds * 1000:.0f} ms。"))
