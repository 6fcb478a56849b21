"""A unit's to-do list: its open nodes due within N working days (and overdue ones), across projects, in Excel."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.accounts.models import Role
from tuijin.nodeplans import actions
from tuijin.projects.models import Project

from ..factories import ProjectFactory
from ..pages import text
from .conftest import START


@pytest.fixture
def today(monkeypatch):
    """Pinned to Tuesday 24 February 2026, the first working day after the Spring Festival."""
    day = dt.date(2026, 2, 24)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def test_the_department_sees_its_nodes_due_soon_and_overdue(client, plan, users, today):
    # Given the festival plan: the department owns 合规性审查 (due Friday 13 Feb: on 24 Feb it is 2 working
    # days overdue, Saturday 14 Feb (a make-up day) and 24 Feb; 15–23 Feb are holidays), 用地预审 (due 2 March) and 施工许可 (due 11 March); the park owns 立项/备案
    client.force_login(users[Role.DEPARTMENT_CLERK])

    # When its clerk opens the list for the next 5 working days (25, 26, 27, 28 Feb, 2 March)
    response = client.get(reverse("nodeplans_todo"), {"days": "5"})

    # Then it lists its own overdue and due-soon nodes, not the park's, not the later one
    page = text(response)
    assert "合规性审查" in page and "逾期 2 个工作日" in page
    assert "用地预审" in page
    assert "施工许可" not in page and "立项/备案" not in page
    assert "截至 2026-03-02" in page


def test_the_excel_has_the_same_rows_and_keeps_formulas_as_text(client, plan, users, today):
    # Given a project whose name starts like a formula
    Project.objects.filter(pk=plan.project.pk).update(name="=HYPERLINK(\"http://x\")项目")
    client.force_login(users[Role.DEPARTMENT_CLERK])

    response = client.get(reverse("nodeplans_todo_xlsx"), {"days": "5"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert [row[3] for row in rows] == ["合规性审查", "用地预审"]
    assert rows[0][1].startswith("=HYPERLINK")
    assert sheet.cell(row=4, column=2).data_type == "s"
    assert rows[0][7] == 2


def test_the_enterprise_has_no_to_do_list(client, users):
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("nodeplans_todo")).status_code == 403


def test_the_list_costs_the_same_queries_for_one_project_or_many(client, plan, flow, users, today, coordinator,
                                                                  enterprise, park, department):
    client.force_login(users[Role.DEPARTMENT_CLERK])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("nodeplans_todo"), {"days": "60"}).status_code == 200
        return len(queries)

    few = count()
    for index in range(4):
        more = ProjectFactory(name=f"项目{index}", enterprise=enterprise, park=park, responsible_unit=department)
        actions.apply_template(more, flow, actor=coordinator, start_date=START)
    assert count() == few
