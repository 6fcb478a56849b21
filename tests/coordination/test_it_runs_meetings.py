"""调度会: an agenda proposed from level-3 problems, overdue problems and lagging projects; decisions become
action items (正向交办) that go through the same loop as problems."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.coordination import actions
from tuijin.coordination.models import Level, Meeting, Problem, ProblemKind, ProblemStatus
from tuijin.notifications.models import Notification
from tuijin.progress import actions as progress

from ..factories import ProjectFactory
from ..pages import text
from .clock import at


def plan(project, planned, done):
    progress.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(planned)})
    report = progress.save_draft(project, 2026, 5, actor=None, data={"completed_investment": Decimal(done)})
    progress.submit_report(report, actor=None)
    progress.approve_report(report, actor=None)


@pytest.fixture
def situation(assigned, coordinator, users, project, park, category, department):
    """Level 3: ``assigned``; overdue: a second problem due 2 June; lagging: a project at 10 % on 15 June
    (time progress 45.5 %); on schedule: a project at 50 %."""
    actions.escalate_problem(assigned, actor=coordinator, reason="企业反映强烈")
    actions.escalate_problem(assigned, actor=coordinator, reason="领导督办后仍未解决")
    late = actions.file_problem(actor=users[Role.ENTERPRISE], now=at(6, 1, 9), data={
        "title": "施工便道未修通", "description": "影响材料进场", "category": category, "project": project})
    actions.assign_problem(late, actor=coordinator, lead=department, working_days=1, now=at(6, 1, 10))
    lagging = ProjectFactory(name="智能装备产业园项目", park=park)
    plan(lagging, 1000, 100)
    plan(ProjectFactory(name="按进度推进的项目", park=park), 1000, 500)
    return assigned, late, lagging


def test_it_proposes_an_agenda_and_records_the_meeting(client, coordinator, situation, project):
    level3, late, lagging = situation
    client.force_login(coordinator)

    # The form proposes the level-3 problem, the overdue one and the lagging project, all ticked
    form = client.get(reverse("coordination_meeting_new"))
    proposal = text(form)
    assert "厂区10kV供电线路未接入" in proposal and "施工便道未修通" in proposal
    assert "智能装备产业园项目 · 完成 10.0%，时间进度 45.5%，落后 35.5 个百分点" in proposal
    assert "按进度推进的项目" not in proposal

    # When the coordinator records the meeting with that agenda
    response = client.post(reverse("coordination_meeting_new"), {
        "kind": "scheduling", "title": "6月第三周项目调度会", "held_at": "2026-06-18T15:00", "place": "区政府3楼",
        "chaired_by": "王副区长", "attendees": "发改局、住建局、生态环境局", "minutes": "逐项研究了问题。",
        "agenda": [level3.pk, late.pk], "projects": [lagging.pk]})

    # Then the meeting holds the agenda and the projects (the problems' project too), and the timelines say so
    meeting = Meeting.objects.get()
    assert response.url == reverse("coordination_meeting", args=[meeting.pk])
    assert set(meeting.agenda.all()) == {level3, late}
    assert set(meeting.projects.all()) == {lagging, project}
    assert level3.events.filter(kind="on_agenda", reason="6月第三周项目调度会").exists()
    page = text(client.get(response.url))
    assert "议题（2）" in page and "研究的项目（2）" in page and "逐项研究了问题。" in page


def test_it_turns_a_decision_into_an_action_item_that_runs_the_loop(client, coordinator, clerk, department, project,
                                                                   category, users):
    meeting = actions.record_meeting(actor=coordinator, data={
        "kind": "on_site", "title": "锂电池项目现场办公会", "held_at": at(6, 15, 10), "place": "项目工地"},
        projects=[project])
    client.force_login(coordinator)

    # When the meeting decides that 住建局 opens the road within five working days
    client.post(reverse("coordination_decide", args=[meeting.pk]), {
        "title": "打通项目东侧施工便道", "description": "住建局牵头，6月底前完成", "category": category.pk,
        "project": project.pk, "lead": department.pk, "working_days": 5})

    # Then an action item is assigned at once, and the department is told
    item = Problem.objects.get(kind=ProblemKind.ACTION_ITEM)
    assert (item.status, item.meeting, item.lead_department, item.project) == (
        ProblemStatus.ASSIGNED, meeting, department, project)
    assert item.code.startswith("JB2026-")
    assert [e.kind for e in item.events.all()] == ["decided", "assigned"]
    assert Notification.objects.filter(recipient=clerk, kind="problem_assigned", title__contains="施工便道").exists()
    assert "打通项目东侧施工便道" in text(client.get(reverse("coordination_meeting", args=[meeting.pk])))

    # And it runs the same loop: 报到, reply, and the coordinator confirms it for the meeting
    actions.accept_problem(item, actor=clerk)
    actions.reply_problem(item, actor=clerk, reply="便道已通车", outcome="solved")
    client.post(reverse("coordination_confirm", args=[item.pk]), {"rating": "5", "solved": "yes"})
    item.refresh_from_db()
    assert item.status == ProblemStatus.CLOSED and item.level == Level.DEPARTMENT
    # The enterprise never sees the government's action item
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("coordination_problem", args=[item.pk])).status_code == 404


def test_it_refuses_a_decision_without_a_department(client, coordinator, category, project):
    meeting = actions.record_meeting(actor=coordinator, data={
        "kind": "scheduling", "title": "调度会", "held_at": at(6, 15, 10), "place": "会议室"})
    client.force_login(coordinator)

    response = client.post(reverse("coordination_decide", args=[meeting.pk]), {
        "title": "x", "description": "y", "category": category.pk, "working_days": 5}, follow=True)

    assert "议定事项未保存：责任部门（牵头）：这个字段是必填项。" in text(response)
    assert not Problem.objects.exists()


def test_it_lets_a_coordinator_complete_the_minutes(client, coordinator):
    meeting = actions.record_meeting(actor=coordinator, data={
        "kind": "scheduling", "title": "调度会", "held_at": at(6, 15, 10), "place": "会议室"})
    client.force_login(coordinator)

    client.post(reverse("coordination_meeting_edit", args=[meeting.pk]), {
        "kind": "scheduling", "title": "调度会", "held_at": "2026-06-15T10:00", "place": "会议室",
        "minutes": "会议议定三项。"})

    meeting.refresh_from_db()
    assert meeting.minutes == "会议议定三项。"
    assert "会议议定三项。" in text(client.get(reverse("coordination_meeting", args=[meeting.pk])))
