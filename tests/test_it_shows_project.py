"""The project page: the lifecycle timeline (planned against actual), the history, and the stage buttons
that lead to the lifecycle's moves — an illegal one explained, a legal one made with its evidence."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.projects import actions, lifecycle
from tuijin.projects.models import Category, EventKind, Stage

from .factories import ProjectFactory, UserFactory
from .pages import form_data, text


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def preparing(enterprise, park, department):
    """An industrial project in its approvals: signed on time, registered 5 days late, start 10 days overdue."""
    return ProjectFactory(
        name="锦程新材料年产10万吨正极材料项目", enterprise=enterprise, park=park, responsible_unit=department,
        stage=Stage.PREPARATION, category=Category.INDUSTRIAL,
        planned_sign_date=days_ago(200), actual_sign_date=days_ago(203),
        planned_register_date=days_ago(150), actual_register_date=days_ago(145),
        planned_preparation_date=days_ago(120), actual_preparation_date=days_ago(120),
        planned_start_date=days_ago(10), planned_complete_date=days_ago(-400),
    )


def timeline(response):
    """Each milestone's name and status as the timeline shows them."""
    html = response.content.decode()
    return dict(re.findall(r'<div class="name">([^<]+)</div>.*?<div class="status">([^<]+)</div>', html, re.S))


def stage_links(response, project):
    return re.findall(rf'href="/projects/{project.pk}/stage/([a-z_]+)/"', response.content.decode())


def test_it_shows_planned_against_actual_dates(client, coordinator, preparing):
    # Given the project page, opened today
    client.force_login(coordinator)

    # When it is shown
    response = client.get(reverse("project_detail", args=[preparing.pk]))

    # Then each milestone says how it went or stands
    assert timeline(response) == {
        "签约": "按期完成",  # three days early
        "注册": "延期5天完成",
        "启动前期手续": "按期完成",  # on the planned day
        "开工": "已逾期10天",
        "竣工": "未到期",
        "投产": "未计划",
        "达产": "未计划",
    }
    assert f"计划 {days_ago(10):%Y-%m-%d} 实际 — 已逾期10天" in text(response)


def test_it_counts_a_milestone_due_today_as_not_yet_overdue(client, coordinator, project):
    project.planned_sign_date = days_ago(0)
    project.planned_register_date = days_ago(1)
    project.save()
    client.force_login(coordinator)

    response = client.get(reverse("project_detail", args=[project.pk]))

    assert timeline(response)["签约"] == "未到期"
    assert timeline(response)["注册"] == "已逾期1天"


def test_it_offers_the_moves_the_lifecycle_allows(client, coordinator, preparing):
    client.force_login(coordinator)

    response = client.get(reverse("project_detail", args=[preparing.pk]))

    # Then from 前期手续 the buttons lead to 在建, 停缓建 and 终止
    assert stage_links(response, preparing) == ["construction", "suspended", "terminated"]
    assert stage_links(response, preparing) == [stage.value for stage in lifecycle.allowed_targets(preparing)]
    page = text(response)
    assert "推进至“在建”" in page and "停缓建" in page and "终止项目" in page


@pytest.mark.parametrize(("stage", "category", "expected"), [
    (Stage.PLANNING, Category.INDUSTRIAL, ["negotiating", "terminated"]),
    (Stage.PLANNING, Category.INFRASTRUCTURE, ["negotiating", "preparation", "terminated"]),
    (Stage.COMPLETED, Category.INDUSTRIAL, ["operating"]),
    (Stage.AT_CAPACITY, Category.INDUSTRIAL, []),
    (Stage.TERMINATED, Category.INDUSTRIAL, []),
])
def test_it_offers_each_stage_its_own_moves(client, coordinator, stage, category, expected):
    project = ProjectFactory(stage=stage, category=category)
    client.force_login(coordinator)

    response = client.get(reverse("project_detail", args=[project.pk]))

    assert stage_links(response, project) == expected
    assert stage_links(response, project) == [target.value for target in lifecycle.allowed_targets(project)]
    assert ("推进阶段" in text(response)) is bool(expected)


def test_it_offers_the_resumption_of_a_suspended_project(client, coordinator, preparing):
    suspended = actions.change_stage(preparing, Stage.SUSPENDED, actor=coordinator,
                                     evidence=lifecycle.Evidence(reason="用地指标未落实"))
    client.force_login(coordinator)

    response = client.get(reverse("project_detail", args=[suspended.pk]))

    assert stage_links(response, suspended) == ["preparation", "terminated"]
    page = text(response)
    assert "（停缓建前：前期手续）" in page and "复工（恢复为前期手续）" in page
    assert f"停缓建 {coordinator.display_name}" in page and "原因：用地指标未落实" in page


def test_it_offers_no_moves_to_those_who_only_read(client, users, preparing):
    client.force_login(users[Role.LEADER])

    response = client.get(reverse("project_detail", args=[preparing.pk]))

    assert response.status_code == 200
    assert stage_links(response, preparing) == []
    assert "推进阶段" not in text(response) and "编辑" not in text(response)


def test_it_explains_an_illegal_move(client, coordinator, project):
    # Given a project still being planned
    client.force_login(coordinator)
    url = reverse("project_transition", args=[project.pk, "construction"])

    # When someone opens, and then posts, the address for a move straight to 在建
    opened = client.get(url)
    posted = client.post(url, {"target": "construction", "version": project.version, "date": days_ago(3),
                               "permit_no": "510115202611200001"})

    # Then both are refused in Chinese, saying where it can go instead, and the project has not moved
    for response in (opened, posted):
        assert response.status_code == 400
        page = text(response)
        assert "不能从“谋划储备”直接变更为“在建”" in page
        assert "当前可变更为：在谈、已终止。" in page
    project.refresh_from_db()
    assert project.stage == Stage.PLANNING and project.actual_start_date is None
    assert not project.events.exists()


