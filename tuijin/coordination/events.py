"""The history writers of problems (``ProblemEvent``, the 吹哨报到 timeline) and meetings (``MeetingEvent``).

A problem's steps share one shape (from/to status and level, a department, a reason), so they
go through :func:`problem_step` with their ``EventKind``; meetings have one function per kind.
Every row carries who, when and the source (page, API, command …); rows are append-only.
"""

from django.utils import timezone

from tuijin.lib.events import build, record

from .models import MeetingEvent, MeetingEventKind, ProblemEvent


def problem_step(problem, kind, *, actor, now, from_status="", to_status="", department=None, reason="",
                 details=None, from_level="", to_level="") -> ProblemEvent:
    """Append a step to the problem's timeline."""
    return record(ProblemEvent, problem=problem, kind=kind, actor=actor, created_at=now, from_status=from_status,
                  to_status=to_status, from_level=from_level, to_level=to_level, department=department,
                  reason=reason, details=details or {})


def problem_step_row(problem_id, kind, *, actor, now, from_status="", to_status="", department=None, reason="",
                     details=None) -> ProblemEvent:
    """An unsaved step for a bulk action's :func:`bulk` (交办 of many problems)."""
    return build(ProblemEvent, problem_id=problem_id, kind=kind, actor=actor, created_at=now,
                 from_status=from_status, to_status=to_status, from_level="", to_level="", department=department,
                 reason=reason, details=details or {})


def bulk(rows) -> None:
    ProblemEvent.objects.bulk_create(rows, batch_size=2000)


def meeting_recorded(meeting, *, actor, changes, now=None) -> MeetingEvent:
    return record(MeetingEvent, meeting=meeting, kind=MeetingEventKind.CREATED, actor=actor, changes=changes,
                  created_at=now or timezone.now())


def meeting_edited(meeting, *, actor, changes, now=None) -> MeetingEvent:
    return record(MeetingEvent, meeting=meeting, kind=MeetingEventKind.EDITED, actor=actor, changes=changes,
                  created_at=now or timezone.now())


def agenda_added(meeting, problems, *, actor, now=None) -> MeetingEvent:
    """Problems put on the meeting's agenda after it was recorded (a problem climbing to level 3)."""
    names = "、".join(f"{problem.code} {problem.title}" for problem in problems)
    return record(MeetingEvent, meeting=meeting, kind=MeetingEventKind.AGENDA, actor=actor,
                  created_at=now or timezone.now(),
                  changes=[{"field": "agenda", "label": "研究的问题（议题）", "old": "", "new": names}])
