"""The 登录锁定 page: coordinators see locked accounts and addresses and unlock them before their time."""

import datetime as dt

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

from ..pages import text


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)


def fail(client, username, times, address="10.2.2.2"):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong-pass"}, REMOTE_ADDR=address)


def test_it_lists_locked_accounts_and_addresses_and_unlocks_one(client, users):
    # Given the park clerk locked out from 10.2.2.2, and a leader with only two failures
    fail(client, "park", 5)
    fail(client, "leader", 2, address="10.3.3.3")

    # When a coordinator opens 登录锁定 from the user menu
    client.force_login(users[Role.COORDINATOR])
    assert 'href="/account/lockouts/"' in client.get(reverse("home")).content.decode()
    page = text(client.get(reverse("lockouts")))

    # Then the locked account and the locked address are listed with their counts; the leader is not
    assert "账户 park 5" in page and "地址 10.2.2.2 5" in page
    assert "leader" not in page.replace("区领导", "")

    # When they unlock the account
    response = client.post(reverse("lockout_release"), {"kind": "username", "value": "park"}, follow=True)

    # Then they are told, the account is no longer listed, and the clerk logs in (from another address)
    assert "已解除账户“park”的登录锁定，可以立即重新登录。" in text(response)
    assert "账户 park" not in text(response)
    client.post(reverse("logout"))
    login = client.post(reverse("login"), {"username": "park", "password": "secret-pass-123"}, REMOTE_ADDR="10.9.9.9")
    assert login.status_code == 302


def test_it_unlocks_an_address(client, users):
    fail(client, "someone-unknown", 5, address="10.4.4.4")
    client.force_login(users[Role.COORDINATOR])

    response = client.post(reverse("lockout_release"), {"kind": "ip_address", "value": "10.4.4.4"}, follow=True)

    assert "已解除地址“10.4.4.4”的登录锁定" in text(response)
    assert "当前没有被锁定的账户或地址。" in text(response)


def test_it_says_so_when_there_was_nothing_to_unlock(client, users):
    client.force_login(users[Role.COORDINATOR])

    response = client.post(reverse("lockout_release"), {"kind": "username", "value": "park"}, follow=True)

    assert "账户“park”当前没有被锁定。" in text(response)


def test_it_refuses_an_unknown_kind_in_chinese(client, users):
    client.force_login(users[Role.COORDINATOR])

    response = client.post(reverse("lockout_release"), {"kind": "password", "value": "x"}, follow=True)

    assert response.status_code == 200
    assert "无法识别的锁定类型“password”，只能解锁账户或地址。" in text(response)


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_it_refuses_everyone_but_coordinators(client, users, role):
    # Given the coordinator's own account locked out
    fail(client, "coordinator", 5)

    # When someone who is not a coordinator opens the page or tries to unlock
    client.force_login(users[role])
    listing = client.get(reverse("lockouts"))
    release = client.post(reverse("lockout_release"), {"kind": "username", "value": "coordinator"})

    # Then both are refused in Chinese, the menu has no entry, and the lockout stays
    assert listing.status_code == 403 and "只有统筹协调人员可以查看和解除登录锁定。" in text(listing)
    assert release.status_code == 403 and "只有统筹协调人员可以解除登录锁定。" in text(release)
    assert 'href="/account/lockouts/"' not in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    login = client.post(reverse("login"), {"username": "coordinator", "password": "secret-pass-123"},
                        REMOTE_ADDR="10.9.9.9")
    assert login.status_code == 429


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    assert client.get(reverse("lockouts")).url.startswith(reverse("login"))
    assert client.post(reverse("lockout_release"), {"kind": "username", "value": "x"}).url.startswith(reverse("login"))
