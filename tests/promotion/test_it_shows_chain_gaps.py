"""三表一图: segments with nothing local are gaps; a planned project does not fill one, a signed one does."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.projects.models import Stage
from tuijin.promotion import calculations
from tuijin.promotion.models import ChainMember, ChainSegment, IndustryChain, SegmentProject

from ..factories import EnterpriseFactory, ProjectFactory
from ..pages import text


@pytest.fixture
def placed(chain, park, other_park):
    """种植体: its 链主 and two signed projects (one in another park) → strong.
    数字化设备: one 链属 → weak.  原材料: only a target company → gap.  诊疗服务: only a planned project → gap."""
    segments = chain.segments_by_name
    for name, stage, where in (("种植体一期", Stage.SIGNED, park), ("种植体二期", Stage.CONSTRUCTION, other_park)):
        project = ProjectFactory(name=name, stage=stage, park=where)
        SegmentProject.objects.create(segment=segments["种植体"], project=project)
    SegmentProject.objects.create(segment=segments["诊疗服务"],
                                  project=ProjectFactory(name="数字口腔诊疗中心", stage=Stage.PLANNING, park=park))
    return chain


def test_it_finds_the_gaps(placed):
    views = {view.segment.name: view for view in calculations.chain_segments(placed)}

    assert {name: view.coverage for name, view in views.items()} == {
        "原材料": "gap", "种植体": "strong", "数字化设备": "weak", "诊疗服务": "gap"}
    assert views["诊疗服务"].projects and views["诊疗服务"].landed_projects == 0


def test_the_chain_page_shows_the_gaps_in_red(client, coordinator, placed):
    client.force_login(coordinator)

    response = client.get(reverse("promotion_chain", args=[placed.pk]))

    page = text(response)
    assert "缺失环节（无本地企业、无已签约项目，需补链）：原材料、诊疗服务" in page
    assert "链主企业：锦江齿科股份有限公司" in page
    html = response.content.decode()
    # Table one lists the segments upstream first, each with its coverage
    assert re.findall(r'data-testid="segment-\d+" data-coverage="(\w+)"', html) == ["gap", "strong", "weak", "gap"]
    # The diagram is drawn from a JSON script tag, gaps in red, with the vendored ECharts
    chart = json.loads(re.search(r'<script id="chain-data" type="application/json">(.*?)</script>', html, re.S)[1])
    colours = {node["name"]: node["itemStyle"]["color"] for node in chart["nodes"]}
    assert colours["原材料"] == colours["诊疗服务"] == "#dc3545" and colours["种植体"] == "#198754"
    assert [(node["x"], node["y"]) for node in chart["nodes"]] == [(0, 0), (1, -42), (1, 42), (2, 0)]
    assert chart["columns"] == ["上游", "中游", "下游"] and len(chart["links"]) == 4
    assert "vendor/echarts/echarts.min.js" in html and "https://" not in html


def test_the_chain_list_counts_gaps(client, coordinator, placed):
    client.force_login(coordinator)

    response = client.get(reverse("promotion_chains"))

    assert "口腔医疗器械 缺失环节 2" in text(response)
    assert "echarts" not in response.content.decode()


def test_the_chain_list_does_not_query_per_chain(client, coordinator, placed):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("promotion_chains"))
    # Given two more chains with segments, When the list opens again, Then it makes as many queries as before
    for name in ("新能源汽车", "生物医药"):
        ChainSegment.objects.create(chain=IndustryChain.objects.create(name=name), name="整车", order=1)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("promotion_chains"))
    assert "新能源汽车" in text(response) and len(three) == len(one)


def test_park_staff_see_their_parks_projects_and_a_count_of_the_others(client, users, placed):
    client.force_login(users["park_staff"])

    page = text(client.get(reverse("promotion_chain", args=[placed.pk])))

    assert "种植体一期" in page and "种植体二期" not in page
    assert "另有 1 个其他园区项目" in page
    # Coverage is the district's fact, the same for everyone
    assert "需补链）：原材料、诊疗服务" in page


def test_a_new_member_fills_a_gap(client, coordinator, placed):
    ChainMember.objects.create(segment=placed.segments_by_name["原材料"], enterprise=EnterpriseFactory())
    client.force_login(coordinator)

    assert "需补链）：诊疗服务" in text(client.get(reverse("promotion_chain", args=[placed.pk])))
