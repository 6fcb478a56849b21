"""A district leader who is an enterprise's 包保 official reads its service records but records and answers none."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.enterprises import actions
from tuijin.enterprises.models import ServiceRecord, ServiceStatus
from tuijin.notifications.models import Notification

from ..pages import text

READ_ONLY = "区领导只能查看"


@pytest.fixture
def leader_official(users, enterprise):
    leader = users[Role.LEADER]
    enterprise.responsible_official = leader
    enterprise.save()
    return leader


@pytest.fixture
def need(users, enterprise, leader_official):
    return actions.record_service(enterprise, actor=users[Role.ENTERPRISE],
                                  data={"kind": "need", "happened_on": "2026-03-02", "summary": "新厂房用电增容"})


def test_the_profile_offers_a_leader_neither_the_service_form_nor_the_answer(client, leader_official, enterprise,
                                                                            need):
    # given an open need of the enterprise the leader is 包保 for
    client.force_login(leader_official)

    # when the leader opens the enterprise
    response = client.get(reverse("enterprise_detail", args=[enterprise.pk]))

    # then the need is shown, but no form to record a visit and no answer button
    html = response.content.decode()
    assert "新厂房用电增容" in text(response)
    assert reverse("enterprise_service_add", args=[enterprise.pk]) not in html
    assert reverse("enterprise_service_answer", args=[enterprise.pk, need.pk]) not in html


def test_a_leader_cannot_record_a_visit(client, leader_official, enterprise):
    # given the enterprise's 包保 leader
    client.force_login(leader_official)

    # when they post a visit anyway
    response = client.post(reverse("enterprise_service_add", args=[enterprise.pk]),
                           {"kind": "visit", "happened_on": "2026-03-02", "summary": "走访"})

    # then it is refused in Chinese and nothing is recorded
    assert response.status_code == 403 and READ_ONLY in text(response)
    assert not ServiceRecord.objects.exists()


def test_a_leader_cannot_answer_a_need_and_the_park_is_told_of_it(client, users, leader_official, enterprise, need):
    # given an open need: the leader official and the park's staff were told of it
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"leader", "park"}
    client.force_login(leader_official)

    # when the leader answers it
    response = client.post(reverse("enterprise_service_answer", args=[enterprise.pk, need.pk]), {"response": "已协调"})

    # then it is refused and the need stays open for the park to answer
    assert response.status_code == 403 and READ_ONLY in text(response)
    need.refresh_from_db()
    assert need.status == ServiceStatus.OPEN
