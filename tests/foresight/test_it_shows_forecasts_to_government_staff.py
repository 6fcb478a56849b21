"""The 预测研判 page, its Excel export and the battle map's panel: scoped like the battle map, refused to enterprises."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from tuijin.accounts.models import Role
from tuijin.foresight import services
from tests.factories import ProjectFactory

from .stored import store

AS_OF = dt.date(2026, 6, 15)
# the pages read "today": mid-June 2026, May's reports due, as the hand-made history assumes
pytestmark = pytest.mark.usefixtures("mid_june")


@pytest.fixture
def mid_june():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@pytest.fixture
def pair(park, project):
    slow = ProjectFactory(park=park, name="慢项目")
    store(park, project, slow)
    return project, slow


def test_the_outlook_rolls_the_park_up(pair, park):
    fast, slow = pair
    found = services.outlook(2026, AS_OF)
    rows = {name: total for _key, name, total, _half in found.by_park()}
    assert rows[park.label].expected == pytest.approx(1450 + 800)
    assert rows[park.label].status == "预计未达成"
    assert [f.project_id for f in found.shortfall(rows[park.label])] == [slow.pk]
    assert found.project(fast.pk).status == "预计达成"


def test_a_leader_sees_the_list_riskiest_first(client, users, pair, django_assert_max_num_queries):
    fast, slow = pair
    client.force_login(users[Role.LEADER])
    with django_assert_max_num_queries(14):
        response = client.get("/foresight/", {"year": 2026})
    assert response.status_code == 200
    text = response.content.decode()
    table = text[text.index('data-testid="forecast-table"'):]
    assert table.index("慢项目") < table.index(fast.name)
    assert "预计未达成" in text


def test_the_risk_filter_keeps_only_projects_at_risk(client, users, pair):
    fast, slow = pair
    client.force_login(users[Role.COORDINATOR])
    text = client.get("/foresight/", {"year": 2026, "status": "risk"}).content.decode()
    table = text[text.index('data-testid="forecast-table"'):]
    assert "慢项目" in table and fast.name not in table


def test_the_export_has_a_row_per_forecast(client, users, pair):
    client.force_login(users[Role.COORDINATOR])
    response = client.get("/foresight/export.xlsx", {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "慢项目" in names


def test_the_battle_map_panel_shows_the_outlook(client, users, pair):
    client.force_login(users[Role.PARK_STAFF])
    response = client.get("/foresight/battle-panel/", {"year": 2026})
    text = response.content.decode()
    assert response.status_code == 200 and 'data-testid="forecast-panel"' in text
    assert "慢项目" in text and "预计未达成" in text


def test_an_enterprise_is_refused(client, users, pair):
    client.force_login(users[Role.ENTERPRISE])
    assert client.get("/foresight/").status_code == 403
    assert client.get("/foresight/battle-panel/").status_code == 403


def test_another_parks_staff_sees_none_of_it(client, pair, other_park):
    from tests.factories import UserFactory
    client.force_login(UserFactory(username="other-park", role=Role.PARK_STAFF, organisation=other_park))
    text = client.get("/foresight/", {"year": 2026}).content.decode()
    assert "慢项目" not in text
