"""``seed_problems``: demo problems on the demo district, made by the real actions, at desk hours."""

import io

import pytest
from django.core.management import CommandError, call_command

from tuijin.coordination.models import Level, Meeting, Problem, ProblemEvent, ProblemKind
from tuijin.demo import district as demo

from .clock import CHINA, at, pin


@pytest.fixture
def demo_district(db, monkeypatch):
    demo.seed(projects=60, seed=7)
    pin(monkeypatch, at(6, 24, 15))


def test_it_seeds_problems_at_every_step_and_level(demo_district):
    out = io.StringIO()
    call_command("seed_problems", "--count", "30", stdout=out)

    assert "问题和交办事项 32 件，会议 2 次" in out.getvalue()
    problems = Problem.objects.all()
    assert problems.filter(kind=ProblemKind.ACTION_ITEM).count() == 2
    assert {problem.level for problem in problems} == {Level.DEPARTMENT, Level.LEADER, Level.MEETING}
    assert len({problem.status for problem in problems}) >= 5
    # People act at their desks: every step taken by a person falls within working hours
    by_people = ProblemEvent.objects.filter(actor__isnull=False).exclude(kind__in=["escalated", "on_agenda"])
    assert all(9 <= event.created_at.astimezone(CHINA).hour <= 17 for event in by_people)
    # The level-3 problems are on the coming 调度会's agenda
    coming = Meeting.objects.order_by("-held_at").first()
    assert set(coming.agenda.all()) == set(problems.filter(level=Level.MEETING))


def test_it_writes_only_into_an_empty_table(demo_district):
    call_command("seed_problems", "--count", "3", stdout=io.StringIO())

    with pytest.raises(CommandError, match="已有"):
        call_command("seed_problems", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_problems", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
