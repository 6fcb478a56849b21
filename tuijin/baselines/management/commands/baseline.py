"""``manage.py baseline``: what changed in the district's projects between two dates, for scripts and checks.

The same comparison as the 基线对比 page (``tuijin.baselines.comparison``), over every project
(or one park's), read from the history: any two past dates work.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.baselines import comparison

HELP = """基线对比：两个日期之间项目清单的变化（按各日 24 时的状态，取自变更历史）。

--json 输出一个 JSON 对象：
  {"from": "2026-03-01", "to": "2026-03-31",
   "added": ["XM2026-00012", ...],      新增项目的编号（基准日尚不存在，对比日已存在）
   "removed": ["XM2025-00007", ...],    移出项目的编号（已终止或已删除）
   "changes": [{"project_code": "XM2026-00001", "kind": "date", "field": "planned_start_date",
                "label": "计划开工日期", "before": "2026-05-01", "after": "2026-06-15", "delta": 45}, ...]}
kind 为 stage（阶段，before/after 为阶段代码）、date（计划日期，delta 为推迟天数，提前为负）、
node_date（促建流程节点的计划完成日期，field 为 node.<节点代码>.planned_finish，delta 为推迟天数，
delta_workdays 为推迟的工作日数，提前为负）、
investment（总投资，万元，字符串）、plan（field 为 yearly_plan.<年度>）、problem_new / problem_closed
（field 为 problem）、warning_raised / warning_closed（field 为 warning.<规则>）。空值为 null。
不加 --json 时逐行输出可读的文字。"""


def _day(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期应为 YYYY-MM-DD，如 2026-03-01，收到 {value!r}") from None


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=_day, required=True, help="基准日 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", type=_day, required=True, help="对比日 YYYY-MM-DD")
        parser.add_argument("--park", default="", help="只看这个园区的项目（园区名称）")
        parser.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON（格式见上）")

    def handle(self, *args, start, end, park="", as_json=False, **options):
        if start > end:
            raise CommandError("--from 不能晚于 --to。")
        filters = {}
        if park:
            found = Organisation.objects.filter(kind=OrganisationKind.PARK, name=park).first()
            if found is None:
                names = "、".join(Organisation.objects.filter(kind=OrganisationKind.PARK).values_list("name", flat=True))
                raise CommandError(f"没有名为“{park}”的园区。现有园区：{names or '无'}")
            filters["park"] = found.pk
        result = comparison.compare(comparison.SYSTEM, start, end, filters)
        if as_json:
            self.stdout.write(_dumps(result.as_json()))
            return
        self.stdout.write(f"{start} → {end}：" + "，".join(f"{label} {count}" for _kind, label, count in result.counts))
        for ref in result.added:
            self.stdout.write(f"+ {ref.code} {ref.name}")
        for ref in result.removed:
            self.stdout.write(f"- {ref.code} {ref.name}")
        for change in result.changes:
            self.stdout.write(f"  {change.project.code} {change.label}：{change.before_shown} → {change.after_shown}"
                              + (f"（{change.delta_shown}）" if change.delta_shown else ""))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=1)
