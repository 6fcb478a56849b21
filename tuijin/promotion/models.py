"""Investment promotion (招商引资): industry chains and their gaps, the lead pipeline, activities, contracts,
fund arrival and the targets the bureau is measured against.

Chains are organised the way bureaus draw them (三表一图): a chain has ordered segments from upstream to
downstream; each segment has its local enterprises (链主 / 链属), its projects and the companies the bureau
wants to attract. A lead is one company being courted; it moves 线索 → … → 落地 only through
``actions``, which log every move in ``LeadEvent``. Money is in 万元.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tuijin.lib.events import source_field
from tuijin.lib.money import TEN_THOUSAND


class Position(models.TextChoices):
    UPSTREAM = "upstream", "上游"  # materials, components, core technology
    MIDSTREAM = "midstream", "中游"  # manufacturing, assembly, the chain's main products
    DOWNSTREAM = "downstream", "下游"  # applications, services and markets


class IndustryChain(models.Model):
    """An industry chain the district builds up (建圈强链), e.g. 医药健康 or 新能源汽车."""

    name = models.CharField("产业链名称", max_length=50, unique=True)
    description = models.TextField("发展方向", blank=True)
    lead_unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="链长制牵头单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="chains_led",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ChainSegment(models.Model):
    """One link of a chain (环节), in the order the chain diagram draws them, upstream first."""

    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.CASCADE, related_name="segments")
    name = models.CharField("环节名称", max_length=50)
    position = models.CharField("位置", max_length=20, choices=Position.choices, default=Position.MIDSTREAM)
    order = models.PositiveSmallIntegerField("顺序", default=0, help_text="同一产业链内从上游到下游递增")
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["chain", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="unique_segment_name_per_chain")]

    def __str__(self):
        return f"{self.chain.name} · {self.name}"


class MemberRole(models.TextChoices):
    ANCHOR = "anchor", "链主"  # the anchor company whose orders and suppliers pull the chain together
    MEMBER = "member", "链属"  # a local company working in one segment of the chain


class ChainMember(models.Model):
    """A local enterprise placed in a segment of a chain, as 链主 or 链属."""

    segment = models.ForeignKey(ChainSegment, verbose_name="环节", on_delete=models.CASCADE, related_name="members")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="chain_memberships")
    role = models.CharField("角色", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    note = models.CharField("主要产品", max_length=200, blank=True)

    class Meta:
        verbose_name = "链上企业"
        verbose_name_plural = "链上企业"
        ordering = ["segment", "role", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["segment", "enterprise"], name="unique_member_per_segment")]

    def __str__(self):
        return f"{self.enterprise} ({self.get_role_display()})"

    @property
    def is_anchor(self):
        """链主: templates ask this rather than compare the stored value."""
        return self.role == MemberRole.ANCHOR


class TargetCompany(models.Model):
    """A company elsewhere that the bureau wants for a segment (目标企业): who to court to fill or strengthen it."""

    segment = models.ForeignKey(ChainSegment, verbose_name="环节", on_delete=models.CASCADE,
                                related_name="target_companies")
    name = models.CharField("企业名称", max_length=120)
    location = models.CharField("所在地", max_length=50, blank=True)
    reason = models.CharField("招引理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "目标企业"
        verbose_name_plural = "目标企业"
        ordering = ["segment", "name"]
        constraints = [models.UniqueConstraint(fields=["segment", "name"], name="unique_target_per_segment")]

    def __str__(self):
        return self.name


class SegmentProject(models.Model):
    """A project placed in a segment of a chain; landing a lead places its project in the lead's segment."""

    segment = models.ForeignKey(ChainSegment, verbose_name="环节", on_delete=models.CASCADE,
                                related_name="segment_projects")
    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="chain_segments")

    class Meta:
        verbose_name = "环节项目"
        verbose_name_plural = "环节项目"
        constraints = [models.UniqueConstraint(fields=["segment", "project"], name="unique_project_per_segment")]

    def __str__(self):
        return f"{self.segment} · {self.project}"


