"""The dashboard payload against a hand-computed district, each drill-down listing exactly its projects,
and who may open the battle map."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuijin.accounts.models import Role
from tuijin.alerts import dashboard, scan
from tuijin.progress import actions as progress_actions
from tuijin.progress.models import MonthlyReport, ReportStatus
from tuijin.projects.models import Category, Project, Stage

from ..factories import ProjectFactory
from ..pages import text

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def district_projects(project, other_project, park, other_park):
    """Four projects: two in 高新园 (one infrastructure), one in 临港园, one without a park."""
    project.total_investment, project.industry_chain = Decimal(150000), "新能源汽车"
    project.save()
    other_project.total_investment, other_project.industry_chain = Decimal(8000), "现代物流"
    other_project.save()
    third = ProjectFactory(park=park, total_investment=Decimal(20000), industry_chain="新能源汽车",
                           category=Category.INFRASTRUCTURE)
    fourth = ProjectFactory(park=None, total_investment=Decimal(1000))
    for p, plan, done in ((project, 10000, 6000), (other_project, 2000, 500)):
        progress_actions.save_yearly_plan(p, 2026, actor=None, data={"planned_investment": Decimal(plan)})
        MonthlyReport.objects.create(project=p, year=2026, month=3, completed_investment=Decimal(done),
                                     status=ReportStatus.APPROVED)
        progress_actions.refresh_rollup(p.pk, 2026)
    return project, other_project, third, fourth


def drill_names(client, url):
    page = text(client.get(url))
    count = int(re.search(r"共 (\d+) 个项目", page).group(1))
    return count, page


@pytest.mark.parametrize("scope", [None, {}], ids=["live", "kept_cells"])
def test_it_computes_the_payload_by_hand(district_projects, park, scope):
    project, other_project, third, fourth = district_projects
    payload = dashboard.payload(Project.objects.all(), 2026, AS_OF, scope=scope)
    cards = {card["key"]: card for card in payload["cards"]}
    assert cards["projects"]["value"] == 4
    assert cards["investment"]["value"] == 17.9  # 150000 + 8000 + 20000 + 1000 万元 = 17.9 亿元
    assert cards["planned"]["value"] == 1.2 and cards["completed"]["value"] == 0.65
    assert "完成率 54.2%" in cards["completed"]["note"]
    parks = {row["name"]: row for row in payload["charts"]["park"]}
    assert (parks["高新园"]["projects"], parks["临港园"]["projects"], parks["无园区"]["projects"]) == (2, 1, 1)
    assert parks["高新园"]["investment"] == 17.0 and parks["高新园"]["planned"] == 1.0
    bands = {row["key"]: row["projects"] for row in payload["charts"]["band"]}
    assert bands == {"1b": 1, "100m": 1, "50m": 1, "small": 1}
    chains = {row["name"]: row["projects"] for row in payload["charts"]["chain"]}
    assert chains == {"新能源汽车": 2, "现代物流": 1, "未填写": 1}
    march = payload["charts"]["trend"][2]
    assert march["done"] == 0.65 and payload["charts"]["trend"][0]["done"] == 0


@pytest.mark.parametrize("scope", [None, {}], ids=["live", "kept_cells"])
def test_it_drills_down_to_exactly_the_projects_behind_each_figure(client, users, district_projects, park, scope):
    project, other_project, third, fourth = district_projects
    client.force_login(users[Role.COORDINATOR])
    payload = dashboard.payload(Project.objects.all(), 2026, AS_OF, scope=scope)
    expected = {"高新园": {project, third}, "临港园": {other_project}, "无园区": {fourth}}
    for row in payload["charts"]["park"]:
        count, page = drill_names(client, row["url"])
        assert count == row["projects"] == len(expected[row["name"]])
        assert all(p.name in page for p in expected[row["name"]])
    for dimension in ("chain", "category", "band"):
        for row in payload["charts"][dimension]:
            assert drill_names(client, row["url"])[0] == row["projects"], (dimension, row)
    march = payload["charts"]["trend"][2]
    count, page = drill_names(client, march["url"])
    assert count == 2 and project.name in page and other_project.name in page


def test_it_counts_warned_projects_and_lists_them(client, users, district_projects):
    project, other_project, third, fourth = district_projects
    third.planned_start_date = dt.date(2026, 1, 1)
    third.save()
    scan.run(AS_OF)
    client.force_login(users[Role.LEADER])
    cards = {card["key"]: card for card in dashboard.payload(Project.objects.all(), 2026, AS_OF)["cards"]}
    count, page = drill_names(client, cards["warning_red"]["url"])
    assert count == cards["warning_red"]["value"] >= 1 and third.name in page


@pytest.mark.parametrize("scope", [None, {}], ids=["live", "kept_cells"])
def test_it_keeps_the_query_count_flat(district_projects, scope):
    dashboard.payload(Project.objects.all(), 2026, AS_OF, scope=scope)
    with CaptureQueriesContext(connection) as few:
        dashboard.payload(Project.objects.all(), 2026, AS_OF, scope=scope)
    ProjectFactory.create_batch(5, stage=Stage.CONSTRUCTION)
    dashboard.payload(Project.objects.all(), 2026, AS_OF, scope=scope)
    with CaptureQueriesContext(connection) as more:
        dashboard.payload(Project.objects.all(), 2026, AS_OF, scope=scope)
    assert len(more) == len(few) <= 10


@pytest.mark.parametrize("url", ["/battle-map/", "/battle-map/map/", "/battle-map/timeline/", "/battle-map/screen/",
                                 "/battle-map/data.json", "/battle-map/warnings/", "/battle-map/rules/"])
def test_it_refuses_enterprises(client, users, url):
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/battle-map/", "/battle-map/map/", "/battle-map/timeline/", "/battle-map/screen/"])
def test_it_opens_for_leaders(client, users, district_projects, url):
    client.force_login(users[Role.LEADER])
    assert client.get(url).status_code == 200


def test_it_limits_park_staff_to_their_park(client, users, district_projects):
    project, other_project, third, fourth = district_projects
    client.force_login(users[Role.PARK_STAFF])
    data = client.get("/battle-map/data.json?year=2026").json()
    assert next(card for card in data["cards"] if card["key"] == "projects")["value"] == 2
    count, page = drill_names(client, "/battle-map/projects/?dim=all&year=2026")
    assert count == 2 and other_project.name not in page


def test_it_draws_the_timeline_with_late_items(client, users, project):
    project.stage = Stage.PREPARATION
    project.planned_start_date = dt.date(2026, 2, 1)
    project.planned_complete_date = dt.date(2027, 6, 1)
    project.save()
    client.force_login(users[Role.COORDINATOR])
    response = client.get("/battle-map/timeline/?year=2026")
    assert b'data-late="1"' in response.content and "开工：计划 2026-02-01" in response.content.decode()
