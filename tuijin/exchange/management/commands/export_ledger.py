"""``manage.py export_ledger --out FILE [--since YYYY-MM-DD] [--district-code C] [--district-name N]``.

Writes this district's ledger in the exchange format (docs/exchange.md): JSON Lines, or an .xlsx for
people when FILE ends in .xlsx. The district's code and name come from the options or the
``TUIJIN_DISTRICT_CODE`` / ``TUIJIN_DISTRICT_NAME`` settings; the name defaults to the top 区县 organisation.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.exchange import export
from tuijin.lib import ledger


class Command(BaseCommand):
    help = "导出本区县的数据上报台账（JSON Lines；文件名以 .xlsx 结尾时导出 Excel）"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出文件（.jsonl 或 .xlsx）")
        parser.add_argument("--since", help="只导出该日（YYYY-MM-DD）以来有变化的记录")
        parser.add_argument("--district-code", default=None, help="区县代码（默认 TUIJIN_DISTRICT_CODE）")
        parser.add_argument("--district-name", default=None, help="区县名称（默认 TUIJIN_DISTRICT_NAME 或顶层区县机构）")

    def handle(self, *args, out, since, district_code, district_name, **options):
        code = district_code or getattr(settings, "TUIJIN_DISTRICT_CODE", "")
        if not code:
            raise CommandError("缺少区县代码：请用 --district-code 指定，或设置环境变量 TUIJIN_DISTRICT_CODE")
        name = district_name or getattr(settings, "TUIJIN_DISTRICT_NAME", "") or Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT, parent=None).values_list("name", flat=True).first()
        if not name:
            raise CommandError("缺少区县名称：请用 --district-name 指定，或设置环境变量 TUIJIN_DISTRICT_NAME")
        try:
            start = dt.date.fromisoformat(since) if since else None
        except ValueError:
            raise CommandError(f"--since 应为日期 YYYY-MM-DD，实为“{since}”") from None
        path = Path(out)
        items = export.records(code, name, since=start)
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(export.workbook(items))
            self.stdout.write(f"已导出 Excel：{path}")
            return
        with path.open("w", encoding="utf-8") as handle:
            lines = ledger.write(items, handle)
        self.stdout.write(f"已导出 {lines - 1} 条记录到 {path}（{name}，{'自 ' + since + ' 起的变化' if since else '全量'}）")
