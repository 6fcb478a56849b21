"""watch_intel [FOLDER]: scan the watched folder (INTEL_WATCH_DIR, or FOLDER) once and queue new articles."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuijin.intel import watch
from tuijin.intel.models import Origin
from tuijin.lib.context import Source, acting


class Command(BaseCommand):
    help = "扫描情报监测目录，新文章抽取后进入审核队列（已处理过的不重复处理）"

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="目录（默认 INTEL_WATCH_DIR）")

    def handle(self, *args, **options):
        folder = options["folder"] or settings.INTEL_WATCH_DIR
        if not folder:
            raise CommandError("未指定目录，也未设置 INTEL_WATCH_DIR")

        def progress(index, total, name):
            self.stdout.write(f"[{index}/{total}] {name}")

        with acting(Source.COMMAND):
            result = watch.scan(folder, origin=Origin.WATCH if not options["folder"] else Origin.COMMAND,
                                progress=progress)
        for name, message in result.errors:
            self.stderr.write(f"{name}：{message}")
        if result.errors and not result.new and not result.seen:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
