"""A coordinator arranges a 对接会, invites both sides (they are told), records outcomes; counts per month and chain."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.matchmaking import actions, calculations
from tuijin.matchmaking.models import Invitation, Outcome
from tuijin.notifications.models import Notification

from ..factories import UserFactory
from ..pages import text


@pytest.fixture
def event(market, coordinator):
    return actions.save_event(actor=coordinator, data={
        "title": "新能源汽车产业链产销对接会", "held_on": dt.date(2026, 6, 18), "location": "区会展中心",
        "chain": market["chain"], "status": "planned", "note": ""})


def test_invited_enterprises_are_told_and_see_the_event(client, market, event, coordinator):
    # Given users of the cell maker and of the motor maker
    firms = market["firms"]
    cells_user = UserFactory(role=Role.ENTERPRISE, enterprise=firms["battery"])
    motor_user = UserFactory(role=Role.ENTERPRISE, enterprise=firms["motor"])

    # When the coordinator invites the cell maker as supplier and the carmaker as buyer
    client.force_login(coordinator)
    client.post(reverse("matchmaking_event_invite", args=[event.pk]),
                {"suppliers": [firms["battery"].pk], "buyers": [firms["carmaker"].pk]})

    # Then both are invited, the cell maker's user has the message and opens the event; the motor maker does not
    assert set(Invitation.objects.values_list("enterprise__name", "side")) == {
        ("蜀能锂电科技有限公司", "supply"), ("天府新能源汽车有限公司", "demand")}
    message = Notification.objects.get(recipient=cells_user)
    assert message.title == "邀请参加对接会：新能源汽车产业链产销对接会"
    client.force_login(cells_user)
    assert client.get(message.url).status_code == 200
    client.force_login(motor_user)
    assert client.get(message.url).status_code == 404


def test_outcomes_are_counted_per_month_and_chain(client, market, event, coordinator):
    firms, offerings = market["firms"], market["offerings"]
    actions.invite(event, actor=coordinator, suppliers=[firms["battery"], firms["motor"]], buyers=[firms["carmaker"]])
    client.force_login(coordinator)
    url = reverse("matchmaking_event_outcome", args=[event.pk])
    # Given an order of 1,200 万元 in June, an intent in June and an order of 300 万元 in July
    client.post(url, {"supplier": firms["battery"].pk, "buyer": firms["carmaker"].pk, "kind": "order",
                      "amount": "1200", "recorded_on": "2026-06-18", "offering": offerings["cells"].pk})
    client.post(url, {"supplier": firms["motor"].pk, "buyer": firms["carmaker"].pk, "kind": "intent",
                      "recorded_on": "2026-06-18"})
    client.post(url, {"supplier": firms["motor"].pk, "buyer": firms["carmaker"].pk, "kind": "order",
                      "amount": "300", "recorded_on": "2026-07-02"})
    # and an order without an amount, refused
    response = client.post(url, {"supplier": firms["motor"].pk, "buyer": firms["carmaker"].pk, "kind": "order",
                                 "recorded_on": "2026-07-03"}, follow=True)
    assert "签订订单须填写金额（万元）" in text(response)

    # When the outcomes are counted for 2026
    counts = calculations.outcome_counts(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    # Then June has 2 matches and 1 deal of 1,200, July 1 and 1 of 300, all in the chain of the event
    assert Outcome.objects.count() == 3
    assert [(r["month"], r["matches"], r["deals"], r["amount"]) for r in counts["by_month"]] == [
        (dt.date(2026, 6, 1), 2, 1, Decimal("1200")), (dt.date(2026, 7, 1), 1, 1, Decimal("300"))]
    assert [(r["chain__name"], r["matches"], r["deals"]) for r in counts["by_chain"]] == [("新能源汽车", 3, 2)]
    assert client.get(reverse("matchmaking_stats") + "?year=2026").status_code == 200


def test_an_outcome_with_a_product_of_another_enterprise_is_refused(market, event, coordinator):
    firms, offerings = market["firms"], market["offerings"]
    with pytest.raises(actions.ActionRefused, match="不属于锦江电驱有限公司"):
        actions.record_outcome(event, actor=coordinator, data={
            "supplier": firms["motor"], "buyer": firms["carmaker"], "offering": offerings["cells"],
            "kind": "intent"})
    assert not Outcome.objects.exists()


def test_the_event_proposes_who_should_meet_among_the_invited(client, market, event, coordinator):
    # Given the cell maker and the packaging firm invited as suppliers, the carmaker as buyer
    firms = market["firms"]
    actions.invite(event, actor=coordinator, suppliers=[firms["battery"], firms["packaging"]],
                   buyers=[firms["carmaker"]])

    # When the event's pairs are proposed
    pairs = calculations.event_pairs(event)

    # Then the carmaker's need is paired with the cell maker only (the motor maker is not invited), with the reason
    assert [(p.need, [s.offering for s in p.suggestions]) for p in pairs] == [
        (market["need"], [market["offerings"]["cells"]])]
    assert pairs[0].suggestions[0].reason.startswith("同属新能源汽车产业链：动力电池 → 整车制造（下游）")
    client.force_login(coordinator)
    assert "建议对接组合" in text(client.get(reverse("matchmaking_event", args=[event.pk])))
