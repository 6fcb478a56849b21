"""Editing a project's master data: the change shows and is logged, mistakes are explained, and a stale
page never overwrites a colleague's save."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.projects import actions
from tuijin.projects.models import EventKind, Stage

from .factories import ProjectFactory, UserFactory
from .pages import form_data, text


@pytest.fixture
def started(enterprise, park, department):
    """A project under construction: its past actual dates exist and can be corrected, the later ones cannot."""
    return ProjectFactory(
        name="锦程新材料年产10万吨正极材料项目", enterprise=enterprise, park=park, responsible_unit=department,
        stage=Stage.CONSTRUCTION, total_investment=Decimal("185000.00"), actual_sign_date=dt.date(2025, 1, 8),
        actual_register_date=dt.date(2025, 2, 1), actual_preparation_date=dt.date(2025, 3, 3),
        planned_start_date=dt.date(2025, 6, 1), actual_start_date=dt.date(2025, 6, 18),
        planned_complete_date=dt.date(2026, 12, 31), construction_permit_no="510115202506180101",
    )


def open_edit_page(client, project):
    response = client.get(reverse("project_edit", args=[project.pk]))
    assert response.status_code == 200
    return form_data(response)


def test_it_saves_an_edit_and_logs_what_changed(client, coordinator, started):
    # Given a coordinator on the edit page of a project
    client.force_login(coordinator)
    data = open_edit_page(client, started)
    assert data["version"] == str(started.version)
    assert "actual_complete_date" not in data  # not reached yet: the browser does not send it

    # When they change its name and total investment and save
    data |= {"name": "锦程新材料年产12万吨正极材料项目", "total_investment": "210000"}
    response = client.post(reverse("project_edit", args=[started.pk]), data, follow=True)

    # Then they land on the detail page, which shows the new facts
    page = text(response)
    assert response.redirect_chain[-1][0] == reverse("project_detail", args=[started.pk])
    assert "修改已保存。" in page
    assert "锦程新材料年产12万吨正极材料项目" in page
    assert "21.00 亿元 （210000.00 万元）" in page
    # And the history says who changed which field from what to what, and nothing else
    assert "修改信息" in page
    assert "项目名称： 锦程新材料年产10万吨正极材料项目 → 锦程新材料年产12万吨正极材料项目" in page
    assert "总投资（万元）： 185000.00 → 210000.00" in page
    event = started.events.get()
    assert (event.kind, event.actor, event.version) == (EventKind.EDITED, coordinator, started.version + 1)
    assert [change["label"] for change in event.changes] == ["项目名称", "总投资（万元）"]
    # And what was not touched is as it was
    started.refresh_from_db()
    assert started.actual_start_date == dt.date(2025, 6, 18)
    assert started.stage == Stage.CONSTRUCTION and started.construction_permit_no == "510115202506180101"


def test_it_logs_choices_and_dates_as_people_read_them(client, coordinator, started):
    client.force_login(coordinator)
    data = open_edit_page(client, started) | {"level": "provincial", "planned_complete_date": "2027-03-31",
                                              "actual_start_date": "2025-06-20"}

    response = client.post(reverse("project_edit", args=[started.pk]), data, follow=True)

    page = text(response)
    assert "项目级别： 区重点 → 省重点" in page
    assert "计划竣工日期： 2026-12-31 → 2027-03-31" in page
    assert "实际开工日期： 2025-06-18 → 2025-06-20" in page  # a recorded actual date can be corrected


def test_it_does_not_log_a_save_without_changes(client, coordinator, started):
    client.force_login(coordinator)
    data = open_edit_page(client, started)

    response = client.post(reverse("project_edit", args=[started.pk]), data, follow=True)

    assert "修改已保存。" in text(response)
    assert not started.events.exists()


def test_it_ignores_an_actual_date_not_yet_reached(client, coordinator, started):
    # Given an edit form where the 竣工 actual date is shown disabled (recorded by the stage change only)
    client.force_login(coordinator)
    data = open_edit_page(client, started)

    # When someone posts it anyway
    client.post(reverse("project_edit", args=[started.pk]), data | {"actual_complete_date": "2026-01-01"})

    # Then it is not recorded: completion needs the lifecycle's evidence
    started.refresh_from_db()
    assert started.actual_complete_date is None


@pytest.mark.parametrize(("changes", "message"), [
    ({"planned_start_date": "2026-06-01", "planned_complete_date": "2026-05-01"},
     "计划竣工日期（2026-05-01）不能早于计划开工日期（2026-06-01）"),
    ({"latitude": "95", "longitude": "104.06"}, "纬度应在 3 到 54 之间（中国境内）"),
    ({"latitude": "30.57", "longitude": "-104.06"}, "经度应在 73 到 136 之间（中国境内）"),
    ({"actual_start_date": "2025-02-28"}, "实际开工日期（2025-02-28）不能早于实际启动前期手续日期（2025-03-03）"),
    ({"name": ""}, "这个字段是必填项。"),
    ({"total_investment": "很多"}, "输入一个数字。"),
])
def test_it_explains_mistakes_in_chinese(client, coordinator, started, changes, message):
    # Given a coordinator on the edit page
    client.force_login(coordinator)
    data = open_edit_page(client, started)

    # When they save an impossible value
    response = client.post(reverse("project_edit", args=[started.pk]), data | changes)

    # Then the page explains it, and nothing is saved
    assert response.status_code == 200
    page = text(response)
    assert "请根据下方提示修改后再保存。" in page
    assert message in page
    saved = type(started).objects.get(pk=started.pk)
    assert (saved.version, saved.name, saved.latitude) == (started.version, started.name, None)
    assert not saved.events.exists()


def test_it_refuses_an_actual_date_in_the_future(client, coordinator, started):
    client.force_login(coordinator)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = open_edit_page(client, started) | {"actual_start_date": tomorrow.isoformat()}

    response = client.post(reverse("project_edit", args=[started.pk]), data)

    assert f"实际日期不能晚于今天（{timezone.localdate():%Y-%m-%d}）" in text(response)
    started.refresh_from_db()
    assert started.actual_start_date == dt.date(2025, 6, 18)


def test_it_refuses_to_overwrite_a_colleagues_save(client, coordinator, started, park):
    # Given a coordinator who opened the edit page at version v
    client.force_login(coordinator)
    data = open_edit_page(client, started)
    loaded_version = int(data["version"])

    # And a colleague at the park who saves the same project meanwhile
    colleague = UserFactory(full_name="王晓梅", role=Role.PARK_STAFF, organisation=park)
    actions.update_project(started, actor=colleague, expected_version=loaded_version,
                           data={"name": "锦程新材料正极材料一期项目", "total_investment": Decimal("150000")})

    # When the coordinator saves their own change with version v
    data |= {"name": "锦程新材料年产12万吨正极材料项目", "description": "新增两条生产线"}
    response = client.post(reverse("project_edit", args=[started.pk]), data)

    # Then the save is refused with 409, naming the colleague, and keeping what the coordinator typed
    assert response.status_code == 409
    page = text(response)
    assert "保存失败：王晓梅" in page
    assert "您的内容未保存" in page
    assert 'value="锦程新材料年产12万吨正极材料项目"' in response.content.decode()
    # And the database still holds the colleague's values, logged once, under their name
    started.refresh_from_db()
    assert started.name == "锦程新材料正极材料一期项目"
    assert started.total_investment == Decimal("150000.00") and started.description == ""
    assert started.version == loaded_version + 1
    assert list(started.events.values_list("actor__full_name", flat=True)) == ["王晓梅"]


def test_it_saves_after_reloading_the_latest_version(client, coordinator, started, park):
    # Given the coordinator's save was refused because a colleague saved first
    client.force_login(coordinator)
    stale = open_edit_page(client, started)
    colleague = UserFactory(full_name="王晓梅", role=Role.PARK_STAFF, organisation=park)
    actions.update_project(started, actor=colleague, data={"industry_chain": "新能源汽车"},
                           expected_version=started.version)
    assert client.post(reverse("project_edit", args=[started.pk]), stale | {"description": "新增两条生产线"}
                       ).status_code == 409

    # When they reload the edit page and save again
    fresh = open_edit_page(client, started)
    response = client.post(reverse("project_edit", args=[started.pk]), fresh | {"description": "新增两条生产线"})

    # Then both changes are kept
    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.industry_chain, started.description) == ("新能源汽车", "新增两条生产线")


def test_the_date_order_rule_holds_in_the_action_not_only_in_the_form(users, project):
    # Given a project with a planned start in June
    from tuijin.projects import actions, lifecycle

    project.planned_start_date = dt.date(2026, 6, 1)
    project.save()
    # When a caller that skips the form (an API, a script) saves a planned completion before it
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        actions.update_project(project, actor=users[Role.COORDINATOR], data={"planned_complete_date":
                               dt.date(2026, 5, 1)}, expected_version=project.version)
    # Then the action refuses with the same message the form gives, and nothing is saved
    assert refused.value.errors == {"planned_complete_date": "计划竣工日期（2026-05-01）不能早于计划开工日期（2026-06-01）"}
    project.refresh_from_db()
    assert project.planned_complete_date is None
