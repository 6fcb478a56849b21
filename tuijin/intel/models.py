"""项目情报: articles read for project facts, the projects found in them, and what reviewers did with them.

An ``Article`` is a news report or announcement as it came in (pasted, uploaded, from a watched folder or a
command), stored once by the hash of its cleaned text. Each ``Finding`` is one project the extractor saw in it,
with its figures and character spans; a coordinator accepts it (a promotion lead is created or updated, the
article linked), edits it first, or rejects it. Every step is an append-only ``IntelEvent``.
"""

from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field


class Origin(models.TextChoices):
    PASTE = "paste", "粘贴"  # text pasted into the page
    UPLOAD = "upload", "上传"  # a .html/.txt/.docx file uploaded on the page
    WATCH = "watch", "监测目录"  # picked up from the watched folder (INTEL_WATCH_DIR)
    COMMAND = "command", "命令"  # queued by a management command


class ArticleStatus(models.TextChoices):
    PENDING = "pending", "待审核"  # some of its findings still wait for a decision
    REVIEWED = "reviewed", "已审核"  # every finding accepted or rejected
    EMPTY = "empty", "无项目"  # the extractor found no project (indicators only, or nothing)


class Article(models.Model):
    """One report as read: the cleaned text the spans point into, its date, region and indicators."""

    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文（已去除导航、评论等）")
    raw = models.TextField("原始内容", blank=True)
    origin = models.CharField("来源方式", max_length=10, choices=Origin.choices)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    url = models.URLField("原文链接", max_length=500, blank=True)
    published_on = models.DateField("发布日期")
    region = models.CharField("地区", max_length=60, blank=True)
    traditional = models.BooleanField("繁体", default=False)
    content_hash = models.CharField("内容指纹", max_length=64, unique=True)
    indicators = models.JSONField("区域指标", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.PENDING)
    park = models.ForeignKey("accounts.Organisation", verbose_name="提交园区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text="园区工作人员提交的文章只在本园区和投促局可见")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "情报文章"
        verbose_name_plural = "情报文章"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return self.title


class FindingStatus(models.TextChoices):
    PENDING = "pending", "待审核"  # extracted, nobody has decided yet
    ACCEPTED = "accepted", "已采纳"  # turned into a new lead or merged into an existing one
    REJECTED = "rejected", "已驳回"  # not a lead (wrong, duplicate noise, out of interest)


class Finding(models.Model):
    """One project the extractor found in an article, with its figures normalised (money in 万 of its currency)."""

    article = models.ForeignKey(Article, verbose_name="文章", on_delete=models.CASCADE, related_name="findings")
    name = models.CharField("项目名称", max_length=150)
    company = models.CharField("企业", max_length=120, blank=True)
    event = models.CharField("事件", max_length=10, blank=True)
    event_date = models.CharField("事件日期", max_length=10, blank=True, help_text="YYYY-MM-DD 或 YYYY-MM")
    region = models.CharField("地区", max_length=60, blank=True)
    industry_code = models.CharField("行业代码（GB/T 4754）", max_length=4, blank=True)
    investment = models.DecimalField("投资额（万）", max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField("币种", max_length=3, default="CNY")
    qualifier = models.CharField("限定词", max_length=6, blank=True)
    output_value = models.DecimalField("年产值（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    land_area = models.DecimalField("用地面积", max_digits=14, decimal_places=2, null=True, blank=True)
    land_unit = models.CharField("用地单位", max_length=4, blank=True)
    floor_area = models.DecimalField("建筑面积（平方米）", max_digits=14, decimal_places=2, null=True, blank=True)
    capacity = models.CharField("产能", max_length=100, blank=True)
    facts = models.JSONField("抽取依据（含字符位置）", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.PENDING)
    lead = models.ForeignKey("promotion.Lead", verbose_name="线索", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="intel_findings")
    matched_lead = models.ForeignKey("promotion.Lead", verbose_name="疑似同一线索", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    matched_project = models.ForeignKey("projects.Project", verbose_name="疑似本区项目", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="intel_findings")
    match_score = models.PositiveSmallIntegerField("相似度", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    reason = models.CharField("驳回原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "情报项目"
        verbose_name_plural = "情报项目"
        ordering = ["article", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.name

    @property
    def industry_label(self) -> str:
        """"39 计算机、通信和其他电子设备制造业" for the guessed code (GB/T 4754 大类), or ""."""
        from tuijin.enterprises.gbt4754 import SECTIONS

        for _, divisions in SECTIONS.values():
            for division in divisions:
                if division.split(" ", 1)[0] == self.industry_code:
                    return division
        return self.industry_code


class IntelEventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交文章"  # an article came in and was read
    ACCEPTED = "accepted", "采纳为新线索"  # a finding became a new lead
    MERGED = "merged", "并入已有线索"  # a finding updated an existing lead
    EDITED = "edited", "修改抽取结果"  # a reviewer corrected a finding
    REJECTED = "rejected", "驳回"  # a finding was rejected
    PROJECT_UPDATED = "project_updated", "更新本区项目"  # a reported milestone moved a district project on


class IntelEvent(models.Model):
    """Append-only history of the intel queue."""

    article = models.ForeignKey(Article, verbose_name="文章", on_delete=models.CASCADE, related_name="events")
    finding = models.ForeignKey(Finding, verbose_name="情报项目", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="events")
    kind = models.CharField("事件", max_length=20, choices=IntelEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True, db_index=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "情报事件"
        verbose_name_plural = "情报事件"
        ordering = ["created_at", "pk"]
