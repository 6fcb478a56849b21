"""挂图作战 in chromium: click a KPI number and land on exactly its projects; screenshots of every view."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.alerts import scan
from tuijin.progress import actions as progress_actions
from tuijin.progress.models import MonthlyReport, ReportStatus
from tuijin.projects.models import Stage

from ..factories import ProjectFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def sited(park, other_park, department):
    """A dozen sited projects in both parks, three of them late to start (red warnings); the others under
    construction with this year's plan and approved monthly reports up to last month."""
    today = dt.date.today()
    projects = []
    for i in range(12):
        chosen = park if i % 2 else other_park
        lat, lng = (30.63, 104.05) if chosen == park else (30.56, 104.16)
        projects.append(ProjectFactory(
            park=chosen, responsible_unit=department, industry_chain=["新能源汽车", "电子信息", "现代物流"][i % 3],
            stage=Stage.CONSTRUCTION if i >= 3 else Stage.PREPARATION,
            total_investment=Decimal(5000 + i * 3000), latitude=Decimal(f"{lat + (i % 4) * 0.004:.6f}"),
            longitude=Decimal(f"{lng + (i % 3) * 0.005:.6f}"),
            planned_start_date=today - dt.timedelta(days=120 if i < 3 else 400),
            actual_start_date=None if i < 3 else today - dt.timedelta(days=400 if i % 2 else 380),
            stats_filed_on=today, planned_complete_date=today + dt.timedelta(days=200)))
    for i, project in enumerate(projects[3:]):
        plan = Decimal(1200 + i * 400)
        progress_actions.save_yearly_plan(project, today.year, actor=None, data={"planned_investment": plan})
        for month in range(1, today.month):
            MonthlyReport.objects.create(project=project, year=today.year, month=month,
                                         completed_investment=(plan / 14 * (1 + (i + month) % 3) / 2).quantize(
                                             Decimal("0.01")), status=ReportStatus.APPROVED)
        progress_actions.refresh_rollup(project.pk, today.year)
    scan.run()
    return projects


def test_it_clicks_a_number_and_shows_every_view(page, live_server, log_in, screenshot, users, sited):
    # Given the coordinator on the battle map
    log_in("coordinator")
    page.goto(f"{live_server.url}/battle-map/")
    page.wait_for_function("() => document.querySelectorAll('#chart-park canvas').length > 0")
    page.wait_for_timeout(600)
    assert page.get_by_test_id("card-warning_red").inner_text().startswith("3")
    screenshot("40-battle-map-dashboard")

    # When they click the red-warning number
    page.get_by_test_id("card-warning_red").click()
    page.wait_for_selector("[data-testid=list-title]")

    # Then the list holds exactly the three projects that are late to start
    assert page.get_by_test_id("result-count").inner_text() == "3"
    listed = page.locator("table.table-projects tbody td.name").all_inner_texts()
    assert sorted(listed) == sorted(p.name for p in sited[:3])

    # And a chart segment opens its projects too: the 高新园 bar
    page.goto(f"{live_server.url}/battle-map/")
    page.wait_for_function("() => document.querySelectorAll('#chart-park canvas').length > 0")
    count = page.evaluate("""() => { const c = echarts.getInstanceByDom(document.getElementById('chart-park'));
        const s = c.getOption().series[0].data; return s.map(d => d.url); }""")
    page.goto(f"{live_server.url}{count[0]}")
    assert page.get_by_test_id("result-count").inner_text() == "6"

    # And the map draws every sited project
    page.goto(f"{live_server.url}/battle-map/map/")
    page.wait_for_selector("#project-map[data-ready='1']")
    page.wait_for_timeout(600)
    assert "12 个已落点项目" in page.inner_text("h1")
    # And the park names are drawn above the dots (a series over the scatter), not under them
    labels = page.evaluate("""() => { const o = echarts.getInstanceByDom(document.getElementById('project-map')).getOption();
        const names = o.series[1]; return [o.series[0].z || 2, names.z, names.data.map(d => d.name), o.geo[0].label.show]; }""")
    assert labels[1] > labels[0] and {"高新园", "临港开发区", "物流园"} <= set(labels[2]) and labels[3] is False
    screenshot("41-battle-map-map")

    # And the timeline marks the late projects
    page.goto(f"{live_server.url}/battle-map/timeline/")
    assert page.locator("[data-testid=gantt-row][data-late='1']").count() >= 3
    screenshot("42-battle-map-timeline")

    # And the big screen is dark, full-screen and draws its charts
    page.goto(f"{live_server.url}/battle-map/screen/")
    page.wait_for_function("() => document.querySelectorAll('#screen-map canvas').length > 0")
    page.wait_for_timeout(800)
    assert page.get_by_test_id("screen-card-warning_red").inner_text() == "3"
    page.screenshot(path=str(_shot_path("43-battle-map-big-screen")))  # the screen itself, not the full page


def _shot_path(name):
    from .conftest import SCREENSHOTS

    return SCREENSHOTS / f"{name}.png"
