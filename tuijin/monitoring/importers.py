"""The 重点企业月度数据 importer, through the imports framework (``tuijin.imports``).

Rows are keyed by 统一社会信用代码 + 年月: a month already stored is updated (its old values kept in
its history), a new one is created. Imported months are taken as already checked (已审核), as the
progress importer takes monthly reports: a sheet comes from the statistics office or the park.
The enterprise must be on the key list and within what the importer may change; park staff import
only their park's enterprises. Validation reads the database a fixed number of times; ``apply``
writes in bulk inside the framework's transaction.
"""

import datetime as dt
import re

from django.utils import timezone

from tuijin.accounts import access
from tuijin.enterprises.models import Enterprise
from tuijin.imports.importers import CREATE, UNCHANGED, UPDATE, Importer, Planned, _chunks
from tuijin.imports.models import ImportKind
from tuijin.imports.registry import register
from tuijin.lib import changes as history
from tuijin.lib.parsing import ParseError, parse_decimal, parse_int, parse_text
from tuijin.lib.tabular import Column
from tuijin.lib.uscc import normalise as normalise_uscc

from . import events
from .models import INDICATOR_FIELDS, FiguresEvent, FiguresStatus, MonthlyFigures


def parse_period(value):
    """"2026-03", "2026年3月", "202603", "2026/3" or a date cell → (year, month)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month
    text = str(value).strip()
    found = re.fullmatch(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))", text)
    if not found:
        raise ParseError(f"“{text}”不是年月，请写成 2026-03 或 2026年3月")
    year, month = int(found.group(1)), int(found.group(2) or found.group(3))
    if not 1 <= month <= 12:
        raise ParseError(f"“{text}”的月份须在 1—12 之间")
    return year, month


def _figure(value):
    number = parse_decimal(value, places=2)
    if number is not None and number < 0:
        raise ParseError("不能为负数")
    return number


COLUMNS = [
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码"), parse_text, required=True),
    Column("period", "年月", ("月份", "统计月份", "报告期", "所属月份"), parse_period, required=True),
    Column("name", "企业名称", ("企业", "单位名称"), parse_text),
    Column("output", "产值（万元）", ("产值", "工业总产值", "工业产值"), _figure),
    Column("revenue", "营业收入（万元）", ("营业收入", "营收", "主营业务收入"), _figure),
    Column("tax", "税收（万元）", ("税收", "纳税额", "税金"), _figure),
    Column("electricity", "用电量（万千瓦时）", ("用电量", "用电"), _figure),
    Column("employees", "从业人数（人）", ("从业人数", "从业人员", "用工人数"), parse_int),
    Column("energy", "综合能耗（吨标准煤）", ("能耗", "综合能耗"), _figure),
]


@register
class KeyFiguresImporter(Importer):
    kind = ImportKind.KEY_FIGURES
    columns = COLUMNS
    preview_columns = ["统一社会信用代码", "企业名称", "年月", "产值（万元）", "营业收入（万元）"]

    @classmethod
    def allowed(cls, user) -> bool:
        return user is None or access.is_coordinator(user) or access.is_park_staff(user)

    def prefetch(self, table):
        codes = {normalise_uscc(parse_text(row.cells.get("uscc"))) for row in table.rows} - {""}
        self.enterprises = {}
        for chunk in _chunks(list(codes)):
            for enterprise in Enterprise.objects.filter(uscc__in=chunk, key_listing__isnull=False):
                self.enterprises[enterprise.uscc] = enterprise
        ids = [enterprise.pk for enterprise in self.enterprises.values()]
        self.existing = {}
        for chunk in _chunks(ids):
            for figures in MonthlyFigures.objects.filter(enterprise_id__in=chunk):
                self.existing[(figures.enterprise_id, figures.year, figures.month)] = figures
        self.seen = {}

    def check(self, row, values, add, failed):
        if "统一社会信用代码" in failed or "年月" in failed:
            return None
        uscc = normalise_uscc(values["uscc"])
        enterprise = self.enterprises.get(uscc)
        if enterprise is None or not (self.user is None or access.can_edit_enterprise(self.user, enterprise)):
            add("uscc", f"统一社会信用代码“{uscc}”不是您权限范围内的重点企业；请先将企业列入重点企业名单")
            return None
        year, month = values["period"]
        if (year, month) >= (self.today.year, self.today.month):
            add("period", f"{year}年{month}月尚未结束，不能导入")
            return None
        key = (enterprise.pk, year, month)
        if key in self.seen:
            add("period", f"{enterprise.name} {year}年{month}月与第{self.seen[key]}行重复")
            return None
        self.seen[key] = row.number
        data = {name: values[name] for name in INDICATOR_FIELDS if values.get(name) is not None}
        if not data:
            add("output", "本行一项指标也没有填写")
            return None
        preview = [uscc, enterprise.name, f"{year}-{month:02d}", str(data.get("output", "")),
                   str(data.get("revenue", ""))]
        existing = self.existing.get(key)
        base = {"enterprise_id": enterprise.pk, "year": year, "month": month}
        if existing is None:
            return Planned(row.number, CREATE, {**base, **data}, preview=preview)
        changes = history.diff(existing, data, model=MonthlyFigures)
        if not changes and existing.status == FiguresStatus.APPROVED:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        return Planned(row.number, UPDATE, data, existing, changes=changes, expected=existing.version,
                       preview=preview)

    def apply(self, outcome, *, actor):
        now = timezone.now()
        approved = {"status": FiguresStatus.APPROVED, "reviewed_at": now, "reviewed_by": actor}
        creates = [MonthlyFigures(**item.data, **approved) for item in outcome.planned if item.action == CREATE]
        MonthlyFigures.objects.bulk_create(creates, batch_size=1000)
        updates = [item for item in outcome.planned if item.action == UPDATE]
        rows = []
        for item in updates:
            figures = item.instance
            for name, value in item.data.items():
                setattr(figures, name, value)
            figures.status, figures.reviewed_at, figures.reviewed_by = FiguresStatus.APPROVED, now, actor
            figures.version += 1
            figures.updated_at = now
            rows.append(figures)
        MonthlyFigures.objects.bulk_update(rows, [*INDICATOR_FIELDS, "status", "reviewed_at", "reviewed_by",
                                                  "version", "updated_at"], batch_size=1000)
        stored = {}
        for chunk in _chunks(list({item.data["enterprise_id"] for item in outcome.planned if item.action == CREATE})):
            for pk, enterprise_id, year, month in MonthlyFigures.objects.filter(enterprise_id__in=chunk).values_list(
                    "pk", "enterprise_id", "year", "month"):
                stored[(enterprise_id, year, month)] = pk
        built = [events.imported(MonthlyFigures(pk=stored[(f.enterprise_id, f.year, f.month)]), actor=actor)
                 for f in creates]
        built += [events.imported(item.instance, actor=actor, changes=item.changes) for item in updates]
        FiguresEvent.objects.bulk_create(built, batch_size=1000)
        return {"created": len(creates), "updated": len(updates),
                "unchanged": sum(1 for item in outcome.planned if item.action == UNCHANGED)}
