"""Who may report, review and plan — refusals tested as well as permissions."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ReportStatus, YearlyPlan


@pytest.fixture
def submitted(project, users):
    today = timezone.localdate()
    report = actions.save_draft(project, today.year, today.month, actor=users["enterprise"],
                                data={"completed_investment": Decimal(80)})
    return actions.submit_report(report, actor=users["enterprise"])


def report_post(client, project, **extra):
    today = timezone.localdate()
    data = {"year": today.year, "month": today.month, "completed_investment": "50", "submit": "1", **extra}
    return client.post(reverse("progress_save_report", args=[project.pk]), data)


@pytest.mark.parametrize("role", ["enterprise", "coordinator"])
def test_it_lets_the_enterprise_and_the_bureau_report(client, users, project, role):
    client.force_login(users[role])

    response = report_post(client, project)

    assert response.status_code == 302
    assert MonthlyReport.objects.get(project=project).status == ReportStatus.SUBMITTED


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("park_staff", 403), ("department_clerk", 403)])
def test_it_refuses_reports_from_others(client, users, project, role, status):
    client.force_login(users[role])

    response = report_post(client, project)

    assert response.status_code == status
    assert not MonthlyReport.objects.exists()


def test_it_hides_another_enterprises_project(client, users, other_project):
    client.force_login(users["enterprise"])

    assert client.get(reverse("progress_project", args=[other_project.pk])).status_code == 404
    assert report_post(client, other_project).status_code == 404
    assert not MonthlyReport.objects.exists()


def test_it_refuses_a_future_month_in_chinese(client, users, project):
    client.force_login(users["enterprise"])
    today = timezone.localdate()
    future = (today.year + 1, 1)

    response = report_post(client, project, year=future[0], month=future[1])

    assert not MonthlyReport.objects.exists()
    assert response.status_code == 400  # the form shown again as typed
    assert f"不能报送未来月份（{future[0]}年1月）" in response.content.decode()


@pytest.mark.parametrize("role", ["enterprise", "leader", "department_clerk"])
def test_it_refuses_reviews_from_non_reviewers(client, users, submitted, role):
    client.force_login(users[role])

    approve = client.post(reverse("progress_approve", args=[submitted.pk]))
    ret = client.post(reverse("progress_return", args=[submitted.pk]), {"reason": "不对"})

    assert (approve.status_code, ret.status_code) == (403, 403)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_it_refuses_a_review_by_another_park(client, users, submitted, other_park):
    outsider = users["park_staff"]
    outsider.organisation = other_park
    outsider.save()
    client.force_login(outsider)

    assert client.post(reverse("progress_approve", args=[submitted.pk])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_it_approves_for_the_projects_park(client, users, submitted):
    client.force_login(users["park_staff"])

    response = client.post(reverse("progress_approve", args=[submitted.pk]), follow=True)

    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED
    assert "月报已审核通过" in response.content.decode()


def test_it_explains_a_return_without_reason(client, users, submitted):
    client.force_login(users["park_staff"])

    response = client.post(reverse("progress_return", args=[submitted.pk]), {"reason": ""}, follow=True)

    assert "退回月报须填写退回原因" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_it_ignores_a_redirect_to_another_site(client, users, submitted):
    client.force_login(users["park_staff"])

    response = client.post(reverse("progress_approve", args=[submitted.pk]), {"next": "https://evil.example/"})

    assert response.url.startswith(reverse("progress_project", args=[submitted.project_id]))


def test_it_lets_only_maintainers_set_the_yearly_plan(client, users, project):
    year = timezone.localdate().year
    for role, allowed in (("enterprise", False), ("leader", False), ("park_staff", True)):
        client.force_login(users[role])
        response = client.post(reverse("progress_save_plan", args=[project.pk]),
                               {"year": year, "planned_investment": "900", "plans_start": "on"})
        assert (response.status_code == 302) is allowed
    plan = YearlyPlan.objects.get(project=project, year=year)
    assert (plan.planned_investment, plan.plans_start) == (Decimal(900), True)


def test_it_lists_projects_that_have_not_reported(client, users, project, other_project, submitted):
    # Given both projects plan investment this year, and only ``project`` has sent this month's report
    today = timezone.localdate()
    for each in (project, other_project):
        actions.save_yearly_plan(each, today.year, actor=None, data={"planned_investment": Decimal(100)})
    client.force_login(users["coordinator"])

    response = client.get(reverse("progress_missing"), {"year": today.year, "month": today.month})

    page = response.content.decode()
    assert other_project.name in page and project.name not in page


def test_it_keeps_a_reviewers_queue_to_their_park(client, users, submitted, other_project):
    other = actions.save_draft(other_project, submitted.year, submitted.month, actor=None,
                               data={"completed_investment": Decimal(5)})
    actions.submit_report(other, actor=None)
    client.force_login(users["park_staff"])

    page = client.get(reverse("progress_review")).content.decode()

    assert submitted.project.name in page and other_project.name not in page
