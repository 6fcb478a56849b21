"""The lead board shows all eight columns, 搁置 included, on a 1440 px screen: none is cut off at the right."""

import datetime as dt

import pytest
from django.utils import timezone

from tuijin.promotion import actions
from tuijin.promotion.models import PIPELINE, LeadStage

from ..factories import next_uscc

pytestmark = pytest.mark.browser


def test_it_shows_the_shelved_column_at_1440_px(page, live_server, log_in, coordinator, park, screenshot):
    # Given a lead, so the board has a card
    actions.create_lead(actor=coordinator, occurred_on=timezone.localdate() - dt.timedelta(days=3), data={
        "name": "新能源电池回收项目", "company_name": "川西循环科技有限公司", "company_uscc": next_uscc(),
        "company_location": "四川成都", "source": "fair", "park": park, "owner": coordinator})

    # When the coordinator opens the board in a 1440 px wide window
    log_in("coordinator")
    page.goto(f"{live_server.url}/promotion/")
    width = page.evaluate("document.documentElement.clientWidth")

    # Then every column, 搁置 last, lies wholly inside the window
    for stage in [*PIPELINE, LeadStage.SHELVED]:
        box = page.get_by_test_id(f"column-{stage.value}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, stage
    assert page.get_by_test_id("column-shelved").inner_text().startswith("搁置")
    screenshot("promotion-board-1440")
