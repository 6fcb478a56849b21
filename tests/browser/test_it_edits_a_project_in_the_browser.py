"""A coordinator's morning: log in, filter the list, open a project, edit it and see the change."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.projects import actions
from tuijin.projects.models import Level, Stage

from ..factories import ProjectFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def projects(project, other_project, park, enterprise):
    # Given a started provincial project among others
    started = ProjectFactory(
        name="锦程新材料年产10万吨正极材料项目", enterprise=enterprise, park=park, stage=Stage.CONSTRUCTION,
        level=Level.PROVINCIAL, total_investment=Decimal("185000.00"), actual_sign_date=dt.date(2025, 1, 8),
        actual_register_date=dt.date(2025, 2, 1), actual_preparation_date=dt.date(2025, 3, 3),
        planned_start_date=dt.date(2025, 6, 1), actual_start_date=dt.date(2025, 6, 18),
        planned_complete_date=dt.date(2026, 12, 31), construction_permit_no="510115202506180101",
    )
    return {"started": started, "planning": project, "other": other_project}


def test_it_filters_opens_and_edits_a_project(page, live_server, log_in, screenshot, users, projects, coordinator):
    # Given a coordinator logged in
    log_in("coordinator")
    screenshot("01-home")

    # When they filter the project list to projects under construction
    page.goto(f"{live_server.url}/projects/")
    assert page.get_by_test_id("result-count").inner_text() == "3"
    page.select_option("#id_stage", "construction")

    # Then the list updates in place (htmx) to the one started project, and the URL keeps the filter
    page.wait_for_function("() => document.querySelector('[data-testid=result-count]').innerText === '1'")
    assert "stage=construction" in page.url
    assert page.get_by_role("link", name="锦程新材料年产10万吨正极材料项目").is_visible()
    assert page.get_by_role("link", name="临港冷链物流中心项目").count() == 0
    screenshot("02-project-list-filtered")

    # When they open it and edit its name and total investment
    page.get_by_role("link", name="锦程新材料年产10万吨正极材料项目").click()
    page.wait_for_selector("[data-testid=timeline]")
    assert "延期17天完成" in page.get_by_test_id("timeline").inner_text()
    screenshot("03-project-detail")
    page.get_by_test_id("edit-project").click()
    page.fill("#id_name", "锦程新材料年产12万吨正极材料项目")
    page.fill("#id_total_investment", "210000")
    screenshot("04-project-edit")
    page.get_by_role("button", name="保存").click()

    # Then the detail page shows the new facts and the history records who changed what
    page.wait_for_selector("text=修改已保存。")
    assert page.get_by_test_id("project-name").inner_text() == "锦程新材料年产12万吨正极材料项目"
    assert page.get_by_test_id("total-investment").inner_text().startswith("21.00 亿元")
    history = page.get_by_test_id("history").inner_text()
    assert "项目名称" in history and "锦程新材料年产10万吨正极材料项目" in history
    assert "总投资（万元）" in history and "210000.00" in history
    screenshot("05-project-after-edit")


def test_it_warns_of_a_stale_edit_and_an_illegal_move(page, live_server, log_in, screenshot, users, projects,
                                                      coordinator):
    started = projects["started"]
    log_in("coordinator")

    # Given the coordinator has the edit page open
    page.goto(f"{live_server.url}/projects/{started.pk}/edit/")
    # When a colleague saves the same project meanwhile
    colleague = users["park_staff"]
    actions.update_project(started, actor=colleague, data={"industry_chain": "新能源汽车"},
                           expected_version=started.version)
    page.fill("#id_description", "新增两条生产线")
    page.get_by_role("button", name="保存").click()

    # Then their save is refused with a clear Chinese message naming the colleague, and nothing is overwritten
    conflict = page.get_by_test_id("conflict")
    conflict.wait_for()
    assert "保存失败" in conflict.inner_text() and colleague.full_name in conflict.inner_text()
    screenshot("06-stale-edit-conflict")
    started.refresh_from_db()
    assert started.industry_chain == "新能源汽车" and started.description == ""

    # And a move the lifecycle does not allow is explained in the page
    page.goto(f"{live_server.url}/projects/{started.pk}/stage/at_capacity/")
    assert "不能从“在建”直接变更为“已达产”" in page.get_by_test_id("transition-error").inner_text()
    screenshot("07-illegal-transition")
