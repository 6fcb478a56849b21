"""Logging in and out, and the overview a user lands on: their own projects counted by stage."""

import re
from decimal import Decimal

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.projects.models import Stage

from .factories import ProjectFactory
from .pages import text


def stage_counts(response):
    """The number on each stage card of the home page, by stage."""
    html = response.content.decode()
    return {stage: int(count) for stage, count in
            re.findall(r'href="/projects/\?stage=(\w+)">.*?<div class="kpi fs-4">(\d+)</div>', html, re.S)}


def kpi(response, name):
    return int(re.search(rf'data-kpi="{name}">([\d,]+)<', response.content.decode()).group(1).replace(",", ""))


def test_it_shows_the_login_page_in_chinese(client):
    response = client.get(reverse("login"))

    page = text(response)
    assert response.status_code == 200
    assert "推进" in page and "重大项目全生命周期管理与招商服务平台" in page
    assert "用户名" in page and "密码" in page and "登录" in page


def test_it_refuses_a_wrong_password_in_chinese(client, users):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "wrong-pass"})

    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in text(response)
    assert "_auth_user_id" not in client.session
    # And what they typed stays in the username box
    assert 'value="coordinator"' in response.content.decode()


def test_it_refuses_an_account_that_was_switched_off(client, users):
    leaver = users[Role.PARK_STAFF]
    leaver.is_active = False
    leaver.save()

    response = client.post(reverse("login"), {"username": "park", "password": "secret-pass-123"})

    assert "请输入一个正确的用户名和密码" in text(response)
    assert "_auth_user_id" not in client.session


def test_it_logs_in_and_out(client, users):
    # Given the coordinator logs in with the right password
    response = client.post(reverse("login"), {"username": "coordinator", "password": "secret-pass-123"},
                           follow=True)

    # Then they land on their overview, with their name and role in the menu
    assert response.redirect_chain[-1][0] == reverse("home")
    page = text(response)
    assert "工作台" in page and "统筹协调（发改/投促）" in page and "退出" in page

    # When they log out (a POST, from the menu's button)
    response = client.post(reverse("logout"), follow=True)

    # Then they are back at the login page, and the overview asks them to log in again
    assert response.redirect_chain[-1][0] == reverse("login")
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("login"))


def test_it_returns_to_the_page_asked_for(client, users, project):
    url = reverse("project_detail", args=[project.pk])
    login_page = client.get(url, follow=True)
    assert f'name="next" value="{url}"' in login_page.content.decode()

    response = client.post(reverse("login"), {"username": "leader", "password": "secret-pass-123", "next": url})

    assert response.status_code == 302 and response.url == url


def test_it_does_not_log_out_on_a_get(client, users):
    client.force_login(users[Role.COORDINATOR])

    client.get(reverse("logout"))

    assert client.get(reverse("home")).status_code == 200


def test_it_counts_by_stage_the_projects_a_user_may_see(client, users, park, other_park, project, other_project):
    # Given projects in both parks at various stages
    ProjectFactory(park=park, stage=Stage.CONSTRUCTION, total_investment=Decimal("30000"))
    ProjectFactory(park=park, stage=Stage.CONSTRUCTION, total_investment=Decimal("800"))
    ProjectFactory(park=other_park, stage=Stage.CONSTRUCTION)
    ProjectFactory(park=other_park, stage=Stage.SIGNED)
    ProjectFactory(park=other_park, stage=Stage.SUSPENDED, suspended_from=Stage.CONSTRUCTION)

    # When the park staff of 高新园 opens the overview
    client.force_login(users[Role.PARK_STAFF])
    park_view = client.get(reverse("home"))

    # Then only their park's three projects are counted: 1 planning (12000 万元), 2 under construction
    counts = stage_counts(park_view)
    assert counts["planning"] == 1 and counts["construction"] == 2
    assert counts["signed"] == 0 and counts["suspended"] == 0
    assert sum(counts.values()) == kpi(park_view, "count") == 3
    assert "4.28 亿元" in text(park_view)  # 12000 + 30000 + 800 万元

    # While the coordinator sees the whole district
    client.force_login(users[Role.COORDINATOR])
    district_view = client.get(reverse("home"))
    counts = stage_counts(district_view)
    assert (counts["planning"], counts["construction"], counts["signed"], counts["suspended"]) == (2, 3, 1, 1)
    assert kpi(district_view, "count") == 7


def test_it_counts_nothing_for_an_enterprise_without_projects(client, users, other_project):
    client.force_login(users[Role.ENTERPRISE])

    response = client.get(reverse("home"))

    assert kpi(response, "count") == 0
    assert set(stage_counts(response).values()) == {0}
    assert len(stage_counts(response)) == len(Stage)
