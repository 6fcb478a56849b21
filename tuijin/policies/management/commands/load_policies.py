"""``manage.py load_policies``: load the YAML policy library into the database.

Existing policies are updated by their code; a clause whose rule changed gets a new version (the
old one is kept for the results that used it). Run again after editing a library file.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from tuijin.policies import library


class Command(BaseCommand):
    help = "把政策库（tuijin/policies/library/*.yaml）载入数据库；规则有变化的条款生成新版本。"

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = library.load()
        self.stdout.write(self.style.SUCCESS(
            f"已载入政策 {counts['policies']} 份、条款 {counts['clauses']} 条（新建或规则变化 {counts['changed']} 条）。"))
