"""``manage.py backup --out FILE``: the database and the uploaded files in one archive (see ``tuijin/ops/backup.py``)."""

from django.core.management.base import BaseCommand

from tuijin.lib.context import Source, acting
from tuijin.ops.backup import write_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个 .tar.gz 文件（运行中也可备份，数据取自同一时刻）"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="备份文件路径，如 /backup/tuijin-2026-06-18.tar.gz")

    def handle(self, *args, out, **options):
        with acting(Source.COMMAND):
            manifest = write_backup(out, progress=self.stdout.write)
        total = sum(manifest["models"].values())
        self.stdout.write(self.style.SUCCESS(
            f"备份完成：{out}（{total} 条记录，{len(manifest['files'])} 个文件）"))
