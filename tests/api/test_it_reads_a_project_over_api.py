"""A project's detail over the API; projects outside the caller's scope do not exist for them."""

import datetime as dt

import pytest

from tuijin.accounts.models import Role
from tuijin.progress.models import MonthlyReport, ReportStatus
from tuijin.projects.models import Stage

R = Role


def test_it_reads_the_detail_with_milestones(api, users, project, department):
    project.stage = Stage.CONSTRUCTION
    project.planned_sign_date, project.actual_sign_date = dt.date(2025, 3, 1), dt.date(2025, 3, 20)
    project.planned_start_date, project.actual_start_date = dt.date(2025, 9, 1), dt.date(2025, 9, 1)
    project.planned_complete_date = dt.date(2099, 12, 31)
    project.construction_permit_no = "510115202509010101"
    project.save()

    response = api.get(users[R.ENTERPRISE], f"/projects/{project.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "年产5万吨锂电池正极材料项目"
    assert (body["stage"], body["stage_label"]) == ("construction", "在建")
    assert body["responsible_unit_name"] == "住房和城乡建设局"
    assert body["construction_permit_no"] == "510115202509010101"
    milestones = {row["milestone"]: row for row in body["milestones"]}
    assert list(milestones) == ["sign", "register", "preparation", "start", "complete", "operate", "capacity"]
    assert milestones["sign"] == {
        "milestone": "sign", "label": "签约", "planned_date": "2025-03-01", "actual_date": "2025-03-20",
        "status": "late", "status_label": "延期19天完成", "days_late": 19,
    }
    assert (milestones["start"]["actual_date"], milestones["start"]["status"]) == ("2025-09-01", "done")
    assert (milestones["complete"]["planned_date"], milestones["complete"]["status"]) == ("2099-12-31", "upcoming")
    assert milestones["operate"]["status"] == "unplanned"
    assert (body["can_edit"], body["can_report"]) == (False, True)


@pytest.mark.parametrize("role", [R.PARK_STAFF, R.DEPARTMENT_CLERK, R.ENTERPRISE])
def test_it_hides_projects_outside_the_scope(api, users, other_project, role):
    hidden = api.get(users[role], f"/projects/{other_project.pk}")
    missing = api.get(users[role], "/projects/999999")
    reports = api.get(users[role], f"/projects/{other_project.pk}/reports")

    # The same answer as for a project that does not exist: its existence does not leak
    assert hidden.status_code == missing.status_code == reports.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "项目不存在，或您无权查看该项目。"}


@pytest.mark.parametrize("role", [R.LEADER, R.COORDINATOR])
def test_it_shows_every_project_to_the_district(api, users, other_project, role):
    response = api.get(users[role], f"/projects/{other_project.pk}")

    assert response.status_code == 200
    assert response.json()["can_edit"] is (role == R.COORDINATOR)


def test_it_lists_the_projects_reports(api, users, project, other_project):
    MonthlyReport.objects.create(project=project, year=2025, month=11, completed_investment="300.50",
                                 status=ReportStatus.APPROVED, narrative="主体结构封顶")
    MonthlyReport.objects.create(project=project, year=2025, month=12, completed_investment="120")
    MonthlyReport.objects.create(project=other_project, year=2025, month=12, completed_investment="999")

    response = api.get(users[R.ENTERPRISE], f"/projects/{project.pk}/reports")
    only_2024 = api.get(users[R.ENTERPRISE], f"/projects/{project.pk}/reports", year=2024)

    assert response.status_code == 200
    rows = response.json()
    assert [(r["period_label"], r["status_label"]) for r in rows] == [("2025年12月", "草稿"), ("2025年11月", "已审核")]
    assert rows[1]["completed_investment"] == "300.50" and rows[1]["narrative"] == "主体结构封顶"
    assert only_2024.json() == []