def test_it_moves_a_project_with_its_evidence(client, coordinator, preparing):
    # Given the form for starting construction
    client.force_login(coordinator)
    url = reverse("project_transition", args=[preparing.pk, "construction"])
    form = client.get(url)
    assert form.status_code == 200
    assert "实际开工日期" in text(form) and "施工许可证号" in text(form)

    # When the coordinator gives the start date and the permit and confirms
    data = form_data(form) | {"date": days_ago(2).isoformat(), "permit_no": "510115202611210001"}
    response = client.post(url, data)

    # Then they are sent back to the project page, which shows the new stage and the evidence in the history
    assert response.status_code == 302 and response.url == reverse("project_detail", args=[preparing.pk])
    page = text(client.get(response.url))
    assert "项目已变更为“在建”。" in page
    assert f"前期手续 → 在建 日期：{days_ago(2).isoformat()} 许可证：510115202611210001" in page
    assert "510115202611210001" in page
    preparing.refresh_from_db()
    assert preparing.stage == Stage.CONSTRUCTION and preparing.actual_start_date == days_ago(2)
    assert preparing.events.get().kind == EventKind.STAGE_CHANGED


def test_it_explains_missing_evidence(client, coordinator, preparing):
    client.force_login(coordinator)
    url = reverse("project_transition", args=[preparing.pk, "construction"])

    # When the start is confirmed without a date or a permit
    response = client.post(url, form_data(client.get(url)))

    # Then each missing piece is named next to its field, and the project has not moved
    assert response.status_code == 400
    page = text(response)
    assert "无法变更为“在建”" in page
    assert "请填写实际开工日期" in page and "开工须提供施工许可证号" in page
    assert re.search(r'id="id_date".*?<ul class="errorlist"[^>]*><li>请填写实际开工日期</li>',
                     response.content.decode(), re.S)
    preparing.refresh_from_db()
    assert preparing.stage == Stage.PREPARATION and not preparing.events.exists()


def test_it_refuses_a_start_before_the_approvals_began(client, coordinator, preparing):
    client.force_login(coordinator)
    url = reverse("project_transition", args=[preparing.pk, "construction"])

    response = client.post(url, form_data(client.get(url)) | {"date": days_ago(121).isoformat(),
                                                             "permit_no": "510115202611210001"})

    assert response.status_code == 400
    assert (f"实际开工日期（{days_ago(121):%Y-%m-%d}）不能早于实际启动前期手续日期（{days_ago(120):%Y-%m-%d}）"
            in text(response))


def test_it_refuses_a_move_from_a_stale_page(client, coordinator, preparing, park):
    # Given the start form opened by the coordinator
    client.force_login(coordinator)
    url = reverse("project_transition", args=[preparing.pk, "construction"])
    data = form_data(client.get(url)) | {"date": days_ago(2).isoformat(), "permit_no": "510115202611210001"}

    # And a colleague corrects the project's schedule meanwhile
    colleague = UserFactory(full_name="王晓梅", role=Role.PARK_STAFF, organisation=park)
    actions.update_project(preparing, actor=colleague, expected_version=preparing.version,
                           data={"planned_start_date": days_ago(-30)})

    # When the coordinator confirms the start
    response = client.post(url, data)

    # Then it is refused, naming the colleague, and the project has not moved
    assert response.status_code == 400
    assert "保存失败：王晓梅" in text(response)
    preparing.refresh_from_db()
    assert preparing.stage == Stage.PREPARATION and preparing.actual_start_date is None
    assert list(preparing.events.values_list("kind", flat=True)) == [EventKind.EDITED]


def test_it_explains_a_move_overtaken_by_a_colleague(client, coordinator, preparing, park):
    # Given the start form opened by the coordinator, and a colleague who suspends the project meanwhile
    client.force_login(coordinator)
    url = reverse("project_transition", args=[preparing.pk, "construction"])
    data = form_data(client.get(url)) | {"date": days_ago(2).isoformat(), "permit_no": "510115202611210001"}
    colleague = UserFactory(full_name="王晓梅", role=Role.PARK_STAFF, organisation=park)
    actions.change_stage(preparing, Stage.SUSPENDED, actor=colleague, expected_version=preparing.version,
                         evidence=lifecycle.Evidence(reason="环评批复未下达"))

    # When the coordinator confirms the start
    response = client.post(url, data)

    # Then the page says who changed the project meanwhile, and it stays suspended
    assert response.status_code == 400
    assert "保存失败：王晓梅" in text(response) and "您的内容未保存" in text(response)
    preparing.refresh_from_db()
    assert preparing.stage == Stage.SUSPENDED and preparing.actual_start_date is None


def test_it_lists_the_history_newest_first(client, coordinator, enterprise):
    project = ProjectFactory(stage=Stage.NEGOTIATING, enterprise=enterprise)
    actions.change_stage(project, Stage.SIGNED, actor=coordinator, evidence=lifecycle.Evidence(date=days_ago(30)))
    project.refresh_from_db()
    actions.update_project(project, actor=coordinator, data={"industry_chain": "新材料"},
                           expected_version=project.version)
    client.force_login(coordinator)

    page = text(client.get(reverse("project_detail", args=[project.pk])))

    edited, signed = page.index("修改信息"), page.index("阶段推进")
    assert edited < signed
    assert f"在谈 → 已签约 日期：{days_ago(30).isoformat()}" in page
    assert "所属产业链： （空） → 新材料" in page
