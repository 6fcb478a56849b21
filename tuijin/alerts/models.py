"""Graded warnings (黄/橙/红) raised by rules over the projects, and their disposal.

``WarningRule`` holds each rule's thresholds, edited by coordinators. ``Warning`` is one
cause on one project: at most one active row per (project, rule), raised, moved up or
down and closed by the scan (``scan.py``), acknowledged and resolved by people
(``actions.py``). ``WarningEvent`` is the append-only history of both.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field


class RuleKey(models.TextChoices):
    START_OVERDUE = "start_overdue", "计划开工未开工"  # the planned start date has passed and there is no actual start
    PROGRESS_BEHIND = "progress_behind", "投资完成落后序时进度"  # this year's completion rate trails time progress
    REPORT_MISSING = "report_missing", "月报未按期报送"  # a due monthly report not sent by its deadline
    PROBLEM_OVERDUE = "problem_overdue", "协调问题逾期"  # a 吹哨 problem of the project is past its deadline
    STAGE_HELD = "stage_held", "阶段停留过久"  # stuck in 在谈/已注册/前期手续/停缓建 for too long
    SIGNED_UNREGISTERED = "signed_unregistered", "签约未注册"  # signed, but no local company registered
    NOT_FILED = "not_filed", "开工未入库"  # started (≥ 500 万元) but not filed in the statistics (入库入统)
    NODE_OVERDUE = "node_overdue", "促建节点逾期"  # an open node of the project's node plan is past its planned finish
    FORECAST_SHORTFALL = "forecast_shortfall", "预计完不成年度计划"  # the year-end forecast (foresight) likely misses the plan
    KEY_ENTERPRISE_DROP = "key_enterprise_drop", "重点企业指标下滑"  # a key enterprise's 产值/用电… fell sharply year on year (monitoring)


class WarningLevel(models.TextChoices):
    YELLOW = "yellow", "黄色预警"  # attention: the responsible unit should act
    ORANGE = "orange", "橙色预警"  # serious: the park or bureau follows it up
    RED = "red", "红色预警"  # critical: goes to the leaders and the scheduling meeting (督办)


LEVEL_RANK = {WarningLevel.YELLOW: 1, WarningLevel.ORANGE: 2, WarningLevel.RED: 3}
LEVEL_COLOURS = {WarningLevel.YELLOW: "#f5c518", WarningLevel.ORANGE: "#fd7e14", WarningLevel.RED: "#dc3545"}


# What each rule measures, its unit, and the defaults (yellow, orange, red) one city uses (红黄绿灯).
RULE_DEFAULTS = {
    RuleKey.START_OVERDUE: ("计划开工日期已过、尚未开工的天数", "天", 1, 30, 90),
    RuleKey.PROGRESS_BEHIND: ("本年投资完成率落后时间进度的百分点", "个百分点", 10, 20, 30),
    RuleKey.REPORT_MISSING: ("最早一期未报月报超过报送截止日的天数", "天", 1, 5, 15),
    RuleKey.PROBLEM_OVERDUE: ("项目的协调问题超过办理期限的天数（取最早逾期的一件）", "天", 0, 5, 10),
    RuleKey.STAGE_HELD: ("停留在在谈、已注册、前期手续或停缓建阶段的天数", "天", 180, 270, 365),
    RuleKey.SIGNED_UNREGISTERED: ("签约后仍未注册的天数", "天", 30, 60, 90),
    RuleKey.NOT_FILED: ("开工后仍未入库入统的天数（500万元以上）", "天", 30, 45, 60),
    RuleKey.NODE_OVERDUE: ("促建流程中未办结节点超过计划完成日期的工作日数（取逾期最久的节点）", "个工作日", 1, 5, 10),
    RuleKey.FORECAST_SHORTFALL: ("按年末预测完不成年度投资计划的概率", "%", 60, 75, 90),
    RuleKey.KEY_ENTERPRISE_DROP: ("重点企业指标同比降幅（各指标的降幅和连续月数在重点企业监测中设置）", "%", 20, 30, 50),
}


class WarningRule(models.Model):
    """One rule's switch and thresholds: the measure at or above a threshold raises that level.

    A level whose threshold is empty is not used by the rule.
    """

    key = models.CharField("规则", max_length=30, choices=RuleKey.choices, unique=True)
    enabled = models.BooleanField("启用", default=True)
    measure = models.CharField("衡量指标", max_length=100)
    unit = models.CharField("单位", max_length=10)
    yellow = models.DecimalField("黄色阈值", max_digits=8, decimal_places=1, null=True, blank=True)
    orange = models.DecimalField("橙色阈值", max_digits=8, decimal_places=1, null=True, blank=True)
    red = models.DecimalField("红色阈值", max_digits=8, decimal_places=1, null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(yellow__gte=0) | models.Q(yellow__isnull=True),
                                   name="warning_threshold_not_negative"),
        ]

    def __str__(self):
        return self.get_key_display()

    @classmethod
    def current(cls) -> dict:
        """Every rule by key, creating the missing ones with their defaults (idempotent)."""
        rules = {rule.key: rule for rule in cls.objects.all()}
        missing = [
            cls(key=key, measure=measure, unit=unit, yellow=Decimal(yellow), orange=Decimal(orange), red=Decimal(red))
            for key, (measure, unit, yellow, orange, red) in RULE_DEFAULTS.items() if key not in rules
        ]
        if missing:
            cls.objects.bulk_create(missing, ignore_conflicts=True)
            rules = {rule.key: rule for rule in cls.objects.all()}
        return rules

    def thresholds(self) -> list[tuple[str, Decimal]]:
        """(level, threshold) from the highest level down, skipping unused levels."""
        pairs = [(WarningLevel.RED, self.red), (WarningLevel.ORANGE, self.orange), (WarningLevel.YELLOW, self.yellow)]
        return [(level, value) for level, value in pairs if value is not None]


class WarningStatus(models.TextChoices):
    OPEN = "open", "待处置"  # raised (or raised again to a higher level); nobody has taken it up yet
    ACKNOWLEDGED = "acknowledged", "处置中"  # the responsible unit has seen it and is working on it
    RESOLVED = "resolved", "已处置待核销"  # the unit says it has dealt with it; closes when the scan no longer finds the cause
    CLOSED = "closed", "已关闭"  # the cause has cleared (or the rule was switched off): closed by the scan


ACTIVE_STATUSES = [WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED, WarningStatus.RESOLVED]


class WarningQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tuijin.projects.models import Project

        return self.filter(project__in=Project.objects.visible_to(user))

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Warning(models.Model):
    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="warnings")
    rule = models.CharField("规则", max_length=30, choices=RuleKey.choices)
    level = models.CharField("等级", max_length=10, choices=WarningLevel.choices)
    status = models.CharField("状态", max_length=20, choices=WarningStatus.choices, default=WarningStatus.OPEN)
    cause = models.CharField("原因", max_length=300, help_text="预警产生或等级变化时的情况")
    measure = models.DecimalField("指标值", max_digits=10, decimal_places=1)
    first_raised_at = models.DateTimeField("首次预警时间")
    level_changed_at = models.DateTimeField("等级变化时间")
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-level_changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "rule"], condition=~models.Q(status="closed"),
                                    name="one_active_warning_per_project_rule"),
        ]
        indexes = [models.Index(fields=["status", "level"]), models.Index(fields=["rule", "status"]),
                   # the dashboard's count of warned projects per level reads only this index
                   models.Index(fields=["level", "status", "project"], name="alerts_warning_level_counts")]

    def __str__(self):
        return f"{self.project} {self.get_rule_display()}（{self.get_level_display()}）"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


class WarningEventKind(models.TextChoices):
    RAISED = "raised", "发出预警"  # the scan found the cause for the first time
    LEVEL_UP = "level_up", "等级升高"  # the cause got worse
    LEVEL_DOWN = "level_down", "等级降低"  # the cause eased but has not cleared
    ACKNOWLEDGED = "acknowledged", "签收处置"  # the responsible unit took it up
    NOTE = "note", "处置记录"  # a note on what is being done
    RESOLVED = "resolved", "处置完毕"  # the unit reports it has dealt with the cause
    CLOSED = "closed", "自动关闭"  # the scan no longer finds the cause


class WarningEvent(models.Model):
    """Append-only history of a warning: what the scan saw and what people did, when and why."""

    warning = models.ForeignKey(Warning, verbose_name="预警", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=WarningEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    from_level = models.CharField("原等级", max_length=10, choices=WarningLevel.choices, blank=True)
    to_level = models.CharField("新等级", max_length=10, choices=WarningLevel.choices, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", db_index=True)
    source = source_field()

    class Meta:
        verbose_name = "预警记录"
        verbose_name_plural = "预警记录"
        ordering = ["-created_at", "-pk"]


class RuleEvent(models.Model):
    """Append-only history of a warning rule: who switched it or moved its thresholds, when, old and new."""

    rule = models.ForeignKey(WarningRule, verbose_name="预警规则", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "预警规则修改记录"
        verbose_name_plural = "预警规则修改记录"
        ordering = ["-created_at", "-pk"]


class DashboardCell(models.Model):
    """The battle map's figures for one year and one (park, chain, category, size band): derived data.

    Summing 50,000 projects joined to their rollups costs SQLite about 200 ms per request;
    the dashboard instead adds up these cells (a few hundred rows). ``summary.py`` computes
    them with the same query as the live figures and recomputes a cell whenever the database
    triggers of migration 0002 log a change to a project or rollup in it
    (``DashboardCellChange``), so the figures are never stale, whatever wrote the data.
    Its month columns are named as the rollup's (``progress.models.MONTH_FIELDS``): one name per month.
    """

    year = models.PositiveSmallIntegerField("年度")
    park_id = models.BigIntegerField("园区", null=True)
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    category = models.CharField("项目类别", max_length=20)
    band = models.CharField("投资规模", max_length=10)
    projects = models.PositiveIntegerField("项目数")
    investment = models.DecimalField("总投资", max_digits=18, decimal_places=2)
    planned = models.DecimalField("年度计划投资", max_digits=18, decimal_places=2)
    behind_half = models.PositiveIntegerField("上半年完成不足一半的项目数")
    completed_m01 = models.DecimalField("1月完成", max_digits=18, decimal_places=2)
    completed_m02 = models.DecimalField("2月完成", max_digits=18, decimal_places=2)
    completed_m03 = models.DecimalField("3月完成", max_digits=18, decimal_places=2)
    completed_m04 = models.DecimalField("4月完成", max_digits=18, decimal_places=2)
    completed_m05 = models.DecimalField("5月完成", max_digits=18, decimal_places=2)
    completed_m06 = models.DecimalField("6月完成", max_digits=18, decimal_places=2)
    completed_m07 = models.DecimalField("7月完成", max_digits=18, decimal_places=2)
    completed_m08 = models.DecimalField("8月完成", max_digits=18, decimal_places=2)
    completed_m09 = models.DecimalField("9月完成", max_digits=18, decimal_places=2)
    completed_m10 = models.DecimalField("10月完成", max_digits=18, decimal_places=2)
    completed_m11 = models.DecimalField("11月完成", max_digits=18, decimal_places=2)
    completed_m12 = models.DecimalField("12月完成", max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = "看板汇总"
        verbose_name_plural = "看板汇总"
        indexes = [models.Index(fields=["year", "park_id"]),
                   models.Index(fields=["park_id", "industry_chain", "category"], name="alerts_cell_key")]


class DashboardCellChange(models.Model):
    """A (park, chain, category) whose cells are out of date, written by database triggers on every change.

    One row per key (``park_key`` 0 stands for "no park", so the key can be unique);
    ``changes`` counts the writes since the cells were last computed, so a refresh removes
    the row only if nothing changed while it was recomputing.
    """

    park_key = models.BigIntegerField("园区（0 为无园区）")
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    category = models.CharField("项目类别", max_length=20)
    changes = models.PositiveIntegerField("变更次数", default=1)

    class Meta:
        verbose_name = "看板汇总待更新"
        verbose_name_plural = "看板汇总待更新"
        constraints = [models.UniqueConstraint(fields=["park_key", "industry_chain", "category"],
                                               name="one_change_row_per_cell_key")]


class DashboardYear(models.Model):
    """A year whose cells have been computed; its row is also the lock that serialises refreshes."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    computed_at = models.DateTimeField("全量计算时间", null=True)

    class Meta:
        verbose_name = "看板汇总年度"
        verbose_name_plural = "看板汇总年度"


