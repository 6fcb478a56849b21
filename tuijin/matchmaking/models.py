"""产用对接: what local enterprises make (offerings) and need (needs), 对接会 events and their outcomes.

An offering or a need is published by the enterprise itself, or by its park or a coordinator on its behalf;
only published ones are matched and listed. ``tokens`` keeps the jieba tokens of the name and description
(written by ``actions`` whenever the text changes) so that the search index is rebuilt from stored tokens
instead of re-tokenising 20,000 descriptions. Money is in 万元.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tuijin.lib.events import source_field


class ListingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"  # being written; nobody but its editors sees it
    PUBLISHED = "published", "已发布"  # listed, matched and open to every signed-in user
    WITHDRAWN = "withdrawn", "已下架"  # no longer offered or needed; kept for the history


class OfferingKind(models.TextChoices):
    PRODUCT = "product", "产品"  # something the enterprise makes and sells
    CAPACITY = "capacity", "产能"  # spare production capacity offered for contract work (代工)
    SERVICE = "service", "服务"  # a service: testing, logistics, design, maintenance


class NeedKind(models.TextChoices):
    MATERIAL = "material", "原材料"  # raw or processed materials
    PART = "part", "零部件"  # components and parts that go into the product
    EQUIPMENT = "equipment", "设备"  # machines and production lines
    SERVICE = "service", "服务"  # services bought in


class Offering(models.Model):
    """A product, capacity or service a local enterprise offers (本土产品)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="offerings")
    kind = models.CharField("类型", max_length=20, choices=OfferingKind.choices, default=OfferingKind.PRODUCT)
    name = models.CharField("产品名称", max_length=100)
    description = models.TextField("产品描述", blank=True, help_text="规格、用途、主要客户，越具体越容易匹配")
    industry = models.ForeignKey("enterprises.Industry", verbose_name="产品所属行业", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text="不填则按企业所属行业")
    capacity = models.CharField("产能 / 供货能力", max_length=100, blank=True, help_text="如 年产2GWh")
    certifications = models.CharField("资质认证", max_length=200, blank=True, help_text="如 IATF 16949、3C")
    status = models.CharField("状态", max_length=20, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    tokens = models.TextField("分词", blank=True, editable=False)
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "本土产品"
        verbose_name_plural = "本土产品"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"]), models.Index(fields=["enterprise", "status"])]

    def __str__(self):
        return f"{self.enterprise}：{self.name}"


class Need(models.Model):
    """What a local enterprise needs to buy: materials, parts, equipment or services, with a quantity."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="needs")
    kind = models.CharField("类型", max_length=20, choices=NeedKind.choices, default=NeedKind.PART)
    name = models.CharField("需求名称", max_length=100)
    description = models.TextField("需求描述", blank=True, help_text="规格、技术要求、用途")
    industry = models.ForeignKey("enterprises.Industry", verbose_name="所需产品行业", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text="所需产品所属的行业，可不填")
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField("计量单位", max_length=20, blank=True, help_text="如 吨、套、万只")
    needed_by = models.DateField("需求日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    tokens = models.TextField("分词", blank=True, editable=False)
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "采购需求"
        verbose_name_plural = "采购需求"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"]), models.Index(fields=["enterprise", "status"])]

    def __str__(self):
        return f"{self.enterprise}：{self.name}"


class EventStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"  # arranged; invitations go out
    HELD = "held", "已举办"  # took place; outcomes are being recorded
    CANCELLED = "cancelled", "已取消"  # called off; invitees were told


class MatchEvent(models.Model):
    """A matchmaking event (产销对接会) a coordinator arranges between suppliers and buyers."""

    title = models.CharField("对接会名称", max_length=150)
    held_on = models.DateField("举办日期")
    location = models.CharField("地点", max_length=100, blank=True)
    chain = models.ForeignKey("promotion.IndustryChain", verbose_name="产业链", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="match_events")
    status = models.CharField("状态", max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    note = models.TextField("说明", blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="组织人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "对接会"
        verbose_name_plural = "对接会"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self):
        return self.title


class Side(models.TextChoices):
    SUPPLY = "supply", "供方"  # invited for what it makes
    DEMAND = "demand", "需方"  # invited for what it needs


class Invitation(models.Model):
    """An enterprise invited to an event, as supplier or buyer; its users were notified."""

    event = models.ForeignKey(MatchEvent, verbose_name="对接会", on_delete=models.CASCADE, related_name="invitations")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="match_invitations")
    side = models.CharField("身份", max_length=10, choices=Side.choices)
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)

    class Meta:
        verbose_name = "对接会邀请"
        verbose_name_plural = "对接会邀请"
        ordering = ["event", "side", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["event", "enterprise", "side"], name="one_invitation_per_side")]


class OutcomeKind(models.TextChoices):
    INTENT = "intent", "达成意向"  # both sides agreed to go on; no order yet
    ORDER = "order", "签订订单"  # a purchase order or supply contract was signed; its amount counts as a deal


class Outcome(models.Model):
    """What came of a match: an intent or a signed order between a local supplier and a local buyer."""

    event = models.ForeignKey(MatchEvent, verbose_name="对接会", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="outcomes")
    supplier = models.ForeignKey("enterprises.Enterprise", verbose_name="供方企业", on_delete=models.PROTECT,
                                 related_name="supply_outcomes")
    buyer = models.ForeignKey("enterprises.Enterprise", verbose_name="需方企业", on_delete=models.PROTECT,
                              related_name="demand_outcomes")
    offering = models.ForeignKey(Offering, verbose_name="产品", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="outcomes")
    need = models.ForeignKey(Need, verbose_name="需求", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="outcomes")
    chain = models.ForeignKey("promotion.IndustryChain", verbose_name="产业链", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="match_outcomes")
    kind = models.CharField("成果", max_length=10, choices=OutcomeKind.choices)
    amount = models.DecimalField("金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    recorded_on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "对接成果"
        verbose_name_plural = "对接成果"
        ordering = ["-recorded_on", "-pk"]
        indexes = [models.Index(fields=["recorded_on", "kind"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="outcome_amount_not_negative"),
            models.CheckConstraint(condition=~Q(supplier=models.F("buyer")), name="outcome_between_two_enterprises"),
        ]

    def __str__(self):
        return f"{self.supplier} → {self.buyer} {self.get_kind_display()}"


class MatchEventKind(models.TextChoices):
    OFFERING_SAVED = "offering_saved", "登记产品"  # an offering was created or edited
    NEED_SAVED = "need_saved", "登记需求"  # a need was created or edited
    STATUS = "status", "发布状态"  # an offering or need was published or withdrawn
    EVENT_SAVED = "event_saved", "安排对接会"  # an event was arranged or changed
    INVITED = "invited", "邀请企业"  # enterprises were invited to an event
    OUTCOME = "outcome", "登记成果"  # an intent or an order was recorded


class MatchLog(models.Model):
    """Append-only history of 产用对接: who published, invited and recorded what, and when."""

    kind = models.CharField("事件", max_length=20, choices=MatchEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    offering = models.ForeignKey(Offering, verbose_name="产品", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="log")
    need = models.ForeignKey(Need, verbose_name="需求", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="log")
    event = models.ForeignKey(MatchEvent, verbose_name="对接会", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="log")
    summary = models.CharField("摘要", max_length=200)
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "产用对接记录"
        verbose_name_plural = "产用对接记录"
        ordering = ["-created_at", "-pk"]
