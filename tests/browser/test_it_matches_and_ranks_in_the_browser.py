"""A coordinator opens a buyer's need and sees local suppliers with their reasons, the 本土产品 list, then the
擂台赛 ranking with its chart, red and black lists, and the records behind one figure — under the strict CSP."""

import pytest

from ..leaderboards import conftest as league_fixtures
from ..matchmaking import conftest as market_fixtures
from .csp_watch import Watch

pytestmark = pytest.mark.browser
market = market_fixtures.market
league = league_fixtures.league


def test_a_coordinator_sees_matches_with_reasons_and_the_ranking(page, live_server, log_in, screenshot, users,
                                                               market, league):
    watch = Watch(page)
    log_in("coordinator")

    # Given the carmaker's need for battery cells
    page.goto(f"{live_server.url}/matchmaking/needs/{market['need'].pk}/")

    # Then the cell maker is suggested first with the chain, shared words and industry as its reasons
    first = page.get_by_test_id("suggestions").locator("tbody tr").first
    assert "蜀能锂电科技有限公司" in first.inner_text()
    assert "同属新能源汽车产业链：动力电池 → 整车制造（下游）" in first.get_by_test_id("reason").inner_text()
    screenshot("matchmaking-need-suggestions")

    # When the 本土产品 list is filtered by the chain
    page.goto(f"{live_server.url}/matchmaking/")
    page.select_option("#id_chain", label="新能源汽车")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**chain=*")
    assert "瓦楞纸箱" not in page.get_by_test_id("products").inner_text()
    screenshot("matchmaking-products")

    # When the park board is opened for January to June 2026
    page.goto(f"{live_server.url}/leaderboards/{league['parks'].pk}/?from=2026-01&to=2026-06")

    # Then the chart is drawn, 临港园 leads on the red list and 东区 is on the black list with its rule
    page.locator("#leaderboard-chart svg").wait_for()
    assert "临港园" in page.get_by_test_id("red-list").inner_text()
    assert "得分低于10.0分" in page.get_by_test_id("black-list").inner_text()
    assert page.locator("[data-testid=ranking] tbody tr").first.get_attribute("data-rank") == "1"
    screenshot("leaderboard")

    # When 高新园's punctuality figure is clicked, its due reports are listed
    page.get_by_test_id(f"drill-{league['projects']['a1'].park_id}-punctuality").click()
    page.get_by_test_id("records").wait_for()
    assert page.locator("[data-testid=records] tbody tr").count() == 12
    screenshot("leaderboard-drill")
    assert not watch.violations() and not watch.errors, (watch.violations(), watch.errors)
