"""Two people acting on the same problem at the same moment: only one of them may succeed."""

import threading

import pytest
from django.db import connection

from tuijin.accounts.models import Role
from tuijin.coordination import actions, escalation
from tuijin.coordination.models import EventKind, ProblemStatus

from ..factories import UserFactory
from .clock import at

pytestmark = pytest.mark.django_db(transaction=True)


def race(*steps):
    """Run ``steps`` in threads released together; each reports "ok" or the refusal it got."""
    barrier = threading.Barrier(len(steps))
    outcomes = []

    def act(step):
        try:
            barrier.wait()
            step()
            outcomes.append("ok")
        except actions.Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_it_lets_only_one_of_two_departments_report_in(assigned, clerk, other_clerk):
    # Given a problem led by 住建局, with 生态环境局 as co-department, and a second clerk at 住建局
    colleague = UserFactory(username="dept-b", role=Role.DEPARTMENT_CLERK, organisation=clerk.organisation)

    # When three clerks press 报到 at once: two of the lead department and one of the co-department
    outcomes = race(lambda: actions.accept_problem(assigned, actor=clerk),
                    lambda: actions.accept_problem(assigned, actor=colleague),
                    lambda: actions.accept_problem(assigned, actor=other_clerk))

    # Then exactly one succeeded, and the problem was reported in once
    assert outcomes == ["ok", "refused", "refused"]
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.ACCEPTED
    assert assigned.events.filter(kind=EventKind.ACCEPTED).count() == 1


def test_it_lets_a_reply_or_a_hand_back_win_but_not_both(assigned, clerk):
    colleague = UserFactory(username="dept-b", role=Role.DEPARTMENT_CLERK, organisation=clerk.organisation)
    actions.accept_problem(assigned, actor=clerk)

    # When one clerk replies while another hands the problem back
    outcomes = race(lambda: actions.reply_problem(assigned, actor=clerk, reply="已解决", outcome="solved"),
                    lambda: actions.hand_back(assigned, actor=colleague, reason="不归我局"))

    # Then one of them won and the other was told the problem had moved on
    assert outcomes == ["ok", "refused"]
    assigned.refresh_from_db()
    assert assigned.status in (ProblemStatus.REPLIED, ProblemStatus.RETURNED)
    assert assigned.events.filter(kind__in=[EventKind.REPLIED, EventKind.HANDED_BACK]).count() == 1


def test_it_does_not_escalate_a_problem_twice_when_two_jobs_run_at_once(assigned):
    # Given the 报到 window has passed; when two copies of the job run at the same moment
    results = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(escalation.run(at(6, 17, 9)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then the problem climbed once and the reminder went out once
    assert sum(len(result.escalated) for result in results) == 1
    assert sum(len(result.due_soon) for result in results) == 1
    assert assigned.events.filter(kind=EventKind.ESCALATED).count() == 1
