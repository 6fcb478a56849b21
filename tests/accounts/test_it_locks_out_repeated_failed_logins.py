"""Login throttling: consecutive failures lock the account and, separately, the address, for a while."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tuijin.accounts.models import Role

from ..pages import text

RIGHT = "secret-pass-123"
START = dt.datetime(2026, 6, 18, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def log_in(client, username, password, address="127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_it_locks_the_account_at_the_fifth_failure_even_for_the_right_password(client, users, clock):
    # Given four wrong passwords, each refused as usual
    for _ in range(4):
        response = log_in(client, "coordinator", "wrong-pass")
        assert response.status_code == 200 and "请输入一个正确的用户名和密码" in text(response)

    # When the fifth is wrong too
    response = log_in(client, "coordinator", "wrong-pass")

    # Then the login page says the account is locked, for how long and until when, in Chinese
    assert response.status_code == 429
    page = text(response)
    assert "连续 5 次登录失败，该账户、地址已被锁定 30 分钟，请于 09:30 后再试" in page
    assert "请联系统筹协调人员" in page
    assert "用户名" in page and 'value="coordinator"' in response.content.decode()

    # And even the right password does not get in during the lockout
    response = log_in(client, "coordinator", RIGHT)
    assert response.status_code == 429 and "已被锁定" in text(response)
    assert not logged_in(client)


def test_it_locks_an_account_tried_from_many_addresses(client, users, clock):
    # Given five wrong passwords for one account, each from a different address
    for n in range(5):
        log_in(client, "leader", "wrong-pass", address=f"10.0.0.{n + 1}")

    # When its owner logs in from yet another address with the right password
    response = log_in(client, "leader", RIGHT, address="10.0.9.9")

    # Then the account is locked, and it says so
    assert response.status_code == 429
    assert "该账户已被锁定 30 分钟" in text(response)
    assert not logged_in(client)

    # While another account from that address logs in
    assert log_in(client, "park", RIGHT, address="10.0.9.9").status_code == 302


def test_it_locks_an_address_that_tries_many_accounts(client, users, clock):
    # Given one address trying five accounts with wrong passwords
    for username in ["leader", "coordinator", "park", "dept", "ent"]:
        log_in(client, username, "wrong-pass", address="10.1.1.1")

    # When a colleague at that address logs in with the right password
    response = log_in(client, "ent", RIGHT, address="10.1.1.1")

    # Then the address is locked
    assert response.status_code == 429 and "地址已被锁定" in text(response)
    assert not logged_in(client)

    # While the same account from another address gets in
    assert log_in(client, "leader", RIGHT, address="10.1.1.2").status_code == 302


def test_it_counts_only_consecutive_failures(client, users, clock):
    # Given four failures and then the right password
    for _ in range(4):
        log_in(client, "dept", "wrong-pass")
    assert log_in(client, "dept", RIGHT).status_code == 302
    client.post(reverse("logout"))

    # When four more failures follow
    for _ in range(4):
        response = log_in(client, "dept", "wrong-pass")

    # Then the count began again at the success: no lockout, and the right password still works
    assert response.status_code == 200 and "已被锁定" not in text(response)
    assert log_in(client, "dept", RIGHT).status_code == 302


def test_it_does_not_let_a_guesser_reset_the_count_by_logging_into_their_own_account(client, users, clock):
    # Given someone at one address guessing the coordinator's password four times,
    # then logging into their own enterprise account, then guessing once more
    for _ in range(4):
        log_in(client, "coordinator", "wrong-pass", address="10.5.5.5")
    assert log_in(client, "ent", RIGHT, address="10.5.5.5").status_code == 302
    client.post(reverse("logout"))
    log_in(client, "coordinator", "wrong-pass", address="10.5.5.5")

    # When the coordinator logs in from their own desk
    response = log_in(client, "coordinator", RIGHT, address="10.6.6.6")

    # Then their account is locked: the guesser's own logins did not clear its failures
    assert response.status_code == 429 and "该账户已被锁定" in text(response)


def test_it_lets_the_account_in_again_when_the_lockout_is_over(client, users, clock):
    # Given a locked account
    for _ in range(5):
        log_in(client, "park", "wrong-pass")
    clock.shift(dt.timedelta(minutes=29))
    assert log_in(client, "park", RIGHT).status_code == 429

    # When the thirty minutes from the last failure are over (trying during the lockout did not extend it)
    clock.shift(dt.timedelta(minutes=1, seconds=1))
    response = log_in(client, "park", RIGHT)

    # Then the right password gets in
    assert response.status_code == 302 and logged_in(client)


def test_it_takes_the_limit_and_the_duration_from_the_settings(client, users, clock, settings):
    # Given a deployment that allows three failures and locks for ten minutes
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=10)

    # When the third password is wrong
    for _ in range(3):
        response = log_in(client, "leader", "wrong-pass")

    # Then the lockout says so
    assert response.status_code == 429
    assert "连续 3 次登录失败" in text(response) and "锁定 10 分钟，请于 09:10 后再试" in text(response)


def test_it_throttles_the_admin_login_too(client, users, clock):
    # Given five wrong passwords on the admin's own login page
    for _ in range(5):
        response = client.post(reverse("admin:login"), {"username": "coordinator", "password": "wrong-pass"})

    # Then the fifth is the lockout page, and the right one is refused there as well
    assert response.status_code == 429 and "已被锁定" in text(response)
    response = client.post(reverse("admin:login"), {"username": "coordinator", "password": RIGHT})
    assert response.status_code == 429 and not logged_in(client)


def test_it_keeps_the_test_clients_logins_working(client, users):
    # Given the test client's own ways to log in, which call authenticate() without a request
    assert client.login(username="leader", password=RIGHT)
    assert client.get(reverse("home")).status_code == 200
    assert not client.login(username="leader", password="wrong-pass")

    # And force_login
    client.force_login(users[Role.PARK_STAFF])
    assert client.get(reverse("home")).status_code == 200