class WarningCell(models.Model):
    """Active warnings of one level on the projects of one (park, chain, category): derived data.

    The dashboard's warning cards counted every active warning per level on each request (0.12 s at
    200,000 projects); ``warningcells`` keeps these counts with the same grouped query, recomputing a
    key whenever the database triggers log a change to one of its warnings or projects
    (``WarningCellChange``), so the counts are never stale. A project sits in one key only, so the
    distinct projects of several keys add up.
    """

    park_id = models.BigIntegerField("园区", null=True)
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    category = models.CharField("项目类别", max_length=20)
    level = models.CharField("等级", max_length=10, choices=WarningLevel.choices)
    projects = models.PositiveIntegerField("有预警的项目数")
    warnings = models.PositiveIntegerField("预警条数")

    class Meta:
        verbose_name = "预警计数汇总"
        verbose_name_plural = "预警计数汇总"
        indexes = [models.Index(fields=["park_id", "industry_chain", "category"], name="alerts_warncell_key")]


class WarningCellChange(models.Model):
    """A (park, chain, category) whose warning counts are out of date, written by database triggers."""

    park_key = models.BigIntegerField("园区（0 为无园区）")
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    category = models.CharField("项目类别", max_length=20)
    changes = models.PositiveIntegerField("变更次数", default=1)

    class Meta:
        verbose_name = "预警计数汇总待更新"
        verbose_name_plural = "预警计数汇总待更新"
        constraints = [models.UniqueConstraint(fields=["park_key", "industry_chain", "category"],
                                               name="one_warning_change_row_per_key")]


class WarningCellState(models.Model):
    """One row once the warning cells have been computed; also the lock that serialises refreshes."""

    computed_at = models.DateTimeField("全量计算时间", null=True)

    class Meta:
        verbose_name = "预警计数汇总状态"
        verbose_name_plural = "预警计数汇总状态"
