"""Run every warning rule once: raise, move and close warnings (idempotent, safe to repeat).

huey runs the same scan every morning (``tuijin.alerts.tasks``); this command is for cron,
for a server without the consumer, and for simulated days (``--today``) in drills and tests.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tuijin.alerts import scan


def _day(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today 应为 ISO 日期，如 2026-06-18，收到 {value!r}") from None


class Command(BaseCommand):
    help = "预警扫描：按各规则的阈值发出、升降级、自动关闭预警（幂等，可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, default=None, help="按这一天扫描（ISO 日期），用于演练和测试")

    def handle(self, *args, today=None, **options):
        self.stdout.write(scan.run(today=today).summary())
