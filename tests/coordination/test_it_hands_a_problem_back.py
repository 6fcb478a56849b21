"""反向交办: a department hands a problem back with its reason; the coordinator reassigns it; nothing is lost."""

import pytest
from django.urls import reverse

from tuijin.coordination import actions
from tuijin.coordination.models import AssignmentRole, EventKind, ProblemStatus
from tuijin.notifications.models import Notification

from ..pages import text
from .clock import at


def test_it_hands_back_and_reassigns_keeping_who_when_and_why(other_clerk, assigned, clerk, coordinator,
                                                            other_department, department):
    # Given the lead department reported in, then found the problem is not its business
    actions.accept_problem(assigned, actor=clerk, now=at(6, 15, 11))

    # When it hands the problem back with its reason
    problem = actions.hand_back(assigned, actor=clerk, reason="供电接入属供电公司职责，建议改由经信局牵头",
                                now=at(6, 15, 15))

    # Then the problem waits for the coordinator, with no department and no running clock
    assert problem.status == ProblemStatus.RETURNED and problem.lead_department is None
    assert problem.escalate_after is None
    assert all(turn.ended_at == at(6, 15, 15) for turn in problem.assignments.all())
    assert problem.assignments.get(role=AssignmentRole.LEAD).end_reason.startswith("反向交办：供电接入")
    notice = Notification.objects.get(recipient=coordinator, kind="problem_handed_back")
    assert "住房和城乡建设局：供电接入属供电公司职责" in notice.body
    with pytest.raises(actions.Refused, match="不能答复"):
        actions.reply_problem(problem, actor=clerk, reply="x", outcome="solved")

    # When the coordinator reassigns it to 生态环境局 with five working days
    problem = actions.assign_problem(problem, actor=coordinator, lead=other_department, working_days=5,
                                     note="请生态环境局牵头", now=at(6, 16, 9))

    # Then the new department leads on a new clock, and the history shows both turns and why
    assert problem.status == ProblemStatus.ASSIGNED and problem.lead_department == other_department
    assert problem.deadline == at(6, 24, 17, 30)  # 17, 18, (19 端午, weekend), 22, 23, 24
    turns = list(problem.assignments.filter(role=AssignmentRole.LEAD).order_by("assigned_at"))
    assert [(turn.department, turn.ended_at is None) for turn in turns] == [
        (department, False), (other_department, True)]
    handed = problem.events.get(kind=EventKind.HANDED_BACK)
    assert (handed.actor, handed.department, handed.created_at, handed.from_status) == (
        clerk, department, at(6, 15, 15), ProblemStatus.ACCEPTED)
    assert problem.events.get(kind=EventKind.REASSIGNED).reason == "请生态环境局牵头"
    with pytest.raises(actions.Refused, match="只有牵头部门（生态环境局）"):
        actions.accept_problem(problem, actor=clerk)
    actions.accept_problem(problem, actor=other_clerk)


def test_it_shows_the_handover_on_the_pages(client, assigned, clerk, coordinator):
    actions.hand_back(assigned, actor=clerk, reason="不属于本部门职责")

    # The coordinator's assign page says who handed it back and why
    client.force_login(coordinator)
    page = text(client.get(reverse("coordination_assign", args=[assigned.pk])))
    assert "住房和城乡建设局 于" in page and "退回（反向交办）：不属于本部门职责" in page
    # And the department still sees the problem it handled, with the reason on the timeline, but no actions
    client.force_login(clerk)
    response = client.get(reverse("coordination_problem", args=[assigned.pk]))
    assert "反向交办" in text(response) and "不属于本部门职责" in text(response)
    assert 'data-testid="actions"' not in response.content.decode()


def test_it_refuses_a_hand_back_without_a_reason_or_by_another_department(assigned, clerk, other_clerk, client):
    with pytest.raises(actions.Refused, match="请填写退回原因"):
        actions.hand_back(assigned, actor=clerk, reason="")
    # The co-department sees the problem but may not hand it back
    client.force_login(other_clerk)
    assert client.post(reverse("coordination_hand_back", args=[assigned.pk]), {"reason": "不是我们"}).status_code == 403
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.ASSIGNED
