"""签收 ticked warnings in one request: one event each, others' refused whole, already-signed ones counted."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts.models import Warning, WarningEvent, WarningEventKind, WarningStatus

from ..factories import ProjectFactory
from ..pages import text


def warnings(count, park, department):
    now = timezone.now()
    return [Warning.objects.create(
        project=ProjectFactory(park=park, responsible_unit=department), rule="start_overdue", level="yellow",
        cause="计划开工已过", measure=Decimal("10"), first_raised_at=now, level_changed_at=now) for _ in range(count)]


def sign(client, rows):
    return client.post(reverse("alerts_acknowledge_bulk"), {"warnings": [row.pk for row in rows]}, follow=True)


@pytest.mark.django_db
def test_it_signs_for_the_ticked_warnings_with_flat_queries(client, users, park, department):
    client.force_login(users[Role.PARK_STAFF])
    few, many = warnings(3, park, department), warnings(30, park, department)

    with CaptureQueriesContext(connection) as small:
        client.post(reverse("alerts_acknowledge_bulk"), {"warnings": [row.pk for row in few]})
    with CaptureQueriesContext(connection) as large:
        client.post(reverse("alerts_acknowledge_bulk"), {"warnings": [row.pk for row in many]})

    assert Warning.objects.filter(status=WarningStatus.ACKNOWLEDGED).count() == 33
    assert WarningEvent.objects.filter(kind=WarningEventKind.ACKNOWLEDGED, actor=users[Role.PARK_STAFF]).count() == 33
    assert len(large.captured_queries) == len(small.captured_queries)
    # signing again: nothing moves, and the message says so
    assert "已签收 0 条；3 条已被他人签收或已关闭，未改动" in text(sign(client, few))
    assert WarningEvent.objects.filter(kind=WarningEventKind.ACKNOWLEDGED).count() == 33


@pytest.mark.django_db
def test_it_refuses_the_whole_batch_holding_another_parks_warning(client, users, park, other_park, department):
    own, foreign = warnings(2, park, department), warnings(1, other_park, department)
    client.force_login(users[Role.PARK_STAFF])

    response = sign(client, own + foreign)

    assert "未做任何改动" in text(response)
    assert not Warning.objects.filter(status=WarningStatus.ACKNOWLEDGED).exists()


@pytest.mark.django_db
def test_leaders_cannot_sign(client, users, park, department):
    rows = warnings(1, park, department)
    client.force_login(users[Role.LEADER])

    assert client.post(reverse("alerts_acknowledge_bulk"), {"warnings": [rows[0].pk]}).status_code == 403
    assert Warning.objects.get(pk=rows[0].pk).status == WarningStatus.OPEN


@pytest.mark.django_db
def test_the_list_offers_select_all_to_those_who_sign(client, users, park, department):
    warnings(2, park, department)
    client.force_login(users[Role.PARK_STAFF])
    assert "签收所选" in text(client.get(reverse("alerts_warnings")))
    client.force_login(users[Role.LEADER])
    assert "签收所选" not in text(client.get(reverse("alerts_warnings")))
