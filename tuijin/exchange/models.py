"""What an upper-level instance (city, province) keeps about the districts that report to it.

A district's ledger file is written into the ordinary tables (projects, plans, approved reports),
so every page and KPI reads imported districts the way it reads local data. What is kept here is
the bookkeeping that makes import idempotent and conflict-aware: per record the version and hash
last written (``ImportedRecord``), each run's counts (``ImportRun``), the conflicts waiting for a
decision and an append-only history (``ExchangeEvent``).
"""

from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field


class RecordKind(models.TextChoices):
    PROJECT = "project", "项目"  # a project of the ledger (identity: its key)
    PLAN = "plan", "年度计划"  # a project's plan for one year
    REPORT = "report", "月度报告"  # an approved monthly report
    KPI = "kpi", "汇总指标"  # a headline figure as the district computed it


class DistrictFeed(models.Model):
    """A district that reports to this instance, and what it last reported."""

    organisation = models.OneToOneField("accounts.Organisation", verbose_name="区县", on_delete=models.PROTECT,
                                        related_name="feed")
    code = models.CharField("区县代码", max_length=12, unique=True)
    name = models.CharField("区县名称", max_length=100)
    data_as_of = models.DateTimeField("数据截至", null=True, blank=True)
    last_import_at = models.DateTimeField("最近导入", null=True, blank=True)

    class Meta:
        verbose_name = "上报区县"
        verbose_name_plural = "上报区县"
        ordering = ["code"]

    def __str__(self):
        return self.name


class ImportRun(models.Model):
    """One import of one ledger file: what it wrote, and what it left for a decision."""

    feed = models.ForeignKey(DistrictFeed, verbose_name="区县", on_delete=models.CASCADE, related_name="runs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    source = source_field()
    file_name = models.CharField("文件名", max_length=200, blank=True)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    exported_at = models.DateTimeField("数据截至")
    since = models.DateField("增量起始日", null=True, blank=True)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    conflicts = models.PositiveIntegerField("冲突", default=0)
    at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.feed} {self.at:%Y-%m-%d %H:%M}"

    @property
    def changed_nothing(self) -> bool:
        return not (self.created or self.updated or self.conflicts)


class ImportedRecord(models.Model):
    """The version and values last written for one record of a district's ledger.

    ``digest`` hashes the values as written here; when the local row no longer hashes to it,
    somebody edited the record at this level since, and a new version from the district becomes
    a conflict instead of overwriting that edit.
    """

    feed = models.ForeignKey(DistrictFeed, verbose_name="区县", on_delete=models.CASCADE, related_name="records")
    kind = models.CharField("类型", max_length=10, choices=RecordKind.choices)
    key = models.CharField("标识", max_length=120)
    object_id = models.PositiveBigIntegerField("本级记录", null=True, blank=True)
    version = models.PositiveIntegerField("已导入版本")
    digest = models.CharField("写入值摘要", max_length=64)
    values = models.JSONField("写入值", default=dict)
    changed_at = models.DateTimeField("区县变更时间")

    class Meta:
        verbose_name = "已导入记录"
        verbose_name_plural = "已导入记录"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_imported_record_per_key")]
        indexes = [models.Index(fields=["feed", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"


class ConflictStatus(models.TextChoices):
    OPEN = "open", "待处理"  # the district sent a new version of a record edited here; nothing was overwritten
    TAKEN = "taken", "已采用区县值"  # the district's values were written over the local edit
    KEPT = "kept", "已保留本级值"  # the local edit stays; later imports compare with the district's version


class Conflict(models.Model):
    """A record edited at this level since its last import, for which the district sent a new version."""

    record = models.ForeignKey(ImportedRecord, verbose_name="记录", on_delete=models.CASCADE,
                               related_name="conflicts")
    run = models.ForeignKey(ImportRun, verbose_name="导入", on_delete=models.CASCADE, related_name="conflict_rows")
    local = models.JSONField("本级值")
    incoming = models.JSONField("区县值")
    incoming_version = models.PositiveIntegerField("区县版本")
    incoming_changed_at = models.DateTimeField("区县变更时间")
    status = models.CharField("状态", max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入冲突"
        verbose_name_plural = "导入冲突"
        ordering = ["status", "-pk"]
        indexes = [models.Index(fields=["status", "record"])]

    def __str__(self):
        return f"{self.record}（{self.get_status_display()}）"

    def differing(self) -> list[tuple[str, object, object]]:
        """(field, local value, district value) for the fields that differ."""
        names = sorted(set(self.local) | set(self.incoming))
        return [(name, self.local.get(name), self.incoming.get(name)) for name in names
                if self.local.get(name) != self.incoming.get(name)]


class DistrictKpi(models.Model):
    """A headline figure as the district computed it, kept beside this level's recomputation."""

    feed = models.ForeignKey(DistrictFeed, verbose_name="区县", on_delete=models.CASCADE, related_name="kpis")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("指标", max_length=50)
    label = models.CharField("名称", max_length=100, blank=True)
    value = models.CharField("值", max_length=40)
    numerator = models.CharField("分子", max_length=40, blank=True)
    denominator = models.CharField("分母", max_length=40, blank=True)

    class Meta:
        verbose_name = "区县上报指标"
        verbose_name_plural = "区县上报指标"
        constraints = [models.UniqueConstraint(fields=["feed", "year", "name"], name="one_kpi_per_feed_year")]


class EventKind(models.TextChoices):
    IMPORTED = "imported", "导入台账"
    CONFLICT = "conflict", "发现冲突"
    TAKEN = "taken", "采用区县值"
    KEPT = "kept", "保留本级值"


class ExchangeEvent(models.Model):
    """Append-only history of imports and conflict decisions."""

    kind = models.CharField("事件", max_length=10, choices=EventKind.choices)
    feed = models.ForeignKey(DistrictFeed, verbose_name="区县", on_delete=models.CASCADE, related_name="events")
    run = models.ForeignKey(ImportRun, verbose_name="导入", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="events")
    conflict = models.ForeignKey(Conflict, verbose_name="冲突", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    source = source_field()
    detail = models.JSONField("内容", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "上报事件"
        verbose_name_plural = "上报事件"
        ordering = ["-created_at", "-pk"]
