"""The bureau's Excel layout: title, units row, frozen header, totals, dates as dates."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tuijin.progress import actions

from ..factories import ProjectFactory


def sheet_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def planned(park):
    first = ProjectFactory(name="甲项目", park=park, total_investment=Decimal("12000.50"),
                           planned_start_date=dt.date(2026, 4, 1))
    second = ProjectFactory(name="乙项目", park=park, total_investment=Decimal("3000"))
    for project, amount in ((first, 800), (second, 200)):
        actions.save_yearly_plan(project, 2026, actor=None,
                                 data={"planned_investment": Decimal(amount), "plans_start": True})
    for project, month, amount in ((first, 1, 100), (first, 2, 50), (second, 2, 25)):
        report = actions.save_draft(project, 2026, month, actor=None, data={"completed_investment": Decimal(amount)})
        actions.submit_report(report, actor=None)
        actions.approve_report(report, actor=None)
    return first, second


def test_it_exports_a_yearly_list(client, coordinator, planned):
    client.force_login(coordinator)

    sheet = sheet_of(client.get(reverse("progress_year_list", args=["start"]), {"year": 2026, "format": "xlsx"}))

    assert sheet["A1"].value == "2026年开工入库清单"
    assert sheet["A2"].value == "单位：万元"
    assert sheet.freeze_panes == "A4"
    assert [cell.value for cell in sheet[3]][:3] == ["序号", "项目编号", "项目名称"]
    assert sheet["C4"].value == "甲项目" and sheet["I4"].value == 12000.5
    assert sheet["J4"].value == dt.datetime(2026, 4, 1) and sheet["J4"].number_format == "yyyy-mm-dd"
    assert sheet["A6"].value == "合计" and sheet["I6"].value == 15000.5


def test_it_exports_the_monthly_statistics(client, coordinator, planned):
    client.force_login(coordinator)

    sheet = sheet_of(client.get(reverse("progress_monthly_xlsx"), {"year": 2026}))

    header = [cell.value for cell in sheet[3]]
    assert header[4:7] == ["年度计划投资", "1月", "2月"] and header[-2:] == ["累计完成", "完成率"]
    totals = [cell.value for cell in sheet[sheet.max_row]]
    assert totals[0] == "合计" and totals[4:7] == [1000, 100, 75] and totals[-2] == 175


def test_it_exports_only_the_projects_a_user_may_see(client, users, planned, other_project):
    client.force_login(users["park_staff"])

    sheet = sheet_of(client.get(reverse("project_list"), {"format": "xlsx"}))

    names = {row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert other_project.name not in names and {"甲项目", "乙项目"} <= names
