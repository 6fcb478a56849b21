from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field
from tuijin.lib.money import TEN_THOUSAND

from . import reach


class Stage(models.TextChoices):
    PLANNING = "planning", "谋划储备"  # packaged as an idea, not yet offered to investors
    NEGOTIATING = "negotiating", "在谈"  # talks with an investor are under way
    SIGNED = "signed", "已签约"  # an investment agreement is signed
    REGISTERED = "registered", "已注册"  # the project company is registered locally
    PREPARATION = "preparation", "前期手续"  # land, planning and approvals before the start
    CONSTRUCTION = "construction", "在建"  # construction has started (开工)
    COMPLETED = "completed", "已竣工"  # construction is completed
    OPERATING = "operating", "已投产"  # the plant or facility is operating
    AT_CAPACITY = "at_capacity", "已达产"  # designed capacity reached (达产达效): the end of the road
    SUSPENDED = "suspended", "停缓建"  # paused; resumes to the stage it left
    TERMINATED = "terminated", "已终止"  # abandoned for good


# The main line in order; suspension and termination are side states.
STAGE_ORDER = [
    Stage.PLANNING, Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION,
    Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING, Stage.AT_CAPACITY,
]


class Milestone(models.TextChoices):
    SIGN = "sign", "签约"
    REGISTER = "register", "注册"
    PREPARATION = "preparation", "启动前期手续"
    START = "start", "开工"
    COMPLETE = "complete", "竣工"
    OPERATE = "operate", "投产"
    CAPACITY = "capacity", "达产"


# Entering a stage is the milestone whose actual date is its evidence.
STAGE_MILESTONE = {
    Stage.SIGNED: Milestone.SIGN,
    Stage.REGISTERED: Milestone.REGISTER,
    Stage.PREPARATION: Milestone.PREPARATION,
    Stage.CONSTRUCTION: Milestone.START,
    Stage.COMPLETED: Milestone.COMPLETE,
    Stage.OPERATING: Milestone.OPERATE,
    Stage.AT_CAPACITY: Milestone.CAPACITY,
}


def planned_field(milestone):
    return f"planned_{milestone}_date"


def actual_field(milestone):
    return f"actual_{milestone}_date"


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", "产业化"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    PUBLIC_SERVICE = "public_service", "社会民生"


class Level(models.TextChoices):
    PROVINCIAL = "provincial", "省重点"
    MUNICIPAL = "municipal", "市重点"
    DISTRICT = "district", "区重点"


class SizeBand(models.TextChoices):
    """Bands the bureaus report by; each band includes the ones above it."""

    OVER_100M = "100m", "亿元以上"
    OVER_50M = "50m", "5000万元以上"

    @property
    def minimum(self):
        return {"100m": TEN_THOUSAND, "50m": TEN_THOUSAND / 2}[self.value]


