"""``manage.py import_ledger FILE [--user NAME]``: load a district's ledger into this level.

All or nothing: a bad line stops with ``第 N 行：…`` and exit status 1, nothing written. A file
imported again says 无变化; records edited here since their last import are reported as conflicts
(both values kept, decided on the 数据上报 page), never overwritten.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tuijin.exchange.importer import ImportRefused, import_ledger, summary
from tuijin.lib.context import Source, acting
from tuijin.lib.ledger import LedgerError


class Command(BaseCommand):
    help = "导入区县上报的数据台账（幂等；本级修改过的记录列为冲突，不覆盖）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="区县导出的 .jsonl 文件")
        parser.add_argument("--user", help="记为该用户的操作（默认不记操作人）")

    def handle(self, *args, file, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if path.suffix.lower() == ".xlsx":
            raise CommandError("Excel 版台账仅供阅读，导入请使用 .jsonl 文件")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"找不到用户“{user}”")
        with acting(Source.IMPORT, actor):
            try:
                run = import_ledger(path.read_bytes(), actor=actor, file_name=path.name)
            except LedgerError as error:
                raise CommandError(f"{path.name} {error}；未写入任何数据", returncode=1) from None
            except ImportRefused as error:
                raise CommandError(error.message_zh, returncode=1) from None
        self.stdout.write(summary(run))
        for conflict in run.conflict_rows.select_related("record"):
            fields = "、".join(name for name, *_ in conflict.differing())
            self.stdout.write(f"  冲突：{conflict.record.get_kind_display()} {conflict.record.key}（{fields}）")
