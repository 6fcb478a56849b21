"""An import of a spreadsheet: the file, what checking it found, and what applying it did.

The job is kept after it is applied, so "who loaded these 300 projects, from which file, when"
has an answer; the file stays under MEDIA_ROOT/imports/.
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportKind(models.TextChoices):
    PROJECTS = "projects", "项目信息"  # project master data: create new projects, update existing ones
    PLANS = "plans", "年度投资计划"  # one yearly planned investment per project and year
    REPORTS = "reports", "月度完成投资"  # monthly completed investment, imported as already approved
    LEADS = "leads", "招商线索"  # investment promotion leads up to 洽谈 (tuijin.promotion.importers)
    TARGETS = "targets", "招商目标"  # promotion targets per unit and period (tuijin.promotion.importers)
    ENTERPRISES = "enterprises", "企业信息"  # by 统一社会信用代码: register or update (enterprises.importers)
    OFFERINGS = "offerings", "本土产品"  # products of local enterprises, by USCC and name (matchmaking.importers)
    KEY_FIGURES = "key_figures", "重点企业月度数据"  # by USCC + 年月, imported as already approved (monitoring.importers)


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"  # the file is stored; checking has not started
    VALIDATING = "validating", "校验中"  # every row is being read and checked
    PREVIEWED = "previewed", "待确认"  # checked: the preview lists the changes and every problem
    APPLYING = "applying", "导入中"  # the changes are being written in one transaction
    APPLIED = "applied", "已导入"  # written; nothing more to do
    FAILED = "failed", "失败"  # the file could not be read, or writing was refused; nothing was written


RUNNING = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.APPLYING)


class ImportJob(models.Model):
    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices)
    status = models.CharField("状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    file = models.FileField("文件", upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    progress_done = models.PositiveIntegerField("已处理行数", default=0)
    progress_total = models.PositiveIntegerField("总行数", default=0)
    problems = models.JSONField("问题", default=list, blank=True,
                                help_text="每项为 {row, column, value, reason}，row 为 Excel 行号")
    summary = models.JSONField("汇总", default=dict, blank=True, help_text="{create, update, unchanged} 的行数")
    preview = models.JSONField("预览", default=dict, blank=True, help_text="{columns, rows}：前200行将导入的内容")
    message = models.CharField("说明", max_length=500, blank=True)
    options = models.JSONField("导入选项", default=dict, blank=True,
                               help_text="create_enterprises：同时新建未登记的企业；skip_rows：只导入无误的行时确认跳过的行号")
    worker = models.CharField("执行进程", max_length=150, blank=True,
                              help_text="正在执行的后台进程（主机:进程号）；空表示排队中或已结束")
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    validated_at = models.DateTimeField("校验时间", null=True, blank=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.original_name}"

    @property
    def is_running(self):
        return self.status in RUNNING

    @property
    def is_stalled(self):
        """Running on paper, but nobody is working on it: the worker died, or no worker ever took it.

        Its heartbeat (progress, or the claim) is older than ``IMPORTS_STALL_SECONDS`` and the process
        that claimed it is not alive on this host (a worker on another host is judged by its heartbeat
        alone; if it is still writing, its final compare-and-set fails and its transaction rolls back).
        """
        if not self.is_running:
            return False
        beat = self.heartbeat_at or self.updated_at
        if beat > timezone.now() - timedelta(seconds=settings.IMPORTS_STALL_SECONDS):
            return False
        return not worker_alive(self.worker)

    @property
    def stall_message(self):
        if not self.worker and self.status != ImportStatus.VALIDATING:
            return ("任务排队后一直没有开始：后台任务进程（run_huey）可能没有运行。未写入任何数据，"
                    "请联系管理员启动后台任务进程后重新校验。")
        return (f"后台任务进程已停止（服务重启或进程退出），任务在“{self.get_status_display()}”时中断，"
                "未写入任何数据。可以重新校验或再次导入。")

    @property
    def percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def can_apply(self):
        """A clean preview with something to write; an apply whose worker died may be started again."""
        ready = self.status == ImportStatus.PREVIEWED or (self.status == ImportStatus.APPLYING and self.is_stalled)
        return ready and not self.problems and (self.summary.get("create", 0) + self.summary.get("update", 0)) > 0

    @property
    def can_apply_valid_rows(self):
        """Some rows have problems, others would write something: "只导入无误的行" may be offered."""
        ready = self.status == ImportStatus.PREVIEWED or (self.status == ImportStatus.APPLYING and self.is_stalled)
        return ready and bool(self.problems) and (self.summary.get("create", 0) + self.summary.get("update", 0)) > 0

    @property
    def skipped_rows(self):
        """The rows "只导入无误的行" would leave out, each with its reasons."""
        return rows_with_problems(self.problems or [])


def rows_with_problems(problems) -> list[dict]:
    """[{row, reasons}] from a problem list, in row order: what "只导入无误的行" leaves out."""
    rows = {}
    for problem in problems:
        rows.setdefault(problem["row"], []).append(
            f"{problem['column']}：{problem['reason']}" if problem.get("column") else problem["reason"])
    return [{"row": row, "reasons": reasons} for row, reasons in sorted(rows.items())]


def this_worker() -> str:
    """How a job names the process working on it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_alive(worker: str) -> bool:
    """Whether the process ``worker`` (``this_worker()`` of some process) still runs; False for another host."""
    host, _, pid = worker.rpartition(":")
    if not worker or host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True
