"""While a job writes, its page shows a progress bar fed by the row count the worker records every so many rows."""

import datetime as dt

from django.utils import timezone

from tuijin.exports import registry as sheets
from tuijin.exports import runner
from tuijin.exports.models import ExportJob, ExportKind, ExportStatus
from tuijin.lib import xlsx

from ..pages import text
from .jobs import make_job


def test_a_running_job_shows_its_progress_bar(client, coordinator):
    client.force_login(coordinator)
    job = make_job(coordinator, status=ExportStatus.RUNNING, rows_done=12000, rows_total=50000)

    # When its user opens the job page
    response = client.get(f"/exports/{job.pk}/")

    # Then a progress bar shows how far it got, and the body polls for more every 500 ms
    html = response.content.decode()
    assert f'hx-get="/exports/{job.pk}/status/" hx-trigger="every 500ms"' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="24"' in html and "width: 24%" in html
    page = text(response)
    assert "导出：项目清单" in page and "正在导出… 已写出 12000 / 50000 行 24%" in page
    assert "下载 Excel" not in page


def test_a_job_without_progress_for_ten_minutes_stops_polling_and_offers_to_export_again(client, coordinator):
    client.force_login(coordinator)
    job = make_job(coordinator, status=ExportStatus.RUNNING, rows_done=3000, rows_total=50000)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))

    response = client.get(f"/exports/{job.pk}/status/")

    assert "hx-trigger" not in response.content.decode()
    assert "任务已超过10分钟没有进展，可能因服务重启而中断，未生成文件。 重新导出" in text(response)
    assert 'href="/projects/?format=xlsx"' in response.content.decode()


def test_the_worker_records_rows_done_as_it_writes(monkeypatch, coordinator):
    # Given a sheet of 7 rows whose rows look at the job as they are read, and progress every 2 rows
    seen = []
    job = make_job(coordinator, status=ExportStatus.QUEUED)

    def build(user, params):
        def rows():
            for number in range(1, 8):
                seen.append(ExportJob.objects.get(pk=job.pk).rows_done)
                yield [number]

        return sheets.Sheet("项目清单", [xlsx.Column("序号", 6, "int")], rows, 7, "项目清单.xlsx")

    monkeypatch.setitem(sheets.EXPORTS, ExportKind.PROJECT_LIST,
                        sheets.Export(build, sheets.EXPORTS[ExportKind.PROJECT_LIST].page))
    monkeypatch.setattr(runner, "PROGRESS_EVERY", 2)

    # When a worker writes it
    job = runner.run(job.pk)

    # Then rows_done climbed in steps of two while it wrote, and ends at every row
    assert seen == [0, 0, 2, 2, 4, 4, 6]
    assert job.status == ExportStatus.DONE and job.rows_done == job.rows_total == 7 and job.percent == 100
