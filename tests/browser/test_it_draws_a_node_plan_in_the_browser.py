"""促建流程 in the browser: the Gantt with the critical path, late nodes, and the knock-on preview before saving."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tuijin.accounts.models import Role
from tuijin.nodeplans import actions

from ..nodeplans.conftest import FESTIVAL_FLOW, START, build_flow
from .csp_watch import Watch

pytestmark = pytest.mark.browser


@pytest.fixture
def march_third():
    """The server's clock on Tuesday 3 March 2026, a week after the festival: 立项/备案 is late by then."""
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 3, 10)), tick=True):
        yield


def test_it_shows_the_critical_path_and_previews_a_change(page, live_server, log_in, screenshot, users, project,
                                                         department, other_department, march_third):
    # Given the festival plan (across the 2026 Spring Festival), approved, with its first node done late
    coordinator = users[Role.COORDINATOR]
    flow = build_flow(FESTIVAL_FLOW, department=department, other_department=other_department)
    plan = actions.apply_template(project, flow, actor=coordinator, start_date=START)
    actions.approve_plan(plan, actor=coordinator)
    actions.mark_done(plan.nodes.get(name="合规性审查"), actor=coordinator, finished_on=dt.date(2026, 2, 24),
                      evidence_no="锦投促审〔2026〕8号", today=dt.date(2026, 2, 24))
    watch = Watch(page)

    # When the coordinator opens the project's node plan on Tuesday 3 March 2026 (立项/备案 is late)
    log_in("coordinator")
    page.goto(f"{live_server.url}/node-plans/project/{project.pk}/")

    # Then the Gantt is drawn and the critical path is marked on the nodes
    expect(page.get_by_test_id("node-gantt").locator("canvas").first).to_be_visible()
    critical = page.locator("[data-testid=node-row][data-critical='1']")
    expect(page.locator("[data-testid=node-row][data-critical='1'][data-node='环评']")).to_have_count(1)
    expect(page.locator("[data-testid=node-row][data-critical='1'][data-node='施工许可']")).to_have_count(1)
    expect(critical).to_have_count(3)
    expect(page.get_by_test_id("late-count")).to_have_text("2")  # 合规性审查 done late, 立项/备案 overdue
    expect(page.get_by_test_id("critical-count")).not_to_have_text("0")

    # And typing a new duration for 用地预审 shows the knock-on effect before anything is saved
    form = page.get_by_test_id("reschedule-form")
    form.locator("select[name=node]").select_option(label="用地预审")
    form.locator("input[name=duration]").fill("15")
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("施工许可")
    expect(page.get_by_test_id("preview-finish")).to_contain_text("计划完成")
    screenshot("node-plan")
    assert plan.nodes.get(name="用地预审").duration_workdays == 4
    assert not watch.violations(), watch.violations()
    assert not watch.errors, watch.errors
