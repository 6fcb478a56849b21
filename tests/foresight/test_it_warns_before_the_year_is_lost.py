"""The warning rule 预计完不成年度计划: it fires when the probability of meeting the plan falls below a level's line."""

import datetime as dt

import pytest
from django.utils import timezone

from tuijin.alerts import rules
from tuijin.alerts.models import RuleKey, WarningLevel, WarningRule
from tests.factories import ProjectFactory

from .stored import store

TODAY = dt.date(2026, 6, 15)  # May's reports are due: five months known
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 12))


@pytest.fixture
def pair(park, project):
    slow = ProjectFactory(park=park)
    store(park, project, slow)
    return project, slow


def run():
    return rules.RULES[RuleKey.FORECAST_SHORTFALL](WarningRule.current()[RuleKey.FORECAST_SHORTFALL], TODAY, NOW)


def test_it_warns_red_for_a_project_that_will_very_likely_miss(pair):
    fast, slow = pair
    found = run()
    # Given the slow project's chance is 0.5/21 (2.4%): a 97.6% chance of missing is past red (90)
    assert found[slow.pk].level == WarningLevel.RED
    assert float(found[slow.pk].measure) == pytest.approx(97.6, abs=0.05)
    assert "预计全年完成 800 万元" in found[slow.pk].cause
    # and the fast one (99% likely to make it) is not warned
    assert fast.pk not in found


def test_it_stays_quiet_when_the_chance_of_missing_is_under_every_line(pair):
    fast, slow = pair
    WarningRule.current()
    WarningRule.objects.filter(key=RuleKey.FORECAST_SHORTFALL).update(yellow=98, orange=None, red=None)
    # 97.6% of missing is under the single 98 line
    assert slow.pk not in run()
    WarningRule.objects.filter(key=RuleKey.FORECAST_SHORTFALL).update(yellow=97)
    assert run()[slow.pk].level == WarningLevel.YELLOW


def test_it_waits_for_two_months_of_reports(pair):
    rule = WarningRule.current()[RuleKey.FORECAST_SHORTFALL]
    assert rules.forecast_shortfall(rule, dt.date(2026, 2, 20), NOW) == {}


def test_it_reads_the_rollups_in_a_few_queries(pair, django_assert_max_num_queries):
    rule = WarningRule.current()[RuleKey.FORECAST_SHORTFALL]
    with django_assert_max_num_queries(4):
        rules.forecast_shortfall(rule, TODAY, NOW)
