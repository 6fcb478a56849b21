"""An import whose worker died is shown as interrupted at once, and can be checked or applied again.

Before, a crash left the job reading "正在写入… 100%" and refusing a new apply for ten minutes.
"""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tuijin.imports import runner
from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.projects import importers
from tuijin.projects.models import Project

from .sheets import page_text, xlsx

SHEET = [["项目名称", "总投资"], ["新项目甲", 100], ["新项目乙", 200]]


def _dead_worker():
    """The name of a worker process on this host that has exited."""
    process = subprocess.Popen(["true"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


@pytest.fixture
def previewed(coordinator):
    job = ImportJob.objects.create(kind="projects", original_name="清单.xlsx", created_by=coordinator,
                                   file=ContentFile(xlsx(SHEET), name="清单.xlsx"))
    runner.validate_job(job)
    assert job.status == ImportStatus.PREVIEWED and job.worker == ""
    return job


def _crashed_while(job, status, worker, seconds_ago=300):
    ImportJob.objects.filter(pk=job.pk).update(status=status, worker=worker, progress_done=2, progress_total=2,
                                               heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago))


def test_an_apply_whose_worker_died_is_interrupted_and_can_be_applied_again(client, coordinator, previewed):
    # Given an apply whose worker process died mid-write, five minutes ago (nothing was committed)
    client.force_login(coordinator)
    _crashed_while(previewed, ImportStatus.APPLYING, _dead_worker())

    # When the importer opens the job
    response = client.get(f"/imports/{previewed.pk}/")

    # Then it reads as interrupted, not as writing at 100 %, and the page stops polling
    page = page_text(response)
    assert ("已中断：后台任务进程已停止（服务重启或进程退出），任务在“导入中”时中断，未写入任何数据。"
            "可以重新校验或再次导入。") in page
    assert "正在写入" not in page and 'hx-trigger="every 500ms"' not in response.content.decode()
    assert "再次导入" in page

    # When they apply it again, it is written once, all of it
    page = page_text(client.post(f"/imports/{previewed.pk}/apply/", follow=True))
    previewed.refresh_from_db()
    assert previewed.status == ImportStatus.APPLIED and previewed.worker == ""
    assert "导入完成" in page and "新增 2 条" in page
    assert Project.objects.count() == 2


def test_a_job_with_a_live_worker_is_still_running_however_quiet(client, coordinator, previewed):
    # Given an apply held by a worker that is alive (this process), silent for five minutes in its transaction
    client.force_login(coordinator)
    _crashed_while(previewed, ImportStatus.APPLYING, runner.this_worker())

    # Then the page shows it writing and a second apply is refused: nothing runs twice
    assert "正在写入" in page_text(client.get(f"/imports/{previewed.pk}/"))
    client.post(f"/imports/{previewed.pk}/apply/")
    previewed.refresh_from_db()
    assert previewed.status == ImportStatus.APPLYING and Project.objects.count() == 0


def test_a_job_no_worker_ever_took_says_the_worker_is_not_running(client, coordinator):
    # Given an upload queued minutes ago that no worker picked up (the consumer is not running)
    client.force_login(coordinator)
    job = ImportJob.objects.create(kind="projects", original_name="清单.xlsx", created_by=coordinator,
                                   file=ContentFile(xlsx(SHEET), name="清单.xlsx"))
    _crashed_while(job, ImportStatus.UPLOADED, "")

    # Then the page says so, and checking it again works
    assert "后台任务进程（run_huey）可能没有运行" in page_text(client.get(f"/imports/{job.pk}/"))
    page = page_text(client.post(f"/imports/{job.pk}/revalidate/", follow=True))
    assert "应用导入" in page


def test_a_worker_whose_job_was_taken_over_writes_nothing(coordinator, previewed, monkeypatch):
    # Given an apply that, while writing, is given up as stalled and handed to another worker
    write = importers.ProjectImporter.apply

    def taken_over_meanwhile(self, outcome, *, actor):
        counts = write(self, outcome, actor=actor)
        ImportJob.objects.filter(pk=previewed.pk).update(worker="other-host:1")
        return counts

    monkeypatch.setattr(importers.ProjectImporter, "apply", taken_over_meanwhile)

    # When the first worker finishes its writes
    runner.apply_job(previewed)

    # Then its transaction rolled back: no project, and it did not mark the job applied
    previewed.refresh_from_db()
    assert Project.objects.count() == 0
    assert previewed.status == ImportStatus.APPLYING
