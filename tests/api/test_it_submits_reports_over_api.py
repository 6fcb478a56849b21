"""An enterprise reports its month from a phone: the same rules, permissions and workflow as the page."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ReportEvent, ReportEventKind, ReportStatus

from ..factories import UserFactory

R = Role


def last_month():
    first = timezone.localdate().replace(day=1)
    previous = first - dt.timedelta(days=1)
    return previous.year, previous.month


def next_month():
    today = timezone.localdate()
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def body(**changes):
    year, month = last_month()
    return {"year": year, "month": month, "completed_investment": "1250.50", "funds_arrived": "800",
            "narrative": "厂房主体结构完成80%", "submit": True} | changes


def path(project):
    return f"/projects/{project.pk}/reports"


def test_it_submits_the_enterprises_own_report(api, users, project):
    ent = users[R.ENTERPRISE]

    response = api.post(ent, path(project), body())

    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["status_label"]) == ("submitted", "已报送")
    assert (data["completed_investment"], data["funds_arrived"]) == ("1250.50", "800.00")
    assert data["submitted_by_name"] == ent.display_name
    report = MonthlyReport.objects.get(project=project)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == ent
    assert set(ReportEvent.objects.filter(report=report).values_list("kind", flat=True)) == {
        ReportEventKind.CREATED, ReportEventKind.SUBMITTED}


def test_it_saves_a_draft_then_submits_it(api, users, project):
    ent = users[R.ENTERPRISE]

    draft = api.post(ent, path(project), body(submit=False, completed_investment="100"))
    submitted = api.post(ent, path(project), body(completed_investment="120"))

    assert (draft.status_code, draft.json()["status_label"]) == (201, "草稿")
    assert (submitted.status_code, submitted.json()["status_label"]) == (200, "已报送")
    report = MonthlyReport.objects.get(project=project)
    assert str(report.completed_investment) == "120.00" and report.version == 2
    kinds = list(report.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [ReportEventKind.CREATED, ReportEventKind.EDITED, ReportEventKind.SUBMITTED]


def test_it_keeps_funds_arrived_when_an_update_leaves_it_out(api, users, project):
    ent = users[R.ENTERPRISE]
    api.post(ent, path(project), body(submit=False))

    update = body(submit=False)
    del update["funds_arrived"]
    api.post(ent, path(project), update)

    assert str(MonthlyReport.objects.get(project=project).funds_arrived) == "800.00"


def test_it_refuses_another_enterprises_project_and_writes_nothing(api, users, other_project):
    response = api.post(users[R.ENTERPRISE], path(other_project), body())

    assert response.status_code == 404
    assert not MonthlyReport.objects.exists() and not ReportEvent.objects.exists()


@pytest.mark.parametrize("role", [R.LEADER, R.PARK_STAFF, R.DEPARTMENT_CLERK])
def test_it_refuses_those_who_see_but_do_not_report(api, users, project, role):
    response = api.post(users[role], path(project), body())

    assert response.status_code == 403
    assert response.json() == {"detail": "只有项目单位、其包保责任人或统筹部门可以填报该项目的月报，区领导只能查看。"}
    assert not MonthlyReport.objects.exists()


def test_it_lets_the_responsible_official_report(api, users, project):
    official = users[R.DEPARTMENT_CLERK]
    project.responsible_official = official
    project.save()

    assert api.post(official, path(project), body()).status_code == 201


def test_it_refuses_a_future_month_in_chinese(api, users, project):
    year, month = next_month()

    response = api.post(users[R.ENTERPRISE], path(project), body(year=year, month=month))

    assert response.status_code == 422
    assert response.json()["detail"] == f"月份（month）不能报送未来月份（{year}年{month}月）"
    assert response.json()["errors"][0]["field"] == "month"
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"month": 13}, "月份（month）须在 1—12 之间"),
    ({"month": 0}, "月份（month）须在 1—12 之间"),
    ({"completed_investment": "-5"}, "本月完成投资（completed_investment）不能为负数"),
    ({"funds_arrived": -1}, "本月到位资金（funds_arrived）不能为负数"),
    ({"completed_investment": "12.345"}, "本月完成投资（completed_investment）最多保留 2 位小数"),
    ({"completed_investment": "很多"}, "本月完成投资（completed_investment）须为数字"),
    ({"year": 1999}, "年度（year）须在 2000—2100 之间"),
    ({"narrative": "字" * 2001}, "形象进度（narrative）不能超过 2000 个字"),
])
def test_it_refuses_invalid_figures_naming_the_field(api, users, project, changes, message):
    response = api.post(users[R.ENTERPRISE], path(project), body(**changes))

    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not MonthlyReport.objects.exists()


def test_it_refuses_a_missing_amount(api, users, project):
    incomplete = body()
    del incomplete["completed_investment"]

    response = api.post(users[R.ENTERPRISE], path(project), incomplete)

    assert response.status_code == 422
    assert response.json()["detail"] == "本月完成投资（completed_investment）必须填写"


def test_it_refuses_a_body_that_is_not_json(client, users, project, token_of):
    response = client.post(f"/api/v1{path(project)}", "year=2026", content_type="application/json",
                           headers={"Authorization": f"Bearer {token_of(users[R.ENTERPRISE])}"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("请求体无法解析")


def test_it_refuses_to_change_an_approved_report(api, users, project, coordinator):
    ent = users[R.ENTERPRISE]
    api.post(ent, path(project), body())
    report = MonthlyReport.objects.get(project=project)
    actions.approve_report(report, actor=coordinator)
    events_before = report.events.count()

    response = api.post(ent, path(project), body(completed_investment="9999"))

    assert response.status_code == 409
    assert "已审核" in response.json()["detail"] and "不能再修改" in response.json()["detail"]
    report.refresh_from_db()
    assert str(report.completed_investment) == "1250.50" and report.status == ReportStatus.APPROVED
    assert report.events.count() == events_before


def test_it_refuses_to_resubmit_a_report_waiting_for_review(api, users, project):
    ent = users[R.ENTERPRISE]
    api.post(ent, path(project), body())

    response = api.post(ent, path(project), body())

    assert response.status_code == 409
    assert "已报送" in response.json()["detail"]


def test_it_resubmits_a_returned_report(api, users, project, coordinator):
    ent = users[R.ENTERPRISE]
    api.post(ent, path(project), body())
    actions.return_report(MonthlyReport.objects.get(project=project), actor=coordinator, reason="完成投资与票据不符")

    response = api.post(ent, path(project), body(completed_investment="1000"))

    assert (response.status_code, response.json()["status_label"]) == (200, "已报送")
    assert MonthlyReport.objects.get(project=project).events.first().reason == "修改后重新报送"


def test_it_refuses_an_inactive_users_session(client, users, project):
    ent = users[R.ENTERPRISE]
    client.force_login(ent)
    ent.is_active = False
    ent.save()

    response = client.post(f"/api/v1{path(project)}", json.dumps(body()), content_type="application/json")

    assert response.status_code == 401
    assert not MonthlyReport.objects.exists()


def test_it_refuses_a_user_from_nowhere(api, project):
    stray = UserFactory(role=R.ENTERPRISE)  # an enterprise user not attached to any enterprise

    assert api.post(stray, path(project), body()).status_code == 404
