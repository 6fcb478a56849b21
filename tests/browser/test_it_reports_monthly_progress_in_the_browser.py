"""A month's report from the enterprise to approval, and the KPIs of the project and its park moving with it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuijin.progress import actions
from tuijin.projects.models import Stage

pytestmark = pytest.mark.browser


def log_out(page, live_server):
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/login/")


def test_it_reports_returns_resubmits_and_approves(page, live_server, log_in, screenshot, users, project, park):
    # Given a project under construction with a yearly plan of 1000 万元 this year
    year = timezone.localdate().year
    month = timezone.localdate().month
    project.stage = Stage.CONSTRUCTION
    project.actual_start_date = dt.date(year - 1, 5, 1)
    project.save()
    actions.save_yearly_plan(project, year, actor=None, data={"planned_investment": Decimal(1000)})
    progress_url = f"{live_server.url}/progress/projects/{project.pk}/"

    # When the enterprise drafts this month's report and submits it
    log_in("ent")
    page.goto(progress_url)
    page.fill("#id_month", str(month))
    page.fill("#id_completed_investment", "300")
    page.fill("#id_narrative", "主体结构封顶")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_selector(f"[data-testid=status-{month}]:has-text('草稿')")
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_selector(f"[data-testid=status-{month}]:has-text('已报送')")
    screenshot("10-report-submitted")
    log_out(page, live_server)

    # And the park returns it with a reason
    log_in("park")
    page.goto(progress_url)
    page.fill(f"[data-testid=return-reason-{month}]", "完成额偏高，请附发票")
    page.get_by_test_id(f"return-{month}").click()
    page.wait_for_selector(f"[data-testid=status-{month}]:has-text('已退回')")
    log_out(page, live_server)

    # Then the enterprise sees the reason, fixes the figure and resubmits
    log_in("ent")
    page.goto(progress_url)
    assert "退回原因：完成额偏高，请附发票" in page.get_by_test_id("reports").inner_text()
    page.fill("#id_month", str(month))
    page.fill("#id_completed_investment", "250")
    page.get_by_test_id("submit-report").click()
    page.wait_for_selector(f"[data-testid=status-{month}]:has-text('已报送')")
    assert page.get_by_test_id("completion-rate").inner_text() == "—" or "0.0%" in page.get_by_test_id(
        "completion-rate").inner_text()
    log_out(page, live_server)

    # When the park approves it
    log_in("park")
    page.goto(f"{live_server.url}/progress/?park={park.pk}")
    before = page.get_by_test_id("kpi-investment_completion").inner_text()
    page.goto(progress_url)
    page.get_by_test_id(f"approve-{month}").click()
    page.wait_for_selector(f"[data-testid=status-{month}]:has-text('已审核')")

    # Then the project's figures count it: 250 of 1000 万元 = 25.0 %
    assert page.get_by_test_id("completed").inner_text() == "250.00 万元"
    assert page.get_by_test_id("completion-rate").inner_text() == "25.0%"
    history = page.get_by_test_id("report-history").inner_text()
    for step in ("起草", "报送", "退回", "修改", "审核通过"):
        assert step in history
    screenshot("11-report-approved")

    # And so do the park's: its completion KPI moved from nothing to 25.0 %
    page.goto(f"{live_server.url}/progress/?park={park.pk}")
    assert before.strip() == "0.0%"
    assert page.get_by_test_id("kpi-investment_completion").inner_text().strip() == "25.0%"
    screenshot("12-progress-overview")
