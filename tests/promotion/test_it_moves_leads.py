"""A lead moves one stage at a time, each move logged with who and when; illegal moves are refused in Chinese."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.notifications.models import Notification
from tuijin.promotion import actions
from tuijin.promotion.models import Contract, LeadEventKind, LeadStage
from tuijin.promotion.pipeline import MoveRefused

from .conftest import make_lead, move, register, sign

D = dt.date


def test_it_moves_forward_one_stage_and_logs_who_and_when(coordinator, users, chain):
    # Given a lead registered by the coordinator and owned by the park's staff member
    lead = make_lead(coordinator, chain=chain, owner=users["park_staff"])

    # When the coordinator moves it to 接洽 on 10 January
    lead = move(lead, LeadStage.CONTACT, coordinator, D(2025, 1, 10))

    # Then it stands at 接洽 since that day, and its history says who moved it, from where, and when
    assert (lead.stage, lead.stage_entered_on) == (LeadStage.CONTACT, D(2025, 1, 10))
    event = lead.events.first()
    assert (event.kind, event.actor, event.from_stage, event.to_stage, event.occurred_on) == (
        LeadEventKind.MOVED, coordinator, LeadStage.LEAD, LeadStage.CONTACT, D(2025, 1, 10))
    # And the owner hears about it
    assert Notification.objects.filter(recipient=users["park_staff"], kind="lead_moved").exists()


@pytest.mark.parametrize("target", [LeadStage.VISIT, LeadStage.SIGNED, LeadStage.LANDED])
def test_it_refuses_to_skip_stages(coordinator, chain, target):
    lead = make_lead(coordinator, chain=chain)

    with pytest.raises(MoveRefused, match="不能从“线索”直接变更为"):
        move(lead, target, coordinator, D(2025, 1, 10), agreed_investment=Decimal(100))

    lead.refresh_from_db()
    assert lead.stage == LeadStage.LEAD and lead.events.count() == 1


def test_it_refuses_to_go_back(coordinator, chain):
    lead = move(make_lead(coordinator, chain=chain), LeadStage.CONTACT, coordinator, D(2025, 1, 10))

    with pytest.raises(MoveRefused, match="当前可变更为：考察、搁置"):
        move(lead, LeadStage.LEAD, coordinator, D(2025, 1, 11))


def test_it_refuses_a_date_before_the_current_stage_or_in_the_future(coordinator, chain):
    lead = make_lead(coordinator, chain=chain, on=D(2025, 1, 6))

    with pytest.raises(MoveRefused, match="不能早于进入“线索”的日期（2025-01-06）"):
        move(lead, LeadStage.CONTACT, coordinator, D(2025, 1, 5))
    with pytest.raises(MoveRefused, match="不能晚于今天"):
        move(lead, LeadStage.CONTACT, coordinator, D(2026, 2, 1))


def test_signing_needs_a_contract(coordinator, chain):
    lead = make_lead(coordinator, chain=chain)
    for stage in (LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION):
        lead = move(lead, stage, coordinator, D(2025, 2, 1))

    with pytest.raises(MoveRefused) as refusal:
        move(lead, LeadStage.SIGNED, coordinator, D(2025, 2, 2))

    assert refusal.value.errors == {"agreed_investment": "签约须填写协议投资额"}
    assert not Contract.objects.exists()


def test_signing_records_the_first_contract(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2), amount="20000",
                capital_source="foreign", contract_title="框架协议")

    contract = Contract.objects.get()
    assert (contract.kind, contract.signed_on, contract.agreed_investment, contract.counted_investment,
            contract.capital_source, contract.lead) == ("initial", D(2025, 2, 2), Decimal(20000), Decimal(20000),
                                                        "foreign", lead)
    assert "首次签约 2025-02-02，协议投资 2.00 亿元（外资）" in lead.events.first().evidence["签约协议"]


def test_registering_needs_a_valid_uscc(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2))

    with pytest.raises(MoveRefused) as refusal:
        register(lead, coordinator, D(2025, 3, 1), uscc="91510115MA0000001X")

    assert "统一社会信用代码校验位错误" in refusal.value.errors["uscc"]
    lead.refresh_from_db()
    assert lead.stage == LeadStage.SIGNED and lead.project is None


def test_landing_needs_a_date_after_registration(coordinator, chain):
    lead = register(sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2)), coordinator, D(2025, 3, 1))

    with pytest.raises(MoveRefused, match="不能早于进入“注册”的日期"):
        move(lead, LeadStage.LANDED, coordinator, D(2025, 2, 20))
    lead = move(lead, LeadStage.LANDED, coordinator, D(2025, 4, 1))

    assert (lead.stage, lead.landed_on) == (LeadStage.LANDED, D(2025, 4, 1))
    with pytest.raises(MoveRefused, match="无（已落地）"):
        move(lead, LeadStage.SHELVED, coordinator, D(2025, 4, 2), reason="x")


def test_shelving_needs_a_reason_and_resumes_where_it_was(coordinator, chain):
    lead = move(move(make_lead(coordinator, chain=chain), LeadStage.CONTACT, coordinator, D(2025, 1, 10)),
                LeadStage.VISIT, coordinator, D(2025, 1, 20))

    with pytest.raises(MoveRefused, match="请填写搁置原因"):
        move(lead, LeadStage.SHELVED, coordinator, D(2025, 2, 1))
    lead = move(lead, LeadStage.SHELVED, coordinator, D(2025, 2, 1), reason="企业投资计划推迟")
    assert (lead.stage, lead.shelved_from, lead.shelved_reason) == ("shelved", "visit", "企业投资计划推迟")

    # Only back to where it was
    with pytest.raises(MoveRefused, match="当前可变更为：考察"):
        move(lead, LeadStage.NEGOTIATION, coordinator, D(2025, 3, 1))
    lead = move(lead, LeadStage.VISIT, coordinator, D(2025, 3, 1), reason="企业重启投资")

    assert (lead.stage, lead.shelved_from, lead.shelved_reason) == ("visit", "", "")
    assert [e.kind for e in lead.events.all()[:2]] == [LeadEventKind.RESUMED, LeadEventKind.SHELVED]


def test_two_people_moving_at_once_cannot_both_win(coordinator, users, chain):
    # Given two people loaded the same lead at 线索
    lead = make_lead(coordinator, chain=chain)
    stale = type(lead).objects.get(pk=lead.pk)
    move(lead, LeadStage.CONTACT, coordinator, D(2025, 1, 10))

    # When the second one moves their (stale) copy on as well
    with pytest.raises(MoveRefused):
        move(stale, LeadStage.CONTACT, users["park_staff"], D(2025, 1, 10))

    # Then only one move was logged
    assert lead.events.filter(to_stage=LeadStage.CONTACT).count() == 1


def test_a_new_lead_starts_at_the_beginning(coordinator):
    with pytest.raises(actions.ActionRefused, match="新线索不能直接登记为“签约”"):
        actions.create_lead(actor=coordinator, data={"name": "x", "company_name": "y", "source": "fair",
                                                     "stage": LeadStage.SIGNED})
