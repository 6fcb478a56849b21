"""``manage.py notify_due_nodes [--date YYYY-MM-DD]``: tell each unit of its overdue and soon-due nodes (idempotent a day)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tuijin.nodeplans import reminders


class Command(BaseCommand):
    help = "向责任单位发送促建节点逾期和即将到期提醒（同一天重复运行不重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按这一天计算（演练用），默认今天")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from error
        sent = reminders.run(today)
        self.stdout.write(f"已提醒 {sent['units']} 个单位，共 {sent['messages']} 条消息。")
