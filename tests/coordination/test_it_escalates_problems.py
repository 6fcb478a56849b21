"""三级保障: a problem climbs 部门办理 → 领导督办 → 调度会 as its clocks run out, on simulated time."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.coordination import actions, tasks
from tuijin.coordination.models import EventKind, Level, Meeting, MeetingKind, ProblemStatus
from tuijin.notifications.models import Notification

from .clock import at


def escalate(now):
    out = io.StringIO()
    call_command("escalate_problems", "--now", now.isoformat(), stdout=out)
    return out.getvalue()


def test_it_climbs_three_levels_as_time_passes(official, assigned, clerk, coordinator):
    # Given a problem assigned on Monday 15 June at 10:00 with three working days (报到 by Tuesday 17:30,
    # reply by Thursday 17:30; Friday 19 June is the Dragon Boat Festival) and a 调度会 on 25 June
    meeting = Meeting.objects.create(kind=MeetingKind.SCHEDULING, title="6月重点项目调度会", held_at=at(6, 25, 15),
                                     place="区政府3楼会议室")

    # When the job runs before the 报到 window closes, nothing climbs
    assert "升级 0 件" in escalate(at(6, 16, 17))
    # When it runs on Wednesday morning and the department never reported in
    output = escalate(at(6, 17, 9))

    # Then the problem is at level 2 and its 包保 leader is told and may direct
    assigned.refresh_from_db()
    assert assigned.level == Level.LEADER and "升级 1 件" in output
    event = assigned.events.get(kind=EventKind.ESCALATED)
    assert (event.from_level, event.to_level, event.actor, event.created_at) == ("1", "2", None, at(6, 17, 9))
    assert event.reason == "超过报到期限（06-16 17:30）未报到"
    assert Notification.objects.get(recipient=official, kind="problem_escalated").title.startswith("问题升级至领导督办")
    # The leader's two working days run from Wednesday: 18, (19 端午, weekend), 22 June 17:30
    assert assigned.escalate_after == at(6, 22, 17, 30)

    # When the job runs again at the same moment, nothing happens twice
    assert "升级 0 件" in escalate(at(6, 17, 9))
    # When the department finally reports in late, and the deadline passes on Thursday
    actions.accept_problem(assigned, actor=clerk, now=at(6, 17, 10))
    escalate(at(6, 19, 9))
    assigned.refresh_from_db()
    assert assigned.level == Level.LEADER and assigned.overdue_notified_at == at(6, 19, 9)

    # When the leader's window passes too
    output = escalate(at(6, 23, 9))

    # Then it goes to the scheduling meeting: on the agenda of the next 调度会, and the coordinators know
    assigned.refresh_from_db()
    assert assigned.level == Level.MEETING and assigned.escalate_after is None
    assert list(meeting.agenda.all()) == [assigned]
    assert assigned.events.filter(kind=EventKind.ESCALATED).last().reason == "领导督办期限已过，问题仍未办结"
    assert assigned.events.filter(kind=EventKind.ON_AGENDA).get().reason == "6月重点项目调度会"
    assert Notification.objects.filter(recipient=coordinator, kind="problem_escalated").count() == 1
    # And it climbs no further, however long it waits
    assert "升级 0 件" in escalate(at(7, 30, 9))
    assert [e.to_level for e in assigned.events.filter(kind=EventKind.ESCALATED)] == ["2", "3"]


def test_it_climbs_when_the_deadline_passes_after_an_on_time_report(assigned, clerk, coordinator):
    actions.accept_problem(assigned, actor=clerk, now=at(6, 15, 11))

    escalate(at(6, 18, 17))  # before the deadline
    assigned.refresh_from_db()
    assert assigned.level == Level.DEPARTMENT
    escalate(at(6, 18, 18))  # after it
    assigned.refresh_from_db()
    assert assigned.level == Level.LEADER
    assert assigned.events.get(kind=EventKind.ESCALATED).reason == "超过办理期限（06-18 17:30）未办结"
    # No 包保 leader on record: the coordinators are told instead
    assert Notification.objects.filter(recipient=coordinator, kind="problem_escalated").count() == 1


def test_it_leaves_replied_and_closed_problems_alone(replied):
    escalate(at(7, 30, 9))

    replied.refresh_from_db()
    assert replied.level == Level.DEPARTMENT and replied.status == ProblemStatus.REPLIED


def test_it_lets_a_coordinator_escalate_by_hand_and_a_leader_direct(client, assigned, coordinator, official, clerk):
    # When the coordinator escalates the problem by hand
    client.force_login(coordinator)
    client.post(reverse("coordination_escalate", args=[assigned.pk]), {"reason": "企业多次反映，影响投产"})
    assigned.refresh_from_db()
    assert assigned.level == Level.LEADER
    assert assigned.events.get(kind=EventKind.ESCALATED).actor == coordinator

    # Then the responsible leader directs, and the lead department receives the instruction
    client.force_login(official)
    client.post(reverse("coordination_direct", args=[assigned.pk]), {"reason": "请住建局本周内协调到位"})
    assert assigned.events.get(kind=EventKind.DIRECTED).reason == "请住建局本周内协调到位"
    assert Notification.objects.get(recipient=clerk, kind="problem_directed").body == "王副区长：请住建局本周内协调到位"


def test_it_refuses_escalation_and_direction_to_the_wrong_people(client, assigned, clerk, users):
    client.force_login(clerk)
    assert client.post(reverse("coordination_escalate", args=[assigned.pk]), {"reason": "x"}).status_code == 403
    client.force_login(users[Role.ENTERPRISE])
    assert client.post(reverse("coordination_direct", args=[assigned.pk]), {"reason": "x"}).status_code == 403
    # A leader may not direct a problem still at level 1
    with pytest.raises(actions.Refused, match="升级至领导督办后才能批示"):
        actions.direct_problem(assigned, actor=users[Role.LEADER], instruction="抓紧")


def test_it_rejects_a_garbled_now(db):
    with pytest.raises(CommandError, match="ISO"):
        call_command("escalate_problems", "--now", "next tuesday")


def test_it_runs_as_a_huey_task(assigned):
    # The periodic task runs the same job (inline under pytest); at the pinned clock nothing is due yet
    result = tasks.escalate_problems.call_local()
    assert result == "临期提醒 0 件，逾期提醒 0 件，升级 0 件"
