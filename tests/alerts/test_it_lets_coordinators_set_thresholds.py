import pytest

from tuijin.accounts.models import Role
from tuijin.alerts.models import RuleKey, WarningRule

from ..pages import text

URL = "/battle-map/rules/start_overdue/"


def test_it_saves_thresholds_from_the_rules_page(client, users):
    client.force_login(users[Role.COORDINATOR])
    page = text(client.get("/battle-map/rules/"))
    assert "计划开工未开工" in page and "保存" in page
    response = client.post(URL, {"start_overdue-enabled": "on", "start_overdue-yellow": "5",
                                 "start_overdue-orange": "15", "start_overdue-red": "45"}, follow=True)
    assert "阈值已保存" in text(response)
    rule = WarningRule.objects.get(key=RuleKey.START_OVERDUE)
    assert (rule.yellow, rule.orange, rule.red) == (5, 15, 45)
    assert rule.updated_by == users[Role.COORDINATOR]


def test_it_refuses_thresholds_out_of_order(client, users):
    client.force_login(users[Role.COORDINATOR])
    WarningRule.current()
    response = client.post(URL, {"start_overdue-enabled": "on", "start_overdue-yellow": "50",
                                 "start_overdue-orange": "15", "start_overdue-red": "45"}, follow=True)
    assert "黄 ≤ 橙 ≤ 红" in text(response)
    assert WarningRule.objects.get(key=RuleKey.START_OVERDUE).yellow == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_it_refuses_everyone_else(client, users, role):
    WarningRule.current()
    client.force_login(users[role])
    response = client.post(URL, {"start_overdue-enabled": "on", "start_overdue-yellow": "0"})
    assert response.status_code == 403
    assert WarningRule.objects.get(key=RuleKey.START_OVERDUE).yellow == 1


def test_it_shows_readers_the_thresholds_without_forms(client, users):
    client.force_login(users[Role.LEADER])
    response = client.get("/battle-map/rules/")
    assert response.status_code == 200 and "保存" not in text(response)
