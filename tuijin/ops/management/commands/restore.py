"""``manage.py restore FILE``: load a backup into an empty, migrated database (``--replace`` to overwrite one)."""

from django.core.management.base import BaseCommand, CommandError

from tuijin.lib.context import Source, acting
from tuijin.ops.backup import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = "从备份文件恢复数据库与上传文件（目标数据库须已迁移且为空，或加 --replace 整体替换）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup 命令写出的 .tar.gz 文件")
        parser.add_argument("--replace", "--force", action="store_true", dest="replace",
                            help="清空目标数据库中的现有数据（包括审计记录），以备份整体替换")

    def handle(self, *args, file, replace, **options):
        try:
            with acting(Source.COMMAND):
                manifest = restore_backup(file, replace=replace, progress=self.stdout.write)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from None
        total = sum(manifest["models"].values())
        self.stdout.write(self.style.SUCCESS(
            f"恢复完成：{total} 条记录、{len(manifest['files'])} 个文件，记录数与校验值均与备份一致"
            f"（备份时间 {manifest['created_at']}）"))
