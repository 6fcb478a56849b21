"""Yearly investment plans, monthly progress reports and the rollups the KPIs read.

Cumulative figures are never typed: they are sums of approved monthly reports, kept in
``ProjectYearRollup`` whenever a report is approved or corrected.
"""

from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field


class YearlyPlan(models.Model):
    """What a project plans to invest, and which milestones it plans to reach, in one year."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="yearly_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned_investment = models.DecimalField("年度计划投资（万元）", max_digits=14, decimal_places=2)
    plans_start = models.BooleanField("计划当年开工", default=False)
    plans_complete = models.BooleanField("计划当年竣工", default=False)
    plans_operate = models.BooleanField("计划当年投产", default=False)
    plans_capacity = models.BooleanField("计划当年达产", default=False)
    note = models.CharField("年度建设内容", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度投资计划"
        verbose_name_plural = "年度投资计划"
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="one_plan_per_project_year"),
            models.CheckConstraint(condition=models.Q(planned_investment__gte=0), name="plan_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "project"])]

    def __str__(self):
        return f"{self.project} {self.year}年计划"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"  # being filled in by the enterprise or its responsible official
    SUBMITTED = "submitted", "已报送"  # waiting for the park or bureau to check it
    RETURNED = "returned", "已退回"  # sent back with a reason; can be fixed and resubmitted
    APPROVED = "approved", "已审核"  # counted in every figure; locked, changed only by a logged correction


class MonthlyReport(models.Model):
    """One project's progress in one month: the investment completed that month and what was done."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="monthly_reports")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    completed_investment = models.DecimalField("本月完成投资（万元）", max_digits=14, decimal_places=2)
    funds_arrived = models.DecimalField("本月到位资金（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    narrative = models.TextField("形象进度", blank=True)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
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
        verbose_name = "月度进度报告"
        verbose_name_plural = "月度进度报告"
        ordering = ["-year", "-month", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="one_report_per_project_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="month_in_range"),
            models.CheckConstraint(condition=models.Q(completed_investment__gte=0), name="completed_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "month", "status"]),
                   # The navbar's to-do count on every page reads the few submitted/returned reports
                   # through this, instead of every report of the projects in the user's duty (0.5 s at 50k).
                   models.Index(fields=["status", "project"], name="progress_report_status")]

    def __str__(self):
        return f"{self.project} {self.year}年{self.month}月"

    @property
    def period_label(self):
        return f"{self.year}年{self.month}月"


def photo_path(instance, filename):
    return f"report-photos/{instance.report.year}/{instance.report.month:02d}/{instance.report.project_id}/{filename}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(MonthlyReport, verbose_name="月报", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("现场照片", upload_to=photo_path)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"


class ReportEventKind(models.TextChoices):
    CREATED = "created", "起草"
    EDITED = "edited", "修改"
    SUBMITTED = "submitted", "报送"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "审核通过"
    CORRECTED = "corrected", "更正"
    IMPORTED = "imported", "导入"
    PHOTO_ADDED = "photo_added", "添加现场照片"


class ReportEvent(models.Model):
    """Append-only history of a monthly report: who did what, when and why."""

    report = models.ForeignKey(MonthlyReport, verbose_name="月报", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=ReportEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    reason = models.CharField("原因", max_length=300, blank=True)
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "月报记录"
        verbose_name_plural = "月报记录"
        ordering = ["-created_at", "-pk"]


class PlanEventKind(models.TextChoices):
    CREATED = "created", "制定年度计划"  # the first plan of a project for a year
    EDITED = "edited", "修改年度计划"  # a changed figure, milestone flag or note


class PlanEvent(models.Model):
    """Append-only history of a yearly plan, the denominator of the investment KPIs.

    Its own table rather than rows on the project's history: a project event carries the
    project's version, which the stale-edit check compares, and a plan is not the project.
    """

    plan = models.ForeignKey(YearlyPlan, verbose_name="年度计划", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=PlanEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "年度计划记录"
        verbose_name_plural = "年度计划记录"
        ordering = ["-created_at", "-pk"]


class ReportingSettings(models.Model):
    """The bureau's reporting rules; one row, edited by coordinators."""

    deadline_day = models.PositiveSmallIntegerField(
        "报送截止日", default=5, help_text="每月几日前报送上月进度（1—28）"
    )

    class Meta:
        verbose_name = "报送设置"
        verbose_name_plural = "报送设置"

    @classmethod
    def current(cls):
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row


MONTH_FIELDS = [f"completed_m{month:02d}" for month in range(1, 13)]


class ProjectYearRollup(models.Model):
    """Approved figures of one project in one year, kept current by ``actions`` on approval and correction.

    The KPIs at 50,000 projects read these rows instead of summing the raw report table.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="rollups")
    year = models.PositiveSmallIntegerField("年度")
    planned_investment = models.DecimalField("年度计划投资", max_digits=14, decimal_places=2, default=0)
    completed_total = models.DecimalField("年度累计完成", max_digits=14, decimal_places=2, default=0)
    funds_arrived_total = models.DecimalField("年度累计到位资金", max_digits=14, decimal_places=2, default=0)
    completed_m01 = models.DecimalField("1月完成", max_digits=14, decimal_places=2, default=0)
    completed_m02 = models.DecimalField("2月完成", max_digits=14, decimal_places=2, default=0)
    completed_m03 = models.DecimalField("3月完成", max_digits=14, decimal_places=2, default=0)
    completed_m04 = models.DecimalField("4月完成", max_digits=14, decimal_places=2, default=0)
    completed_m05 = models.DecimalField("5月完成", max_digits=14, decimal_places=2, default=0)
    completed_m06 = models.DecimalField("6月完成", max_digits=14, decimal_places=2, default=0)
    completed_m07 = models.DecimalField("7月完成", max_digits=14, decimal_places=2, default=0)
    completed_m08 = models.DecimalField("8月完成", max_digits=14, decimal_places=2, default=0)
    completed_m09 = models.DecimalField("9月完成", max_digits=14, decimal_places=2, default=0)
    completed_m10 = models.DecimalField("10月完成", max_digits=14, decimal_places=2, default=0)
    completed_m11 = models.DecimalField("11月完成", max_digits=14, decimal_places=2, default=0)
    completed_m12 = models.DecimalField("12月完成", max_digits=14, decimal_places=2, default=0)
    last_reported_month = models.PositiveSmallIntegerField("最近已审核月份", default=0)
    plans_start = models.BooleanField("计划当年开工", default=False)
    plans_complete = models.BooleanField("计划当年竣工", default=False)
    plans_operate = models.BooleanField("计划当年投产", default=False)
    plans_capacity = models.BooleanField("计划当年达产", default=False)

    class Meta:
        verbose_name = "项目年度汇总"
        verbose_name_plural = "项目年度汇总"
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_rollup_per_project_year")]
        indexes = [models.Index(fields=["year", "project"])]


KPI_FIGURES = [
    "ic_planned", "ic_completed",  # 投资完成率: yearly plans, completed so far
    "sr_base", "sr_hits",  # 开工率
    "srr_base", "srr_hits", "srr5k_base", "srr5k_hits",  # 开复工率, and for projects of 5000 万元 and more
    "sf_base", "sf_hits",  # 入库入统率 (应统未统 is their difference)
    "fa_arrived", "fa_agreed",  # 资金到位率
    "dh_planned", "dh_completed", "dh_behind",  # 双过半
    "list_start", "list_build", "list_complete", "list_operate",  # 四张清单
]


class KpiCell(models.Model):
    """The progress page's figures for one year, one day and one (park, chain, category): derived data.

    ``/progress/`` at 200,000 projects scanned the projects and rollups 17 times (0.8 s on SQLite);
    it now adds up these cells. ``progress.kept`` computes them with the same queries as the live
    figures (``calculations``), grouped by the key, and recomputes a key's cells whenever the
    database triggers (``progress.kept.TRIGGERS``) log a change to one of its projects, rollups or
    plans in ``KpiCellChange`` — so the figures are never stale, whatever wrote the data.
    The day matters (开工率 counts starts up to it), so cells are kept per (year, as of) in ``KpiDay``.
    A key is split into ``kept.SHARDS`` shards by project id, so one edit recomputes a sliver of its key.
    """

    year = models.PositiveSmallIntegerField("年度")
    as_of = models.DateField("统计日期")
    park_id = models.BigIntegerField("园区", null=True)
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    category = models.CharField("项目类别", max_length=20)
    shard = models.PositiveSmallIntegerField("分片（项目编号除以分片数的余数）", default=0)
    ic_planned = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    ic_completed = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    sr_base = models.PositiveIntegerField(default=0)
    sr_hits = models.PositiveIntegerField(default=0)
    srr_base = models.PositiveIntegerField(default=0)
    srr_hits = models.PositiveIntegerField(default=0)
    srr5k_base = models.PositiveIntegerField(default=0)
    srr5k_hits = models.PositiveIntegerField(default=0)
    sf_base = models.PositiveIntegerField(default=0)
    sf_hits = models.PositiveIntegerField(default=0)
    fa_arrived = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    fa_agreed = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    dh_planned = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    dh_completed = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    dh_behind = models.PositiveIntegerField(default=0)
    list_start = models.PositiveIntegerField(default=0)
    list_build = models.PositiveIntegerField(default=0)
    list_complete = models.PositiveIntegerField(default=0)
    list_operate = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "进度指标汇总"
        verbose_name_plural = "进度指标汇总"
        indexes = [models.Index(fields=["year", "as_of", "park_id"], name="progress_kpicell_scope"),
                   models.Index(fields=["park_id", "industry_chain", "category"], name="progress_kpicell_key")]


class KpiCellChange(models.Model):
    """A (park, chain, category) whose KPI cells are out of date, written by database triggers.

    ``park_key`` 0 stands for "no park" so that the key can be unique; ``changes`` counts the writes
    since the last recompute, so a refresh removes the row only if nothing changed meanwhile.
    """

    park_key = models.BigIntegerField("园区（0 为无园区）")
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    category = models.CharField("项目类别", max_length=20)
    shard = models.PositiveSmallIntegerField("分片", default=0)
    changes = models.PositiveIntegerField("变更次数", default=1)

    class Meta:
        verbose_name = "进度指标汇总待更新"
        verbose_name_plural = "进度指标汇总待更新"
        constraints = [models.UniqueConstraint(fields=["park_key", "industry_chain", "category", "shard"],
                                               name="one_kpi_change_row_per_key")]


class KpiDay(models.Model):
    """A (year, as of) whose KPI cells are computed; the rows are also the lock that serialises refreshes."""

    year = models.PositiveSmallIntegerField("年度")
    as_of = models.DateField("统计日期")
    computed_at = models.DateTimeField("全量计算时间", null=True)

    class Meta:
        verbose_name = "进度指标汇总日期"
        verbose_name_plural = "进度指标汇总日期"
        constraints = [models.UniqueConstraint(fields=["year", "as_of"], name="one_kpi_day")]
