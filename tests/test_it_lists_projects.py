"""The project list: search, filters, sorting and pages, updated in place by htmx without N+1 queries."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.accounts.models import OrganisationKind, Role
from tuijin.projects.models import Category, Level, Stage

from .factories import EnterpriseFactory, OrganisationFactory, ProjectFactory

URL = reverse("project_list")


def names_in(response):
    """The project names listed, in the order shown."""
    return re.findall(r'<td class="name"><a href="/projects/\d+/">([^<]+)</a>', response.content.decode())


def result_count(response):
    return int(re.search(r'data-testid="result-count">([\d,]+)<', response.content.decode()).group(1).replace(",", ""))


@pytest.fixture
def listed(project, other_project, park, other_park, enterprise, other_enterprise):
    """A handful of projects that differ in one way each; with the two persona projects there are six."""
    return {
        "battery": project,  # 年产5万吨锂电池正极材料项目: 高新园, 成都锦程新材料有限公司, 12000 万元, 谋划储备
        "cold_chain": other_project,  # 临港冷链物流中心项目: 临港园, 临港远航物流有限公司, 12000 万元
        "road": ProjectFactory(name="园区南北干道改造工程", park=park, category=Category.INFRASTRUCTURE,
                               level=Level.MUNICIPAL, total_investment=Decimal("10000.00"),
                               stage=Stage.CONSTRUCTION, national_code="2024-510115-48-01-000188"),
        "school": ProjectFactory(name="临港第二实验小学新建项目", park=other_park, category=Category.PUBLIC_SERVICE,
                                 level=Level.PROVINCIAL, total_investment=Decimal("9999.99"),
                                 stage=Stage.PREPARATION),
        "chips": ProjectFactory(name="功率半导体封装测试基地", park=park, level=Level.PROVINCIAL,
                                total_investment=Decimal("5000.00"), stage=Stage.CONSTRUCTION),
        "bakery": ProjectFactory(name="中央厨房及烘焙工厂", park=other_park, total_investment=Decimal("4999.99"),
                                 stage=Stage.NEGOTIATING),
    }


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize(("term", "expected"), [
    ("冷链", {"cold_chain"}),  # part of a project name
    ("锦程", {"battery"}),  # part of the enterprise's name
    ("远航物流", {"cold_chain"}),
    ("2024-510115-48", {"road"}),  # the start of a 统一代码
    ("  半导体 ", {"chips"}),  # stray spaces around the term
])
def test_it_searches_names_codes_and_enterprises(coordinator_client, listed, term, expected):
    # When a coordinator searches the list
    response = coordinator_client.get(URL, {"q": term})

    # Then exactly the matching projects are listed
    assert set(names_in(response)) == {listed[key].name for key in expected}
    assert result_count(response) == len(expected)


def test_it_searches_by_project_code(coordinator_client, listed):
    school = listed["school"]

    response = coordinator_client.get(URL, {"q": school.code.lower()})

    assert names_in(response) == [school.name]


@pytest.mark.parametrize(("params", "expected"), [
    ({"stage": "construction"}, {"road", "chips"}),
    ({"stage": "planning"}, {"battery", "cold_chain"}),
    ({"level": "provincial"}, {"school", "chips"}),
    ({"category": "public_service"}, {"school"}),
    ({"category": "infrastructure", "stage": "construction"}, {"road"}),
    ({"level": "provincial", "stage": "negotiating"}, set()),
])
def test_it_filters_by_stage_level_and_category(coordinator_client, listed, params, expected):
    response = coordinator_client.get(URL, params)

    assert set(names_in(response)) == {listed[key].name for key in expected}


def test_it_filters_by_park(coordinator_client, listed, park, other_park):
    # When the list is filtered to each park
    in_park = coordinator_client.get(URL, {"park": park.pk})
    in_other_park = coordinator_client.get(URL, {"park": other_park.pk})

    # Then each shows only that park's projects
    assert set(names_in(in_park)) == {listed[k].name for k in ("battery", "road", "chips")}
    assert set(names_in(in_other_park)) == {listed[k].name for k in ("cold_chain", "school", "bakery")}


@pytest.mark.parametrize(("size", "expected"), [
    # 亿元以上 is 10000 万元 and more: 10000.00 is in, 9999.99 is not
    ("100m", {"battery", "cold_chain", "road"}),
    # 5000万元以上 includes the bigger ones: 5000.00 is in, 4999.99 is not
    ("50m", {"battery", "cold_chain", "road", "school", "chips"}),
])
def test_it_filters_by_size_band_including_the_boundary(coordinator_client, listed, size, expected):
    response = coordinator_client.get(URL, {"size": size})

    assert set(names_in(response)) == {listed[key].name for key in expected}


def test_it_sorts_by_investment_both_ways(coordinator_client, listed):
    # Given projects of 12000, 12000, 10000, 9999.99, 5000 and 4999.99 万元
    # When sorted from high to low (the default) and from low to high
    high_first = names_in(coordinator_client.get(URL))
    low_first = names_in(coordinator_client.get(URL, {"sort": "-investment"}))

    # Then the order follows the amounts (equal amounts in the order they were entered)
    assert high_first == [listed[k].name for k in ("battery", "cold_chain", "road", "school", "chips", "bakery")]
    assert low_first == [listed[k].name for k in ("bakery", "chips", "school", "road", "battery", "cold_chain")]


def test_it_sorts_by_planned_start(coordinator_client, listed):
    # Given every project has a planned start date, in an order unlike their investment
    starts = {"bakery": dt.date(2026, 3, 1), "battery": dt.date(2026, 9, 1), "road": dt.date(2025, 12, 1),
              "school": dt.date(2026, 5, 1), "chips": dt.date(2027, 1, 1), "cold_chain": dt.date(2026, 1, 15)}
    for key, start in starts.items():
        listed[key].planned_start_date = start
        listed[key].save()

    # When the list is sorted by planned start
    response = coordinator_client.get(URL, {"sort": "start"})

    # Then the earliest start comes first
    assert names_in(response) == [listed[k].name for k in sorted(starts, key=starts.get)]
    assert "2025-12-01" in response.content.decode()


def test_it_pages_through_the_list(coordinator_client, listed, settings):
    # Given three projects per page
    settings.PROJECTS_PAGE_SIZE = 3

    # When the first, second and an out-of-range page are opened
    first = coordinator_client.get(URL)
    second = coordinator_client.get(URL, {"page": 2})
    beyond = coordinator_client.get(URL, {"page": 9})

    # Then the six projects are split in order (largest first, ties by age) over two pages,
    # and a page too far shows the last one
    assert names_in(first) == [listed[k].name for k in ("battery", "cold_chain", "road")]
    assert "第 1 / 2 页" in first.content.decode()
    assert names_in(second) == [listed[k].name for k in ("school", "chips", "bakery")]
    assert "第 2 / 2 页" in second.content.decode()
    assert names_in(beyond) == names_in(second)


def test_it_keeps_the_filters_in_the_page_links(coordinator_client, listed, settings):
    settings.PROJECTS_PAGE_SIZE = 1

    response = coordinator_client.get(URL, {"size": "50m", "sort": "-investment"})

    # The link to page 2 still carries the filter and the sort
    page = response.content.decode()
    assert "第 1 / 5 页" in page
    assert 'href="?size=50m&amp;sort=-investment&amp;page=2"' in page
    second = coordinator_client.get(URL, {"size": "50m", "sort": "-investment", "page": 2})
    assert names_in(second) == [listed["school"].name]


def test_it_answers_htmx_with_only_the_results(coordinator_client, listed):
    # When the filter form asks for results through htmx
    partial = coordinator_client.get(URL, {"stage": "construction"}, headers={"HX-Request": "true"})
    # And when someone opens the same address normally (or htmx boosts a link to it)
    full = coordinator_client.get(URL, {"stage": "construction"})
    boosted = coordinator_client.get(URL, {"stage": "construction"},
                                     headers={"HX-Request": "true", "HX-Boosted": "true"})

    # Then htmx gets just the table to swap in, while a page load gets the whole page with the menu
    partial_html = partial.content.decode()
    assert set(names_in(partial)) == {listed["road"].name, listed["chips"].name}
    assert "<html" not in partial_html and "navbar" not in partial_html and "project-filters" not in partial_html
    for response in (full, boosted):
        html = response.content.decode()
        assert set(names_in(response)) == {listed["road"].name, listed["chips"].name}
        assert "<html" in html and "navbar" in html and 'id="project-filters"' in html


def test_it_says_when_nothing_matches(coordinator_client, listed):
    response = coordinator_client.get(URL, {"q": "不存在的项目名称"})

    assert "没有符合条件的项目" in response.content.decode()
    assert result_count(response) == 0 and names_in(response) == []


def test_it_says_when_a_filter_value_is_not_valid(coordinator_client, listed):
    # An address edited by hand with a stage that does not exist lists nothing rather than everything
    response = coordinator_client.get(URL, {"stage": "finished"})

    assert response.status_code == 200
    assert "没有符合条件的项目" in response.content.decode()


def _make_projects(count, start):
    for n in range(start, start + count):
        park = OrganisationFactory(name=f"第{n}产业园", kind=OrganisationKind.PARK)
        enterprise = EnterpriseFactory(name=f"成都第{n}实业有限公司", park=park)
        ProjectFactory(name=f"第{n}号重点项目", enterprise=enterprise, park=park,
                       total_investment=Decimal(1000 + n))


def test_it_lists_forty_projects_with_as_many_queries_as_five(client, coordinator, settings,
                                                              django_assert_num_queries):
    # Given a page big enough to show every project, each with its own enterprise and park
    settings.PROJECTS_PAGE_SIZE = 100
    client.force_login(coordinator)
    _make_projects(5, 1)

    # When the list of 5 is loaded (filtered and sorted, as htmx does)
    params = {"q": "重点项目", "sort": "name"}
    client.get(URL, params)  # warm up the session
    with CaptureQueriesContext(connection) as five:
        response = client.get(URL, params)
    assert len(names_in(response)) == 5

    # Then the list of 40 costs exactly as many queries
    _make_projects(35, 6)
    with django_assert_num_queries(len(five)):
        response = client.get(URL, params)
    assert len(names_in(response)) == 40
    assert "成都第40实业有限公司" in response.content.decode() and "第40产业园" in response.content.decode()


def test_it_lists_only_the_visible_projects(client, users, listed):
    # Given a park staff member of 高新园
    client.force_login(users[Role.PARK_STAFF])

    # When they open the list, even asking for the other park
    own = client.get(URL)
    asked_for_other = client.get(URL, {"park": listed["school"].park_id})

    # Then they see only their park's projects
    assert set(names_in(own)) == {listed[k].name for k in ("battery", "road", "chips")}
    assert names_in(asked_for_other) == []
    assert "没有符合条件的项目" in asked_for_other.content.decode()
