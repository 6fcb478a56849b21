"""A coordinator opens 重点企业监测: the district's growth with the drop warning and the draggers first, a chain's
chart page, and one enterprise's months — the charts drawn under the strict CSP (screenshots looked at)."""

import datetime as dt

import pytest

from tuijin.alerts.models import RuleKey, WarningRule
from tuijin.alerts.rules import grade
from tuijin.monitoring import actions
from tuijin.promotion.models import ChainMember, ChainSegment, IndustryChain

from ..factories import EnterpriseFactory
from ..monitoring import conftest as monitoring_fixtures
from .csp_watch import Watch

pytestmark = pytest.mark.browser
approved = monitoring_fixtures.approved


@pytest.fixture
def watched(enterprise, park, approved):
    chain = IndustryChain.objects.create(name="新型材料")
    segment = ChainSegment.objects.create(chain=chain, name="正极材料")
    firms = [enterprise, EnterpriseFactory(name="蜀能锂电科技有限公司", park=park),
             EnterpriseFactory(name="锦华精密模具有限公司", park=park)]
    for firm, base in zip(firms, (1000, 2400, 600)):
        ChainMember.objects.create(segment=segment, enterprise=firm)
        months = {(2025 + (m - 1) // 12, (m - 1) % 12 + 1): {"output": base * (1 + m / 100), "revenue": base * 0.9,
                                                             "electricity": base / 50, "employees": 120}
                  for m in range(1, 23)}
        if firm.name.startswith("蜀能"):
            for key in ((2026, 9), (2026, 10)):
                months[key] = {"output": base * 0.6, "revenue": base * 0.55, "electricity": base / 90,
                               "employees": 110}
        approved(firm, months)
    rule = WarningRule.current()[RuleKey.KEY_ENTERPRISE_DROP]
    actions.scan_drops(dt.date(2026, 11, 5), lambda fall: grade(rule, fall))
    return {"chain": chain, "falling": firms[1]}


def test_a_coordinator_reads_growth_drops_and_charts(page, live_server, log_in, screenshot, users, watched):
    watch = Watch(page)
    log_in("coordinator")

    # When the overview of October 2026 is opened
    page.goto(f"{live_server.url}/monitoring/?year=2026&month=10&indicator=output")

    # Then the drop warning names 蜀能锂电, who also leads the enterprise table as the biggest drag
    page.locator("#monitoring-chart svg").wait_for()
    assert "蜀能锂电科技有限公司" in page.get_by_test_id("drops").inner_text()
    first = page.locator("[data-testid=enterprise-table] tbody tr").first
    assert first.get_attribute("data-enterprise") == str(watched["falling"].pk)
    screenshot("monitoring-overview")

    # When the chain is opened from its row, its chart and members are shown
    page.get_by_test_id("chain-table").get_by_role("link", name="新型材料").click()
    page.locator("#monitoring-chart svg").wait_for()
    assert "新型材料" in page.locator("h1").inner_text()
    screenshot("monitoring-chain")

    # When the falling enterprise is opened, its months show 同比 (1440 / 2640 − 1 = −45.5 %) and "—" where last
    # year is missing
    page.locator("[data-testid=enterprise-table] a", has_text="蜀能锂电科技有限公司").click()
    page.get_by_test_id("months").wait_for()
    assert "—" in page.locator("[data-month='2025-1']").inner_text()
    assert "-45.5%" in page.locator("[data-month='2026-10']").inner_text()
    screenshot("monitoring-enterprise")
    assert not watch.violations() and not watch.errors, (watch.violations(), watch.errors)
