"""The two bulk review pages as a reviewer sees them: the monthly-report queue (each row's 形象进度, photo
thumbnail and plan comparison) approved in bulk with 全选, and a 免申即享 run with its bulk bar.
Screenshots in test-artifacts/screenshots/bulk-review-*.png."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.policies.models import AutoGrantItem, AutoGrantRun, Clause
from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ReportEvent, ReportEventKind, ReportPhoto, ReportStatus, YearlyPlan

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from ..policies.conftest import policy_library  # noqa: F401 (the fixture)
from ..progress.test_it_reviews_many_reports_at_once import PNG

pytestmark = pytest.mark.browser


def submitted(count, park, department, reporter):
    reports = []
    for n in range(count):
        enterprise = EnterpriseFactory(park=park, responsible_unit=department)
        UserFactory(role=Role.ENTERPRISE, enterprise=enterprise)
        project = ProjectFactory(enterprise=enterprise, park=park, responsible_unit=department)
        YearlyPlan.objects.create(project=project, year=2025, planned_investment=Decimal("1200"))
        draft = actions.save_draft(project, 2025, 3, actor=reporter, data={
            "completed_investment": Decimal(100 + 40 * n), "funds_arrived": Decimal("80"),
            "narrative": f"主体结构施工至第{n + 3}层，钢结构厂房吊装完成{20 * n}%"})
        ReportPhoto.objects.create(report=draft, image=ContentFile(PNG, "site.png"))
        reports.append(actions.submit_report(draft, actor=reporter))
    return reports


@pytest.mark.django_db(transaction=True)
def test_it_approves_ticked_reports_in_the_browser(page, live_server, log_in, screenshot, users, park, department):
    # given four submitted reports of the park, each with 形象进度, a photo and a yearly plan
    reports = submitted(4, park, department, users[Role.COORDINATOR])
    log_in(users[Role.PARK_STAFF].username)

    # when the park's staff opens the queue
    page.goto(f"{live_server.url}/progress/review/")
    rows = page.get_by_test_id("queue-row")
    assert rows.count() == 4
    assert "主体结构施工至第3层" in page.inner_text("body")
    assert page.locator("img.report-thumb").count() == 4
    # every thumbnail loads (waited for: the photos arrive after the page)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('img.report-thumb')).every(i => i.complete && i.naturalWidth > 0)")
    screenshot("bulk-review-queue")

    # and ticks all and approves them
    page.get_by_test_id("select-all").check()
    assert page.inner_text("[data-bulk-count]") == "4"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("bulk-approve").click()
    page.wait_for_load_state()

    # then all four are approved, one event each, and the page says so
    assert "4" in page.inner_text(".alert") and "通过" in page.inner_text(".alert")
    assert MonthlyReport.objects.filter(pk__in=[r.pk for r in reports], status=ReportStatus.APPROVED).count() == 4
    assert ReportEvent.objects.filter(kind=ReportEventKind.APPROVED).count() == 4
    screenshot("bulk-review-queue-approved")


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_auto_grant_run_with_its_bulk_bar(page, live_server, log_in, screenshot, users,
                                                       policy_library):  # noqa: F811
    coordinator = users[Role.COORDINATOR]
    run = AutoGrantRun.objects.create(title="2025年度免申即享", data_year=2025, as_of=timezone.localdate(),
                                      created_by=coordinator)
    rows = []
    for clause in Clause.objects.filter(automatic=True).order_by("pk")[:3]:
        version = clause.versions.order_by("-version").first()
        rows += [AutoGrantItem(run=run, enterprise=EnterpriseFactory(), clause=clause, clause_version=version,
                               amount=Decimal("10")) for _ in range(4)]
    AutoGrantItem.objects.bulk_create(rows)
    log_in(coordinator.username)

    page.goto(f"{live_server.url}/policies/runs/{run.pk}/")
    bar = page.locator("#bulk-items")
    assert bar.is_visible()
    approve = page.get_by_test_id("bulk-approve")
    box = approve.bounding_box()
    assert box["height"] < 40  # the button's text stays on one line
    screenshot("bulk-review-auto-grant-run")
