"""A lead from 线索 to 落地 in the browser; the project it becomes carries the lead's company, chain, amounts and
contract without anyone typing them again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuijin.promotion import actions
from tuijin.promotion.models import ChainMember, ChainSegment, IndustryChain, Lead, Position

from ..factories import EnterpriseFactory, industry, next_uscc

pytestmark = pytest.mark.browser


@pytest.fixture
def lead(coordinator, park):
    chain = IndustryChain.objects.create(name="口腔医疗器械")
    segments = [ChainSegment.objects.create(chain=chain, name=name, position=position, order=order)
                for order, (name, position) in enumerate([("原材料", Position.UPSTREAM), ("种植体", Position.MIDSTREAM),
                                                          ("数字化设备", Position.MIDSTREAM),
                                                          ("诊疗服务", Position.DOWNSTREAM)], start=1)]
    ChainMember.objects.create(segment=segments[2], enterprise=EnterpriseFactory(name="锦江口扫科技有限公司"))
    return actions.create_lead(actor=coordinator, occurred_on=timezone.localdate() - dt.timedelta(days=30), data={
        "name": "高端口腔种植体生产基地项目", "company_name": "华东种植体医疗器械有限公司", "company_uscc": next_uscc(),
        "company_location": "江苏苏州", "industry": industry("35"), "source": "fair", "chain": chain,
        "segment": segments[1], "expected_investment": Decimal("20000"), "park": park, "owner": coordinator,
        "next_step": "邀请企业来区考察",
    })


def advance(page, target):
    page.get_by_test_id(f"move-{target}").click()
    page.wait_for_selector("[data-testid=move-form]")


def confirm(page, stage_label):
    page.get_by_test_id("confirm-move").click()
    page.wait_for_selector(f"text=线索已推进至“{stage_label}”")


def test_it_moves_a_lead_from_tip_to_landing(page, live_server, log_in, screenshot, users, lead, park):
    today = timezone.localdate()
    # Given the coordinator sees the lead on the board
    log_in("coordinator")
    page.goto(f"{live_server.url}/promotion/")
    assert "华东种植体医疗器械有限公司" in page.get_by_test_id("column-lead").inner_text()
    screenshot("40-promotion-board")
    page.get_by_role("link", name="华东种植体医疗器械有限公司").click()

    # When they move it through 接洽, 考察 and 洽谈
    for target, label in (("contact", "接洽"), ("visit", "考察"), ("negotiation", "洽谈")):
        advance(page, target)
        confirm(page, label)

    # And sign it: the contract is the evidence, its amount starting from the lead's expected investment
    advance(page, "signed")
    assert page.input_value("#id_agreed_investment") == "20000.00"
    page.fill("#id_agreed_investment", "25000")
    page.select_option("#id_capital_source", "domestic")
    screenshot("41-promotion-sign")
    confirm(page, "签约")

    # And register it: company, USCC and industry come from the lead, nothing is typed again
    advance(page, "registered")
    assert page.input_value("#id_company_name") == "华东种植体医疗器械有限公司"
    assert page.input_value("#id_uscc") == lead.company_uscc
    screenshot("42-promotion-register")
    confirm(page, "注册")

    # And land it
    advance(page, "landed")
    confirm(page, "落地")
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("登记线索", "接洽", "考察", "洽谈", "签约", "注册", "落地"):
        assert step in timeline
    assert "首次签约" in timeline
    screenshot("43-promotion-lead-landed")

    # Then the project it became carries the lead's name, company, chain, park, amount and contract
    page.get_by_test_id("project-link").click()
    page.wait_for_selector("[data-testid=project-name]")
    assert page.get_by_test_id("project-name").inner_text() == "高端口腔种植体生产基地项目"
    facts = page.locator("table.facts").inner_text()
    assert "华东种植体医疗器械有限公司" in facts and "口腔医疗器械" in facts and park.name in facts
    assert "2.50 亿元" in page.get_by_test_id("total-investment").inner_text()
    assert today.strftime("%Y-%m-%d") in page.get_by_test_id("timeline").inner_text()
    history = page.get_by_test_id("history").inner_text()
    assert "招商线索" in history and "首次签约" in history
    screenshot("44-promotion-project")

    landed = Lead.objects.get()
    project = landed.project
    assert (project.enterprise.name, project.chain.name, project.total_investment, project.actual_sign_date) == (
        "华东种植体医疗器械有限公司", "口腔医疗器械", Decimal(25000), today)
    assert project.contracts.get().agreed_investment == Decimal(25000)
    assert landed.landed_on == today

    # And the chain page shows where it landed: 种植体 is no longer a gap
    page.goto(f"{live_server.url}/promotion/chains/{landed.chain_id}/")
    page.wait_for_selector("#chain-chart svg")
    assert page.get_by_test_id("gaps").inner_text().endswith("原材料、诊疗服务")
    screenshot("45-promotion-chain")
    page.goto(f"{live_server.url}/promotion/funnel/")
    screenshot("46-promotion-funnel")
    page.goto(f"{live_server.url}/promotion/targets/")
    screenshot("47-promotion-targets")
