"""Write a month's briefing (.docx and .pdf) and statistics workbook (.xlsx) to a folder, for cron or by hand.

The same packs as the 报表简报 page, from the template in use; prints the three paths. A month without
any data is not an error: the documents say there is nothing to report. Bad arguments exit non-zero
with a Chinese message.
"""

import datetime as dt
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.lib.context import Source, acting
from tuijin.lib.params import FIRST_YEAR, LAST_YEAR

from ... import packs

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: str, today: dt.date) -> dt.date:
    match = MONTH.match(value or "")
    if not match:
        raise CommandError(f"--month 应为“年-月”，如 2026-03，收到 {value!r}")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise CommandError(f"--month 的月份应在 1 到 12 之间，收到 {month}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CommandError(f"--month 的年份应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间，收到 {year}")
    first = dt.date(year, month, 1)
    if first > today:
        raise CommandError(f"{year}年{month}月尚未开始，无法生成通报")
    return first


def find_park(code: str):
    """A park by its id, short name or full name."""
    parks = Organisation.objects.filter(kind=OrganisationKind.PARK)
    condition = Q(short_name=code) | Q(name=code)
    if code.isascii() and code.isdigit():
        condition |= Q(pk=int(code))
    found = list(parks.filter(condition)[:2])
    if len(found) != 1:
        names = "、".join(parks.order_by("sort_order", "name").values_list("short_name", flat=True)[:20])
        raise CommandError(f"没有找到园区 {code!r}（可用园区编号、简称或全称）。现有园区：{names or '无'}")
    return found[0]


class Command(BaseCommand):
    help = "生成月度项目推进情况通报（Word、PDF）和统计表（Excel），写入指定目录"

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="通报月份，如 2026-03")
        parser.add_argument("--out", required=True, help="输出目录（不存在则创建）")
        parser.add_argument("--park", default="", help="只生成一个园区的通报：园区编号、简称或全称")

    def handle(self, *args, month, out, park, **options):
        first = parse_month(month, timezone.localdate())
        unit = find_park(park) if park else None
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"--out {out} 不是目录")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"无法创建输出目录 {out}：{error.strerror}") from None
        with acting(Source.COMMAND):
            pack = packs.monthly(first, unit)
        paths = [folder / f"briefing-{first:%Y-%m}.docx", folder / f"briefing-{first:%Y-%m}.pdf",
                 folder / f"statistics-{first:%Y-%m}.xlsx"]
        for path, key in zip(paths, ("docx", "pdf", "xlsx")):
            path.write_bytes(pack.files[key])
            self.stdout.write(str(path))
