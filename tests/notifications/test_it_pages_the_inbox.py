"""The inbox is paged: a coordinator with 69 messages reaches the older ones through 下一页."""

import re

from django.urls import reverse

from tests.pages import text
from tuijin.notifications.models import Notification, NotificationKind


def test_it_pages_69_messages_with_a_link_to_the_rest(client, users):
    # Given a coordinator with 69 messages
    user = users["coordinator"]
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=NotificationKind.WARNING, title=f"消息{n:02d}") for n in range(69))
    client.force_login(user)

    # When they open the inbox
    first = client.get(reverse("inbox"))

    # Then it shows 30 of them, says how many there are and links to page 2, with 全部标为已读 at hand
    first_text = text(first)
    assert "共 69 条，第 1 / 3 页" in first_text and "全部标为已读" in first_text
    assert 'href="?page=2"' in first.content.decode()
    assert len(re.findall(r"消息\d\d", first_text)) == 30

    # And following it shows the next 30, none of the first page's
    second_text = text(client.get(reverse("inbox") + "?page=2"))
    assert "第 2 / 3 页" in second_text and "上一页" in second_text
    assert not set(re.findall(r"消息\d\d", second_text)) & set(re.findall(r"消息\d\d", first_text))
    third_text = text(client.get(reverse("inbox") + "?page=3"))
    assert len(re.findall(r"消息\d\d", third_text)) == 9 and "下一页" not in third_text


def test_it_keeps_the_unread_filter_when_paging(client, users):
    # Given 35 unread messages
    user = users["coordinator"]
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=NotificationKind.WARNING, title=f"消息{n:02d}") for n in range(35))
    client.force_login(user)

    # When only unread ones are shown, the page-2 link keeps the filter
    page = client.get(reverse("inbox") + "?unread=1").content.decode()
    assert 'href="?unread=1&amp;page=2"' in page
