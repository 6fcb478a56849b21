"""Monthly figures of key enterprises (重点企业监测) and their append-only history.

A key enterprise (重点企业) is one the bureau follows month by month; the list is ``KeyEnterprise``.
Each month the enterprise enters its figures (``MonthlyFigures``) in the same flow as a project's
monthly report: draft → submitted → (returned → submitted)* → approved. Only approved months count
in the growth tables; an approved month changes only through a logged correction with a reason.
A blank figure means "not reported", never zero.
"""

from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field

# (field, label, unit): the indicators, in the order the tables and the spreadsheet show them.
INDICATORS = [
    ("output", "产值", "万元"),
    ("revenue", "营业收入", "万元"),
    ("tax", "税收", "万元"),
    ("electricity", "用电量", "万千瓦时"),
    ("employees", "从业人数", "人"),
    ("energy", "综合能耗", "吨标准煤"),
]
INDICATOR_FIELDS = [name for name, _, _ in INDICATORS]
INDICATOR_LABELS = {name: label for name, label, _ in INDICATORS}
INDICATOR_UNITS = {name: unit for name, _, unit in INDICATORS}


class KeyEnterprise(models.Model):
    """An enterprise on the bureau's key list: it reports its figures every month."""

    enterprise = models.OneToOneField("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                      related_name="key_listing")
    since = models.DateField("列入日期")
    note = models.CharField("列入理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "重点企业"
        verbose_name_plural = "重点企业"
        ordering = ["enterprise__name"]

    def __str__(self):
        return str(self.enterprise)


class FiguresStatus(models.TextChoices):
    DRAFT = "draft", "草稿"  # being filled in by the enterprise
    SUBMITTED = "submitted", "已报送"  # waiting for the park (or the bureau) to check it
    RETURNED = "returned", "已退回"  # sent back with a reason; fixed and submitted again
    APPROVED = "approved", "已审核"  # counted in the growth tables; changed only by a logged correction


def _figure(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True)


class MonthlyFigures(models.Model):
    """One key enterprise's figures for one month (当月数, not cumulative)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="monthly_figures")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    output = _figure("产值（万元）")
    revenue = _figure("营业收入（万元）")
    tax = _figure("税收（万元）")
    electricity = _figure("用电量（万千瓦时）")
    employees = models.PositiveIntegerField("从业人数（人）", null=True, blank=True)
    energy = _figure("综合能耗（吨标准煤）")
    status = models.CharField("状态", max_length=20, choices=FiguresStatus.choices, default=FiguresStatus.DRAFT)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重点企业月度数据"
        verbose_name_plural = "重点企业月度数据"
        ordering = ["-year", "-month", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="one_figures_per_enterprise_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="figures_month_in_range"),
        ]
        indexes = [models.Index(fields=["status", "year", "month"]),
                   models.Index(fields=["enterprise", "status"])]

    def __str__(self):
        return f"{self.enterprise} {self.period_label}"

    @property
    def period_label(self):
        return f"{self.year}年{self.month}月"

    @property
    def is_editable(self):
        return self.status in (FiguresStatus.DRAFT, FiguresStatus.RETURNED)


class FiguresEventKind(models.TextChoices):
    CREATED = "created", "起草"
    EDITED = "edited", "修改"
    SUBMITTED = "submitted", "报送"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "审核通过"
    CORRECTED = "corrected", "更正"
    IMPORTED = "imported", "导入"


class FiguresEvent(models.Model):
    """Append-only history of a month's figures: who did what, when and why, old and new values."""

    figures = models.ForeignKey(MonthlyFigures, verbose_name="月度数据", on_delete=models.CASCADE,
                                related_name="events")
    kind = models.CharField("事件", max_length=20, choices=FiguresEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    reason = models.CharField("原因", max_length=300, blank=True)
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "月度数据记录"
        verbose_name_plural = "月度数据记录"
        ordering = ["-created_at", "-pk"]


class DropRule(models.Model):
    """The sharp-drop condition of one indicator (重点企业指标下滑): 同比 at or below −``fall`` % for
    ``months`` consecutive months. Coordinators edit them; the early-warning rule 重点企业指标下滑
    (``alerts``) switches the whole check on or off and grades a finding by the size of the fall."""

    indicator = models.CharField("指标", max_length=20, choices=[(k, v) for k, v, _ in INDICATORS], unique=True)
    fall = models.DecimalField("同比降幅（%）", max_digits=5, decimal_places=1)
    months = models.PositiveSmallIntegerField("连续月数", default=1)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "指标下滑阈值"
        verbose_name_plural = "指标下滑阈值"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_indicator_display()}同比 ≤ −{self.fall}%，连续 {self.months} 个月"


# Defaults one district uses: 产值 or 营业收入 down 20 % in a month, 用电 down 30 % two months running.
DROP_DEFAULTS = {"output": (20, 1), "revenue": (20, 1), "electricity": (30, 2), "tax": (30, 2)}


class DropStatus(models.TextChoices):
    OPEN = "open", "待处置"  # the drop is there and nobody has looked into it yet
    ACKNOWLEDGED = "acknowledged", "跟踪中"  # the park has contacted the enterprise
    CLOSED = "closed", "已关闭"  # the indicator recovered (closed by the scan)


class DropWarning(models.Model):
    """A sharp drop of one indicator of one key enterprise; at most one active per (enterprise, indicator)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="drop_warnings")
    indicator = models.CharField("指标", max_length=20, choices=[(k, v) for k, v, _ in INDICATORS])
    level = models.CharField("等级", max_length=10)  # alerts.WarningLevel value (yellow / orange / red)
    status = models.CharField("状态", max_length=20, choices=DropStatus.choices, default=DropStatus.OPEN)
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    measure = models.DecimalField("同比（%）", max_digits=8, decimal_places=1)
    cause = models.CharField("原因", max_length=300)
    raised_at = models.DateTimeField("预警时间", auto_now_add=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    class Meta:
        verbose_name = "重点企业指标下滑预警"
        verbose_name_plural = "重点企业指标下滑预警"
        ordering = ["-raised_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "indicator"], condition=~models.Q(status="closed"),
                                               name="one_active_drop_per_enterprise_indicator")]
        indexes = [models.Index(fields=["status", "enterprise"])]

    def __str__(self):
        return f"{self.enterprise} {self.get_indicator_display()}下滑"
