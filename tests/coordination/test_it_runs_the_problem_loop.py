"""已提交 → 已交办 → 已报到 → 办理中 → 已答复 → (退回重办 → 办理中 → 已答复) → 已办结, as the actions see it."""

import pytest
from django.core import mail

from tuijin.accounts.models import Role
from tuijin.coordination import actions
from tuijin.coordination.models import AssignmentRole, EventKind, Level, ProblemStatus
from tuijin.notifications.models import Notification

from .clock import at


def kinds(problem):
    return list(problem.events.values_list("kind", flat=True))


def test_it_files_a_problem_for_the_coordinators(filed, users, coordinator, project, enterprise):
    assert filed.status == ProblemStatus.SUBMITTED and filed.level == Level.DEPARTMENT
    assert filed.code == f"WT2026-{filed.pk:05d}"
    assert filed.enterprise == enterprise  # taken from the project
    assert kinds(filed) == [EventKind.FILED]
    notice = Notification.objects.get(recipient=coordinator)
    assert notice.title == f"新问题待交办：{project.name} — 厂区10kV供电线路未接入"


def test_it_assigns_with_a_deadline_in_working_days(other_clerk, clerk, assigned, department, other_department):
    # Monday 10:00 with three working days: 报到 by Tuesday 17:30, reply by Thursday 17:30
    assert assigned.status == ProblemStatus.ASSIGNED and assigned.lead_department == department
    assert assigned.accept_due == at(6, 16, 17, 30) and assigned.deadline == at(6, 18, 17, 30)
    assert assigned.escalate_after == assigned.accept_due
    co, lead = assigned.assignments.order_by("role")
    assert (co.role, co.department, lead.role, lead.department) == (AssignmentRole.CO, other_department,
                                                                    AssignmentRole.LEAD, department)
    event = assigned.events.get(kind=EventKind.ASSIGNED)
    assert event.details["co_departments"] == ["生态环境局"] and event.details["working_days"] == 3
    # Both departments are told: the lead to report in, the co-department who leads
    assert Notification.objects.get(recipient=clerk).title == "交办（牵头）：厂区10kV供电线路未接入"
    assert "牵头部门：住房和城乡建设局" in Notification.objects.get(recipient=other_clerk).body


def test_it_runs_the_whole_loop_with_a_reopen(assigned, clerk, users, django_capture_on_commit_callbacks):
    enterprise_user = users[Role.ENTERPRISE]
    enterprise_user.email, clerk.email = "ent@example.cn", "dept@example.cn"
    enterprise_user.save()
    clerk.save()

    with django_capture_on_commit_callbacks(execute=True):
        # When the department reports in, starts, and replies
        problem = actions.accept_problem(assigned, actor=clerk, now=at(6, 15, 14))
        assert problem.status == ProblemStatus.ACCEPTED and problem.escalate_after == problem.deadline
        problem = actions.start_work(problem, actor=clerk, note="已约供电公司现场踏勘", now=at(6, 15, 15))
        problem = actions.reply_problem(problem, actor=clerk, reply="已协调供电公司，6月20日前送电。",
                                        outcome="solved", now=at(6, 16, 11))
        assert problem.status == ProblemStatus.REPLIED and problem.escalate_after is None

        # And the enterprise reopens it: still no power
        problem = actions.reopen_problem(problem, actor=enterprise_user, reason="6月20日仍未送电", now=at(6, 22, 9))
        # Then it is back 办理中 with a fresh deadline of three working days
        assert problem.status == ProblemStatus.IN_PROGRESS and problem.reopen_count == 1
        assert problem.deadline == at(6, 25, 17, 30)

        # When the department replies again and the enterprise confirms and rates it
        problem = actions.reply_problem(problem, actor=clerk, reply="已送电。", outcome="solved", now=at(6, 23, 16))
        problem = actions.confirm_problem(problem, actor=enterprise_user, rating=4, solved=True,
                                          comment="送电了，就是慢了点", now=at(6, 24, 9))

    # Then it is closed and rated, and its timeline holds every step in order
    assert problem.status == ProblemStatus.CLOSED and problem.rating == 4 and problem.solved is True
    assert kinds(problem) == ["filed", "assigned", "accepted", "started", "replied", "reopened", "replied", "confirmed"]
    reopened = problem.events.get(kind=EventKind.REOPENED)
    assert (reopened.actor, reopened.reason, reopened.from_status, reopened.to_status) == (
        enterprise_user, "6月20日仍未送电", ProblemStatus.REPLIED, ProblemStatus.IN_PROGRESS)
    # And the lead department's turn carries the outcome the scorecard reads
    turn = problem.assignments.get(role=AssignmentRole.LEAD)
    assert (turn.accepted_at, turn.closed_at, turn.rating, turn.solved) == (at(6, 15, 14), at(6, 24, 9), 4, True)
    assert turn.went_overdue is False
    # And each side was told by inbox and e-mail: assigned, replied (twice), reopened
    assert [n.kind for n in Notification.objects.filter(recipient=enterprise_user).order_by("pk")] == [
        "problem_replied", "problem_replied"]
    assert [n.kind for n in Notification.objects.filter(recipient=clerk).order_by("pk")] == [
        "problem_assigned", "problem_reopened", "problem_closed"]
    subjects = [message.subject for message in mail.outbox]
    assert "【推进】退回重办：厂区10kV供电线路未接入" in subjects
    assert "【推进】已答复：厂区10kV供电线路未接入" in subjects


