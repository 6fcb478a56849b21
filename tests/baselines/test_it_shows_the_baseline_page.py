"""The baseline page, its Excel sheet and its refusals: only the projects a user may see, a Chinese 400 for bad dates."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from tuijin.accounts.models import Role
from tuijin.coordination.models import Meeting, MeetingKind
from tuijin.projects import actions

from ..pages import text


def at(month, day):
    return time_machine.travel(timezone.make_aware(dt.datetime(2026, month, day, 10)), tick=False)


@pytest.fixture
def spring(users, park, other_park):
    """Two parks' projects made in February; both change investment in March; a scheduling meeting on 3月5日."""
    coordinator = users[Role.COORDINATOR]
    made = {}
    with at(2, 1):
        for key, where, name in (("own", park, "=HYPERLINK(\"x\")电池项目"), ("away", other_park, "临港冷链项目")):
            made[key] = actions.create_project(actor=coordinator, data={
                "name": name, "park": where, "total_investment": Decimal("10000.00")})
        Meeting.objects.create(kind=MeetingKind.SCHEDULING, title="三月调度会", place="区政府",
                               held_at=timezone.make_aware(dt.datetime(2026, 3, 5, 9)))
    with at(3, 10):
        for project in made.values():
            actions.update_project(project, actor=coordinator, data={"total_investment": Decimal("15000.00")},
                                   expected_version=project.version)
    return made


def test_it_shows_the_changes_of_the_visible_projects_only(client, users, spring):
    # When the park's staff open the baseline for March
    client.force_login(users[Role.PARK_STAFF])
    response = client.get("/baselines/", {"from": "2026-03-01", "to": "2026-03-31"})
    page = text(response)
    # Then their project's new investment is there, the other park's project is not
    assert response.status_code == 200
    assert "电池项目" in page and "10000.00" in page and "15000.00" in page and "+5000.00 万元" in page
    assert "临港冷链项目" not in page


def test_it_offers_the_last_scheduling_meeting(client, users, spring):
    # When the coordinator opens the page without dates
    client.force_login(users[Role.COORDINATOR])
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 4, 1, 10)), tick=False):
        response = client.get("/baselines/")
    # Then the comparison starts before the meeting of 3月5日, and the shortcut names it
    page = text(response)
    assert "自上次调度会（2026年3月5日）以来" in page
    assert response.context["start"] == dt.date(2026, 3, 4)
    assert "临港冷链项目" in page and "电池项目" in page


def test_the_sheet_has_the_visible_changes_as_text(client, users, spring):
    # When the park's staff export March
    client.force_login(users[Role.PARK_STAFF])
    response = client.get("/baselines/", {"from": "2026-03-01", "to": "2026-03-31", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    # Then one row: their project, its name kept as text rather than a formula
    assert len(rows) == 1
    assert rows[0][2] == "=HYPERLINK(\"x\")电池项目" and sheet.cell(4, 3).data_type == "s"
    assert rows[0][4:] == ["总投资变化", "总投资（万元）", "10000.00", "15000.00", "+5000.00 万元"]


@pytest.mark.parametrize("query, message", [
    ({"from": "2026-13-01"}, "日期"),
    ({"from": "2026-04-01", "to": "2026-03-01"}, "起始日期不能晚于截止日期"),
    ({"park": "abc"}, "园区"),
])
def test_bad_queries_are_a_chinese_400(client, users, spring, query, message):
    client.force_login(users[Role.COORDINATOR])
    response = client.get("/baselines/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_query_count_does_not_grow_with_the_projects(client, users, park, django_assert_max_num_queries):
    # Given 3 and then 12 projects, each changed after the start
    coordinator = users[Role.COORDINATOR]
    client.force_login(coordinator)

    def grow(count):
        with at(2, 1):
            made = [actions.create_project(actor=coordinator, data={
                "name": f"项目{n}", "park": park, "total_investment": Decimal("100.00")}) for n in range(count)]
        with at(3, 10):
            for project in made:
                actions.update_project(project, actor=coordinator, data={"planned_start_date": dt.date(2026, 9, 1)},
                                       expected_version=project.version)

    grow(3)
    with django_assert_max_num_queries(100) as few:
        client.get("/baselines/", {"from": "2026-03-01", "to": "2026-03-31"})
    grow(9)
    # Then the page for 12 asks the database as often as for 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/baselines/", {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.context["baseline"].counts[3][2] == 12
