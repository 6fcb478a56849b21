"""Stored XSS (issue #20): a project named like markup is shown as its name everywhere, never run.

The attack test named a project ``<img src=x onerror=alert(1)>`` and a leader hovering its point on the battle
map ran the script: the map tooltip concatenated the name into HTML. Now every chart formatter escapes its
data and the Content-Security-Policy forbids inline script, so the test also insists the pages trip no CSP
violation while the charts still draw.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.accounts.models import Role
from tuijin.alerts import scan
from tuijin.projects.models import Stage
from tuijin.promotion.models import ChainSegment, IndustryChain, Position

from ..factories import ProjectFactory
from .csp_watch import Watch

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=window.__xss=1;alert(1)>"
SCRIPT = "<script>window.__xss=2;alert(2)</script>项目"
CHAIN = "<img src=x onerror=alert(3)>链"
SEGMENT = "<img src=x onerror=alert(4)>环节"

INJECTED = """() => ({
    xss: window.__xss === undefined ? null : window.__xss,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter(s => s.type !== "application/json" && s.textContent.includes("__xss")).length,
})"""
CLEAN = {"xss": None, "images": 0, "scripts": 0}


@pytest.fixture
def hostile(park, department, enterprise):
    """Two sited projects in our park, late to start (so they carry a red warning), named with markup."""
    today = dt.date.today()
    projects = [
        ProjectFactory(name=name, park=park, responsible_unit=department, enterprise=enterprise,
                       industry_chain=CHAIN, stage=Stage.PREPARATION, total_investment=Decimal("20000"),
                       latitude=Decimal(lat), longitude=Decimal("104.05"),
                       planned_start_date=today - dt.timedelta(days=120),
                       planned_complete_date=today + dt.timedelta(days=300))
        for name, lat in ((IMG, "30.63"), (SCRIPT, "30.60"))
    ]
    scan.run()
    return projects


def _hover_point(page, chart_id, project):
    """Move the mouse onto the project's point on an ECharts geo map and return the tooltip's text."""
    x, y = page.evaluate("""([id, lng, lat]) => {
        const chart = echarts.getInstanceByDom(document.getElementById(id));
        return chart.convertToPixel({seriesIndex: 0}, [lng, lat]); }""",
                         [chart_id, float(project.longitude), float(project.latitude)])
    box = page.locator(f"#{chart_id}").bounding_box()
    page.mouse.move(box["x"] + x + 40, box["y"] + y + 40)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=4)
    tooltip = page.locator(f"#{chart_id} > div").filter(has_text=project.name)
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def test_a_leader_hovers_a_hostile_name_on_the_battle_map(page, live_server, log_in, screenshot, users, hostile):
    watch = Watch(page)
    img, script = hostile

    # Given the leader on the battle map's dashboard, whose chain chart is labelled with a hostile chain name
    log_in("leader")
    page.goto(f"{live_server.url}/battle-map/")
    page.wait_for_function("() => document.querySelectorAll('#chart-chain canvas').length > 0")
    # When they hover the chain bar (scrolled into the window first: the mouse only reaches what is on screen)
    page.locator("#chart-chain").scroll_into_view_if_needed()
    box = page.locator("#chart-chain").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7, steps=4)
    # Then the axis tooltip shows the chain's name as text
    page.locator("#chart-chain > div").filter(has_text=CHAIN).wait_for(state="visible")
    assert page.evaluate(INJECTED) == CLEAN

    # When they open the map and hover the first project's point
    page.goto(f"{live_server.url}/battle-map/map/")
    page.wait_for_selector("#project-map[data-ready='1']")
    page.wait_for_timeout(300)
    text = _hover_point(page, "project-map", img)
    screenshot("60-xss-map-tooltip-img")
    # Then the tooltip shows the literal name, its stage and warning, and nothing ran or was injected
    assert text.splitlines()[0] == IMG
    assert "前期手续" in text
    assert page.evaluate(INJECTED) == CLEAN
    # And the <script> name too
    assert _hover_point(page, "project-map", script).splitlines()[0] == SCRIPT
    screenshot("61-xss-map-tooltip-script")
    assert page.evaluate(INJECTED) == CLEAN

    # When they open the timeline: both names are rows of text
    page.goto(f"{live_server.url}/battle-map/timeline/")
    assert IMG in page.inner_text("main") and SCRIPT in page.inner_text("main")
    assert page.evaluate(INJECTED) == CLEAN

    # When they open the big screen and hover the point there
    page.goto(f"{live_server.url}/battle-map/screen/")
    page.wait_for_selector("#screen-map[data-ready='1']")
    page.wait_for_timeout(300)
    assert page.locator("#chart-park canvas").count() > 0
    assert _hover_point(page, "screen-map", img).splitlines()[0] == IMG
    screenshot("62-xss-big-screen-tooltip")
    assert page.evaluate(INJECTED) == CLEAN

    # When they open the project list and each project's page
    page.goto(f"{live_server.url}/projects/?q=window.__xss")
    listed = page.locator("table.table-projects tbody td.name").all_inner_texts()
    assert sorted(listed) == sorted([IMG, SCRIPT])
    for project in hostile:
        page.goto(f"{live_server.url}/projects/{project.pk}/")
        assert project.name in page.inner_text("h1")
        assert page.evaluate(INJECTED) == CLEAN

    # And a coordinator's edit form holds the name as the field's value
    page.context.clear_cookies()
    log_in("coordinator")
    chain = IndustryChain.objects.create(name="口腔医疗器械")
    ChainSegment.objects.create(chain=chain, name=SEGMENT, position=Position.MIDSTREAM, order=1)
    # And on the chain map a hostile segment name is its node's label and, hovered, its tooltip
    page.goto(f"{live_server.url}/promotion/chains/{chain.pk}/")
    label = page.locator("#chain-chart svg text").filter(has_text=SEGMENT)
    label.hover()
    tooltip = page.locator("#chain-chart > div").filter(has_text="本地企业")
    tooltip.wait_for(state="visible")
    screenshot("63-xss-chain-tooltip")
    assert tooltip.inner_text().splitlines()[0] == SEGMENT
    assert page.evaluate(INJECTED) == CLEAN

    page.goto(f"{live_server.url}/projects/{img.pk}/edit/")
    assert page.input_value("#id_name") == IMG
    assert page.evaluate(INJECTED) == CLEAN

    # And no alert fired, no script error happened and the pages tripped no CSP violation
    assert watch.dialogs == []
    assert watch.errors == []
    assert watch.violations() == []
