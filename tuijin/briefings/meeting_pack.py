"""The 调度会材料 of one meeting: its agenda, a one-page brief per project, and the last meeting's decisions.

The agenda is the meeting's own problems (``Meeting.agenda``) and the lagging projects among those it
studies (``coordination.calculations.lagging_projects``, the proposal the meeting form shows). Each
project's page: its facts, stage dates and node-plan nodes, a chart of this year's monthly completion
against the plan (the project's rollup, as the progress page reads it), its unfinished problems with
their lead departments, and its active warnings. The last meeting is the one held before this one;
its action items (正向交办) are listed with their status today.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from tuijin.alerts.models import Warning
from tuijin.coordination.calculations import lagging_projects
from tuijin.coordination.models import Meeting, ProblemStatus
from tuijin.nodeplans.models import PlanNode
from tuijin.progress import calculations
from tuijin.progress.models import MONTH_FIELDS, ProjectYearRollup
from tuijin.projects.models import Milestone, Project, actual_field, planned_field

from . import charts
from .figures import NONE, rate_text, wan

FACTS = 8  # facts rows, kept short so one project fits a page with its chart


def _date(value):
    return value.isoformat() if value else NONE


def _local_date(moment):
    return timezone.localtime(moment).date().isoformat() if moment else NONE


def _problem_row(problem):
    return {"code": problem.code, "title": problem.title,
            "department": problem.lead_department.name if problem.lead_department else "待交办",
            "deadline": _local_date(problem.deadline), "status": problem.get_status_display()}


def _projects_of(meeting):
    ids = set(meeting.projects.values_list("pk", flat=True))
    ids |= set(meeting.agenda.filter(project__isnull=False).values_list("project_id", flat=True))
    return Project.objects.filter(pk__in=ids).select_related("park", "enterprise", "responsible_official",
                                                           "responsible_unit").order_by("name")


def _nodes(project, nodes_by_project):
    rows = [{"name": f"{label}", "planned": _date(getattr(project, planned_field(value))),
             "actual": _date(getattr(project, actual_field(value))),
             "status": "已完成" if getattr(project, actual_field(value)) else "未完成"}
            for value, label in Milestone.choices
            if getattr(project, planned_field(value)) or getattr(project, actual_field(value))]
    for node in nodes_by_project.get(project.pk, []):
        rows.append({"name": f"节点：{node.name}", "planned": _date(node.planned_finish),
                     "actual": _date(node.actual_finish), "status": node.get_status_display()})
    return rows


def _facts(project, rollup, year, as_of):
    months = calculations.months_reported(year, as_of)
    planned = rollup.planned_investment if rollup else 0
    done = sum((getattr(rollup, name) for name in MONTH_FIELDS[:months]), 0) if rollup else 0
    official = project.responsible_official
    facts = [("项目编号", project.code), ("项目单位", project.enterprise.name if project.enterprise else NONE),
             ("所在园区", project.park.label if project.park else NONE),
             ("总投资", f"{wan(project.total_investment)} 万元"), ("当前阶段", project.get_stage_display()),
             ("包保领导/部门", "、".join(filter(None, [official.display_name if official else "",
                                              project.responsible_unit.name if project.responsible_unit else ""]))
              or NONE),
             (f"{year}年计划投资", f"{wan(planned)} 万元"),
             (f"{year}年已完成", f"{wan(done)} 万元（完成率 {rate_text(calculations.percent(done, planned))}）")]
    return [{"label": label, "value": value} for label, value in facts[:FACTS]], planned, months


def context(meeting: Meeting, as_of: dt.date | None = None) -> dict:
    as_of = as_of or timezone.localdate()
    year = as_of.year
    projects = list(_projects_of(meeting))
    ids = [project.pk for project in projects]
    rollups = {r.project_id: r for r in ProjectYearRollup.objects.filter(year=year, project_id__in=ids)}
    nodes = {}
    for node in PlanNode.objects.filter(plan__project_id__in=ids).select_related("plan").order_by("sort_order", "pk"):
        nodes.setdefault(node.plan.project_id, []).append(node)
    problems = {}
    unfinished = (meeting.agenda.model.objects.filter(project_id__in=ids).exclude(status=ProblemStatus.CLOSED)
                  .select_related("lead_department").order_by("deadline", "pk"))
    for problem in unfinished:
        problems.setdefault(problem.project_id, []).append(problem)
    warnings = {}
    for warning in Warning.objects.active().filter(project_id__in=ids).order_by("pk"):
        warnings.setdefault(warning.project_id, []).append(f"{warning.get_level_display()}：{warning.cause}")
    pages = []
    for project in projects:
        rollup = rollups.get(project.pk)
        facts, planned, months = _facts(project, rollup, year, as_of)
        done = [getattr(rollup, name) for name in MONTH_FIELDS] if rollup else [0] * 12
        pages.append({"name": project.name, "facts": facts, "nodes": _nodes(project, nodes),
                      "chart": charts.project_months(done, planned, months, title=f"{project.name[:24]} 月度完成投资"),
                      "problems": [_problem_row(p) for p in problems.get(project.pk, [])],
                      "warnings": "；".join(warnings.get(project.pk, [])) or "无"})
    agenda = [{"kind": "三级问题" if problem.level == "3" else "问题",
               "text": f"{problem.code} {problem.title}（{problem.subject or NONE}，牵头：" +
                       (problem.lead_department.name if problem.lead_department else "待交办") + "）"}
              for problem in meeting.agenda.select_related("lead_department", "project", "enterprise").order_by("pk")]
    for row in lagging_projects(as_of, Project.objects.filter(pk__in=ids)):
        agenda.append({"kind": "滞后项目", "text": f"{row.project.name}：投资完成率{row.completion}%，"
                                               f"落后时间进度{row.behind}个百分点"})
    previous = (Meeting.objects.filter(Q(held_at__lt=meeting.held_at) | Q(held_at=meeting.held_at, pk__lt=meeting.pk))
                .exclude(pk=meeting.pk).order_by("-held_at", "-pk").first())
    decisions = [] if previous is None else [
        _problem_row(item) for item in previous.action_items.select_related("lead_department").order_by("pk")]
    held = timezone.localtime(meeting.held_at)
    return {
        "doc": {"title": f"{meeting.title}会议材料", "period": f"{held.year}年{held.month}月",
                "number": f"推进办调度〔{held.year}〕{meeting.pk}号", "secrecy": "内部资料　会后收回",
                "issuer": "区重大项目推进工作领导小组办公室", "scope": "全区",
                "date": f"{as_of.year}年{as_of.month}月{as_of.day}日", "data_date": as_of.isoformat(),
                "cc": "参会领导，参会单位。"},
        "meeting": {"title": meeting.title, "held_at": f"{held:%Y-%m-%d %H:%M}", "place": meeting.place,
                    "chaired_by": meeting.chaired_by or NONE, "attendees": meeting.attendees or NONE},
        "agenda": agenda,
        "previous": {"title": f"{previous.title}（{timezone.localtime(previous.held_at):%Y-%m-%d}）" if previous
                     else "无上次会议记录", "decisions": decisions},
        "projects": pages,
    }
