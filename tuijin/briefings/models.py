"""报表简报: the bureau's Word templates (every uploaded version kept) and every generated pack.

A template version is never changed after upload: the next one gets the next number, so a run
can always say which wording it was made from (``BriefingRun.template_version``; 0 is the
default template shipped with the app). A run keeps its parameters, the data date it read the
figures at, and the files it wrote; its progress is written as it goes so the page can poll it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tuijin.lib.events import source_field
from tuijin.lib.jobs import JobState


class DocumentKind(models.TextChoices):
    MONTHLY = "monthly", "项目推进情况通报"  # the monthly briefing (docx, pdf) and its statistics workbook (xlsx)
    MEETING = "meeting", "调度会材料"  # the pack for one scheduling meeting: agenda, a page per project, action items


class BriefingTemplate(models.Model):
    """One uploaded version of a kind's Word template; the highest version is the one in use."""

    kind = models.CharField("文档类型", max_length=20, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("版本号")
    file = models.FileField("模板文件", upload_to="briefing-templates/", max_length=255)
    original_name = models.CharField("上传文件名", max_length=200)
    note = models.CharField("修改说明", max_length=300, blank=True)
    placeholders = models.JSONField("使用的占位符", default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "简报模板版本"
        verbose_name_plural = "简报模板版本"
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="briefing_template_version_once")]

    def __str__(self):
        return f"{self.get_kind_display()} 模板 v{self.version}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"  # saved; waiting for a worker
    RUNNING = "running", "生成中"  # a worker is reading the figures and writing the files
    DONE = "done", "已完成"  # every file is written and can be downloaded
    FAILED = "failed", "失败"  # stopped with an error; no file was kept


RUNNING = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .access import run_scope

        return self.filter(run_scope(user))


class BriefingRun(JobState, models.Model):
    """One generated pack: what was asked for, from which template version, at which data date, and its files."""

    kind = models.CharField("文档类型", max_length=20, choices=DocumentKind.choices)
    month = models.DateField("月份", null=True, blank=True, help_text="通报的月份（该月1日）")
    park = models.ForeignKey("accounts.Organisation", verbose_name="园区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text="空为全区")
    meeting = models.ForeignKey("coordination.Meeting", verbose_name="会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    parameters = models.JSONField("参数", default=dict, blank=True)
    template = models.ForeignKey(BriefingTemplate, verbose_name="模板", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="runs")
    template_version = models.PositiveIntegerField("模板版本", default=0, help_text="0 为系统默认模板")
    data_date = models.DateField("数据截至", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    step = models.CharField("当前步骤", max_length=100, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    docx = models.FileField("Word 文件", upload_to="briefings/%Y/%m/", max_length=255, blank=True)
    pdf = models.FileField("PDF 文件", upload_to="briefings/%Y/%m/", max_length=255, blank=True)
    xlsx = models.FileField("Excel 文件", upload_to="briefings/%Y/%m/", max_length=255, blank=True)
    scheduled = models.BooleanField("定时生成", default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发起时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = RunQuerySet.as_manager()

    RUNNING_STATUSES = RUNNING

    class Meta:
        verbose_name = "简报生成记录"
        verbose_name_plural = "简报生成记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def files(self):
        """(format, label, field) of the files this run wrote."""
        return [(name, label, getattr(self, name)) for name, label in FORMATS if getattr(self, name)]

    def get_absolute_url(self):
        return reverse("briefings_run", args=[self.pk])


FORMATS = [("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel")]


class BriefingEventKind(models.TextChoices):
    TEMPLATE_UPLOADED = "template_uploaded", "上传模板"  # a coordinator uploaded a new version of a template
    RUN_REQUESTED = "run_requested", "发起生成"  # someone (or the schedule) asked for a pack


class BriefingEvent(models.Model):
    """Append-only history of the templates and runs: who uploaded which version, who asked for which pack."""

    kind = models.CharField("事件", max_length=30, choices=BriefingEventKind.choices)
    template = models.ForeignKey(BriefingTemplate, verbose_name="模板", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="events")
    run = models.ForeignKey(BriefingRun, verbose_name="生成记录", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    source = source_field()
    changes = models.JSONField("内容", default=list, blank=True)

    class Meta:
        verbose_name = "简报记录"
        verbose_name_plural = "简报记录"
        ordering = ["-created_at", "-pk"]