class LeadStage(models.TextChoices):
    LEAD = "lead", "线索"  # a company that may invest; nobody has talked to it yet
    CONTACT = "contact", "接洽"  # first contact made and interest confirmed
    VISIT = "visit", "考察"  # the company has inspected the site, or we have visited it
    NEGOTIATION = "negotiation", "洽谈"  # land, policy and amounts are being negotiated
    SIGNED = "signed", "签约"  # an investment agreement is signed (a contract is its evidence)
    REGISTERED = "registered", "注册"  # the project company is registered locally and the project is on file
    LANDED = "landed", "落地"  # the project has landed on its site: the lead's work is done
    SHELVED = "shelved", "搁置"  # paused for a stated reason; resumes at the stage it left


# The pipeline in order; 搁置 is a side state.
PIPELINE = [
    LeadStage.LEAD, LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION,
    LeadStage.SIGNED, LeadStage.REGISTERED, LeadStage.LANDED,
]
ACTIVE = PIPELINE[:-1]  # stages a lead can still move on from (and be shelved from)


class LeadSource(models.TextChoices):
    FAIR = "fair", "展会"  # met at a fair or expo (展会招商)
    BY_BUSINESS = "by_business", "以商招商"  # introduced by a company already here
    FUND = "fund", "基金招商"  # brought by an investment fund the district backs
    EXPERT = "expert", "专家招商"  # introduced by an expert or adviser
    TEAM = "team", "小分队"  # found by a 招商小分队 trip
    INTELLIGENCE = "intelligence", "情报"  # desk research: news, filings, industry reports


class LeadQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tuijin.accounts.access import lead_scope

        return self.filter(lead_scope(user))


class Lead(models.Model):
    """One company being courted for one investment (招商线索)."""

    code = models.CharField("线索编号", max_length=20, unique=True)
    name = models.CharField("意向项目", max_length=150, help_text="签约后即为项目名称")
    company_name = models.CharField("企业名称", max_length=120)
    company_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, help_text="外地企业可暂不填写")
    company_location = models.CharField("企业所在地", max_length=50, blank=True)
    industry = models.ForeignKey("enterprises.Industry", verbose_name="所属行业", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", limit_choices_to={"code__regex": r"^\d"})
    source = models.CharField("线索来源", max_length=20, choices=LeadSource.choices)
    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="leads")
    segment = models.ForeignKey(ChainSegment, verbose_name="环节", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="leads")
    target_company = models.ForeignKey(TargetCompany, verbose_name="目标企业", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="leads")
    expected_investment = models.DecimalField("预计投资（万元）", max_digits=14, decimal_places=2, null=True,
                                              blank=True)
    park = models.ForeignKey("accounts.Organisation", verbose_name="拟落户园区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="leads", limit_choices_to={"kind": "park"})
    unit = models.ForeignKey("accounts.Organisation", verbose_name="责任单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="leads_worked",
                             help_text="跟进该线索的单位，如投促局或园区")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="leads_owned")
    stage = models.CharField("当前阶段", max_length=20, choices=LeadStage.choices, default=LeadStage.LEAD)
    stage_entered_on = models.DateField("进入当前阶段日期")
    shelved_from = models.CharField("搁置前阶段", max_length=20, choices=LeadStage.choices, blank=True)
    shelved_reason = models.CharField("搁置原因", max_length=300, blank=True)
    next_step = models.CharField("下一步工作", max_length=200, blank=True)
    next_step_on = models.DateField("下一步日期", null=True, blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="本地企业", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="leads")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="leads")
    registered_on = models.DateField("注册日期", null=True, blank=True)
    landed_on = models.DateField("落地日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = "招商线索"
        verbose_name_plural = "招商线索"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["landed_on"])]

    def __str__(self):
        return f"{self.company_name}：{self.name}"

    @property
    def stage_index(self):
        """Position on the pipeline; a shelved lead stands where it was shelved."""
        stage = self.shelved_from if self.stage == LeadStage.SHELVED else self.stage
        return PIPELINE.index(LeadStage(stage)) if stage else 0


