"""Send deadline reminders and overdue notices, and climb levels whose time has run out.

huey runs the same job every ten minutes (``tuijin.coordination.tasks``); this command is for
cron, for a server without the consumer, and for simulated time (``--now``) in drills and tests.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tuijin.coordination import escalation


def _moment(value):
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now 应为 ISO 时间，如 2026-06-18T09:00 或 2026-06-18T09:00+08:00，收到 {value!r}"
                           ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "问题协调定时任务：临期提醒、逾期提醒、按期限自动升级（幂等，可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--now", type=_moment, default=None,
                            help="按这个时间运行（ISO 格式，不带时区时按 Asia/Shanghai），用于演练和测试")

    def handle(self, *args, now=None, **options):
        result = escalation.run(now=now)
        self.stdout.write(result.summary())
        for problem_id, level in result.escalated:
            self.stdout.write(f"  问题 #{problem_id} 升至第 {level} 级")
        if result.errors:
            raise CommandError("\n".join(sorted(set(result.errors))))
