"""A city leader opens 数据上报: two imported districts side by side with their figures, 数据截至 and the city
total; a district drills down to its projects; the conflict page shows both values (screenshots looked at)."""

import pytest

from tuijin.accounts.models import Role
from tuijin.demo.exchange import seed_exchange
from tuijin.exchange.models import DistrictFeed

from ..factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_city_leader_compares_districts_and_drills_into_one(page, live_server, log_in, screenshot):
    # Given a city that imported 郫都区 and 新津区 (one project corrected at the city, sent changed again)
    UserFactory(username="citycoord", role=Role.COORDINATOR)
    seed_exchange(seed=3, count=12)
    UserFactory(username="cityleader", role=Role.LEADER)
    pidu = DistrictFeed.objects.get(code="510117")

    # When the city leader opens 数据上报
    log_in("cityleader")
    page.goto(f"{live_server.url}/exchange/")

    # Then both districts are listed with their project counts, 数据截至 and the city total
    table = page.get_by_test_id("districts")
    assert "郫都区" in table.inner_text() and "新津区" in table.inner_text()
    assert page.get_by_test_id("drill-510117").inner_text() == "12"
    assert page.get_by_test_id("total").inner_text().split()[:2] == ["合计", "24"]
    assert page.get_by_test_id("as-of-510118").inner_text() != "—"
    assert page.get_by_test_id("conflicts-link").inner_text().strip().endswith("1")
    screenshot("exchange-city-districts")

    # When they drill into 郫都区
    page.get_by_test_id("drill-510117").click()
    page.wait_for_url(f"**/projects/?district={pidu.organisation_id}")

    # Then the project list shows 郫都区's twelve projects only
    body = page.locator("main, body").first.inner_text()
    assert "郫都区" in body and "新津区" not in body
    screenshot("exchange-district-drilldown")

    # And the conflict page shows the city's and the district's values
    page.goto(f"{live_server.url}/exchange/conflicts/")
    conflict = page.locator("[data-testid^=conflict-]").first
    assert "市级更正" in conflict.inner_text() and "区县上报值" in conflict.inner_text()
    screenshot("exchange-conflicts")
