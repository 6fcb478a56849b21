"""Coordinators search the audit log by record, user, period, door and action, and export what they found."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.accounts.models import Role
from tuijin.lib.context import Source, acting

from ..pages import text

URL = reverse("audit_log")


@pytest.fixture
def edits(users, project, other_project, enterprise):
    """The coordinator renamed the project on a page; the park changed the other project through the API."""
    with acting(Source.PAGE, users[Role.COORDINATOR], "10.1.1.1"):
        project.name = "更名后的锂电池项目"
        project.save()
    with acting(Source.API, users[Role.PARK_STAFF], "10.9.9.9"):
        other_project.description = "冷链二期"
        other_project.save()


def test_it_shows_who_when_where_and_old_to_new(client, coordinator, edits, project):
    # Given a coordinator, When they open the log for the project
    client.force_login(coordinator)
    page = text(client.get(URL, {"model": "projects.project", "pk": project.pk}))
    # Then they see the change with its author, address, door and values
    assert "更名后的锂电池项目" in page and "10.1.1.1" in page and "页面" in page
    assert "年产5万吨锂电池正极材料项目 → 更名后的锂电池项目" in page
    assert "冷链二期" not in page


@pytest.mark.parametrize("query, shown, hidden", [
    ({"q": "冷链"}, "冷链二期", "更名后的锂电池项目"),
    ({"user": "park"}, "冷链二期", "更名后的锂电池项目"),
    ({"source": "api"}, "冷链二期", "更名后的锂电池项目"),
    ({"source": "page", "action": "change"}, "更名后的锂电池项目", "冷链二期"),
])
def test_it_filters_by_record_text_user_source_and_action(client, coordinator, edits, query, shown, hidden):
    client.force_login(coordinator)
    page = text(client.get(URL, query))
    assert shown in page and hidden not in page


def test_it_filters_by_period(client, coordinator, edits):
    client.force_login(coordinator)
    assert "更名后的锂电池项目" not in text(client.get(URL, {"date_to": "2000-01-01"}))
    assert "更名后的锂电池项目" in text(client.get(URL, {"date_from": "2000-01-01"}))


@pytest.mark.parametrize("query, message", [
    ({"date_from": "2026-13-01"}, "起始日期应为 年-月-日"),
    ({"date_from": "2026-06-30", "date_to": "2026-06-01"}, "起始日期不能晚于截止日期"),
    ({"model": "projects.nothing"}, "数据类型「projects.nothing」不存在"),
    ({"q": "x" * 5000}, "记录名称或编码最多 100 个字符"),
    ({"user": "a\x00b"}, "操作人含有无效字符"),
])
def test_it_explains_bad_search_input_in_chinese(client, coordinator, edits, query, message):
    client.force_login(coordinator)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert message in text(response) and "更名后的锂电池项目" not in text(response)


def test_it_exports_the_filtered_list_to_excel(client, coordinator, edits):
    client.force_login(coordinator)
    response = client.get(URL, {"source": "page", "model": "projects.project", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == 1
    assert rows[0][1].startswith("coordinator") or "coordinator" in rows[0][1]
    assert rows[0][2] == "10.1.1.1" and rows[0][3] == "页面" and rows[0][4] == "修改"
    assert "项目名称：年产5万吨锂电池正极材料项目 → 更名后的锂电池项目" in rows[0][8]


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_it_refuses_everyone_but_coordinators(client, users, edits, role):
    # Given someone who is not a coordinator, When they open the log or its export, Then it is refused
    client.force_login(users[role])
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "xlsx"}).status_code == 403


def test_it_sends_a_visitor_to_log_in(client, edits):
    assert client.get(URL).status_code == 302


def test_project_and_enterprise_pages_link_to_their_log_for_coordinators_only(client, users, project, enterprise):
    client.force_login(users[Role.COORDINATOR])
    project_page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    enterprise_page = client.get(reverse("enterprise_detail", args=[enterprise.pk])).content.decode()
    assert f"{URL}?model=projects.project&amp;pk={project.pk}" in project_page and "审计记录" in project_page
    assert f"{URL}?model=enterprises.enterprise&amp;pk={enterprise.pk}" in enterprise_page
    client.force_login(users[Role.PARK_STAFF])
    assert "审计记录" not in text(client.get(reverse("project_detail", args=[project.pk])))
    assert "审计记录" not in text(client.get(reverse("enterprise_detail", args=[enterprise.pk])))


def test_the_navigation_offers_the_log_to_coordinators_only(client, users):
    client.force_login(users[Role.COORDINATOR])
    assert "审计记录" in text(client.get(reverse("home")))
    client.force_login(users[Role.LEADER])
    assert "审计记录" not in text(client.get(reverse("home")))
