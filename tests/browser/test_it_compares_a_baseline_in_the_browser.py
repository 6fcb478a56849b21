"""基线对比 in the browser: since the last 调度会 by default, the park filter refreshing the results in place."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import expect
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.coordination.models import Meeting, MeetingKind
from tuijin.progress.actions import save_yearly_plan
from tuijin.projects import actions, lifecycle
from tuijin.projects.models import Stage

pytestmark = pytest.mark.browser


def at(day):
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(10))), tick=False)


def test_it_shows_what_changed_since_the_last_meeting(page, live_server, log_in, screenshot, users, park, other_park):
    # Given projects of two parks made two months ago, a 调度会 three weeks ago and changes since
    coordinator = users[Role.COORDINATOR]
    today = timezone.localdate()
    with at(today - dt.timedelta(days=60)):
        made = [actions.create_project(actor=coordinator, data={
            "name": name, "park": where, "total_investment": Decimal(amount), "stage": Stage.PREPARATION,
            "planned_start_date": today + dt.timedelta(days=30), "planned_complete_date": today + dt.timedelta(days=400)})
            for name, where, amount in (("年产5万吨锂电池正极材料项目", park, "120000.00"),
                                        ("智能网联汽车零部件产业园", park, "86000.00"),
                                        ("临港冷链物流中心项目", other_park, "45000.00"))]
        save_yearly_plan(made[0], today.year, actor=coordinator, data={"planned_investment": Decimal("30000.00")})
    Meeting.objects.create(kind=MeetingKind.SCHEDULING, title="重点项目调度会", place="区政府",
                           held_at=timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=21), dt.time(9))))
    with at(today - dt.timedelta(days=10)):
        for project, days in ((made[0], 45), (made[2], 20)):
            project.refresh_from_db()
            actions.update_project(project, actor=coordinator, expected_version=project.version, data={
                "planned_start_date": project.planned_start_date + dt.timedelta(days=days)})
        project = made[1]
        project.refresh_from_db()
        actions.change_stage(project, Stage.CONSTRUCTION, actor=coordinator, evidence=lifecycle.Evidence(
            date=today - dt.timedelta(days=11), permit_no="510115202612010101"))
        save_yearly_plan(made[0], today.year, actor=coordinator, data={"planned_investment": Decimal("36000.00")})
        actions.create_project(actor=coordinator, data={"name": "新签生物医药中试基地", "park": park,
                                                        "total_investment": Decimal("52000.00")})

    # When the coordinator opens 基线对比 from the navigation
    log_in("coordinator")
    page.get_by_role("link", name="基线对比").first.click()
    page.wait_for_url(f"{live_server.url}/baselines/")
    # Then it compares since the day before the meeting, with the summary and the changes per project
    assert page.locator("#id_from").input_value() == (today - dt.timedelta(days=22)).isoformat()
    summary = page.get_by_test_id("baseline-summary")
    assert summary.locator("[data-kind=date]").inner_text() == "2"
    assert summary.locator("[data-kind=stage]").inner_text() == "1"
    assert summary.locator("[data-kind=added]").inner_text() == "1"
    changes = page.get_by_test_id("changes").inner_text()
    assert "推迟 45 天" in changes and "在建" in changes and "临港冷链物流中心项目" in changes
    screenshot("baseline-since-meeting")

    # When they narrow the list to 高新园
    page.select_option("#id_park", label="高新园")
    expect(page.get_by_test_id("changes")).not_to_contain_text("临港冷链")
    # Then the other park's project leaves the table, and the address keeps the filter
    assert "park=" in page.url
    assert page.get_by_test_id("baseline-summary").locator("[data-kind=date]").inner_text() == "1"
    screenshot("baseline-one-park")