def test_it_marks_a_late_reply_as_overdue(assigned, clerk):
    actions.accept_problem(assigned, actor=clerk, now=at(6, 15, 14))

    problem = actions.reply_problem(assigned, actor=clerk, reply="已办", outcome="explained", now=at(6, 19, 10))

    assert problem.assignments.get(role=AssignmentRole.LEAD).went_overdue is True
    assert problem.events.get(kind=EventKind.REPLIED).details == {"outcome": "explained", "late": True}


@pytest.mark.parametrize("rating", [0, 6, "5", None, True])
def test_it_refuses_a_rating_outside_one_to_five(replied, users, rating):
    with pytest.raises(actions.Refused, match="1—5"):
        actions.confirm_problem(replied, actor=users[Role.ENTERPRISE], rating=rating, solved=True)
    replied.refresh_from_db()
    assert replied.status == ProblemStatus.REPLIED


def test_it_refuses_steps_out_of_order(filed, assigned, clerk, users, coordinator, department):
    with pytest.raises(actions.Refused, match="当前状态为“已交办”，不能答复"):
        actions.reply_problem(assigned, actor=clerk, reply="好", outcome="solved")
    with pytest.raises(actions.Refused, match="不能交办"):
        actions.assign_problem(assigned, actor=coordinator, lead=department, working_days=3)
    with pytest.raises(actions.Refused, match="不能确认办结"):
        actions.confirm_problem(assigned, actor=users[Role.ENTERPRISE], rating=5, solved=True)
    actions.accept_problem(assigned, actor=clerk)
    with pytest.raises(actions.Refused, match="当前状态为“已报到”，不能报到"):
        actions.accept_problem(assigned, actor=clerk)
    with pytest.raises(actions.Refused, match="不能退回重办"):
        actions.reopen_problem(assigned, actor=users[Role.ENTERPRISE], reason="不满意")


def test_it_refuses_a_department_that_is_not_the_lead(assigned, other_clerk):
    with pytest.raises(actions.Refused, match="只有牵头部门（住房和城乡建设局）可以报到"):
        actions.accept_problem(assigned, actor=other_clerk)


def test_it_refuses_what_a_step_needs_but_was_not_given(filed, replied, coordinator, park, department, users):
    with pytest.raises(actions.Refused, match="须为职能部门"):
        actions.assign_problem(filed, actor=coordinator, lead=park, working_days=3)
    with pytest.raises(actions.Refused, match="1—60 个工作日"):
        actions.assign_problem(filed, actor=coordinator, lead=department, working_days=0)
    with pytest.raises(actions.Refused, match="请填写退回重办的原因"):
        actions.reopen_problem(replied, actor=users[Role.ENTERPRISE], reason="  ")
    with pytest.raises(actions.Refused, match="请选择问题涉及的项目或企业"):
        actions.file_problem(actor=coordinator, data={"title": "t", "description": "d", "category": filed.category})
