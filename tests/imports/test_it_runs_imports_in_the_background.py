"""Off the request: the upload returns at once, the page polls the job's progress until the preview is ready."""

import time

import pytest

from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.projects.models import Project

from .sheets import page_text, upload, xlsx


def wait_until_done(client, job, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_running:
            return client.get(f"/imports/{job.pk}/status/")
        time.sleep(0.1)
    raise AssertionError(f"job still {job.status} after {seconds}s")


@pytest.mark.django_db(transaction=True)
def test_validation_and_apply_run_in_the_background_while_the_page_polls(client, settings, coordinator, enterprise, park):
    settings.IMPORTS_RUN_INLINE = False
    client.force_login(coordinator)
    rows = [["项目名称", "项目单位", "所在园区", "总投资"]] + [
        [f"批量项目{n}", enterprise.name, "高新园", f"{n}万元"] for n in range(1, 1201)]

    # When a coordinator uploads a sheet
    response = upload(client, xlsx(rows), "大表.xlsx")
    job = ImportJob.objects.get()

    # Then the job page polls its status every 500 ms while the work runs …
    if job.is_running:
        assert 'hx-trigger="every 500ms"' in response.content.decode()
        assert "正在校验" in page_text(response)
    # … and stops polling once the preview is ready
    status = wait_until_done(client, job)
    assert job.status == ImportStatus.PREVIEWED and job.progress_done == job.progress_total == 1200
    assert "hx-trigger" not in status.content.decode()
    assert "应用导入" in page_text(status)

    # When it is applied, that too runs in the background, and the result shows when done
    client.post(f"/imports/{job.pk}/apply/")
    status = wait_until_done(client, job)
    assert job.status == ImportStatus.APPLIED, job.message
    assert "导入完成" in page_text(status) and "新增 1200 条" in page_text(status)
    assert Project.objects.count() == 1200


def test_a_running_job_shows_its_progress_bar(client, coordinator):
    client.force_login(coordinator)
    job = ImportJob.objects.create(kind="projects", original_name="大表.xlsx", file="imports/x.xlsx",
                                   created_by=coordinator, status=ImportStatus.VALIDATING,
                                   progress_done=3000, progress_total=12000)
    response = client.get(f"/imports/{job.pk}/status/")
    html = response.content.decode()
    assert f'hx-get="/imports/{job.pk}/status/" hx-trigger="every 500ms"' in html
    assert 'aria-valuenow="25"' in html
    assert "正在校验… 已处理 3000 / 12000 行 25%" in page_text(response)


def test_a_job_whose_worker_died_can_be_checked_again(client, coordinator, enterprise, park):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    client.force_login(coordinator)
    job = ImportJob.objects.create(kind="projects", original_name="清单.xlsx", created_by=coordinator,
                                   file=ContentFile(xlsx([["项目名称", "总投资"], ["新项目", 100]]), name="清单.xlsx"),
                                   status=ImportStatus.VALIDATING)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=11))

    page = page_text(client.get(f"/imports/{job.pk}/"))
    assert "已中断：后台任务进程已停止（服务重启或进程退出），任务在“校验中”时中断，未写入任何数据。" in page

    page = page_text(client.post(f"/imports/{job.pk}/revalidate/", follow=True))
    assert "应用导入" in page
