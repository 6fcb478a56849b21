"""Every API error is {"detail": "中文说明"} JSON, in development and production alike: an app never parses HTML."""

import json

import pytest

from tuijin.accounts.models import Role

from .conftest import bearer


def _chinese_json(response):
    assert response["Content-Type"].startswith("application/json")
    detail = json.loads(response.content)["detail"]
    assert any("\u4e00" <= char <= "\u9fff" for char in detail), detail
    return detail


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def mode(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_it_refuses_a_page_number_beyond_any_list(api, users, project):
    # Given an app that asks for a page number with twenty digits
    # When it lists projects
    response = api.get(users[Role.COORDINATOR], "/projects", page="99999999999999999999")

    # Then it is told the page number's range, not a server error
    assert response.status_code == 422
    assert "页码（page）须在 1—100000 之间" in _chinese_json(response)


def test_it_refuses_a_nul_character_in_text(api, users, project):
    # Given a report whose narrative carries a NUL byte (PostgreSQL cannot store it)
    body = {"year": 2026, "month": 1, "completed_investment": "10", "narrative": "土建\x00完成"}

    # When the enterprise sends it
    response = api.post(users[Role.ENTERPRISE], f"/projects/{project.pk}/reports", body)

    # Then it is refused, naming the field, as the page's form refuses it
    assert response.status_code == 422
    assert "形象进度（narrative）不能包含空字符" in _chinese_json(response)


def test_it_refuses_a_nul_character_in_a_search(api, users, project):
    response = api.get(users[Role.COORDINATOR], "/projects", q="锂\x00电")

    assert response.status_code == 422
    assert "不能包含空字符" in _chinese_json(response)


def test_it_refuses_a_body_too_big_with_413(client, token_of, users, project, mode):
    # Given a 10 MB body
    body = json.dumps({"narrative": "进" * (10 * 1024 * 1024 // 3), "year": 2026, "month": 1})

    # When the enterprise posts it
    response = client.post(f"/api/v1/projects/{project.pk}/reports", body, content_type="application/json",
                           headers=bearer(token_of(users[Role.ENTERPRISE])))

    # Then the answer is 413 in Chinese JSON
    assert response.status_code == 413
    assert "请求体过大" in _chinese_json(response)


def test_it_answers_a_crash_as_json(client, token_of, users, project, monkeypatch, mode):
    # Given an endpoint with a bug
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("tuijin.api.api._visible_project", broken)

    # When an app calls it
    response = client.get(f"/api/v1/projects/{project.pk}", headers=bearer(token_of(users[Role.COORDINATOR])))

    # Then it gets a 500 in Chinese JSON, with no traceback in it
    assert response.status_code == 500
    assert "服务器内部错误" in _chinese_json(response)
    assert "boom" not in response.content.decode()


def test_it_answers_unknown_api_paths_as_json_in_production(client, settings):
    # Given production settings
    settings.DEBUG = False

    # When an app calls a version of the API that does not exist
    response = client.get("/api/v2/projects")

    # Then the 404 is Chinese JSON, not the HTML page; pages keep their HTML 404
    assert response.status_code == 404
    assert "没有这个接口" in _chinese_json(response)
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()


def test_it_answers_a_django_500_under_the_api_as_json(rf):
    from tuijin.api.errors import server_error

    response = server_error(rf.get("/api/v1/me"))

    assert response.status_code == 500
    assert "服务器内部错误" in _chinese_json(response)
