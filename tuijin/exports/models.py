"""An Excel export too big to write inside the request: what was asked for, by whom, and the file it made.

The job keeps the page's query string and path arguments rather than a list of rows, so the
worker re-applies the user's visibility and filters itself (``registry.build``). Files live under
MEDIA_ROOT/exports/ until ``purge_exports`` removes them with their jobs.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from tuijin.lib.jobs import JobState


class ExportKind(models.TextChoices):
    PROJECT_LIST = "project_list", "项目清单"  # the project list page with its search, filters and sort
    YEAR_LIST = "year_list", "年度清单"  # one of the four yearly lists (开工入库 …) for a year, optionally one park
    MONTHLY_STATISTICS = "monthly_statistics", "月度完成投资统计表"  # every planned project's months of a year


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"  # saved; waiting for a worker to pick it up
    RUNNING = "running", "导出中"  # a worker is reading the rows and writing the sheet
    DONE = "done", "已完成"  # the file is written and can be downloaded
    FAILED = "failed", "失败"  # writing stopped with an error; no file was kept


RUNNING = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJob(JobState, models.Model):
    kind = models.CharField("导出内容", max_length=30, choices=ExportKind.choices)
    query_string = models.TextField("查询条件", blank=True, help_text="发起导出时页面的查询字符串（筛选、排序、年份、园区）")
    path_args = models.JSONField("路径参数", default=dict, blank=True, help_text="如 {\"list_kind\": \"start\"}")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField("状态", max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已写出行数", default=0)
    title = models.CharField("标题", max_length=200, blank=True)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", max_length=255, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    RUNNING_STATUSES = RUNNING

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def percent(self):
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def filename(self):
        return f"{self.title or self.get_kind_display()}.xlsx"

    def get_absolute_url(self):
        return reverse("export_job", args=[self.pk])
