"""With DEBUG off — as in production and under ``make run`` — every error is a Chinese page with its status,
never Django's English technical page, and the page keeps the strict CSP (no inline script or style)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import path

from tuijin import urls as project_urls
from tuijin.accounts.models import Role
from tuijin.api import errors


def _boom(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied("您只能查看该项目，无权修改。")


# This module is its own URLconf for the tests below: the project's routes and handlers plus two that fail.
urlpatterns = [path("boom/", _boom), path("forbidden/", _forbidden), *project_urls.urlpatterns]
handler400, handler403 = project_urls.handler400, project_urls.handler403
handler404, handler500 = project_urls.handler404, project_urls.handler500

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def _page(response):
    return response.content.decode()


def test_a_missing_page_is_a_chinese_404(client, users):
    # Given a logged-in clerk
    client.force_login(users[Role.DEPARTMENT_CLERK])

    # When they open an address that does not exist
    response = client.get("/nope/")

    # Then the page says so in Chinese, with status 404 and no list of URL patterns
    assert response.status_code == 404
    assert "页面不存在，或您无权查看该内容。" in _page(response)
    assert "URLconf" not in _page(response) and "Page not found" not in _page(response)


def test_a_missing_page_is_chinese_before_logging_in_too(client, db):
    response = client.get("/nope/")

    assert response.status_code == 404
    assert "未找到" in _page(response)


def test_a_refusal_is_a_chinese_403_with_its_reason(client, users):
    client.force_login(users[Role.LEADER])

    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "无权访问" in _page(response) and "您只能查看该项目，无权修改。" in _page(response)


def test_a_bad_query_parameter_is_a_chinese_400(client, users):
    client.force_login(users[Role.COORDINATOR])

    response = client.get("/progress/missing/", {"year": "2026", "month": "13"})

    assert response.status_code == 400
    assert "请求无效" in _page(response) and "参数“月份”须在 1—12 之间" in _page(response)


def test_a_bug_is_a_chinese_500_that_needs_no_request_context(client, users):
    # Given a view with a bug
    client.force_login(users[Role.COORDINATOR])
    client.raise_request_exception = False

    # When it is opened
    response = client.get("/boom/")

    # Then the user reads a Chinese apology with status 500, without the traceback
    assert response.status_code == 500
    assert "服务器内部错误" in _page(response) and "错误已记录" in _page(response)
    assert "RuntimeError" not in _page(response) and "Traceback" not in _page(response)


def test_the_500_page_renders_without_a_database_or_a_user(db):
    # Given a request with no user and no session (as when the error came from the middleware)
    request = RequestFactory().get("/anything/")

    # When the handler renders the page
    response = errors.server_error(request)

    # Then it is the Chinese page, and it carries nothing inline that the CSP would block
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器内部错误" in page
    assert "<style" not in page and "<script>" not in page and " onclick=" not in page


def test_error_pages_keep_the_strict_content_security_policy(client, db):
    response = client.get("/nope/")

    assert "script-src 'self'" in response["Content-Security-Policy"]
