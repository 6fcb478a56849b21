"""``manage.py policy_tests``: run every clause's own test cases and print the failures.

Runs the YAML library (``tuijin/policies/library``) and, unless ``--library-only``, the clauses in
the database (which may have been edited since they were loaded). Exit status 1 when any fails.
"""

from django.core.management.base import BaseCommand, CommandError

from tuijin.policies import library
from tuijin.policies.models import Clause


class Command(BaseCommand):
    help = "运行每条政策条款自带的测试用例（政策库 YAML 与数据库中的条款），打印未通过的用例；有失败时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("--library-only", action="store_true", help="只运行政策库 YAML 中的用例，不读数据库")

    def handle(self, *args, library_only=False, **options):
        results = library.library_cases()
        if not library_only:
            for clause in Clause.objects.select_related("policy").order_by("policy__code", "sort_order", "pk"):
                results += library.run_cases(f"{clause.policy.code}/{clause.code} v{clause.version}（数据库）",
                                             clause.definition, clause.policy.valid_from)
        failed = [result for result in results if result.failures]
        for result in failed:
            self.stdout.write(self.style.ERROR(f"✗ {result.clause} · {result.case}"))
            for failure in result.failures:
                self.stdout.write(f"    {failure}")
        clauses = len({result.clause for result in results})
        summary = f"{len(results) - len(failed)} passed, {len(failed)} failed（{clauses} 条条款，{len(results)} 个用例）"
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
