"""Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after logging in."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tuijin.accounts.models import Role

from ..pages import text

START = dt.datetime(2026, 6, 18, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_MAX_HOURS = 12


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def logged_in(client, users, clock):
    response = client.post(reverse("login"), {"username": "park", "password": "secret-pass-123"})
    assert response.status_code == 302
    return client


def test_it_keeps_a_session_that_is_used(logged_in, clock, project):
    # Given a user who works on for eleven hours, never pausing 30 minutes
    for _ in range(11 * 3):
        clock.shift(dt.timedelta(minutes=20))
        assert logged_in.get(reverse("home")).status_code == 200


def test_it_logs_out_after_thirty_idle_minutes(logged_in, clock, project):
    # Given a user who leaves their desk for 31 minutes
    clock.shift(dt.timedelta(minutes=31))

    # When they open a project
    url = reverse("project_detail", args=[project.pk])
    response = logged_in.get(url)

    # Then they are sent to log in again, told why, and come back to the project afterwards
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
    login = logged_in.get(response.url)
    assert "登录已超时，请重新登录" in text(login)
    assert f'name="next" value="{url}"' in login.content.decode()
    assert "_auth_user_id" not in logged_in.session


def test_it_allows_just_under_the_idle_limit(logged_in, clock):
    clock.shift(dt.timedelta(minutes=29, seconds=59))

    assert logged_in.get(reverse("home")).status_code == 200


def test_it_logs_out_after_twelve_hours_however_busy(logged_in, clock):
    # Given a user active every ten minutes since 09:00
    for _ in range(12 * 6 - 1):
        clock.shift(dt.timedelta(minutes=10))
        assert logged_in.get(reverse("home")).status_code == 200

    # When twelve hours have passed since they logged in
    clock.shift(dt.timedelta(minutes=10, seconds=1))
    response = logged_in.get(reverse("home"), follow=True)

    # Then they must log in again
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "登录已超时，请重新登录" in text(response)


def test_it_redirects_an_htmx_request_as_a_whole_page(logged_in, clock):
    # Given an idle session and a list page filtering through htmx
    clock.shift(dt.timedelta(minutes=45))

    # When the filter fires
    response = logged_in.get(reverse("project_list") + "?stage=construction", HTTP_HX_REQUEST="true",
                             HTTP_HX_CURRENT_URL="http://testserver/projects/?stage=construction")

    # Then htmx is told to load the login page, coming back to the list afterwards
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/projects/%3Fstage%3Dconstruction"
    assert "_auth_user_id" not in logged_in.session


def test_it_takes_the_limits_from_the_settings(logged_in, clock, settings):
    # Given a deployment with a five-minute idle limit
    settings.SESSION_IDLE_MINUTES = 5
    clock.shift(dt.timedelta(minutes=4))
    assert logged_in.get(reverse("home")).status_code == 200

    # When six minutes pass
    clock.shift(dt.timedelta(minutes=6))

    # Then the session is over
    assert logged_in.get(reverse("home")).status_code == 302


def test_it_times_sessions_made_by_force_login_too(client, users, clock):
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("home")).status_code == 200

    clock.shift(dt.timedelta(hours=1))

    assert client.get(reverse("home")).status_code == 302
