"""Each rule at its yellow / orange / red boundaries (the default thresholds)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuijin.alerts import rules
from tuijin.alerts.models import RuleKey, WarningLevel, WarningRule
from tuijin.progress import actions as progress_actions
from tuijin.progress import services
from tuijin.progress.models import MonthlyReport, ReportStatus
from tuijin.projects.models import Stage

TODAY = dt.date(2026, 6, 15)
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 23, 59, 59))


def run(key):
    rule = WarningRule.current()[key]
    return rules.RULES[key](rule, TODAY, NOW)


def level_for(key, project):
    finding = run(key).get(project.pk)
    return finding.level if finding else None


@pytest.mark.parametrize("days, level", [(0, None), (1, "yellow"), (29, "yellow"), (30, "orange"), (89, "orange"),
                                         (90, "red")])
def test_it_grades_start_overdue(project, days, level):
    project.planned_start_date = TODAY - dt.timedelta(days=days)
    project.save()
    assert level_for(RuleKey.START_OVERDUE, project) == level


@pytest.mark.parametrize("days, level", [(29, None), (30, "yellow"), (60, "orange"), (90, "red")])
def test_it_grades_signed_unregistered(project, days, level):
    project.stage = Stage.SIGNED
    project.actual_sign_date = TODAY - dt.timedelta(days=days)
    project.save()
    assert level_for(RuleKey.SIGNED_UNREGISTERED, project) == level


@pytest.mark.parametrize("days, level", [(29, None), (30, "yellow"), (45, "orange"), (60, "red")])
def test_it_grades_not_filed(project, days, level):
    project.stage = Stage.CONSTRUCTION
    project.actual_start_date = TODAY - dt.timedelta(days=days)
    project.save()
    assert level_for(RuleKey.NOT_FILED, project) == level


@pytest.mark.parametrize("days, level", [(179, None), (181, "yellow"), (271, "orange"), (366, "red")])
def test_it_grades_stage_held(project, days, level):
    project.stage = Stage.PREPARATION
    project.stage_changed_at = NOW - dt.timedelta(days=days)
    project.save()
    assert level_for(RuleKey.STAGE_HELD, project) == level


@pytest.mark.parametrize("completed, level", [("3900", None), ("3500", "yellow"), ("2500", "orange"),
                                              ("1500", "red")])
def test_it_grades_progress_behind(project, completed, level):
    # Given a plan of 10,000 万元; time progress on 15 June is 45.8 %, reports count through June
    project.stage = Stage.CONSTRUCTION
    project.save()
    progress_actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(10000)})
    MonthlyReport.objects.create(project=project, year=2026, month=3, completed_investment=Decimal(completed),
                                 status=ReportStatus.APPROVED)
    progress_actions.refresh_rollup(project.pk, 2026)
    # 39 % → 6.8 behind: none; 35 % → 10.8: yellow; 25 % → 20.8: orange; 15 % → 30.8: red
    assert level_for(RuleKey.PROGRESS_BEHIND, project) == level


@pytest.mark.parametrize("today, level", [(dt.date(2026, 6, 5), None), (dt.date(2026, 6, 6), "yellow"),
                                          (dt.date(2026, 6, 10), "orange"), (dt.date(2026, 6, 20), "red")])
def test_it_grades_report_missing(project, today, level):
    # Given a plan for 2026, April reported, and no May report (due 5 June)
    progress_actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(1000)})
    MonthlyReport.objects.create(project=project, year=2026, month=4, completed_investment=1,
                                 status=ReportStatus.APPROVED)
    rule = WarningRule.current()[RuleKey.REPORT_MISSING]
    found = rules.report_missing(rule, today, NOW).get(project.pk)
    assert (found.level if found else None) == level


def test_it_measures_report_missing_from_the_oldest_unsent_month(project):
    # Given a project that reported through March and sent nothing for April and May
    progress_actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(1000)})
    MonthlyReport.objects.create(project=project, year=2026, month=3, completed_investment=1,
                                 status=ReportStatus.APPROVED)
    MonthlyReport.objects.create(project=project, year=2026, month=4, completed_investment=1,
                                 status=ReportStatus.DRAFT)
    rule = WarningRule.current()[RuleKey.REPORT_MISSING]
    # When the scan looks on 15 June (May's report was due 5 June, April's on 5 May)
    found = rules.report_missing(rule, TODAY, NOW)[project.pk]
    # Then it counts from April's deadline: 41 days, red, and says two months are missing
    deadline = services.report_deadline(2026, 4)
    assert found.measure == (TODAY - deadline).days and found.level == WarningLevel.RED
    assert "4月起连续 2 个月未报送月报" in found.cause


def test_it_clears_report_missing_once_sent(project):
    progress_actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(1000)})
    MonthlyReport.objects.create(project=project, year=2026, month=5, completed_investment=1,
                                 status=ReportStatus.SUBMITTED)
    assert level_for(RuleKey.REPORT_MISSING, project) is None


def test_it_uses_thresholds_a_coordinator_changed(project):
    # Given the coordinator made red start at 20 days
    WarningRule.current()
    WarningRule.objects.filter(key=RuleKey.START_OVERDUE).update(orange=None, red=20)
    project.planned_start_date = TODAY - dt.timedelta(days=25)
    project.save()
    assert level_for(RuleKey.START_OVERDUE, project) == WarningLevel.RED
