from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from tuijin.accounts import access
from tuijin.lib.events import source_field
from tuijin.lib.uscc import normalise, uscc_problem


class Industry(models.Model):
    """A class of 国民经济行业分类 (GB/T 4754-2017): a 门类 letter or a 2-digit 大类 (and finer codes when needed)."""

    code = models.CharField("行业代码", max_length=5, unique=True)
    name = models.CharField("行业名称", max_length=60)
    parent = models.ForeignKey("self", verbose_name="上级门类", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "国民经济行业"
        verbose_name_plural = "国民经济行业"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Scale(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


def validate_uscc(value):
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(problem, code="uscc")


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = access.enterprise_scope(user)
        if not scope:  # everything: no subquery needed
            return self.all()
        # The scope reaches through the ``projects`` relation; a subquery keeps one row per enterprise.
        return self.filter(pk__in=Enterprise.objects.filter(scope).values("pk"))


class Enterprise(models.Model):
    name = models.CharField("企业名称", max_length=120)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc],
        help_text="18位，含校验位（GB 32100-2015）",
    )
    industry = models.ForeignKey(
        Industry, verbose_name="所属行业", on_delete=models.PROTECT, related_name="enterprises",
        limit_choices_to={"code__regex": r"^\d"},
    )
    scale = models.CharField("企业规模", max_length=10, choices=Scale.choices, default=Scale.SMALL)
    address = models.CharField("注册地址", max_length=200, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    park = models.ForeignKey(
        "accounts.Organisation", verbose_name="所在园区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises", limit_choices_to={"kind": "park"},
    )
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="包保领导", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="enterprises_responsible",
    )
    responsible_unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="包保部门", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises_responsible",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.uscc:
            self.uscc = normalise(self.uscc)


# ------------------------------------------------------------------ enterprise profile (企业画像)

FIGURE_FIELDS = [
    "revenue", "tax", "rd_spend", "employees", "rd_staff", "exports", "hightech_revenue",
    "equipment_investment", "new_talent", "leased_area", "rent_paid",
]


def _money(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True)


class EnterpriseYearFigures(models.Model):
    """One enterprise's figures for one year; a blank figure means "not reported", never zero.

    Policies read the figures of the year before the one they are applied in (上年度), so the
    enterprise, its park or the bureau keep each year up to date; every change is logged.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="year_figures")
    year = models.PositiveSmallIntegerField("年度")
    revenue = _money("营业收入（万元）")
    tax = _money("纳税额（万元）")
    rd_spend = _money("研发投入（万元）")
    employees = models.PositiveIntegerField("从业人数（人）", null=True, blank=True)
    rd_staff = models.PositiveIntegerField("研发人员（人）", null=True, blank=True)
    exports = _money("出口额（万元）")
    hightech_revenue = _money("高新技术产品（服务）收入（万元）")
    equipment_investment = _money("设备投资（万元）")
    new_talent = models.PositiveIntegerField("新引进高层次人才（人）", null=True, blank=True)
    leased_area = models.DecimalField("租用生产经营用房面积（平方米）", max_digits=12, decimal_places=2, null=True,
                                      blank=True)
    rent_paid = _money("年租金（万元）")
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "企业年度经营数据"
        verbose_name_plural = "企业年度经营数据"
        ordering = ["enterprise", "-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_figures_per_enterprise_year")]
        indexes = [models.Index(fields=["year", "enterprise"])]

    def __str__(self):
        return f"{self.enterprise} {self.year}年"


class QualificationKind(models.TextChoices):
    HIGH_TECH = "high_tech", "高新技术企业"  # national certificate, valid three years
    SRDI = "srdi", "专精特新"  # a level: 创新型中小企业 → 专精特新中小企业 → 专精特新“小巨人”
    ABOVE_SCALE = "above_scale", "规上企业"  # in the statistics of enterprises above designated size
    TECH_SME = "tech_sme", "科技型中小企业"  # in the national database, renewed each year


class SrdiLevel(models.IntegerChoices):
    INNOVATIVE = 1, "创新型中小企业"  # the entry grade, recognised by the province
    SPECIALISED = 2, "专精特新中小企业"  # recognised by the province
    LITTLE_GIANT = 3, "专精特新“小巨人”企业"  # recognised by the Ministry (MIIT)


class Qualification(models.Model):
    """A qualification the enterprise holds, from a date and usually until one."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="qualifications")
    kind = models.CharField("资质", max_length=20, choices=QualificationKind.choices)
    level = models.PositiveSmallIntegerField("专精特新等级", choices=SrdiLevel.choices, null=True, blank=True)
    certificate_no = models.CharField("证书编号", max_length=60, blank=True)
    granted_on = models.DateField("认定日期")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业资质"
        verbose_name_plural = "企业资质"
        ordering = ["enterprise", "-granted_on"]
        indexes = [models.Index(fields=["kind", "granted_on"])]

    def __str__(self):
        return f"{self.enterprise} {self.label}"

    @property
    def label(self):
        return self.get_level_display() if self.kind == QualificationKind.SRDI and self.level else self.get_kind_display()

    def valid_on(self, day):
        return self.granted_on <= day and (self.expires_on is None or day <= self.expires_on)

    def clean(self):
        if self.kind == QualificationKind.SRDI and not self.level:
            raise ValidationError({"level": "专精特新资质须选择等级。"})
        if self.kind != QualificationKind.SRDI and self.level:
            raise ValidationError({"level": "只有专精特新资质有等级。"})
        if self.expires_on and self.expires_on < self.granted_on:
            raise ValidationError({"expires_on": "有效期不能早于认定日期。"})


class ServiceKind(models.TextChoices):
    VISIT = "visit", "走访"  # an official went to the enterprise (进企业)
    NEED = "need", "诉求"  # the enterprise raised a need or a problem (解难题)
    POLICY = "policy", "政策服务"  # a policy was explained or delivered (优服务、促发展)


class ServiceStatus(models.TextChoices):
    RECORDED = "recorded", "已记录"  # a visit or service with nothing left to answer
    OPEN = "open", "待答复"  # a need nobody has answered yet
    ANSWERED = "answered", "已答复"  # answered; the response says how


class ServiceRecord(models.Model):
    """进解优促: a visit, a need the enterprise raised, and how each need was answered."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="service_records")
    kind = models.CharField("类型", max_length=20, choices=ServiceKind.choices)
    happened_on = models.DateField("日期")
    summary = models.TextField("情况")
    need = models.TextField("企业诉求", blank=True)
    response = models.TextField("答复与办理情况", blank=True)
    status = models.CharField("状态", max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.RECORDED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        ordering = ["-happened_on", "-pk"]


class EnterpriseEventKind(models.TextChoices):
    CREATED = "created", "新增企业"  # the enterprise was registered in the system
    EDITED = "edited", "修改企业信息"  # its name, USCC, industry, park, contacts … changed
    FIGURES = "figures", "经营数据"  # yearly figures entered or changed
    QUALIFICATION = "qualification", "资质"  # a qualification recorded
    SERVICE = "service", "服务记录"  # a visit or need recorded
    ANSWERED = "answered", "诉求答复"  # a need answered


class EnterpriseEvent(models.Model):
    """Append-only history of an enterprise's profile: who changed what, when, old and new values."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=EnterpriseEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    summary = models.CharField("摘要", max_length=200)
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "企业档案记录"
        verbose_name_plural = "企业档案记录"
        ordering = ["-created_at", "-pk"]
