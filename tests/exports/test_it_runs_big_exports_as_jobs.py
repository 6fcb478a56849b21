"""Small sheets download at once; bigger ones become a job whose file holds exactly the rows the user saw."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.exports import runner
from tuijin.exports.models import ExportJob, ExportKind, ExportStatus
from tuijin.notifications.models import Notification
from tuijin.progress import actions
from tuijin.projects.models import Stage

from ..factories import ProjectFactory
from ..pages import text
from ..test_it_lists_projects import names_in
from .workbooks import XLSX, data_rows, names, sheet_of

URL = reverse("project_list")
OWN_PARK = {"年产5万吨锂电池正极材料项目", "园区南北干道改造工程", "功率半导体封装测试基地"}


@pytest.fixture
def listed(project, other_project, park, other_park):
    """Six projects: three in the persona park (高新园), three under construction across both parks."""
    return [
        project, other_project,
        ProjectFactory(name="园区南北干道改造工程", park=park, stage=Stage.CONSTRUCTION, total_investment=Decimal(10000)),
        ProjectFactory(name="功率半导体封装测试基地", park=park, stage=Stage.CONSTRUCTION, total_investment=Decimal(5000)),
        ProjectFactory(name="临港第二实验小学新建项目", park=other_park, stage=Stage.CONSTRUCTION,
                       total_investment=Decimal("9999.99")),
        ProjectFactory(name="中央厨房及烘焙工厂", park=other_park, stage=Stage.NEGOTIATING),
    ]


@pytest.fixture
def planned(park, other_park):
    """Two projects planned to start in 2026, one per park, with approved January reports."""
    first = ProjectFactory(name="甲项目", park=park, total_investment=Decimal("12000.50"),
                           planned_start_date=dt.date(2026, 4, 1))
    second = ProjectFactory(name="乙项目", park=other_park, total_investment=Decimal(3000))
    for project, amount in ((first, 800), (second, 200)):
        actions.save_yearly_plan(project, 2026, actor=None,
                                 data={"planned_investment": Decimal(amount), "plans_start": True})
        report = actions.save_draft(project, 2026, 1, actor=None, data={"completed_investment": Decimal(amount / 4)})
        actions.submit_report(report, actor=None)
        actions.approve_report(report, actor=None)
    return first, second


def test_a_small_export_downloads_at_once(client, coordinator, listed):
    client.force_login(coordinator)

    # When a coordinator exports the projects under construction, fewer rows than EXPORT_INLINE_ROWS
    response = client.get(URL, {"stage": Stage.CONSTRUCTION, "format": "xlsx"})

    # Then the sheet downloads at once, biggest investment first, and no job is kept
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert names(response) == ["园区南北干道改造工程", "临港第二实验小学新建项目", "功率半导体封装测试基地"]
    assert not ExportJob.objects.exists()


def test_a_big_export_becomes_a_job_whose_file_holds_the_filtered_list(client, settings, coordinator, listed):
    settings.EXPORT_INLINE_ROWS = 2
    client.force_login(coordinator)
    filters = {"stage": Stage.CONSTRUCTION, "sort": "name"}

    # When the coordinator exports a filtered list longer than the limit
    response = client.get(URL, filters | {"format": "xlsx"})

    # Then they land on the job's page, which shows the finished export and its download button
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/exports/{job.pk}/"
    page = text(client.get(response.url))
    assert "导出：项目清单" in page and "导出完成" in page and "共 3 行" in page and "下载 Excel" in page
    assert job.status == ExportStatus.DONE and job.rows_done == job.rows_total == 3

    # And the file holds exactly the rows of the page, in the page's order, with the bureau's title and totals
    download = client.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert names(download) == names_in(client.get(URL, filters))
    sheet = sheet_of(client.get(f"/exports/{job.pk}/download/"))
    assert sheet["A1"].value == "项目清单" and sheet["A2"].value == "单位：万元"
    assert [cell.value for cell in sheet[sheet.max_row]][:1] == ["合计"]

    # And the inbox holds a message with the download link
    message = Notification.objects.get(recipient=coordinator)
    assert message.title == "导出完成：项目清单" and message.url == f"/exports/{job.pk}/download/"


def test_a_park_staff_members_export_holds_only_their_parks_projects(client, settings, users, listed):
    settings.EXPORT_INLINE_ROWS = 2
    client.force_login(users[Role.PARK_STAFF])

    # When park staff export the whole list as a job
    client.get(URL, {"format": "xlsx"})

    # Then the file holds their park's three projects and none of the other park's
    job = ExportJob.objects.get()
    assert set(names(client.get(f"/exports/{job.pk}/download/"))) == OWN_PARK


def test_the_yearly_list_and_monthly_statistics_become_jobs_too(client, settings, coordinator, planned, park):
    settings.EXPORT_INLINE_ROWS = 0
    client.force_login(coordinator)

    # When a coordinator exports the 2026 开工入库清单 narrowed to one park, and the monthly statistics
    client.get(reverse("progress_year_list", args=["start"]), {"year": 2026, "park": park.pk, "format": "xlsx"})
    client.get(reverse("progress_monthly_xlsx"), {"year": 2026})

    # Then each is a job that kept its path and query, and each file is what the page would have given
    year_list, monthly = ExportJob.objects.order_by("pk")
    assert (year_list.kind, year_list.path_args, year_list.title) == (ExportKind.YEAR_LIST, {"list_kind": "start"},
                                                                      "2026年开工入库清单")
    assert names(client.get(f"/exports/{year_list.pk}/download/")) == ["甲项目"]
    assert monthly.kind == ExportKind.MONTHLY_STATISTICS and monthly.status == ExportStatus.DONE
    rows = data_rows(client.get(f"/exports/{monthly.pk}/download/"))
    assert {row[2]: (row[4], row[5]) for row in rows} == {"甲项目": (800, 200), "乙项目": (200, 50)}


def test_a_yearly_export_keeps_the_year_it_was_asked_for(client, settings, coordinator, planned):
    settings.EXPORT_INLINE_ROWS = 0
    client.force_login(coordinator)
    # Given a coordinator on the monthly statistics without choosing a year (so: this year)
    this_year = timezone.localdate().year
    client.get(reverse("progress_monthly_xlsx"))
    # Then the job keeps that year, so a worker that runs after New Year still writes it
    job = ExportJob.objects.get()
    assert f"year={this_year}" in job.query_string


def test_without_inline_mode_huey_runs_the_job_once_its_row_is_committed(
        client, settings, coordinator, listed, django_capture_on_commit_callbacks):
    settings.EXPORTS_RUN_INLINE = False
    settings.EXPORT_INLINE_ROWS = 2
    client.force_login(coordinator)

    # When the coordinator exports, and clicks again before the job has started
    with django_capture_on_commit_callbacks() as callbacks:
        first = client.get(URL, {"format": "xlsx"})
        second = client.get(URL, {"format": "xlsx"})

    # Then one job is queued, both clicks lead to it, and its page polls while it waits
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED and first.url == second.url == f"/exports/{job.pk}/"
    page = client.get(first.url)
    assert 'hx-trigger="every 500ms"' in page.content.decode() and "排队等待导出" in text(page)

    # When the transaction commits, huey (immediate under pytest) writes the file
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and len(names(client.get(f"/exports/{job.pk}/download/"))) == 6

    # And a second delivery of the task finds the job claimed and writes nothing more
    assert runner.run(job.pk) is None
    assert Notification.objects.filter(recipient=coordinator).count() == 1
