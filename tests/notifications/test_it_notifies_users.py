"""The inbox: messages from the workflows, unread counts, e-mail after commit, and privacy."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse

from tuijin.notifications.models import Notification, NotificationKind
from tuijin.notifications.services import notify
from tuijin.progress import actions


def test_it_tells_the_park_a_report_waits_and_the_enterprise_why_it_came_back(client, users, project,
                                                                              django_capture_on_commit_callbacks):
    # Given an enterprise user and a park reviewer with e-mail addresses
    users["enterprise"].email, users["park_staff"].email = "ent@example.cn", "park@example.cn"
    for user in (users["enterprise"], users["park_staff"]):
        user.save()
    report = actions.save_draft(project, 2026, 4, actor=users["enterprise"], data={"completed_investment": Decimal(9)})

    # When the report is submitted and then returned
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_report(report, actor=users["enterprise"])
        actions.return_report(report, actor=users["park_staff"], reason="缺少现场照片")

    # Then the park got a 待审核 message and the enterprise a 退回 message with the reason, by inbox and e-mail
    park_inbox = Notification.objects.get(recipient=users["park_staff"])
    assert park_inbox.title == f"待审核：{project.name} 2026年4月月报"
    returned = Notification.objects.get(recipient=users["enterprise"], kind="report_returned")
    assert "缺少现场照片" in returned.body
    assert sorted(message.to[0] for message in mail.outbox) == ["ent@example.cn", "park@example.cn"]
    assert any("缺少现场照片" in message.body for message in mail.outbox)

    # And the enterprise sees one unread message in the navigation, which opening clears
    client.force_login(users["enterprise"])
    page = client.get(reverse("inbox")).content.decode()
    assert "月报被退回" in page and 'data-testid="unread-count">1<' in page
    opened = client.get(reverse("notification_open", args=[returned.pk]))
    assert opened.url == f"/progress/projects/{project.pk}/?year=2026"
    assert 'data-testid="unread-count"' not in client.get(reverse("inbox")).content.decode()


def test_it_sends_no_mail_when_the_action_rolls_back(users, django_capture_on_commit_callbacks):
    users["coordinator"].email = "c@example.cn"
    users["coordinator"].save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([users["coordinator"]], kind=NotificationKind.WARNING, title="标题")

    # the mail waits for the commit: a rolled-back transaction discards it
    assert len(mail.outbox) == 0 and len(callbacks) == 1


def test_it_keeps_messages_private(client, users):
    [message] = notify([users["coordinator"]], kind=NotificationKind.WARNING, title="仅协调员可见", email=False)
    client.force_login(users["enterprise"])

    assert client.get(reverse("notification_open", args=[message.pk])).status_code == 404
    assert "仅协调员可见" not in client.get(reverse("inbox")).content.decode()
    message.refresh_from_db()
    assert message.read_at is None


def test_it_marks_everything_read(client, users):
    notify([users["leader"]] * 3, kind=NotificationKind.WARNING, title="重复的通知只发一次", email=False)
    notify([users["leader"]], kind=NotificationKind.WARNING, title="第二条", email=False)
    client.force_login(users["leader"])

    assert Notification.objects.filter(recipient=users["leader"]).count() == 2
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(recipient=users["leader"], read_at__isnull=True).exists()


def test_it_does_not_follow_links_off_the_site(client, users):
    [message] = notify([users["leader"]], kind=NotificationKind.WARNING, title="外链", url="https://evil.example/", email=False)
    client.force_login(users["leader"])

    assert client.get(reverse("notification_open", args=[message.pk])).url == reverse("inbox")


def test_it_lists_the_inbox_with_the_same_queries_for_one_or_many(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["leader"])
    counts = []
    for batch in (1, 20):
        for number in range(batch):
            notify([users["leader"]], kind=NotificationKind.WARNING, title=f"消息{number}", email=False)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("inbox"))
        counts.append(len(queries))

    assert counts[0] == counts[1]