# The lists' "biggest first" order, written as the sort form writes it, so that PostgreSQL reads it from
# the index project_investment_order (migration 0008) instead of sorting every row.
BY_INVESTMENT = (models.F("total_investment").desc(nulls_last=True), "pk")


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The projects ``user`` may open: their scope, and those their unit was given work on (``reach``)."""
        return self.filter(reach.project_scope(user))


class Project(models.Model):
    code = models.CharField("项目编号", max_length=30, unique=True)
    national_code = models.CharField(
        "投资项目统一代码", max_length=24, blank=True, help_text="如 2023-510115-27-03-012345；尚未赋码可不填"
    )
    name = models.CharField("项目名称", max_length=150)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="项目单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="projects",
    )
    park = models.ForeignKey(
        "accounts.Organisation", verbose_name="所在园区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="projects", limit_choices_to={"kind": "park"},
    )
    industry_chain = models.CharField("所属产业链", max_length=50, blank=True)
    chain = models.ForeignKey(
        "promotion.IndustryChain", verbose_name="产业链（招商）", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects", help_text="招商引资管理的产业链；由招商线索注册时自动带入",
    )
    category = models.CharField("项目类别", max_length=20, choices=Category.choices, default=Category.INDUSTRIAL)
    level = models.CharField("项目级别", max_length=20, choices=Level.choices, default=Level.DISTRICT)
    total_investment = models.DecimalField("总投资（万元）", max_digits=14, decimal_places=2)
    description = models.TextField("建设内容及规模", blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="包保领导", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects_responsible",
    )
    responsible_unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="包保（责任）单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="projects_responsible",
    )
    stage = models.CharField("当前阶段", max_length=20, choices=Stage.choices, default=Stage.PLANNING)
    stage_changed_at = models.DateTimeField("阶段变更时间", null=True, blank=True)
    suspended_from = models.CharField(
        "停缓建前阶段", max_length=20, choices=Stage.choices, blank=True,
        help_text="停缓建时记录，复工时回到此阶段",
    )
    construction_permit_no = models.CharField("施工许可证号", max_length=50, blank=True)
    stats_filed_on = models.DateField("入库入统日期", null=True, blank=True)
    stats_code = models.CharField("入库项目代码", max_length=30, blank=True)
    planned_sign_date = models.DateField("计划签约日期", null=True, blank=True)
    actual_sign_date = models.DateField("实际签约日期", null=True, blank=True)
    planned_register_date = models.DateField("计划注册日期", null=True, blank=True)
    actual_register_date = models.DateField("实际注册日期", null=True, blank=True)
    planned_preparation_date = models.DateField("计划启动前期手续日期", null=True, blank=True)
    actual_preparation_date = models.DateField("实际启动前期手续日期", null=True, blank=True)
    planned_start_date = models.DateField("计划开工日期", null=True, blank=True)
    actual_start_date = models.DateField("实际开工日期", null=True, blank=True)
    planned_complete_date = models.DateField("计划竣工日期", null=True, blank=True)
    actual_complete_date = models.DateField("实际竣工日期", null=True, blank=True)
    planned_operate_date = models.DateField("计划投产日期", null=True, blank=True)
    actual_operate_date = models.DateField("实际投产日期", null=True, blank=True)
    planned_capacity_date = models.DateField("计划达产日期", null=True, blank=True)
    actual_capacity_date = models.DateField("实际达产日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次保存加一，防止两人同时编辑时互相覆盖")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-total_investment", "code"]
        indexes = [
            models.Index(fields=["stage"]),
            models.Index(fields=["level"]),
            models.Index(fields=["category"]),
            models.Index(fields=["total_investment"]),
            models.Index(fields=["name"]),
            models.Index(fields=["updated_at"]),
            # The list filtered by stage and sorted by size, without a sort step.
            models.Index(fields=["stage", "total_investment"], name="project_stage_size"),
            # Search reads this narrow index instead of the wide rows (SQLite scans it as a covering index).
            models.Index(fields=["name", "code", "national_code", "enterprise"], name="project_search"),
            # Covers the 入库入统 KPI, so counting reads the index instead of the wide rows.
            models.Index(fields=["actual_start_date", "total_investment", "stage", "stats_filed_on"],
                         name="project_stats_filing"),
            # The battle map recomputes one (park, chain, category) cell at a time (tuijin.alerts.summary).
            models.Index(fields=["park", "industry_chain", "category", "total_investment"], name="project_cell_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["national_code"], condition=~models.Q(national_code=""), name="unique_national_code"
            ),
            models.CheckConstraint(condition=models.Q(total_investment__gte=0), name="investment_not_negative"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_over_100m(self):
        return self.total_investment >= TEN_THOUSAND


class EventKind(models.TextChoices):
    CREATED = "created", "创建项目"
    EDITED = "edited", "修改信息"
    STAGE_CHANGED = "stage_changed", "阶段推进"
    SUSPENDED = "suspended", "停缓建"
    RESUMED = "resumed", "复工"
    TERMINATED = "terminated", "终止"
    ATTACHED = "attached", "上传附件"  # a document filed with the project (批复、许可证、合同、会议纪要 …)


class ProjectEvent(models.Model):
    """Append-only history of a project: who changed what, when, and on what evidence."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    source = source_field()
    from_stage = models.CharField("原阶段", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=20, choices=Stage.choices, blank=True)
    evidence = models.JSONField("依据", default=dict, blank=True)
    changes = models.JSONField("变更内容", default=list, blank=True)
    version = models.PositiveIntegerField("变更后版本")

    class Meta:
        verbose_name = "项目变更记录"
        verbose_name_plural = "项目变更记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()}"


class AttachmentKind(models.TextChoices):
    APPROVAL = "approval", "批复"  # an approval or filing reply: 立项/备案、环评、能评批复 …
    PERMIT = "permit", "许可证"  # a licence: 用地规划、工程规划、施工许可证 …
    CONTRACT = "contract", "合同"  # an investment agreement, a land contract, a construction contract
    MINUTES = "minutes", "会议纪要"  # minutes of a scheduling or on-site meeting about the project
    OTHER = "other", "其他"  # anything else worth keeping with the project


def project_attachment_path(instance, filename):
    return f"project-attachments/{instance.project_id}/{filename}"


class ProjectAttachment(models.Model):
    """A document kept with a project; served only to those who may see the project (``lib.files``)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类型", max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.APPROVAL)
    title = models.CharField("文件名称", max_length=150)
    document_no = models.CharField("文号", max_length=100, blank=True, help_text="如 成高审批〔2026〕12号")
    document_date = models.DateField("日期", null=True, blank=True, help_text="签发、签订或会议日期")
    file = models.FileField("文件", upload_to=project_attachment_path)
    name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("内容类型", max_length=100, help_text="由文件内容识别")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目附件"
        verbose_name_plural = "项目附件"
        ordering = ["-document_date", "-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"
