"""A builder that breaks mid-sheet fails the job with a Chinese message, logs why, and leaves no file."""

import logging

from django.urls import reverse

from tuijin.exports import registry as sheets
from tuijin.exports import runner
from tuijin.exports.models import ExportJob, ExportKind, ExportStatus
from tuijin.notifications.models import Notification
from tuijin.projects.exports import PROJECT_COLUMNS

from ..pages import text
from .jobs import make_job


def _breaks_after_one_row(user, params):
    def rows():
        yield [1, "XM-1", "第一个项目"] + [None] * 10
        raise RuntimeError("database went away")

    return sheets.Sheet("项目清单", PROJECT_COLUMNS, rows, 10, "项目清单.xlsx")


def test_a_failing_builder_fails_the_job_without_a_file(client, settings, monkeypatch, caplog, coordinator):
    settings.EXPORT_INLINE_ROWS = 2
    broken = sheets.Export(_breaks_after_one_row, sheets.EXPORTS[ExportKind.PROJECT_LIST].page)
    monkeypatch.setitem(sheets.EXPORTS, ExportKind.PROJECT_LIST, broken)
    client.force_login(coordinator)

    # When the coordinator exports a list whose rows cannot all be read
    with caplog.at_level(logging.ERROR, logger="tuijin.exports.runner"):
        response = client.get(reverse("project_list"), {"format": "xlsx"}, follow=True)

    # Then the job failed, says so in Chinese, and offers to export again
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and job.finished_at
    page = text(response)
    assert "导出时发生内部错误，未生成文件。请重新导出；如仍失败，请联系管理员。" in page and "重新导出" in page
    assert 'href="/projects/?format=xlsx"' in response.content.decode()

    # And no file was written, the cause is in the log, and the inbox says it failed
    assert not job.file
    assert not list(settings.MEDIA_ROOT.rglob("*.xlsx"))
    assert "export job" in caplog.text and "database went away" in caplog.text
    assert Notification.objects.get(recipient=coordinator).title == "导出失败：项目清单"
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_a_job_whose_user_was_deactivated_is_refused(coordinator):
    # Given a queued job whose user has since been deactivated
    job = make_job(coordinator, status=ExportStatus.QUEUED)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    # When a worker picks it up
    job = runner.run(job.pk)

    # Then it writes nothing and says why
    assert job.status == ExportStatus.FAILED and not job.file
    assert job.message == "发起导出的账号已停用或删除，未生成文件。"
