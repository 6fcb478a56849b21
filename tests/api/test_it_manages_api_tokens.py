"""The "API 令牌" page: a user creates a token (shown once) and revokes their own tokens, nobody else's."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.api import actions
from tuijin.api.models import ApiToken

from ..pages import form_data, text
from .conftest import bearer

PAGE = "/api-tokens/"


@pytest.fixture
def ent(users):
    return users[Role.ENTERPRISE]


def test_it_creates_a_token_shown_once(client, ent):
    client.force_login(ent)
    page = client.get(PAGE)
    assert page.status_code == 200 and "API 令牌" in text(page)

    created = client.post(PAGE, form_data(page) | {"name": "手机App"})

    token = ApiToken.objects.get(user=ent)
    plain = _shown_token(created)
    assert plain.startswith(token.prefix) and token.name == "手机App"
    assert "只显示这一次" in text(created)
    assert "no-store" in created["Cache-Control"]
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 200
    again = client.get(PAGE).content.decode()
    assert plain not in again and token.prefix in again


def _shown_token(response):
    import re

    match = re.search(r'value="(tj_[^"]+)"', response.content.decode())
    assert match, "the new token is not on the page"
    return match.group(1)


def test_it_revokes_a_token(client, ent):
    token, plain = actions.create_token(ent)
    client.force_login(ent)

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 302 and response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == ent
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401
    assert "已吊销" in text(client.get(PAGE))


def test_it_does_not_let_anyone_revoke_someone_elses_token(client, ent, users):
    token, plain = actions.create_token(ent)
    client.force_login(users[Role.COORDINATOR])

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get(PAGE).content.decode().count(token.prefix) == 0  # nor even see it on their page


def test_it_revokes_only_by_post(client, ent):
    token, _ = actions.create_token(ent)
    client.force_login(ent)

    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_sends_anonymous_visitors_to_log_in(client, db):
    assert client.get(PAGE)["Location"].startswith("/login/")


def test_it_caps_the_number_of_active_tokens(client, ent):
    for _ in range(actions.MAX_ACTIVE_TOKENS):
        actions.create_token(ent)
    client.force_login(ent)

    response = client.post(PAGE, {"name": "又一个"})

    assert response.status_code == 400 and "最多同时持有" in text(response)
    assert ApiToken.objects.filter(user=ent).count() == actions.MAX_ACTIVE_TOKENS


def test_it_lets_coordinators_revoke_tokens_in_the_admin_but_not_see_plain_ones(client, ent, coordinator):
    token, plain = actions.create_token(ent)
    client.force_login(coordinator)

    change = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    add = client.get(reverse("admin:api_apitoken_add"))
    revoke = client.post(reverse("admin:api_apitoken_changelist"),
                         {"action": "revoke_selected", "_selected_action": [token.pk]})

    assert change.status_code == 200 and plain not in change.content.decode()
    assert 'name="key_hash"' not in change.content.decode()  # read-only
    assert add.status_code == 403
    assert revoke.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == coordinator
