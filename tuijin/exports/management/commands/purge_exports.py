"""``manage.py purge_exports [--days N]``: delete export jobs started more than N days ago, with their files.

huey runs the same clean-up every night (``tuijin.exports.tasks``) with ``EXPORTS_KEEP_DAYS``;
this command is for cron on a server without the consumer, and for clearing space by hand.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuijin.exports import purge


class Command(BaseCommand):
    help = "删除 N 天前发起的导出任务及其 Excel 文件（默认保留天数见 EXPORTS_KEEP_DAYS，为 7 天）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.EXPORTS_KEEP_DAYS,
                            help="删除多少天以前发起的导出（默认 %(default)s）")

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError(f"--days 不能为负数，收到 {days}")
        result = purge.run(days, progress=self._progress if options["verbosity"] >= 1 else None)
        self.stdout.write(result.summary())

    def _progress(self, done, total):
        self.stdout.write(f"\r删除导出任务 {done}/{total} ({100 * done // total}%)", ending="\n" if done >= total else "")
