"""The project list over the API: the same scope, filters and meaning as the 项目管理 page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.projects.models import Category, Level, Project, Stage

from ..factories import EnterpriseFactory, ProjectFactory, UserFactory
from .conftest import bearer

R = Role


@pytest.fixture
def park_neighbour(park, other_department, district):
    """In the persona park, but another department's and another enterprise's project."""
    return ProjectFactory(name="高新园数据中心项目", park=park, responsible_unit=other_department,
                          enterprise=EnterpriseFactory(name="高新云数科技有限公司", park=park))


# role: the projects it sees among (project, other_project, park_neighbour)
SEES = {
    R.LEADER: {"project", "other_project", "park_neighbour"},
    R.COORDINATOR: {"project", "other_project", "park_neighbour"},
    R.PARK_STAFF: {"project", "park_neighbour"},
    R.DEPARTMENT_CLERK: {"project"},
    R.ENTERPRISE: {"project"},
}


@pytest.mark.parametrize("role", list(Role))
def test_it_lists_exactly_what_the_page_lists(client, api, users, project, other_project, park_neighbour, role):
    # Given three projects: the personas' own, another park's, and a neighbour in the persona park
    projects = {"project": project, "other_project": other_project, "park_neighbour": park_neighbour}
    user = users[role]

    # When the user lists projects over the API and opens the list page
    response = api.get(user, "/projects")
    client.force_login(user)
    page = client.get(reverse("project_list")).content.decode()

    # Then the API returns exactly the role's scope, and the page shows the same projects
    assert response.status_code == 200
    listed = {item["name"] for item in response.json()["items"]}
    assert listed == {projects[key].name for key in SEES[role]}
    assert response.json()["count"] == len(SEES[role])
    assert {p.name for p in projects.values() if p.name in page} == listed


def test_it_returns_the_fields_an_app_shows(api, users, project, enterprise, park):
    item = api.get(users[R.ENTERPRISE], "/projects").json()["items"][0]

    assert item["id"] == project.pk and item["code"] == project.code
    assert item["stage"] == "planning" and item["stage_label"] == "谋划储备"
    assert item["level_label"] == "区重点" and item["category_label"] == "产业化"
    assert item["total_investment"] == "12000.00" and item["is_over_100m"] is True
    assert (item["enterprise_id"], item["enterprise_name"]) == (enterprise.pk, "成都锦程新材料有限公司")
    assert (item["park_id"], item["park_name"]) == (park.pk, "高新园")


@pytest.fixture
def assorted(park, other_park):
    return {
        "big": ProjectFactory(name="锂电池正极材料项目", park=park, stage=Stage.CONSTRUCTION, level=Level.PROVINCIAL,
                              total_investment=Decimal("150000")),
        "mid": ProjectFactory(name="冷链物流中心项目", park=other_park, stage=Stage.CONSTRUCTION,
                              category=Category.INFRASTRUCTURE, total_investment=Decimal("6000")),
        "small": ProjectFactory(name="社区卫生服务中心", park=park, stage=Stage.SIGNED,
                                category=Category.PUBLIC_SERVICE, total_investment=Decimal("800")),
    }


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "冷链"}, {"mid"}),
    ({"stage": "construction"}, {"big", "mid"}),
    ({"level": "provincial"}, {"big"}),
    ({"category": "public_service"}, {"small"}),
    ({"size": "100m"}, {"big"}),
    ({"size": "50m"}, {"big", "mid"}),
    ({"stage": "construction", "size": "100m"}, {"big"}),
])
def test_it_filters_like_the_page(api, coordinator, assorted, params, expected):
    response = api.get(coordinator, "/projects", **params)

    assert response.status_code == 200
    assert {item["name"] for item in response.json()["items"]} == {assorted[key].name for key in expected}


def test_it_filters_by_park(api, coordinator, assorted, other_park):
    response = api.get(coordinator, "/projects", park=other_park.pk)

    assert [item["name"] for item in response.json()["items"]] == ["冷链物流中心项目"]


def test_it_sorts_by_investment_by_default(api, coordinator, assorted):
    names = [item["name"] for item in api.get(coordinator, "/projects").json()["items"]]

    assert names == ["锂电池正极材料项目", "冷链物流中心项目", "社区卫生服务中心"]


@pytest.mark.parametrize(("params", "field"), [
    ({"stage": "flying"}, "阶段（stage）"),
    ({"size": "10m"}, "规模（size）"),
    ({"page_size": 101}, "每页条数（page_size）须在 1—100 之间"),
    ({"page": 0}, "页码（page）须在 1—100000 之间"),
    ({"park": 999999}, "园区（park）"),
])
def test_it_refuses_bad_filters_in_chinese(api, coordinator, params, field):
    response = api.get(coordinator, "/projects", **params)

    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_it_pages_through_the_list(api, coordinator, district):
    for n in range(25):
        ProjectFactory(name=f"分页项目{n:02d}", total_investment=Decimal(1000 + n))

    first = api.get(coordinator, "/projects", page_size=10).json()
    last = api.get(coordinator, "/projects", page_size=10, page=3).json()
    beyond = api.get(coordinator, "/projects", page_size=10, page=4).json()

    assert (first["count"], first["pages"], len(first["items"])) == (25, 3, 10)
    assert first["items"][0]["name"] == "分页项目24"
    assert len(last["items"]) == 5 and last["items"][-1]["name"] == "分页项目00"
    assert beyond["items"] == []


@pytest.mark.parametrize("role", [R.COORDINATOR, R.PARK_STAFF, R.ENTERPRISE])
def test_it_lists_with_a_fixed_number_of_queries(client, users, park, enterprise, department, token_of, role):
    user = users[role]
    headers = bearer(token_of(user))

    def queries_for(total):
        while Project.objects.count() < total:
            ProjectFactory(park=park, enterprise=EnterpriseFactory(park=park) if role != R.ENTERPRISE else enterprise,
                           responsible_unit=department, responsible_official=UserFactory())
        client.get("/api/v1/projects", {"page_size": 100}, headers=headers)  # the token's first use is recorded
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/projects", {"page_size": 100}, headers=headers)
        assert response.json()["count"] == total
        return len(captured)

    assert queries_for(5) == queries_for(30)
