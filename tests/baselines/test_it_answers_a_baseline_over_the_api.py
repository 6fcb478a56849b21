"""GET /api/v1/baseline: the page's comparison as JSON, in the caller's scope, with Chinese refusals."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.api.actions import create_token
from tuijin.projects import actions
from tuijin.projects.models import Stage
from tuijin.projects.lifecycle import Evidence


def at(month, day):
    return time_machine.travel(timezone.make_aware(dt.datetime(2026, month, day, 10)), tick=False)


@pytest.fixture
def call(client):
    def get(user, **params):
        token = create_token(user, name="脚本")[1]
        return client.get("/api/v1/baseline", params, headers={"Authorization": f"Bearer {token}"})
    return get


@pytest.fixture
def made(users, park, other_park):
    coordinator = users[Role.COORDINATOR]
    with at(1, 10):
        own = actions.create_project(actor=coordinator, data={
            "name": "高新项目", "park": park, "total_investment": Decimal("8000.00"),
            "planned_start_date": dt.date(2026, 6, 1)})
        away = actions.create_project(actor=coordinator, data={
            "name": "临港项目", "park": other_park, "total_investment": Decimal("9000.00")})
    with at(2, 10):
        actions.update_project(own, actor=coordinator, data={"planned_start_date": dt.date(2026, 5, 20)},
                               expected_version=own.version)
        actions.change_stage(away, Stage.NEGOTIATING, actor=coordinator, evidence=Evidence())
    return own, away


def test_it_answers_the_changes_in_the_callers_scope(call, users, made):
    own, away = made
    # When the coordinator asks for February
    body = call(users[Role.COORDINATOR], **{"from": "2026-01-31", "to": "2026-02-28"}).json()
    # Then both changes are there, dates as ISO strings and the slip in days
    assert body["from"] == "2026-01-31" and body["to"] == "2026-02-28" and body["added"] == []
    assert [(c["project_code"], c["field"], c["before"], c["after"], c["delta"]) for c in body["changes"]] == sorted([
        (own.code, "planned_start_date", "2026-06-01", "2026-05-20", -12),
        (away.code, "stage", "planning", "negotiating", None)])
    assert {item["kind"]: item["count"] for item in body["counts"]}["date"] == 1
    # And the park's staff get only their park's
    body = call(users[Role.PARK_STAFF], **{"from": "2026-01-31", "to": "2026-02-28"}).json()
    assert [c["project_code"] for c in body["changes"]] == [own.code]
    # And from before the projects existed, the other park's project is not added for them
    body = call(users[Role.PARK_STAFF], **{"from": "2026-01-01", "to": "2026-02-28", "park": away.park_id}).json()
    assert body["added"] == [] and body["changes"] == []


@pytest.mark.parametrize("params, status, words", [
    ({"from": "2026-02-30"}, 400, "日期"),
    ({"from": "2026-03-01", "to": "2026-02-01"}, 400, "不能晚于"),
    ({"to": "9999-12-31"}, 400, "日期"),
    ({"from": "2026-03-01\x00"}, 400, "日期"),
    ({"stage": "flying"}, 400, "筛选条件有误：阶段"),
    ({"park": "abc"}, 400, "筛选条件有误：园区"),
    ({"park": "0"}, 400, "筛选条件有误：园区"),
    ({"park": "9" * 40}, 400, "筛选条件有误：园区"),
    ({"level": "galactic"}, 400, "筛选条件有误：级别"),
    ({"category": "x"}, 400, "筛选条件有误：类别"),
    ({"size": "1t"}, 400, "筛选条件有误：规模"),
    ({"q": "锂\x00电"}, 400, "筛选条件有误：搜索"),
])
def test_bad_parameters_are_refused_in_chinese(call, users, made, params, status, words, client):
    # When a script sends a bad date or filter
    response = call(users[Role.COORDINATOR], **params)
    # Then it is a Chinese 400 naming it, as the page answers the same parameters
    assert response.status_code == status
    assert words in response.json()["detail"]
    client.force_login(users[Role.COORDINATOR])
    page = client.get("/baselines/", params)
    assert page.status_code == 400 and words in page.content.decode()


def test_anonymous_callers_are_refused(client):
    assert client.get("/api/v1/baseline").status_code == 401
