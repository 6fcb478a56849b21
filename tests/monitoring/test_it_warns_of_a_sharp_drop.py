"""A sharp monthly drop of a fixture enterprise's output raises 重点企业指标下滑 through the warning scan."""

import datetime as dt

from tuijin.accounts.models import Role
from tuijin.alerts import scan
from tuijin.alerts.models import RuleKey, WarningRule
from tuijin.monitoring.models import DropRule, DropStatus, DropWarning
from tuijin.notifications.models import Notification


def _steady(year_from, months, value):
    return {(year_from + (m - 1) // 12, (m - 1) % 12 + 1): {"output": value, "electricity": 50} for m in months}


def test_a_sharp_drop_in_output_raises_a_warning_and_recovery_closes_it(enterprise, other_enterprise, approved,
                                                                       users):
    # Given 2025 output 1000 a month; in 2026-03 the enterprise makes 700 (−30 %), the other one stays at 1000
    months = _steady(2025, range(1, 15), 1000)
    months[(2026, 3)] = {"output": 700, "electricity": 50}
    approved(enterprise, months)
    approved(other_enterprise, _steady(2025, range(1, 16), 1000))

    # When the warning scan runs in April 2026
    scan.run(dt.date(2026, 4, 10))

    # Then one 产值 warning on the enterprise, graded orange (30 % ≥ the rule's orange threshold), its park told
    warning = DropWarning.objects.get()
    assert (warning.enterprise_id, warning.indicator, warning.level, warning.status) == (
        enterprise.pk, "output", "orange", DropStatus.OPEN)
    assert "2026年3月产值同比 -30.0%" in warning.cause
    assert Notification.objects.filter(recipient=users[Role.PARK_STAFF], title__contains=enterprise.name).exists()

    # When the scan runs again the same day, nothing new is raised; when the rule is off, it closes
    scan.run(dt.date(2026, 4, 10))
    assert DropWarning.objects.count() == 1
    WarningRule.objects.filter(key=RuleKey.KEY_ENTERPRISE_DROP).update(yellow=40, orange=60, red=80)
    scan.run(dt.date(2026, 4, 11))
    warning.refresh_from_db()
    assert warning.status == DropStatus.CLOSED


def test_a_single_month_of_falling_electricity_is_not_yet_a_drop(enterprise, approved):
    # Given electricity down 40 % in one month only (its condition is two months running), output steady
    months = _steady(2025, range(1, 15), 1000)
    months[(2026, 3)] = {"output": 1000, "electricity": 30}
    approved(enterprise, months)

    # When the scan runs, Then no warning; after a second month down, one for 用电量
    scan.run(dt.date(2026, 4, 10))
    assert not DropWarning.objects.exists()
    assert DropRule.objects.get(indicator="electricity").months == 2
    approved(enterprise, {(2026, 4): {"output": 1000, "electricity": 30}})
    scan.run(dt.date(2026, 5, 10))
    assert list(DropWarning.objects.values_list("indicator", flat=True)) == ["electricity"]
