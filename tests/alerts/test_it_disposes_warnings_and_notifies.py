"""Disposal (签收 → 记录 → 处置完毕), who may do it, and the unit told once per raise or rise."""

import datetime as dt

import pytest

from tuijin.accounts.models import Role
from tuijin.alerts import scan
from tuijin.alerts.models import RuleKey, Warning, WarningStatus
from tuijin.notifications.models import Notification

from ..pages import text

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def warning(project, users):
    project.planned_start_date = TODAY - dt.timedelta(days=10)
    project.save()
    scan.run(TODAY)
    return Warning.objects.get(project=project, rule=RuleKey.START_OVERDUE)


def test_it_tells_the_responsible_unit_once_per_raise_and_rise(warning, project, users):
    # Given the warning was raised (fixture) and scanned again
    scan.run(TODAY)
    clerk = users[Role.DEPARTMENT_CLERK]
    # Then the department clerk got one message, nobody else
    assert Notification.objects.filter(kind="warning").count() == 1
    assert Notification.objects.get(kind="warning").recipient == clerk
    # When it rises to red, scanned twice
    project.planned_start_date = TODAY - dt.timedelta(days=100)
    project.save()
    scan.run(TODAY)
    scan.run(TODAY)
    # Then one more message, saying red
    titles = list(Notification.objects.filter(recipient=clerk).order_by("pk").values_list("title", flat=True))
    assert len(titles) == 2 and titles[1].startswith("红色预警")


def test_it_acknowledges_notes_and_resolves(client, warning, users):
    # Given the department clerk
    client.force_login(users[Role.DEPARTMENT_CLERK])
    # When they acknowledge, add a note and resolve
    client.post(f"/battle-map/warnings/{warning.pk}/acknowledge/", {"note": "已联系企业"})
    client.post(f"/battle-map/warnings/{warning.pk}/note/", {"note": "施工许可本周办结"})
    client.post(f"/battle-map/warnings/{warning.pk}/resolve/", {"note": "许可已发，下周开工"})
    # Then the warning is resolved and its history shows each step
    warning.refresh_from_db()
    assert warning.status == WarningStatus.RESOLVED
    page = text(client.get(f"/battle-map/warnings/{warning.pk}/"))
    for words in ("签收处置", "已联系企业", "施工许可本周办结", "处置完毕", "许可已发，下周开工", "已处置待核销"):
        assert words in page


def test_it_refuses_a_second_acknowledgement_and_an_empty_resolution(client, warning, users):
    client.force_login(users[Role.COORDINATOR])
    client.post(f"/battle-map/warnings/{warning.pk}/acknowledge/")
    response = client.post(f"/battle-map/warnings/{warning.pk}/acknowledge/", follow=True)
    assert "不能签收" in text(response)
    response = client.post(f"/battle-map/warnings/{warning.pk}/resolve/", {"note": " "}, follow=True)
    assert "请说明处置结果" in text(response)
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED


def test_it_sends_a_resolved_warning_back_when_it_gets_worse(warning, project):
    # Given a resolved yellow warning
    from tuijin.alerts import actions

    actions.resolve(warning, actor=None, note="已协调")
    # When the cause gets worse
    project.planned_start_date = TODAY - dt.timedelta(days=95)
    project.save()
    scan.run(TODAY)
    # Then it is red and waiting for disposal again
    warning.refresh_from_db()
    assert (warning.level, warning.status) == ("red", WarningStatus.OPEN)


@pytest.mark.parametrize("role, expected", [(Role.LEADER, 403), (Role.ENTERPRISE, 403)])
def test_it_refuses_disposal_to_readers_and_outsiders(client, warning, users, role, expected):
    client.force_login(users[role])
    assert client.post(f"/battle-map/warnings/{warning.pk}/acknowledge/").status_code == expected


def test_it_hides_another_park_s_warning(client, other_project, users):
    other_project.planned_start_date = TODAY - dt.timedelta(days=10)
    other_project.save()
    scan.run(TODAY)
    other = Warning.objects.get(project=other_project)
    client.force_login(users[Role.PARK_STAFF])
    assert client.get(f"/battle-map/warnings/{other.pk}/").status_code == 404
    assert client.post(f"/battle-map/warnings/{other.pk}/acknowledge/").status_code == 404
