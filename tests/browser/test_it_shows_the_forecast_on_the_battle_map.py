"""预测研判 on the battle map in chromium: the panel arrives after the map, drills down to the projects at risk."""

import datetime as dt

import pytest

from tests.factories import ProjectFactory
from tests.foresight.stored import store

pytestmark = pytest.mark.browser


def test_it_shows_the_forecast_panel_and_drills_down(page, live_server, log_in, screenshot, users, park, project):
    # Given last year's history of 60 projects and two projects this year, one at 40 万元 a month
    today = dt.date.today()
    slow = ProjectFactory(park=park, name="慢进度示例项目")
    store(park, project, slow, year=today.year, known=max(1, today.month - 1))
    log_in("coordinator")
    # When the coordinator opens the battle map
    page.goto(f"{live_server.url}/battle-map/")
    panel = page.get_by_test_id("forecast-panel")
    panel.wait_for()
    # Then the panel says whether the year's plan will be met and lists the slow project as the biggest gap
    assert page.get_by_test_id("forecast-year-status").inner_text() in ("预计达成", "有风险", "预计未达成")
    assert "慢进度示例项目" in page.get_by_test_id("forecast-shortfall").inner_text()
    screenshot("foresight-battle-map")
    # and the status drills down to the projects at risk, each with its forecast in words
    page.get_by_test_id("forecast-year-status").click()
    page.get_by_test_id("forecast-table").wait_for()
    rows = page.get_by_test_id("forecast-row")
    assert "慢进度示例项目" in rows.first.inner_text()
    assert "达到年度计划的概率" in rows.first.inner_text()
    screenshot("foresight-list")
