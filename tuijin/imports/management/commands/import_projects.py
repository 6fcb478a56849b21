"""``manage.py import_projects FILE [--user NAME] [--apply] [--kind projects|plans|reports|enterprises|…]``.

Without --apply it only checks, printing every problem as ``第N行 列名: 原因`` (N as Excel numbers
the row) and exiting with status 1 when there is any, so a script can stop on a bad sheet. With
--apply it checks again and writes everything in one transaction, or nothing. The run is kept as
an ImportJob like an upload in the browser, so the file and its outcome stay on record.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from tuijin.imports import runner
from tuijin.imports.registry import importer_class
from tuijin.imports.models import ImportJob, ImportKind, ImportStatus
from tuijin.lib.analyze import BULK_ROWS, analyze
from tuijin.lib.tabular import EXTENSIONS


class Command(BaseCommand):
    help = "从 Excel/CSV 导入项目、年度计划或月度完成投资：默认只校验并列出问题，--apply 时一次性写入"
    default_kind = ImportKind.PROJECTS

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx、.xls 或 .csv 文件")
        parser.add_argument("--kind", choices=ImportKind.values, default=self.default_kind.value,
                            help="导入内容：" + "，".join(f"{k.value} {k.label}" for k in ImportKind))
        parser.add_argument("--user", help="以该用户身份导入（按其权限校验，并记为变更人）；不填则不限权限")
        parser.add_argument("--apply", action="store_true", help="校验通过后写入；不加则只校验")

    def handle(self, *args, file, kind, user, apply, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if path.suffix.lower() not in EXTENSIONS:
            raise CommandError(f"不支持的文件类型“{path.suffix}”，请使用 .xlsx、.xls 或 .csv 文件")
        actor = self._user(user)
        kind = ImportKind(kind)
        if not importer_class(kind).allowed(actor):
            raise CommandError(f"用户 {actor.username} 无权导入{kind.label}")
        with path.open("rb") as handle:
            job = ImportJob.objects.create(kind=kind, original_name=path.name, created_by=actor,
                                           file=File(handle, name=path.name))
        self._validate(job)
        if job.problems:
            for problem in job.problems:
                column = problem["column"] or "文件"
                self.stdout.write(f"第{problem['row']}行 {column}: {problem['reason']}")
            raise CommandError(f"发现 {len(job.problems)} 个问题，未写入任何数据", returncode=1)
        summary = job.summary
        counts = f"新增 {summary['create']}，更新 {summary['update']}，无变化 {summary['unchanged']}"
        if not apply:
            self.stdout.write(f"校验通过，共 {summary['rows']} 行：将{counts}。加 --apply 写入。")
            return
        progress = self._progress()
        runner.apply_job(job, on_progress=progress)
        if progress:
            self.stdout.write("")
        job.refresh_from_db()
        if job.status != ImportStatus.APPLIED:
            for problem in job.problems:
                self.stdout.write(f"第{problem['row']}行 {problem['column'] or '文件'}: {problem['reason']}")
            raise CommandError(job.message or "导入失败，未写入任何数据", returncode=1)
        summary = job.summary
        if summary.get("created", 0) + summary.get("updated", 0) >= BULK_ROWS:
            analyze()  # the planner's statistics after a bulk load (tuijin.lib.analyze)
        self.stdout.write(self.style.SUCCESS(
            f"已导入：新增 {summary['created']}，更新 {summary['updated']}，无变化 {summary['unchanged']}。"))

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.select_related("organisation").get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"找不到用户“{username}”") from None

    def _progress(self):
        """A progress line that rewrites itself on a terminal; silent when piped."""
        if not (hasattr(self.stdout, "isatty") and self.stdout.isatty()):
            return None

        def report(done, total):
            self.stdout.write(f"\r进度：{done}/{total} 行", ending="")
            self.stdout.flush()

        return report

    def _validate(self, job):
        progress = self._progress()
        runner.validate_job(job, on_progress=progress)
        job.refresh_from_db()
        if progress:
            self.stdout.write("")
        self.stdout.write(f"已读取 {job.original_name}：{job.summary.get('rows', 0)} 行数据。")
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.message, returncode=1)
