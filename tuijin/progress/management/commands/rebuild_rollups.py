"""``manage.py rebuild_rollups [YEAR ...]``: recompute the KPI rollups from plans and approved reports."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from tuijin.progress.actions import rebuild_rollups


class Command(BaseCommand):
    help = "按年度计划和已审核月报重算项目年度汇总（批量导入后使用）。不指定年份时重算今年和去年。"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        today = timezone.localdate()
        years = years or [today.year - 1, today.year]
        count = rebuild_rollups(years, progress=self._progress)
        self.stdout.write(self.style.SUCCESS(f"已重算 {'、'.join(map(str, years))} 年汇总 {count} 条。"))

    def _progress(self, label, done, total):
        self.stdout.write(f"\r{label} {done}/{total}", ending="\n" if done >= total else "")
        self.stdout.flush()
