"""A coordinator exports a filtered project list too big to write in the request: a job page, progress, download."""

from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile

from tuijin.exports.models import ExportJob, ExportStatus
from tuijin.projects.models import Stage

from ..exports.jobs import make_job
from ..factories import ProjectFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def listed(project, other_project, park, other_park):
    for number, investment in enumerate((185000, 64000, 12000, 9800), start=1):
        ProjectFactory(name=f"锦程新材料二期{number}号厂房项目", park=park, stage=Stage.CONSTRUCTION,
                       total_investment=Decimal(investment))
    ProjectFactory(name="临港冷链二期项目", park=other_park, stage=Stage.NEGOTIATING)


def test_it_exports_a_filtered_list_as_a_job_and_downloads_it(page, live_server, log_in, screenshot, settings,
                                                              tmp_path, users, listed, coordinator):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_RUN_INLINE = True
    settings.EXPORT_INLINE_ROWS = 2

    # Given a coordinator looking at the projects under construction
    log_in("coordinator")
    page.goto(f"{live_server.url}/projects/")
    page.select_option("#id_stage", "construction")
    page.wait_for_function("() => document.querySelector('[data-testid=result-count]').innerText === '4'")

    # When they click the export, for more rows than are written while they wait
    page.get_by_test_id("export").click()

    # Then they land on the job's page, which offers the finished file
    page.wait_for_selector("[data-testid=done]")
    assert page.url.startswith(f"{live_server.url}/exports/")
    assert "导出完成" in page.get_by_test_id("done").inner_text()
    assert "共 4 行" in page.get_by_test_id("done").inner_text()
    screenshot("60-export-job")

    # When they download it, the file holds the four projects under construction, biggest first
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel").click()
    assert download.value.suggested_filename == "项目清单.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert [row[2] for row in sheet.iter_rows(min_row=4, max_row=7, values_only=True)] == [
        f"锦程新材料二期{number}号厂房项目" for number in (1, 2, 3, 4)]


def test_the_job_page_shows_progress_until_the_file_is_ready(page, live_server, log_in, screenshot, settings,
                                                             tmp_path, users, coordinator):
    settings.MEDIA_ROOT = tmp_path / "media"

    # Given an export of 50,000 rows that a worker is writing
    job = make_job(coordinator, status=ExportStatus.RUNNING, rows_done=21000, rows_total=50000)
    log_in("coordinator")
    page.goto(f"{live_server.url}/exports/{job.pk}/")

    # Then the page shows its progress bar
    assert "已写出 21000 / 50000 行" in page.get_by_test_id("progress").inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "42"
    screenshot("61-export-job-running")

    # When the worker finishes, the page (polling) turns to the download button without a reload
    job.file.save("项目清单.xlsx", ContentFile(b"PK"), save=False)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE, file=job.file.name, rows_done=50000)
    page.wait_for_selector("[data-testid=download]")
    assert page.get_by_role("link", name="下载 Excel").is_visible()
