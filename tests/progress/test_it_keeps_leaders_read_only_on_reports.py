"""A district leader who is a project's 包保 official reads its monthly reports but drafts and submits none."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.api.actions import create_token
from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ReportStatus

from ..pages import text

READ_ONLY = "区领导只能查看"


@pytest.fixture
def leader_official(users, project):
    leader = users[Role.LEADER]
    project.responsible_official = leader
    project.save()
    return leader


def last_month():
    previous = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return previous.year, previous.month


def test_the_page_offers_a_leader_no_report_form_and_no_submit_button(client, leader_official, project):
    # given a draft the enterprise saved for its project
    year, month = last_month()
    actions.save_draft(project, year, month, actor=None, data={"completed_investment": Decimal("100")})
    client.force_login(leader_official)

    # when its 包保 leader opens the project's progress
    response = client.get(reverse("progress_project", args=[project.pk]), {"year": year})

    # then the reports are shown, but neither the report form nor the 报送 button
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("progress_save_report", args=[project.pk]) not in html
    assert reverse("progress_submit", args=[MonthlyReport.objects.get().pk]) not in html


def test_a_leader_cannot_draft_a_report_on_the_page(client, leader_official, project):
    # given the project's 包保 leader
    client.force_login(leader_official)
    year, month = last_month()

    # when they post a report anyway
    response = client.post(reverse("progress_save_report", args=[project.pk]),
                           {"year": year, "month": month, "completed_investment": "100"})

    # then it is refused with a Chinese reason, and nothing is saved
    assert response.status_code == 403 and READ_ONLY in text(response)
    assert not MonthlyReport.objects.exists()


def test_a_leader_cannot_submit_a_draft(client, leader_official, project):
    # given a draft of the project
    year, month = last_month()
    report = actions.save_draft(project, year, month, actor=None, data={"completed_investment": Decimal("100")})
    client.force_login(leader_official)

    # when its 包保 leader submits it
    response = client.post(reverse("progress_submit", args=[report.pk]))

    # then it is refused and stays a draft
    assert response.status_code == 403 and READ_ONLY in text(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_the_api_refuses_a_leaders_report_and_says_so(client, leader_official, project):
    # given the 包保 leader's API token
    token = create_token(leader_official, name="手机App")[1]
    headers = {"Authorization": f"Bearer {token}"}
    year, month = last_month()

    # when they read the project and post a report over the API
    detail = client.get(f"/api/v1/projects/{project.pk}", headers=headers)
    response = client.post(f"/api/v1/projects/{project.pk}/reports", json.dumps(
        {"year": year, "month": month, "completed_investment": "100"}), content_type="application/json",
        headers=headers)

    # then the project says they may not report, the post is a 403 in Chinese, and nothing is saved
    assert detail.status_code == 200 and detail.json()["can_report"] is False
    assert response.status_code == 403 and READ_ONLY in response.json()["detail"]
    assert not MonthlyReport.objects.exists()


def test_the_project_page_offers_a_leader_official_no_whistle(client, leader_official, project):
    # given the project's 包保 leader (who directs problems by 批示 but does not file them)
    client.force_login(leader_official)

    # when they open the project
    html = client.get(reverse("project_detail", args=[project.pk])).content.decode()

    # then the problems are linked but no 吹哨 button leads to a page that refuses them
    assert 'data-testid="project-problems"' in html and 'data-testid="file-problem"' not in html
