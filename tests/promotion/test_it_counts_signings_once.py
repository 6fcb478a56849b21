"""The counting rules of domain.md: a project is signed once, a capital increase counts its increment, an upgraded
agreement adds nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.promotion import actions, calculations
from tuijin.promotion.models import Contract, ContractKind, Metric
from tuijin.promotion.periods import Period

from ..factories import ProjectFactory
from .conftest import make_lead, register, sign

D = dt.date
YEAR = Period.year(2025)


def figures():
    return {key: calculations.figure(key, YEAR).value
            for key in (Metric.SIGNINGS, Metric.SIGNINGS_OVER_100M, Metric.SIGNING_VALUE)}


def test_a_first_signing_counts_once_with_its_amount(coordinator, chain):
    sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2), amount="15000")

    assert figures() == {Metric.SIGNINGS: 1, Metric.SIGNINGS_OVER_100M: 1, Metric.SIGNING_VALUE: Decimal(15000)}


def test_a_capital_increase_counts_only_the_increment_and_no_new_signing(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2), amount="8000")

    contract = actions.record_contract(actor=coordinator, lead=lead, kind=ContractKind.INCREASE,
                                       signed_on=D(2025, 6, 1), agreed_investment=Decimal(20000),
                                       today=D(2026, 1, 1))

    assert contract.counted_investment == Decimal(12000)
    assert figures() == {Metric.SIGNINGS: 1, Metric.SIGNINGS_OVER_100M: 0, Metric.SIGNING_VALUE: Decimal(20000)}


def test_an_increase_must_raise_the_total(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2), amount="8000")

    with pytest.raises(actions.ActionRefused, match="应大于原协议总额 8,000.00 万元"):
        actions.record_contract(actor=coordinator, lead=lead, kind=ContractKind.INCREASE, signed_on=D(2025, 6, 1),
                                agreed_investment=Decimal(8000), today=D(2026, 1, 1))


def test_an_upgraded_agreement_adds_no_new_money(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2), amount="8000")

    contract = actions.record_contract(actor=coordinator, lead=lead, kind=ContractKind.UPGRADE,
                                       signed_on=D(2025, 4, 1), agreed_investment=Decimal(9000), today=D(2026, 1, 1))

    assert contract.counted_investment == 0
    assert figures() == {Metric.SIGNINGS: 1, Metric.SIGNINGS_OVER_100M: 0, Metric.SIGNING_VALUE: Decimal(8000)}
    assert lead.events.first().evidence["协议"].startswith("协议升级 2025-04-01")


def test_a_lead_signs_for_the_first_time_only_once(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2))

    with pytest.raises(actions.ActionRefused, match="首次签约请通过“推进至签约”登记"):
        actions.record_contract(actor=coordinator, lead=lead, kind=ContractKind.INITIAL, signed_on=D(2025, 3, 1),
                                agreed_investment=Decimal(100), today=D(2026, 1, 1))
    assert Contract.objects.count() == 1


def test_a_project_signed_through_two_leads_counts_once(coordinator, chain):
    # Given two leads (a fair and a business referral) that turn out to be the same project
    project = ProjectFactory(name="口腔产业园项目")
    first = sign(make_lead(coordinator, chain=chain, company_name="甲"), coordinator, D(2025, 2, 2), amount="15000")
    second = sign(make_lead(coordinator, chain=chain, company_name="甲"), coordinator, D(2025, 3, 3), amount="15000")

    # When both are registered against that project
    uscc = register(first, coordinator, D(2025, 3, 10), project=project).enterprise.uscc
    register(second, coordinator, D(2025, 3, 12), uscc=uscc, project=project)

    # Then the project is one signing, with one amount, dated at its first signing
    signed = calculations.figure(Metric.SIGNINGS, YEAR)
    assert signed.value == 1 and list(signed.items.values_list("signed_on", flat=True)) == [D(2025, 2, 2)]
    assert calculations.figure(Metric.SIGNING_VALUE, YEAR).value == Decimal(15000)


def test_a_project_without_a_lead_signs_once_too(coordinator):
    project = ProjectFactory()
    actions.record_contract(actor=coordinator, project=project, kind=ContractKind.INITIAL, signed_on=D(2025, 5, 1),
                            agreed_investment=Decimal(5000), today=D(2026, 1, 1))

    with pytest.raises(actions.ActionRefused, match="同一项目只计一次签约"):
        actions.record_contract(actor=coordinator, project=project, kind=ContractKind.INITIAL,
                                signed_on=D(2025, 6, 1), agreed_investment=Decimal(5000), today=D(2026, 1, 1))
    assert project.events.filter(changes__0__field="contract").count() == 1
