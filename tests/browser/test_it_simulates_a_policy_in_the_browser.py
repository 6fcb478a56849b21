"""A coordinator lowers a clause's investment line in a draft, sees who would be newly in and what it costs,
then puts two drafts side by side — all before anything is published."""

import pytest

from tuijin.enterprises.models import Scale
from tuijin.policies import drafts, library, simulation
from tuijin.policies.models import Clause

from ..factories import EnterpriseFactory
from ..policies.conftest import ABOVE_SCALE, figures, qualify
from .csp_watch import Watch

pytestmark = pytest.mark.browser


@pytest.fixture
def equipment(users, park, other_park, coordinator):
    library.load()
    simulation.forget()
    for name, where, investment in [("锦程精密机械", park, 800), ("蓉欣新材料", park, 420), ("天府汽车零部件", other_park, 6000),
                                    ("西岭电子", other_park, 350), ("青城包装", park, 120)]:
        enterprise = EnterpriseFactory(name=name, park=where, scale=Scale.MEDIUM)
        qualify(enterprise, ABOVE_SCALE)
        for year in (2023, 2024, 2025):
            figures(enterprise, year=year, equipment_investment=investment, revenue=9000)
    clause = Clause.objects.select_related("policy").get(code="equipment-subsidy")
    other = drafts.start_draft(actor=coordinator, policy=clause.policy, clause=clause, name="方案B：比例降至8%")
    cheaper = {**clause.definition, "benefit": {**clause.definition["benefit"], "rate": 0.08}}
    drafts.save_draft(other, actor=coordinator, data={"definition": cheaper}, version=other.version)
    return clause


def test_a_coordinator_tries_a_lower_line_and_compares_two_drafts(page, live_server, log_in, screenshot, equipment):
    watch = Watch(page)
    log_in("coordinator")

    # Given a new draft of 设备投资补助 started from the simulations page
    page.goto(f"{live_server.url}/policies/simulations/")
    page.select_option("#start-clause", label=f"{equipment.policy.title} · 设备投资补助（v{equipment.version}）")
    page.fill("#start-name", "方案A：门槛降至300万元")
    page.get_by_role("button", name="新建测算方案").click()
    page.wait_for_selector("text=已新建测算方案")

    # When the investment line is lowered from 500 to 300 and the draft saved
    page.get_by_label("条件：设备投资 ≥").fill("300")
    page.get_by_role("button", name="保存并测算").click()
    page.wait_for_selector("text=以下为按新规则测算的结果")

    # Then two more enterprises qualify (蓉欣 and 西岭) and the page names them as newly in
    assert page.get_by_test_id("in-draft-" + page.url.rstrip("/").split("/")[-1]).inner_text() == "2"
    newly = page.locator(".card", has_text="新增享受").first.inner_text()
    assert "蓉欣新材料" in newly and "西岭电子" in newly and "青城包装" not in newly
    screenshot("90-policy-simulation")

    # When the two drafts are put side by side
    page.get_by_role("button", name="与其他方案并排对比").click()
    page.get_by_role("link", name="方案B：比例降至8%").click()
    page.get_by_role("heading", name="方案并排对比").wait_for()

    # Then each shows its own figures against the current version
    assert "方案A：门槛降至300万元" in page.get_by_test_id("variant-1").inner_text()
    assert "方案B：比例降至8%" in page.get_by_test_id("variant-2").inner_text()
    screenshot("91-policy-simulation-compare")
    assert not watch.violations() and not watch.errors
