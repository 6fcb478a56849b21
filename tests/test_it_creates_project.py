"""Creating a project: a code is generated when none is given, the creation is logged, and park staff
create projects only in their own park."""

import re

from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.projects.models import EventKind, Project, Stage

from .factories import ProjectFactory
from .pages import text


def payload(**changes):
    return {"code": "", "name": "天府数字文创产业园项目", "category": "industrial", "level": "municipal",
            "total_investment": "65000", "industry_chain": "数字文创"} | changes


def test_it_creates_a_project_with_a_generated_code(client, coordinator, project):
    # Given a coordinator (and a project entered earlier with a hand-typed code)
    client.force_login(coordinator)
    year = timezone.localdate().year

    # When they create a project without a code
    response = client.post(reverse("project_create"), payload(), follow=True)

    # Then they land on its page, with a generated code, at the first stage
    created = Project.objects.get(name="天府数字文创产业园项目")
    assert response.redirect_chain == [(reverse("project_detail", args=[created.pk]), 302)]
    page = text(response)
    assert f"已创建项目“天府数字文创产业园项目”（XM{year}-00001）。" in page
    assert created.code == f"XM{year}-00001"
    assert created.stage == Stage.PLANNING and "谋划储备" in page
    assert "6.50 亿元" in page and "市重点" in page and "数字文创" in page
    # And its history starts with the creation, by them
    event = created.events.get()
    assert (event.kind, event.actor, event.to_stage, event.version) == (EventKind.CREATED, coordinator,
                                                                         Stage.PLANNING, 1)
    assert "创建项目" in page


def test_it_numbers_generated_codes_in_sequence(client, coordinator):
    # Given codes typed by hand under this year's prefix that are not serial numbers
    year = timezone.localdate().year
    ProjectFactory(code=f"XM{year}-T00001")
    ProjectFactory(code=f"XM{year}-重点01")
    client.force_login(coordinator)

    # When three projects are created one after another without a code
    for n in range(1, 4):
        response = client.post(reverse("project_create"), payload(name=f"天府数字文创产业园{n}期项目"))
        assert response.status_code == 302

    # Then they are numbered 00001, 00002, 00003
    codes = Project.objects.filter(name__startswith="天府数字文创产业园").order_by("pk").values_list("code", flat=True)
    assert list(codes) == [f"XM{year}-00001", f"XM{year}-00002", f"XM{year}-00003"]


def test_it_keeps_a_code_given_by_hand(client, coordinator):
    client.force_login(coordinator)

    client.post(reverse("project_create"), payload(code="SL-2026-017"))

    assert Project.objects.get(name="天府数字文创产业园项目").code == "SL-2026-017"


def test_it_refuses_a_code_already_in_use(client, coordinator, project):
    client.force_login(coordinator)

    response = client.post(reverse("project_create"), payload(code=project.code))

    assert response.status_code == 200
    assert "具有 项目编号 的 项目 已存在。" in text(response)
    assert not Project.objects.filter(name="天府数字文创产业园项目").exists()


def test_it_offers_park_staff_only_their_own_park(client, users, park, other_park):
    # Given a park staff member of 高新园
    client.force_login(users[Role.PARK_STAFF])

    # When they open the new-project page
    page = client.get(reverse("project_create")).content.decode()

    # Then the park list offers 高新园 only
    park_select = re.search(r'<select name="park".*?</select>', page, re.S).group(0)
    assert f'value="{park.pk}"' in park_select and "高新园" in park_select
    assert f'value="{other_park.pk}"' not in park_select and "临港园" not in park_select


def test_it_refuses_park_staff_a_project_in_another_park(client, users, other_park):
    client.force_login(users[Role.PARK_STAFF])

    # When they post a project in the other park anyway
    response = client.post(reverse("project_create"), payload(park=other_park.pk))

    # Then the park is refused and nothing is created
    assert response.status_code == 200
    assert "选择一个有效的选项" in text(response)
    assert not Project.objects.filter(name="天府数字文创产业园项目").exists()


def test_it_requires_park_staff_to_name_their_park(client, users):
    client.force_login(users[Role.PARK_STAFF])

    response = client.post(reverse("project_create"), payload())

    assert "这个字段是必填项。" in text(response)
    assert not Project.objects.filter(name="天府数字文创产业园项目").exists()


def test_it_lets_park_staff_create_a_project_in_their_park(client, users, park, enterprise):
    client.force_login(users[Role.PARK_STAFF])

    response = client.post(reverse("project_create"), payload(park=park.pk, enterprise=enterprise.pk))

    created = Project.objects.get(name="天府数字文创产业园项目")
    assert response.status_code == 302
    assert (created.park, created.enterprise) == (park, enterprise)
    # And they can see it in their list
    assert "天府数字文创产业园项目" in client.get(reverse("project_list")).content.decode()


def test_it_refuses_park_staff_an_enterprise_they_cannot_see(client, users, park, other_enterprise):
    client.force_login(users[Role.PARK_STAFF])

    response = client.post(reverse("project_create"), payload(park=park.pk, enterprise=other_enterprise.pk))

    assert "选择一个有效的选项" in text(response)
    assert not Project.objects.filter(name="天府数字文创产业园项目").exists()
