import datetime as dt

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from tuijin.accounts.access import can_file_problem, can_see_meetings, can_see_scorecards, may_file_problems
from tuijin.coordination.models import OPEN_STATUSES, Level, Problem, ProblemStatus, ReplyOutcome

register = template.Library()

STATUS_COLOURS = {
    ProblemStatus.SUBMITTED: "secondary", ProblemStatus.ASSIGNED: "primary", ProblemStatus.ACCEPTED: "info",
    ProblemStatus.IN_PROGRESS: "warning", ProblemStatus.REPLIED: "teal", ProblemStatus.CLOSED: "success",
    ProblemStatus.RETURNED: "danger",
}
LEVEL_COLOURS = {Level.DEPARTMENT: "light", Level.LEADER: "warning", Level.MEETING: "danger"}


@register.simple_tag
def problem_status(problem):
    return format_html('<span class="badge problem-status problem-{}" data-testid="problem-status">{}</span>',
                       problem.status, problem.get_status_display())


@register.simple_tag
def problem_level(problem):
    colour = LEVEL_COLOURS.get(problem.level, "light")
    text = " text-dark" if colour in ("light", "warning") else ""
    return format_html('<span class="badge text-bg-{}{}" data-testid="problem-level">{}</span>', colour, text,
                       problem.get_level_display())


@register.simple_tag
def deadline(problem, now):
    """The deadline, red when passed while a department still has the problem."""
    if problem.deadline is None:
        return "—"
    overdue = problem.status in OPEN_STATUSES and problem.deadline < now
    text = timezone.localtime(problem.deadline).strftime("%Y-%m-%d %H:%M")
    if overdue:
        return format_html('<span class="text-danger fw-semibold">{} <i class="bi bi-alarm"></i> 逾期</span>', text)
    return text


@register.simple_tag(takes_context=True)
def project_problems_link(context, project):
    """The project page's "问题（N）" button, and 吹哨 for those who may file about the project."""
    user = context["request"].user
    count = Problem.objects.visible_to(user).filter(project=project).count()
    html = format_html(
        '<a class="btn btn-outline-secondary btn-sm" href="{}?project={}&amp;mine=0" data-testid="project-problems">'
        '<i class="bi bi-megaphone"></i> 问题（{}）</a>',
        reverse("coordination_problems"), project.pk, count)
    if may_file_problems(user) and can_file_problem(user, project=project):
        html += format_html(
            ' <a class="btn btn-outline-danger btn-sm" href="{}?project={}" data-testid="file-problem">'
            '<i class="bi bi-broadcast"></i> 吹哨</a>', reverse("coordination_file"), project.pk)
    return html


@register.inclusion_tag("coordination/_tabs.html", takes_context=True)
def coordination_tabs(context, section):
    user = context["request"].user
    return {"section": section, "meetings": can_see_meetings(user), "scorecards": can_see_scorecards(user)}


EVENT_DETAILS = {
    "co_departments": lambda value: f"协办部门：{'、'.join(value)}" if value else "",
    "working_days": lambda value: f"办理时限 {value} 个工作日",
    "accept_due": lambda value: f"报到期限 {_when(value)}",
    "deadline": lambda value: f"办理期限 {_when(value)}",
    "on_time": lambda value: "按时报到" if value else "超过报到期限",
    "late": lambda value: "逾期答复" if value else "",
    "outcome": lambda value: ReplyOutcome(value).label,
    "rating": lambda value: f"满意度 {value} 分",
    "solved": lambda value: "提交人确认已解决" if value else "提交人表示未解决",
    "automatic": lambda value: "到期自动升级" if value else "手动升级",
    "meeting": lambda value: "",
}


def _when(value):
    return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")


@register.filter
def event_details(event):
    """The readable facts kept in an event's ``details``, in a fixed order."""
    lines = []
    for key, render in EVENT_DETAILS.items():
        if key in event.details:
            line = render(event.details[key])
            if line:
                lines.append(line)
    return lines
