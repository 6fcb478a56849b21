"""Printing a project: under print media the navigation and buttons are gone, a header gives the project's
name and the data date, and the 打印 button calls window.print() (a delegated handler, nothing inline)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tuijin.projects import actions
from tuijin.projects.models import Stage

from ..factories import ProjectFactory
from .csp_watch import Watch

pytestmark = pytest.mark.browser


@pytest.fixture
def started(enterprise, park, department, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    project = ProjectFactory(
        name="锦程新材料年产10万吨正极材料项目", enterprise=enterprise, park=park, responsible_unit=department,
        stage=Stage.CONSTRUCTION, total_investment=Decimal("185000.00"), actual_sign_date=dt.date(2025, 1, 8),
        actual_register_date=dt.date(2025, 2, 1), actual_preparation_date=dt.date(2025, 3, 3),
        planned_start_date=dt.date(2025, 6, 1), actual_start_date=dt.date(2025, 6, 18))
    actions.add_attachment(project, actor=coordinator, kind="permit", title="建筑工程施工许可证",
                           document_no="510115202506180101", document_date=dt.date(2025, 6, 18),
                           upload=SimpleUploadedFile("xuke.pdf", b"%PDF-1.4\n%%EOF\n"))
    return project


def test_it_prints_a_project_without_nav_and_with_a_header(page, live_server, log_in, screenshot, coordinator,
                                                           started):
    watch = Watch(page)
    # Given a coordinator on a project's page
    log_in("coordinator")
    page.goto(f"{live_server.url}/projects/{started.pk}/")
    assert page.locator("nav.navbar").is_visible()
    assert not page.get_by_test_id("print-header").is_visible()

    # When the 打印 button is pressed, the browser's print is called (window.print stubbed to count)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_test_id("print-project").click()
    assert page.evaluate("() => window.__printed") == 1

    # And when the page is rendered for print
    page.emulate_media(media="print")

    # Then the navigation, the buttons and the upload form are hidden, and the header names the project and date
    assert not page.locator("nav.navbar").is_visible()
    assert not page.get_by_test_id("print-project").is_visible()
    assert not page.get_by_test_id("edit-project").is_visible()
    assert not page.get_by_test_id("attachment-form").is_visible()
    header = page.get_by_test_id("print-header")
    assert header.is_visible()
    assert "锦程新材料年产10万吨正极材料项目" in header.inner_text()
    assert "数据日期：" in header.inner_text() and dt.date.today().strftime("%Y-%m-%d") in header.inner_text()
    assert page.get_by_test_id("attachment-row").first.is_visible()
    # table rows are kept whole across pages
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=attachment-row]')).breakInside") == "avoid"
    screenshot("print-project")
    assert not watch.violations()


def test_the_project_list_prints_without_filters(page, live_server, log_in, screenshot, coordinator, started):
    log_in("coordinator")
    page.goto(f"{live_server.url}/projects/")
    page.emulate_media(media="print")

    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("#id_stage").is_visible()
    assert page.get_by_test_id("print-header").is_visible()
    assert "锦程新材料年产10万吨正极材料项目" in page.locator("main").inner_text()
    screenshot("print-project-list")
