"""A warning rule's switch and thresholds decide which projects are flagged: each change is on the rules page,
with who made it, through which door, and the old and new values."""

import pytest

from tuijin.accounts.models import Role
from tuijin.alerts.models import RuleEvent, RuleKey, WarningRule

from ..pages import text

URL = "/battle-map/rules/start_overdue/"


def test_a_threshold_change_shows_in_the_rules_history(client, users):
    # Given the default rules and a coordinator on the rules page
    WarningRule.current()
    client.force_login(users[Role.COORDINATOR])
    assert "预警规则尚未修改过" in text(client.get("/battle-map/rules/"))

    # When they raise the red threshold and switch the rule off
    client.post(URL, {"start_overdue-yellow": "1", "start_overdue-orange": "30", "start_overdue-red": "60"})

    # Then the rules page lists the change: the rule, who, where from, old and new
    page = text(client.get("/battle-map/rules/"))
    history = page.split("修改记录", 1)[1]
    assert "计划开工未开工" in history
    assert "来源：页面" in history
    assert "启用： 是 → 否" in history
    assert "红色阈值： 90.0 → 60.0" in history
    assert "橙色阈值" not in history
    assert str(users[Role.COORDINATOR]) in history


def test_saving_the_same_thresholds_again_adds_nothing(client, users):
    rule = WarningRule.current()[RuleKey.START_OVERDUE]
    client.force_login(users[Role.COORDINATOR])

    client.post(URL, {"start_overdue-enabled": "on", "start_overdue-yellow": str(rule.yellow),
                      "start_overdue-orange": str(rule.orange), "start_overdue-red": str(rule.red)})

    assert not RuleEvent.objects.exists()


def test_a_refused_change_leaves_no_history(client, users):
    # Thresholds out of order are refused with the reason, and nothing is logged
    WarningRule.current()
    client.force_login(users[Role.COORDINATOR])
    response = client.post(URL, {"start_overdue-enabled": "on", "start_overdue-yellow": "50",
                                 "start_overdue-orange": "15", "start_overdue-red": "45"}, follow=True)
    assert "黄 ≤ 橙 ≤ 红" in text(response)
    assert not RuleEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARK_STAFF])
def test_others_may_not_change_a_rule_and_leave_no_history(client, users, role):
    WarningRule.current()
    client.force_login(users[role])
    assert client.post(URL, {"start_overdue-enabled": "on", "start_overdue-yellow": "0"}).status_code == 403
    assert not RuleEvent.objects.exists()
