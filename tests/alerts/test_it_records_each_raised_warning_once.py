"""A first scan over several projects: each new warning gets one 发出预警 event, and its unit hears of it."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.alerts import scan
from tuijin.alerts.models import RuleKey, Warning, WarningEvent, WarningEventKind, WarningLevel, WarningStatus
from tuijin.notifications.models import Notification

from ..factories import ProjectFactory, UserFactory

TODAY = dt.date(2026, 6, 15)


def late_by(days, **fields):
    return ProjectFactory(planned_start_date=TODAY - dt.timedelta(days=days), **fields)


def raised_events(warning):
    return list(WarningEvent.objects.filter(warning=warning, kind=WarningEventKind.RAISED))


def test_it_records_one_raised_event_per_new_warning_and_none_on_rescans(db):
    # Given three projects late to start by 10, 40 and 100 days
    projects = {late_by(10): WarningLevel.YELLOW, late_by(40): WarningLevel.ORANGE, late_by(100): WarningLevel.RED}

    # When the first scan runs, then twice more on the same day
    first = scan.run(TODAY)
    again = [scan.run(TODAY), scan.run(TODAY)]

    # Then each project has one open start warning at its level, with its measure
    for project, level in projects.items():
        warning = Warning.objects.get(project=project, rule=RuleKey.START_OVERDUE)
        assert (warning.level, warning.status) == (level, WarningStatus.OPEN)
        assert warning.first_raised_at == warning.level_changed_at and warning.closed_at is None
    assert Warning.objects.get(project=next(iter(projects)), rule=RuleKey.START_OVERDUE).measure == Decimal("10.0")

    # And every warning raised has exactly one 发出预警 event saying its level and cause, when it was raised
    warnings = list(Warning.objects.all())
    assert first.raised == len(warnings) >= 3 and all(result.raised == 0 for result in again)
    assert WarningEvent.objects.count() == len(warnings)
    for warning in warnings:
        [event] = raised_events(warning)
        assert (event.from_level, event.to_level, event.note) == ("", warning.level, warning.cause)
        assert event.actor is None and event.created_at == warning.first_raised_at


def test_it_gives_a_warning_raised_again_the_same_day_its_own_event(project):
    # Given a start warning that was raised and then closed, on the same simulated day
    project.planned_start_date = TODAY - dt.timedelta(days=5)
    project.save()
    scan.run(TODAY)
    project.planned_start_date = TODAY + dt.timedelta(days=30)
    project.save()
    scan.run(TODAY)

    # When the cause comes back and the scan runs again that day
    project.planned_start_date = TODAY - dt.timedelta(days=3)
    project.save()
    scan.run(TODAY)

    # Then the closed warning's history is unchanged and the new one has a single 发出预警
    closed, reopened = Warning.objects.filter(project=project, rule=RuleKey.START_OVERDUE).order_by("pk")
    kinds = list(WarningEvent.objects.filter(warning=closed).order_by("pk").values_list("kind", flat=True))
    assert kinds == [WarningEventKind.RAISED, WarningEventKind.CLOSED]
    [event] = raised_events(reopened)
    assert "已逾期 3 天" in event.note


def test_it_links_a_unit_told_of_one_new_warning_to_that_warning(project, other_project, users, other_department):
    # Given the department's one project late to start, and the other department's two
    project.planned_start_date = TODAY - dt.timedelta(days=10)
    project.save()
    other_project.planned_start_date = TODAY - dt.timedelta(days=10)
    other_project.save()
    late_by(20, name="临港二期冷库项目", responsible_unit=other_department)
    other_clerk = UserFactory(role=Role.DEPARTMENT_CLERK, organisation=other_department)

    # When the first scan runs
    scan.run(TODAY)

    # Then the department's clerk is pointed at that one warning by name
    message = Notification.objects.get(recipient=users[Role.DEPARTMENT_CLERK], kind="warning")
    warning = Warning.objects.get(project=project, rule=RuleKey.START_OVERDUE)
    assert message.url == reverse("alerts_warning", args=[warning.pk])
    assert project.name in message.title

    # And the other department's clerk gets one digest of both, linking to its warnings
    digest = Notification.objects.get(recipient=other_clerk, kind="warning")
    assert digest.title.startswith("新增或升级预警") and digest.url.endswith(f"?unit={other_department.pk}")
