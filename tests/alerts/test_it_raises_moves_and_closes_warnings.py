"""The Done-when lifecycle: yellow → red → closed by itself, never duplicated across scans."""

import datetime as dt

from django.core.management import call_command

from tuijin.alerts import scan
from tuijin.alerts.models import RuleKey, Warning, WarningEvent, WarningLevel, WarningStatus
from tuijin.projects.models import Stage

TODAY = dt.date(2026, 6, 15)


def start_warnings(project):
    return Warning.objects.filter(project=project, rule=RuleKey.START_OVERDUE)


def test_it_raises_yellow_then_red_then_closes_without_duplicates(project):
    # Given a project planned to start 10 days ago that has not started
    project.stage = Stage.PREPARATION
    project.planned_start_date = TODAY - dt.timedelta(days=10)
    project.save()

    # When the scan runs twice
    scan.run(TODAY)
    scan.run(TODAY)

    # Then there is exactly one yellow warning
    warning = start_warnings(project).get()
    assert (warning.level, warning.status) == (WarningLevel.YELLOW, WarningStatus.OPEN)
    assert "已逾期 10 天仍未开工" in warning.cause

    # When the planned date moves back so it is 100 days late, scanned twice
    project.planned_start_date = TODAY - dt.timedelta(days=100)
    project.save()
    scan.run(TODAY)
    scan.run(TODAY)

    # Then the same warning is red
    warning.refresh_from_db()
    assert warning.level == WarningLevel.RED
    assert start_warnings(project).count() == 1

    # When the project starts, and the scan runs (twice)
    project.actual_start_date = TODAY
    project.stage = Stage.CONSTRUCTION
    project.save()
    scan.run(TODAY)
    scan.run(TODAY)

    # Then the warning closed by itself and none is open
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED and warning.closed_at is not None
    assert start_warnings(project).count() == 1
    kinds = list(WarningEvent.objects.filter(warning=warning).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["raised", "level_up", "closed"]


def test_it_lowers_a_level_when_the_cause_eases(project):
    # Given a red start warning
    project.planned_start_date = TODAY - dt.timedelta(days=120)
    project.save()
    scan.run(TODAY)
    # When the plan is moved to 40 days ago
    project.planned_start_date = TODAY - dt.timedelta(days=40)
    project.save()
    result = scan.run(TODAY)
    # Then it is orange, lowered once
    assert result.lowered == 1
    assert start_warnings(project).get().level == WarningLevel.ORANGE


def test_it_raises_a_new_warning_after_one_closed(project):
    # Given a warning that closed
    project.planned_start_date = TODAY - dt.timedelta(days=5)
    project.save()
    scan.run(TODAY)
    project.planned_start_date = TODAY + dt.timedelta(days=30)
    project.save()
    scan.run(TODAY)
    # When the cause comes back
    project.planned_start_date = TODAY - dt.timedelta(days=3)
    project.save()
    scan.run(TODAY)
    # Then one closed and one open warning exist
    assert sorted(start_warnings(project).values_list("status", flat=True)) == ["closed", "open"]


def test_it_runs_from_the_command_with_a_simulated_day(project, capsys):
    # Given a project planned to start long ago
    project.planned_start_date = dt.date(2026, 1, 1)
    project.save()
    # When the command runs on a given day
    call_command("scan_warnings", "--today", "2026-06-15")
    # Then it says what it did
    assert "新增预警" in capsys.readouterr().out
    assert start_warnings(project).get().level == WarningLevel.RED
