"""Overdue nodes feed the warnings (促建节点逾期, 黄/橙/红 in working days) and the owners' inbox."""

import datetime as dt

from django.core.management import call_command

from tuijin.accounts.models import Role
from tuijin.alerts import scan
from tuijin.alerts.models import RuleKey, Warning, WarningLevel, WarningRule
from tuijin.nodeplans import calculations
from tuijin.notifications.models import Notification, NotificationKind

D = dt.date


def test_the_summary_gives_each_projects_worst_overdue_node(plan):
    # On Tuesday 3 March 2026, counting the working days after each planned finish up to that day:
    # 合规性审查 (due 13 Feb): 14 (make-up Saturday), 24, 25, 26, 27, 28 (make-up Saturday) Feb, 2, 3 March = 8;
    # 立项/备案 (due 25 Feb): 26, 27, 28 Feb, 2, 3 March = 5 — so the worst is 合规性审查 with 8
    found = calculations.project_summaries(calculations.open_nodes(), D(2026, 3, 3))[plan.project_id]
    assert (found.worst_node, found.worst_overdue) == ("合规性审查", 8)
    assert found.overdue == 3  # 合规性审查, 立项/备案 and 用地预审 (due 2 March)
    assert found.due_soon == 1  # 环评, due 9 March, within 5 working days (4, 5, 6, 9, 10 March)


def test_the_scan_raises_a_graded_warning_for_the_late_plan(plan):
    # Given the default thresholds (黄 1, 橙 5, 红 10 working days)
    WarningRule.current()

    # When the warnings are scanned on 3 March 2026 (worst node 8 working days late)
    scan.run(D(2026, 3, 3))

    # Then the project has an orange 促建节点逾期 warning naming the node
    warning = Warning.objects.get(project=plan.project, rule=RuleKey.NODE_OVERDUE)
    assert warning.level == WarningLevel.ORANGE
    assert "合规性审查" in warning.cause and "8 个工作日" in warning.cause


def test_owners_hear_once_a_day_of_their_overdue_and_due_nodes(plan, users, capsys):
    clerk, park_staff = users[Role.DEPARTMENT_CLERK], users[Role.PARK_STAFF]

    # When the reminder runs twice on 3 March 2026
    call_command("notify_due_nodes", "--date", "2026-03-03")
    call_command("notify_due_nodes", "--date", "2026-03-03")

    # Then the department hears once of its two overdue nodes, the park once of 立项/备案
    overdue = Notification.objects.filter(kind=NotificationKind.NODE_OVERDUE)
    assert overdue.filter(recipient=clerk).count() == 1
    assert "2 个促建节点已逾期" in overdue.get(recipient=clerk).title
    assert "立项/备案" in overdue.get(recipient=park_staff).body
