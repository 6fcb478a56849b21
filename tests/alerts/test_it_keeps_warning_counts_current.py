"""The dashboard's warning counts from the kept cells (``alerts.warningcells``) equal the live count after writes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuijin.alerts import dashboard, warningcells
from tuijin.alerts.models import RuleKey, Warning, WarningCellChange, WarningLevel, WarningStatus
from tuijin.projects.models import Project

from ..factories import ProjectFactory

AS_OF = dt.date(2026, 11, 23)


def warn(project, rule, level, status=WarningStatus.OPEN):
    now = timezone.now()
    return Warning.objects.create(project=project, rule=rule, level=level, status=status, cause="测试",
                                  measure=Decimal(10), first_raised_at=now, level_changed_at=now)


def assert_kept_equals_live(park=None):
    projects = Project.objects.filter(park=park) if park else Project.objects.all()
    kept = warningcells.counts({"park_id": park.pk} if park else {})
    assert kept is not None, "the kept cells were not used"
    assert kept == dashboard.warning_counts(projects)
    assert not WarningCellChange.objects.exists()
    return kept


@pytest.fixture
def warned(db, park, other_park):
    a, b = ProjectFactory(name="A", park=park), ProjectFactory(name="B", park=park)
    c = ProjectFactory(name="C", park=other_park)
    warn(a, RuleKey.START_OVERDUE, WarningLevel.RED)
    warn(a, RuleKey.NOT_FILED, WarningLevel.RED)
    warn(b, RuleKey.START_OVERDUE, WarningLevel.YELLOW)
    warn(c, RuleKey.REPORT_MISSING, WarningLevel.ORANGE, status=WarningStatus.ACKNOWLEDGED)
    return {"A": a, "B": b, "C": c}


def test_kept_counts_follow_raised_moved_and_closed_warnings(warned, park, other_park):
    counts = assert_kept_equals_live()
    assert counts[WarningLevel.RED] == {"projects": 1, "warnings": 2}
    # When the scan raises one, moves one up a level and closes another, in bulk (no signals)
    warn(warned["C"], RuleKey.STAGE_HELD, WarningLevel.RED)
    Warning.objects.filter(project=warned["B"]).update(level=WarningLevel.ORANGE)
    Warning.objects.filter(project=warned["A"], rule=RuleKey.NOT_FILED).update(status=WarningStatus.CLOSED)
    # Then the kept counts are the live ones, district-wide and per park
    counts = assert_kept_equals_live()
    assert counts[WarningLevel.RED] == {"projects": 2, "warnings": 2}
    assert counts[WarningLevel.ORANGE] == {"projects": 2, "warnings": 2}
    assert_kept_equals_live(park)
    assert_kept_equals_live(other_park)


def test_kept_counts_follow_projects_moved_and_deleted(warned, park, other_park):
    assert_kept_equals_live(park)
    # When a warned project moves to the other park and another is deleted with its warnings
    Project.objects.filter(pk=warned["A"].pk).update(park=other_park)
    warned["B"].delete()
    # Then each park counts what it now holds
    assert assert_kept_equals_live(park) == {level: {"projects": 0, "warnings": 0} for level in WarningLevel}
    assert assert_kept_equals_live(other_park)[WarningLevel.RED] == {"projects": 1, "warnings": 2}
    assert_kept_equals_live()


def test_without_a_cell_scope_the_counts_are_live(warned, park):
    assert warningcells.counts(None) is None
    assert dashboard.warning_counts(Project.objects.filter(park=park))[WarningLevel.RED] == \
        {"projects": 1, "warnings": 2}
