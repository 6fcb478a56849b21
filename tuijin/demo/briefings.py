"""报表简报 demo: a scheduling meeting with lagging projects and escalated problems on it, last month's district
briefing and that meeting's pack, made as the page makes them (runs with their files), so the page has a history
to download from the start."""

import datetime as dt

from django.utils import timezone

from tuijin.accounts.models import Role, User
from tuijin.briefings import actions as briefings, runner
from tuijin.briefings.models import DocumentKind
from tuijin.coordination import actions as coordination
from tuijin.coordination.calculations import lagging_projects
from tuijin.coordination.models import MeetingKind, Problem, ProblemStatus


def seed_briefings(*, today: dt.date | None = None) -> int:
    """The meeting, then two runs made at once (about ten seconds with LibreOffice); returns the runs made."""
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    if coordinator is None:
        return 0
    today = today or timezone.localdate()
    agenda = list(Problem.objects.filter(project__isnull=False).exclude(status=ProblemStatus.CLOSED)
                  .order_by("-level", "deadline", "pk")[:4])
    agenda_projects = {problem.project_id for problem in agenda}
    lagging = [row.project for row in lagging_projects(today)[:6] if row.project.pk not in agenda_projects][:3]
    held = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 30)))
    meeting = coordination.record_meeting(actor=coordinator, data={
        "kind": MeetingKind.SCHEDULING, "title": f"{held:%-m月%-d日}重大项目专题调度会", "held_at": held,
        "place": "区政府5楼会议室", "chaired_by": "区长",
        "attendees": "发改局、投促局、自然资源和规划局、住建局、各园区管委会"}, projects=lagging, agenda=agenda)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    runs = [briefings.request_run(DocumentKind.MONTHLY, actor=coordinator, month=last_month),
            briefings.request_run(DocumentKind.MEETING, actor=coordinator, meeting=meeting)]
    for run in runs:
        runner.run(run.pk)
    return len(runs)
