"""Hand-typed query strings never crash a page: each parameter is read by ``tuijin.lib.params``.

A value out of range falls back to what the page shows by default, or — where the page names what it is
about (未报送月报 of one month) — is a 400 that says what was wrong, in Chinese.
"""

import pytest

from tuijin.accounts.models import Role

from .pages import text

HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [
    "/promotion/?cohort=-1",
    f"/promotion/funnel/?cohort={HUGE}",
    f"/battle-map/warnings/?unit={HUGE}&project={HUGE}",
    f"/coordination/?project={HUGE}",
    "/coordination/?project=²",
])
def test_it_shows_the_page_for_junk_parameters(client, users, project, url):
    # Given a coordinator who follows a link with a mangled parameter
    client.force_login(users[Role.COORDINATOR])

    # When the page opens
    response = client.get(url)

    # Then it shows as it would without the parameter (or a plain 404 for an id that names nothing)
    assert response.status_code in (200, 404), url


@pytest.mark.parametrize("query, message", [
    ("year=0", "年度须在 2000—"),
    ("year=2026&month=13", "参数“月份”须在 1—12 之间"),
    ("year=abc", "参数“年度”须为整数"),
    (f"year={HUGE}", "参数“年度”须为整数"),
])
def test_it_says_which_month_parameter_is_wrong(client, users, query, message):
    # Given a link to the missing-report list for a month that cannot be
    client.force_login(users[Role.COORDINATOR])

    # When it is opened
    response = client.get(f"/progress/missing/?{query}")

    # Then the page says, in Chinese, what is wrong with it
    assert response.status_code == 400
    assert message in text(response)

