"""The Gantt's actual bar of a terminated project stops on the day it was terminated, not today."""

import datetime as dt

from django.utils import timezone

from tuijin.alerts import battlemap
from tuijin.projects.models import Project, Stage

TODAY = dt.date(2026, 10, 1)


def _bars(project):
    [row], _ = battlemap.gantt(Project.objects.filter(pk=project.pk), 2026, TODAY)
    return row.actual


def test_it_stops_the_actual_bar_at_the_termination(project):
    # Given a project started on 1 March and terminated on 30 June
    project.actual_start_date = dt.date(2026, 3, 1)
    project.save()
    running = _bars(project)
    Project.objects.filter(pk=project.pk).update(
        stage=Stage.TERMINATED, stage_changed_at=timezone.make_aware(dt.datetime(2026, 6, 30, 15)))

    # When the Gantt is drawn on 1 October
    stopped = _bars(project)

    # Then the bar starts where it did and ends at 30 June (about half the year), not at today
    assert stopped.left == running.left
    june_30 = round((dt.date(2026, 6, 30) - dt.date(2026, 1, 1)).days * 100 / 364, 2)
    assert round(stopped.left + stopped.width, 2) == june_30
    assert running.left + running.width > june_30 + 20


def test_it_says_when_on_the_page(client, users, project):
    project.actual_start_date = dt.date(2026, 3, 1)
    project.save()
    Project.objects.filter(pk=project.pk).update(
        stage=Stage.TERMINATED, stage_changed_at=timezone.make_aware(dt.datetime(2026, 6, 30, 15)))
    client.force_login(users["coordinator"])
    page = client.get("/battle-map/timeline/?year=2026").content.decode()
    assert "实际 2026-03-01 → 2026-06-30 终止" in page
