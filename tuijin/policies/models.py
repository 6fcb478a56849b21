"""The policy library (policies, clauses as rules, their versions) and 免申即享 runs.

A clause's rule lives in ``definition`` (JSON, written as YAML) and is validated on every save;
each change is kept as a ``ClauseVersion`` and every stored result points at the version it used,
so a payout can be explained with the rule as it stood, even after the rule was changed.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from tuijin.lib.events import source_field
from tuijin.lib.jobs import JobState

from . import rules


class Policy(models.Model):
    """A support policy document: who issued it, its number, when it applies, and its text."""

    code = models.SlugField("编号", max_length=60, unique=True, help_text="英文短名，如 jj-2026-equipment")
    title = models.CharField("政策名称", max_length=200)
    issuer = models.CharField("发文单位", max_length=100)
    document_number = models.CharField("文号", max_length=60, blank=True)
    valid_from = models.DateField("施行日期")
    valid_to = models.DateField("有效期至", null=True, blank=True)
    text = models.TextField("政策原文", blank=True)
    is_example = models.BooleanField("示例政策", default=False, help_text="演示用的虚构政策，页面和报告上标注“示例”")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策"
        verbose_name_plural = "政策"
        ordering = ["-valid_from", "code"]

    def __str__(self):
        return f"{self.title}（示例）" if self.is_example else self.title

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Clause(models.Model):
    """One article of a policy as a rule: eligibility conditions, a benefit, and its own test cases."""

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="clauses")
    code = models.SlugField("条款编号", max_length=60)
    title = models.CharField("条款名称", max_length=200)
    reference = models.CharField("条款出处", max_length=100, blank=True, help_text="如：第三条第（一）项")
    description = models.TextField("条款说明", blank=True, help_text="用通俗的话说明谁可以享受、享受什么")
    how_to_apply = models.TextField("申报方式", blank=True)
    automatic = models.BooleanField("免申即享", default=False, help_text="无需企业申报，由系统批量测算、审核后兑现")
    definition = models.JSONField("规则定义", default=dict)
    version = models.PositiveIntegerField("规则版本", default=1)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策条款"
        verbose_name_plural = "政策条款"
        ordering = ["policy", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="clause_code_unique_in_policy")]

    def __str__(self):
        return self.title

    def clean(self):
        messages = rules.problems(self.definition, self.policy.valid_from if self.policy_id else None)
        if messages:
            raise ValidationError({"definition": messages})


class ClauseVersion(models.Model):
    """A clause's rule as it was at one version; results refer to it, so it is never changed or deleted."""

    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    title = models.CharField("条款名称", max_length=200)
    definition = models.JSONField("规则定义")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("修改说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "条款版本"
        verbose_name_plural = "条款版本"
        ordering = ["clause", "-version"]
        constraints = [models.UniqueConstraint(fields=["clause", "version"], name="one_row_per_clause_version")]

    def __str__(self):
        return f"{self.title} v{self.version}"


class RunStatus(models.TextChoices):
    COMPUTING = "computing", "测算中"  # its job is still writing the rows: not listed, not reviewable
    REVIEWING = "reviewing", "审核中"  # computed; a reviewer approves or excludes each enterprise
    PUBLISHED = "published", "已发布"  # every row decided, enterprises told, the approved list goes to payout


class AutoGrantRun(models.Model):
    """One 免申即享 batch: the automatic clauses evaluated on one year's figures, for review and payout.

    ``rule_versions`` and ``as_of`` (the date whose parameters applied) with ``data_year`` make the
    run reproducible: the same versions on the same figures give the same list.
    """

    title = models.CharField("批次名称", max_length=200)
    data_year = models.PositiveSmallIntegerField("数据年度")
    as_of = models.DateField("测算基准日")
    status = models.CharField("状态", max_length=20, choices=RunStatus.choices, default=RunStatus.REVIEWING)
    rule_versions = models.JSONField("规则版本", default=dict, help_text="{条款ID: 版本}")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "免申即享批次"
        verbose_name_plural = "免申即享批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class ItemStatus(models.TextChoices):
    PENDING = "pending", "待审核"  # computed eligible; nobody has decided yet
    APPROVED = "approved", "通过"  # goes on the payout list
    EXCLUDED = "excluded", "排除"  # left out, with the reviewer's reason


class AutoGrantItem(models.Model):
    """One enterprise's entitlement under one clause in a run, with the rule version that decided it."""

    run = models.ForeignKey(AutoGrantRun, verbose_name="批次", on_delete=models.CASCADE, related_name="items")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="auto_grants")
    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.PROTECT, related_name="auto_grants")
    clause_version = models.ForeignKey(ClauseVersion, verbose_name="规则版本", on_delete=models.PROTECT,
                                       related_name="+")
    amount = models.DecimalField("测算金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    reasons = models.JSONField("符合理由", default=list)
    status = models.CharField("审核结果", max_length=20, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    reason = models.CharField("排除原因", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "免申即享名单"
        verbose_name_plural = "免申即享名单"
        ordering = ["run", "clause", "-amount", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise", "clause"], name="one_item_per_run_pair")]
        indexes = [models.Index(fields=["run", "status"])]


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"  # saved; waiting for a worker to pick it up
    RUNNING = "running", "测算中"  # a worker is reading the facts, matching and writing the rows
    DONE = "done", "已完成"  # the run is written and waits for review
    FAILED = "failed", "失败"  # stopped with an error; the half-written run was removed


class JobStep(models.TextChoices):
    WAITING = "waiting", "等待开始"  # not picked up yet
    READING = "reading", "读取企业数据"  # the enterprises' figures and qualifications, column by column
    MATCHING = "matching", "匹配条款"  # every automatic clause over every enterprise at once
    WRITING = "writing", "写入名单"  # the eligible rows, in batches; ``done`` counts them
    FINISHED = "finished", "完成"  # nothing left to do (done or failed)


class AutoGrantJob(JobState, models.Model):
    """One request to compute a 免申即享 run, done by a huey worker off the request (200,000 enterprises
    take seconds, not a page load). The row is what the page polls: where the worker is, how many rows
    it has written of how many, and at the end the run it made, or why it failed.
    """

    title = models.CharField("批次名称", max_length=200, blank=True)
    data_year = models.PositiveSmallIntegerField("数据年度")
    as_of = models.DateField("测算基准日")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField("进行到", max_length=20, choices=JobStep.choices, default=JobStep.WAITING)
    done = models.PositiveIntegerField("已写入条数", default=0)
    total = models.PositiveIntegerField("应写入条数", default=0)
    enterprises = models.PositiveIntegerField("参与测算企业数", default=0)
    eligible_enterprises = models.PositiveIntegerField("符合企业数", default=0)
    total_amount = models.DecimalField("测算金额合计（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    message = models.CharField("错误说明", max_length=500, blank=True)
    run = models.OneToOneField(AutoGrantRun, verbose_name="批次", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="job")
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    RUNNING_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)

    class Meta:
        verbose_name = "免申即享测算任务"
        verbose_name_plural = "免申即享测算任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or f"{self.as_of:%Y-%m-%d} 免申即享测算"

    @property
    def seconds(self):
        """How long the worker took, to a tenth of a second (None until it finished)."""
        if not (self.started_at and self.finished_at):
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 1)

    @property
    def percent(self):
        """Reading and matching are the first fifth of the bar; writing the rows is the rest."""
        if self.status == JobStatus.DONE:
            return 100
        before = {JobStep.WAITING: 0, JobStep.READING: 5, JobStep.MATCHING: 15}
        if self.step in before:
            return before[self.step]
        return 20 + (80 * self.done // self.total if self.total else 80)


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "测算中"  # being drafted and simulated; never matched, run or reported
    PUBLISHED = "published", "已发布"  # its rule became the clause's new version (or a new clause)
    DISCARDED = "discarded", "已放弃"  # kept for the record of what was considered


class ClauseDraft(models.Model):
    """A clause being drafted, or a revision of one (政策模拟测算), simulated before anyone publishes it.

    A draft is its own table: 政策找企业, 免申即享, the reports and the API read ``Clause`` only, so a draft
    reaches no enterprise until it is published (which saves it as the clause's next version).
    """

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="drafts")
    clause = models.ForeignKey(Clause, verbose_name="修订的条款", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="drafts", help_text="留空表示新增条款")
    code = models.SlugField("条款编号", max_length=60, blank=True, help_text="新增条款发布时使用")
    name = models.CharField("方案名称", max_length=100, help_text="如：方案A：门槛降至1500万元")
    title = models.CharField("条款名称", max_length=200)
    definition = models.JSONField("规则定义")
    status = models.CharField("状态", max_length=20, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次保存加一，防止覆盖同事的修改")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策测算方案"
        verbose_name_plural = "政策测算方案"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "-updated_at"])]

    def __str__(self):
        return self.name


class PolicyEventKind(models.TextChoices):
    CLAUSE_SAVED = "clause_saved", "条款保存"
    RUN_CREATED = "run_created", "批次测算"
    ITEM_APPROVED = "item_approved", "审核通过"
    ITEM_EXCLUDED = "item_excluded", "排除"
    RUN_PUBLISHED = "run_published", "批次发布"
    DRAFT_SAVED = "draft_saved", "测算方案保存"
    DRAFT_PUBLISHED = "draft_published", "测算方案发布"
    DRAFT_DISCARDED = "draft_discarded", "测算方案放弃"


class PolicyEvent(models.Model):
    """Append-only history of rule changes and 免申即享 decisions."""

    kind = models.CharField("事件", max_length=20, choices=PolicyEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    clause = models.ForeignKey(Clause, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    run = models.ForeignKey(AutoGrantRun, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(AutoGrantItem, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    draft = models.ForeignKey(ClauseDraft, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    reason = models.CharField("原因", max_length=300, blank=True)
    changes = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "政策操作记录"
        verbose_name_plural = "政策操作记录"
        ordering = ["-created_at", "-pk"]
