"""Who may call the API: a valid token of an active user, or a logged-in browser (with CSRF on writes)."""

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.api import actions
from tuijin.api.models import ApiToken

from .conftest import bearer

ME = "/api/v1/me"


@pytest.fixture
def ent(users):
    return users[Role.ENTERPRISE]


def test_it_refuses_a_call_without_a_token(client, ent):
    response = client.get(ME)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("未登录")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer tj_not-a-real-token", "Bearer ", "Bearer " + "x" * 500, "Token abc"])
def test_it_refuses_a_bad_token(client, ent, token_of, header):
    token_of(ent)

    response = client.get(ME, headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["detail"]


def test_it_refuses_a_revoked_token(client, ent):
    token, plain = actions.create_token(ent)
    assert client.get(ME, headers=bearer(plain)).status_code == 200

    actions.revoke_token(token, actor=ent)
    response = client.get(ME, headers=bearer(plain))

    assert response.status_code == 401
    assert "吊销" in response.json()["detail"]


def test_it_refuses_the_token_of_an_inactive_user(client, ent, token_of):
    plain = token_of(ent)
    ent.is_active = False
    ent.save()

    response = client.get(ME, headers=bearer(plain))

    assert response.status_code == 401
    assert "停用" in response.json()["detail"]


def test_it_answers_a_valid_token_as_its_user(client, ent, enterprise, token_of):
    response = client.get(ME, headers=bearer(token_of(ent)))

    assert response.status_code == 200
    assert response.json() == {
        "id": ent.pk, "username": "ent", "name": ent.full_name, "role": "enterprise", "role_label": "企业用户",
        "organisation_id": None, "organisation_name": None, "enterprise_id": enterprise.pk,
        "enterprise_name": "成都锦程新材料有限公司", "auth_method": "token",
    }
    assert "企业用户" in response.content.decode()  # readable Chinese, not \u escapes


def test_it_stores_only_a_hash_of_the_token(ent):
    token, plain = actions.create_token(ent, name="手机App")

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(stored.prefix) and len(stored.prefix) < len(plain) // 3
    dump = io.StringIO()
    call_command("dumpdata", "api", "accounts", stdout=dump)
    assert plain not in dump.getvalue() and plain[len(stored.prefix):] not in dump.getvalue()


def test_it_records_use_at_most_once_a_minute(client, ent):
    token, plain = actions.create_token(ent)

    client.get(ME, headers=bearer(plain))
    token.refresh_from_db()
    first_use = token.last_used_at
    with CaptureQueriesContext(connection) as queries:
        client.get(ME, headers=bearer(plain))
    token.refresh_from_db()

    assert first_use is not None and token.last_used_at == first_use
    assert not [q for q in queries.captured_queries if q["sql"].upper().startswith("UPDATE")]

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    client.get(ME, headers=bearer(plain))
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=30)


def test_it_accepts_a_logged_in_browser(client, ent):
    client.force_login(ent)

    response = client.get(ME)

    assert response.status_code == 200 and response.json()["auth_method"] == "session"


def test_it_refuses_the_session_of_an_inactive_user(client, ent):
    client.force_login(ent)
    ent.is_active = False
    ent.save()

    assert client.get(ME).status_code == 401


def test_it_lets_a_bad_token_decide_even_with_a_session(client, ent):
    client.force_login(ent)

    response = client.get(ME, headers=bearer("tj_wrong"))

    assert response.status_code == 401


def test_it_requires_csrf_for_writes_from_a_browser_but_not_from_a_token(ent, project, token_of):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ent)
    url = f"/api/v1/projects/{project.pk}/reports"
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    body = json.dumps({"year": last_month.year, "month": last_month.month, "completed_investment": "10"})

    without_csrf = browser.post(url, body, content_type="application/json")
    browser.get("/api-tokens/")  # sets the csrftoken cookie, as any page does
    with_csrf = browser.post(url, body, content_type="application/json",
                             headers={"X-CSRFToken": browser.cookies["csrftoken"].value})
    app = Client(enforce_csrf_checks=True).post(url, body, content_type="application/json",
                                                headers=bearer(token_of(ent)))

    assert without_csrf.status_code == 403 and "CSRF" in without_csrf.json()["detail"]
    assert with_csrf.status_code == 201
    assert app.status_code == 200


def test_it_creates_a_token_from_the_command_line(client, ent):
    out, err = io.StringIO(), io.StringIO()

    call_command("create_api_token", "ent", "--name", "数据对接脚本", stdout=out, stderr=err)
    plain = out.getvalue().strip()

    assert ApiToken.objects.get(user=ent).name == "数据对接脚本"
    assert "只显示这一次" in err.getvalue()
    assert client.get(ME, headers=bearer(plain)).status_code == 200


def test_it_refuses_a_command_line_token_for_nobody(db):
    with pytest.raises(CommandError, match="没有登录名"):
        call_command("create_api_token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())


def test_it_answers_unknown_paths_and_wrong_methods_in_json(client, ent, token_of):
    headers = bearer(token_of(ent))

    unknown = client.get("/api/v1/projects/abc", headers=headers)
    wrong_method = client.delete(ME, headers=headers)

    assert unknown.status_code == 404 and unknown.json()["detail"].startswith("没有这个接口")
    assert wrong_method.status_code == 405 and "DELETE" in wrong_method.json()["detail"]
    assert wrong_method["Allow"] == "GET"