class LeadEventKind(models.TextChoices):
    CREATED = "created", "登记线索"  # the lead was registered on the page
    MOVED = "moved", "阶段推进"  # one stage on, with its evidence
    SHELVED = "shelved", "搁置"  # paused with a reason
    RESUMED = "resumed", "恢复跟进"  # back to the stage it was shelved from
    EDITED = "edited", "修改信息"  # facts changed; the old and new values are kept
    CONTRACT = "contract", "签订协议"  # a further agreement: capital increase or upgrade
    IMPORTED = "imported", "导入"  # created or moved on (up to 洽谈) by a sheet


class LeadEvent(models.Model):
    """Append-only history of a lead: who moved it, when, from where to where, on what evidence."""

    lead = models.ForeignKey(Lead, verbose_name="线索", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=LeadEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True, db_index=True)
    source = source_field()
    occurred_on = models.DateField("发生日期", help_text="阶段实际变化的日期，用于计算阶段间隔天数")
    from_stage = models.CharField("原阶段", max_length=20, choices=LeadStage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=20, choices=LeadStage.choices, blank=True)
    reason = models.CharField("原因 / 说明", max_length=300, blank=True)
    evidence = models.JSONField("依据", default=dict, blank=True)
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "线索记录"
        verbose_name_plural = "线索记录"
        ordering = ["-occurred_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["lead", "to_stage"])]

    def __str__(self):
        return f"{self.lead} {self.get_kind_display()}"


class ContractKind(models.TextChoices):
    INITIAL = "initial", "首次签约"  # the project's first agreement: a new signing, its amount is new money
    INCREASE = "increase", "增资扩产"  # more money for a signed project: only the increment is new, no new signing
    UPGRADE = "upgrade", "协议升级"  # the same project re-signed (框架协议→正式协议 …): no new signing, no new money


class CapitalSource(models.TextChoices):
    DOMESTIC = "domestic", "内资"  # investors registered in mainland China
    FOREIGN = "foreign", "外资"  # foreign, Hong Kong, Macao or Taiwan investors


class Contract(models.Model):
    """An investment agreement. ``counted_investment`` is what it adds under the counting rules, fixed when recorded."""

    lead = models.ForeignKey(Lead, verbose_name="线索", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="contracts")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="contracts")
    kind = models.CharField("协议类型", max_length=20, choices=ContractKind.choices, default=ContractKind.INITIAL)
    title = models.CharField("协议名称", max_length=150, blank=True)
    signed_on = models.DateField("签约日期")
    agreed_investment = models.DecimalField("协议投资额（万元）", max_digits=14, decimal_places=2,
                                            help_text="协议载明的总投资；增资扩产填写增资后的总额")
    counted_investment = models.DecimalField("计入新增投资（万元）", max_digits=14, decimal_places=2,
                                             help_text="首次签约为协议额，增资只计增量，协议升级为零")
    capital_source = models.CharField("资金来源", max_length=10, choices=CapitalSource.choices,
                                      default=CapitalSource.DOMESTIC)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "招商协议"
        verbose_name_plural = "招商协议"
        ordering = ["signed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(lead__isnull=False) | Q(project__isnull=False),
                                   name="contract_has_lead_or_project"),
            models.CheckConstraint(condition=Q(agreed_investment__gte=0) & Q(counted_investment__gte=0),
                                   name="contract_amounts_not_negative"),
            models.UniqueConstraint(fields=["lead"], condition=Q(kind=ContractKind.INITIAL), name="one_first_signing_per_lead"),
        ]
        indexes = [models.Index(fields=["signed_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.signed_on:%Y-%m-%d}"

    @property
    def is_over_100m(self):
        return self.agreed_investment >= TEN_THOUSAND


class FundArrival(models.Model):
    """Money that actually arrived for a project in one month (实际到位资金), split 内资 / 外资."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="fund_arrivals")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    domestic = models.DecimalField("到位内资（万元）", max_digits=14, decimal_places=2, default=0)
    foreign = models.DecimalField("到位外资（万元）", max_digits=14, decimal_places=2, default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "资金到位"
        verbose_name_plural = "资金到位"
        ordering = ["-year", "-month", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="one_arrival_per_project_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="arrival_month_in_range"),
            models.CheckConstraint(condition=Q(domestic__gte=0) & Q(foreign__gte=0), name="arrival_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "month"])]

    def __str__(self):
        return f"{self.project} {self.year}年{self.month}月"

    @property
    def total(self):
        return self.domestic + self.foreign


class FundArrivalEvent(models.Model):
    """Append-only history of a month's fund arrival: the figures before and after each change."""

    arrival = models.ForeignKey(FundArrival, verbose_name="资金到位", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "资金到位记录"
        verbose_name_plural = "资金到位记录"
        ordering = ["-created_at", "-pk"]


class ActivityKind(models.TextChoices):
    VISIT = "visit", "走访"  # we visit a company at its offices
    MEETING = "meeting", "会见洽谈"  # we host a company: a meeting or a negotiation round
    TRIP = "trip", "小分队外出"  # a 招商小分队 trip to another city
    FAIR = "fair", "展会推介"  # a fair, expo or promotion event


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tuijin.accounts.access import activity_scope

        return self.filter(activity_scope(user)).distinct()


class Activity(models.Model):
    """An investment promotion activity (招商对接活动): what reports count as "开展招商对接活动N次"."""

    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("活动名称", max_length=150)
    held_on = models.DateField("日期")
    location = models.CharField("地点", max_length=100, blank=True)
    unit = models.ForeignKey("accounts.Organisation", verbose_name="组织单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="promotion_activities")
    participants = models.CharField("参加人员", max_length=300, blank=True)
    companies_met = models.TextField("对接企业", blank=True, help_text="每行一家")
    outcome = models.TextField("成效", blank=True)
    leads = models.ManyToManyField(Lead, verbose_name="相关线索", blank=True, related_name="activities")
    chains = models.ManyToManyField(IndustryChain, verbose_name="相关产业链", blank=True, related_name="activities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "招商活动"
        verbose_name_plural = "招商活动"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self):
        return self.title

    @property
    def company_list(self):
        return [line.strip() for line in self.companies_met.splitlines() if line.strip()]


class PeriodKind(models.TextChoices):
    MONTH = "month", "月度"  # a calendar month, starting on its first day
    QUARTER = "quarter", "季度"  # January, April, July or October and the two months after
    YEAR = "year", "年度"  # a calendar year


class Metric(models.TextChoices):
    SIGNINGS = "signings", "签约项目"  # projects signed for the first time in the period (个)
    SIGNINGS_OVER_100M = "signings_over_100m", "亿元以上签约项目"  # first signings of ≥ 1 亿元 (个)
    SIGNING_VALUE = "signing_value", "签约金额"  # new money signed: first signings plus increments (万元)
    STARTS = "starts", "开工项目"  # signed projects that started construction in the period (个)
    FUND_ARRIVAL = "fund_arrival", "实际到位资金"  # 内资 plus 外资 arrived in the period (万元)

    @property
    def is_money(self):
        return self in (Metric.SIGNING_VALUE, Metric.FUND_ARRIVAL)


class Target(models.Model):
    """What a unit must achieve on one metric in one period (目标任务)."""

    period_kind = models.CharField("期间类型", max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField("期间开始", help_text="月、季、年的第一天")
    unit = models.ForeignKey("accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT,
                             related_name="promotion_targets")
    metric = models.CharField("指标", max_length=30, choices=Metric.choices)
    value = models.DecimalField("目标值", max_digits=14, decimal_places=2, help_text="个数，或金额（万元）")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设定人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "招商目标"
        verbose_name_plural = "招商目标"
        ordering = ["period_start", "period_kind", "unit", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["period_kind", "period_start", "unit", "metric"],
                                    name="one_target_per_unit_period_metric"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self):
        return f"{self.unit} {self.period_start} {self.get_metric_display()}"


class TargetEvent(models.Model):
    """Append-only history of a target (目标任务): who set it to what, when, from what."""

    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "招商目标记录"
        verbose_name_plural = "招商目标记录"
        ordering = ["-created_at", "-pk"]
