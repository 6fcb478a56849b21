"""Django's ``flush``, lifting the audit log's append-only triggers for the one moment it empties every table.

Emptying the whole database (test teardown of transactional tests, ``restore --replace``) is
not editing history, and the triggers would otherwise make it impossible; nothing else lifts them.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from tuijin.audit import triggers


class Command(flush.Command):
    def handle(self, **options):
        if options.get("interactive"):
            name = connections[options.get("database") or DEFAULT_DB_ALIAS].settings_dict["NAME"]
            answer = input(f"这将清空数据库「{name}」中的全部数据（包括审计记录），且无法恢复。确认请输入 yes：")
            if answer != "yes":
                self.stdout.write("已取消。")
                return
            options["interactive"] = False
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with triggers.suspended(connection):
            super().handle(**options)
