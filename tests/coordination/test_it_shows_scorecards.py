"""The scorecard page: sortable with htmx, each number drilling down to its problems, and its Excel export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

from ..pages import text
from . import scorecard_fixture
from .clock import at, pin

PERIOD = {"start": "2026-06-01", "end": "2026-06-30"}


@pytest.fixture
def problems(users, coordinator, project, category, department, other_department, clerk, other_clerk, monkeypatch):
    built = scorecard_fixture.build(users, coordinator, project, category, department, other_department, clerk,
                                    other_clerk)
    pin(monkeypatch, at(6, 24, 9))  # the page is read on Wednesday 24 June
    return built


def rows(response):
    """The departments in the order the table lists them."""
    html = response.content.decode()
    return sorted(("住房和城乡建设局", "生态环境局"), key=html.index)


def test_it_shows_every_figure_with_a_link_to_its_problems(client, coordinator, problems, department):
    client.force_login(coordinator)

    response = client.get(reverse("coordination_scorecard"), PERIOD)

    page = text(response)
    assert "住房和城乡建设局 3 33.3% (1件) 10.5 66.7% (2件) 33.3% (1件) 33.3% (1件) 3.5" in page
    assert "生态环境局 2 100.0% (2件) 0.8 50.0% (1件) 50.0% (1件) 50.0% (1件) 4.0" in page
    drill = reverse("coordination_scorecard_problems", args=[department.pk, "overdue"])
    assert f'href="{drill}?start=2026-06-01&amp;end=2026-06-30"' in response.content.decode()


def test_it_drills_down_to_the_problems_behind_a_number(client, coordinator, problems, department):
    client.force_login(coordinator)

    page = text(client.get(reverse("coordination_scorecard_problems", args=[department.pk, "closed"]), PERIOD))

    assert "住房和城乡建设局 · 办结率：66.7%" in page and "共 2 件" in page
    assert "施工用水" in page and "临时道路" in page and "环评批复" not in page


def test_it_sorts_by_any_column_with_htmx(client, coordinator, problems):
    client.force_login(coordinator)
    url = reverse("coordination_scorecard")

    by_response = client.get(url, PERIOD | {"sort": "response"}, headers={"HX-Request": "true"})
    by_closed = client.get(url, PERIOD | {"sort": "-closed"}, headers={"HX-Request": "true"})

    assert "<html" not in by_response.content.decode()  # just the table
    assert rows(by_response) == ["生态环境局", "住房和城乡建设局"]  # 0.8 h before 10.5 h
    assert rows(by_closed) == ["住房和城乡建设局", "生态环境局"]  # 66.7 % before 50.0 %


def test_it_exports_the_scorecard_to_excel(client, coordinator, problems):
    client.force_login(coordinator)

    response = client.get(reverse("coordination_scorecard"), PERIOD | {"format": "xlsx", "sort": "department"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "部门问题办理考评（2026-06-01 至 2026-06-30）"
    assert sheet["A2"].value.startswith("单位：件")
    assert [cell.value for cell in sheet[3]] == ["序号", "部门", "收件数", "按时报到率", "平均响应时长（工作小时）",
                                                 "办结率", "解决率", "逾期率", "平均满意度（分）"]
    assert sheet.freeze_panes == "A4"
    housing = [cell.value for cell in sheet[4]]  # in the organisations' own order
    assert housing[:3] == [1, "住房和城乡建设局", 3]
    assert housing[3] == pytest.approx(0.333) and sheet["D4"].number_format == "0.0%"
    assert housing[4:] == [10.5, pytest.approx(0.667), pytest.approx(0.333), pytest.approx(0.333), 3.5]
    assert [sheet["A6"].value, sheet["C6"].value] == ["合计", 5]


def test_it_shows_a_department_only_its_own_scorecard(client, clerk, problems):
    client.force_login(clerk)

    page = text(client.get(reverse("coordination_scorecard"), PERIOD))

    assert "住房和城乡建设局" in page and "生态环境局" not in page


def test_it_refuses_scorecards_to_enterprises_and_other_departments_drilldowns(client, users, problems,
                                                                             other_department, clerk):
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("coordination_scorecard")).status_code == 403
    client.force_login(clerk)
    assert client.get(reverse("coordination_scorecard_problems", args=[other_department.pk, "received"])
                      ).status_code == 404
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("coordination_scorecard_problems", args=[other_department.pk, "nonsense"])
                      ).status_code == 404
