"""批量通过 / 批量退回 on the review queue: one request, one transaction, one event per report, flat queries."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.notifications.models import Notification
from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ProjectYearRollup, ReportEvent, ReportEventKind, ReportPhoto, \
    ReportStatus, YearlyPlan

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from ..pages import text

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def submitted(count, park, department, reporter, *, year=2025, month=3):
    """``count`` submitted reports, each of its own project and enterprise (with a user) in ``park``."""
    reports = []
    for n in range(count):
        enterprise = EnterpriseFactory(park=park, responsible_unit=department)
        UserFactory(role=Role.ENTERPRISE, enterprise=enterprise)
        project = ProjectFactory(enterprise=enterprise, park=park, responsible_unit=department)
        YearlyPlan.objects.create(project=project, year=year, planned_investment=Decimal("1000"))
        draft = actions.save_draft(project, year, month, actor=reporter, data={
            "completed_investment": Decimal("100"), "funds_arrived": Decimal("80"), "narrative": f"主体封顶{n}"})
        reports.append(actions.submit_report(draft, actor=reporter))
    return reports


def post_bulk(client, reports, decision="approve", reason="", follow=True):
    return client.post(reverse("progress_review_bulk"), {
        "reports": [report.pk for report in reports], "decision": decision, "reason": reason}, follow=follow)


def statements(captured):
    """The queries a request made, counting each multi-row INSERT once: SQLite's limit on query parameters
    makes ``bulk_create`` split a long insert into batches, which is not a query per row."""
    seen = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("INSERT") and seen and seen[-1].startswith("INSERT") and seen[-1][:60] == sql[:60]:
            continue
        seen.append(sql)
    return len(seen)


@pytest.mark.django_db
def test_it_approves_fifty_reports_in_one_request_with_flat_queries(client, users, park, department):
    # Given 5 and then 50 submitted reports of different enterprises in the park
    client.force_login(users[Role.PARK_STAFF])
    few = submitted(5, park, department, users[Role.COORDINATOR])
    many = submitted(50, park, department, users[Role.COORDINATOR], month=4)

    # When the park approves each batch in one request
    with CaptureQueriesContext(connection) as small:
        post_bulk(client, few, follow=False)
    with CaptureQueriesContext(connection) as large:
        post_bulk(client, many, follow=False)
    response = client.get(reverse("progress_review"))

    # Then all 50 are approved with one event each, counted in the rollups, the message says so,
    # and the query count did not grow with the batch
    assert "已审核通过 50 份" in text(response)
    assert MonthlyReport.objects.filter(status=ReportStatus.APPROVED).count() == 55
    assert ReportEvent.objects.filter(kind=ReportEventKind.APPROVED).count() == 55
    assert ProjectYearRollup.objects.get(project=many[0].project, year=2025).completed_total == Decimal("100")
    assert statements(large) == statements(small)
    # and each enterprise hears once about its report
    assert Notification.objects.filter(kind="report_approved", recipient__role=Role.ENTERPRISE).count() == 55


@pytest.mark.django_db
def test_it_returns_selected_reports_with_one_reason(client, users, park, department):
    client.force_login(users[Role.PARK_STAFF])
    reports = submitted(3, park, department, users[Role.COORDINATOR])

    # A return without a reason is refused and changes nothing
    response = post_bulk(client, reports, decision="return")
    assert "须填写退回原因" in text(response)
    assert not MonthlyReport.objects.exclude(status=ReportStatus.SUBMITTED).exists()

    # With one, every selected report goes back carrying it
    response = post_bulk(client, reports[:2], decision="return", reason="形象进度与照片不符")
    assert "已退回 2 份" in text(response)
    assert set(MonthlyReport.objects.filter(status=ReportStatus.RETURNED).values_list("return_reason", flat=True)) \
        == {"形象进度与照片不符"}
    assert ReportEvent.objects.filter(kind=ReportEventKind.RETURNED, reason="形象进度与照片不符").count() == 2
    assert MonthlyReport.objects.get(pk=reports[2].pk).status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_it_skips_reports_a_colleague_handled_and_says_so(client, users, park, department):
    client.force_login(users[Role.PARK_STAFF])
    reports = submitted(4, park, department, users[Role.COORDINATOR])
    # Given a colleague approved two of them while the queue was open
    for report in reports[:2]:
        actions.approve_report(report, actor=users[Role.COORDINATOR])

    response = post_bulk(client, reports)

    assert "已审核通过 2 份；2 份已被他人处理，未改动" in text(response)
    assert ReportEvent.objects.filter(kind=ReportEventKind.APPROVED).count() == 4


@pytest.mark.django_db
def test_it_refuses_the_whole_batch_when_one_report_is_not_the_users(client, users, park, other_park, department):
    # Given the coordinator's view of two parks' reports, and park staff of one park
    own = submitted(2, park, department, users[Role.COORDINATOR])
    foreign = submitted(1, other_park, department, users[Role.COORDINATOR])
    client.force_login(users[Role.PARK_STAFF])

    # When the park posts its own reports plus another park's (a forged or stale form)
    response = post_bulk(client, own + foreign)

    # Then nothing is approved and the message says why
    assert "不存在或您无权查看，未做任何改动" in text(response)
    assert not MonthlyReport.objects.filter(status=ReportStatus.APPROVED).exists()
    assert not ReportEvent.objects.filter(kind=ReportEventKind.APPROVED).exists()


@pytest.mark.django_db
def test_the_action_refuses_reports_the_actor_may_not_review(users, park, other_park, department):
    foreign = submitted(1, other_park, department, users[Role.COORDINATOR])
    own = submitted(1, park, department, users[Role.COORDINATOR])
    reports = MonthlyReport.objects.select_related("project").filter(pk__in=[foreign[0].pk, own[0].pk])

    with pytest.raises(actions.WorkflowRefused, match="1 份不归您审核"):
        actions.review_reports(reports, actor=users[Role.PARK_STAFF], approve=True)
    assert not MonthlyReport.objects.filter(status=ReportStatus.APPROVED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_it_refuses_bulk_review_to_those_who_do_not_review(client, users, park, department, role):
    reports = submitted(1, park, department, users[Role.COORDINATOR])
    client.force_login(users[role])

    response = client.post(reverse("progress_review_bulk"), {"reports": [reports[0].pk], "decision": "approve"})

    assert response.status_code == 403
    assert MonthlyReport.objects.get(pk=reports[0].pk).status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_the_queue_shows_each_reports_content_and_plan_comparison(client, users, park, department):
    # Given a report of 100 on a plan of 1000, with 200 approved earlier in the year, and a site photo
    reports = submitted(1, park, department, users[Role.COORDINATOR], month=6)
    project = reports[0].project
    earlier = actions.save_draft(project, 2025, 2, actor=users[Role.COORDINATOR],
                                 data={"completed_investment": Decimal("200")})
    actions.approve_report(actions.submit_report(earlier, actor=users[Role.COORDINATOR]), actor=users[Role.COORDINATOR])
    photo = ReportPhoto.objects.create(report=reports[0], image=ContentFile(PNG, "site.png"))
    client.force_login(users[Role.PARK_STAFF])

    page = client.get(reverse("progress_review"))

    body = text(page)
    assert "主体封顶0" in body and "80.00 万元" in body and "1,000.00 万元" in body
    assert "300.00 万元" in body  # cumulative with this report
    assert "30.0% / 49.6%" in body  # completion against time progress at the end of June
    assert reverse("progress_photo", args=[photo.pk]) in page.content.decode()


@pytest.mark.django_db
def test_the_queue_reads_in_flat_queries(client, users, park, department):
    client.force_login(users[Role.PARK_STAFF])
    submitted(3, park, department, users[Role.COORDINATOR])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("progress_review"))
    for report in submitted(20, park, department, users[Role.COORDINATOR], month=5):
        ReportPhoto.objects.create(report=report, image=ContentFile(PNG, "site.png"))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("progress_review"))
    assert text(page).count("全选") >= 1
    assert len(many.captured_queries) == len(few.captured_queries)
