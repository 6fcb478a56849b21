"""Approaching-deadline and overdue notices: sent by the job once each, by inbox and e-mail, again after a reopen."""

import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tuijin.coordination import actions, escalation
from tuijin.coordination.models import EventKind
from tuijin.notifications.models import Notification

from .clock import at


def notices(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_it_sends_each_deadline_notice_once(assigned, clerk, coordinator, django_capture_on_commit_callbacks):
    clerk.email = "dept@example.cn"
    clerk.save()
    actions.accept_problem(assigned, actor=clerk, now=at(6, 15, 11))

    with django_capture_on_commit_callbacks(execute=True):
        # Tuesday: the deadline (Thursday 17:30) is more than a working day away
        assert escalation.run(at(6, 16, 9)).due_soon == []
        # Wednesday 9:00: due by the end of the next working day — reminded, once
        assert escalation.run(at(6, 17, 9)).due_soon == [assigned.pk]
        assert escalation.run(at(6, 17, 12)).due_soon == []
        # Friday: overdue — the department and the coordinators are told, once
        assert escalation.run(at(6, 19, 9)).overdue == [assigned.pk]
        assert escalation.run(at(6, 22, 9)).overdue == []

    assert notices(clerk, "problem_due_soon") == 1 and notices(clerk, "problem_overdue") == 1
    assert notices(coordinator, "problem_overdue") == 1
    assert [e.kind for e in assigned.events.filter(kind__in=[EventKind.DUE_SOON, EventKind.OVERDUE])] == [
        "due_soon", "overdue"]
    assert [m.subject for m in mail.outbox] == [
        "【推进】即将到期：厂区10kV供电线路未接入", "【推进】已逾期：厂区10kV供电线路未接入"]
    assert assigned.assignments.get(role="lead").went_overdue is True


def test_it_reminds_again_about_the_new_deadline_after_a_reopen(replied, clerk, users):
    escalation.run(at(6, 19, 9))  # replied on Tuesday: nothing is due while the enterprise decides
    assert notices(clerk, "problem_overdue") == 0

    actions.reopen_problem(replied, actor=users["enterprise"], reason="仍未送电", now=at(6, 22, 9))
    escalation.run(at(6, 24, 10))  # the new deadline is Thursday 25 June 17:30
    escalation.run(at(6, 26, 10))

    assert notices(clerk, "problem_due_soon") == 1 and notices(clerk, "problem_overdue") == 1


def test_it_counts_unread_notices_in_the_navigation(client, assigned, clerk):
    call_command("escalate_problems", "--now", at(6, 17, 9).isoformat(), stdout=io.StringIO())

    client.force_login(clerk)
    page = client.get(reverse("inbox")).content.decode()

    # 交办 on Monday, the reminder on Wednesday and the level-2 escalation (no 报到): three unread
    assert 'data-testid="unread-count">3<' in page
    assert "即将到期：厂区10kV供电线路未接入" in page
