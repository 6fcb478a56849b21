"""The battle map's tile 促建节点：本周到期 N / 已逾期 M counts the open nodes the user's projects hold, and each
number drills down to exactly the projects behind it."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts import dashboard
from tuijin.nodeplans import actions
from tuijin.projects.models import Project

from ..pages import text
from .conftest import START, node

# Thursday 26 Feb 2026: of the festival plan, 合规性审查 (13 Feb) and 立项/备案 (25 Feb) are overdue, 用地预审
# (2 March) is due within 5 working days (27, 28 Feb — a make-up Saturday —, 2, 3, 4 March); 环评 (9 March)
# and 施工许可 (11 March) are not yet due.
TODAY = dt.date(2026, 2, 26)


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 2, 26, 10, 0)), tick=False):
        yield TODAY


@pytest.fixture
def two_plans(plan, other_project, flow, coordinator):
    other = actions.apply_template(other_project, flow, actor=coordinator, start_date=START)
    actions.mark_done(node(other, "合规性审查"), actor=coordinator, finished_on=dt.date(2026, 2, 13),
                      evidence_no="锦发改审〔2026〕1号", today=TODAY)
    # the other project: 立项/备案 (14, 24, 25 Feb) overdue; 用地预审 due
    return plan, other


def tile(payload):
    return {card["key"]: card for card in payload["cards"]}["nodes"]


def test_it_counts_the_nodes_due_this_week_and_overdue(two_plans, today):
    # When the whole district is counted
    card = tile(dashboard.payload(Project.objects.all(), 2026, today))

    # Then 2 nodes are due (用地预审 on each project) and 3 overdue (2 on this project, 1 on the other)
    assert card["label"] == "促建节点：本周到期 / 已逾期"
    assert card["value"] == "2 / 3"
    assert [(part["key"], part["value"]) for part in card["parts"]] == [("nodes_due", 2), ("nodes_overdue", 3)]
    assert card["parts"][1]["tone"] == "danger"
    # And a node done is no longer counted: with this project's two overdue nodes done, only 1 is overdue
    plan, _other = two_plans
    for name in ("合规性审查", "立项/备案"):
        actions.mark_done(node(plan, name), actor=None, finished_on=dt.date(2026, 2, 25), evidence_no="x号",
                          today=TODAY)
    assert tile(dashboard.payload(Project.objects.all(), 2026, today))["parts"][1]["value"] == 1


def drill(client, url):
    page = text(client.get(url))
    return int(re.search(r"共 (\d+) 个项目", page).group(1)), page


def test_each_number_drills_down_to_its_projects_in_the_users_scope(client, users, two_plans, today):
    plan, other = two_plans
    # Given the first project's 用地预审 extended past the week: only the other project has a node due
    actions.reschedule(node(plan, "用地预审"), actor=None, duration=20)

    # When the coordinator opens the dashboard
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("alerts_dashboard")).content.decode()
    due_url = re.search(r'href="([^"]+)" data-testid="card-nodes_due">(\d+)<', html)
    overdue_url = re.search(r'href="([^"]+)" data-testid="card-nodes_overdue">(\d+)<', html)
    assert (due_url.group(2), overdue_url.group(2)) == ("1", "3")

    # Then the due number lists the other project only, the overdue number both
    count, page = drill(client, due_url.group(1).replace("&amp;", "&"))
    assert count == 1 and other.project.name in page and plan.project.name not in page
    count, page = drill(client, overdue_url.group(1).replace("&amp;", "&"))
    assert count == 2 and other.project.name in page and plan.project.name in page

    # And a park's staff counts and lists only their own park's project
    client.force_login(users[Role.PARK_STAFF])
    html = client.get(reverse("alerts_dashboard")).content.decode()
    assert re.search(r'data-testid="card-nodes_due">0<', html)
    assert re.search(r'data-testid="card-nodes_overdue">2<', html)
    count, page = drill(client, reverse("alerts_drill") + "?dim=nodes&value=overdue")
    assert count == 1 and plan.project.name in page and other.project.name not in page


def test_an_unknown_node_figure_is_not_found(client, users, today):
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("alerts_drill") + "?dim=nodes&value=late").status_code == 404


def test_a_district_without_node_plans_shows_zero(project, today):
    assert tile(dashboard.payload(Project.objects.all(), 2026, today))["value"] == "0 / 0"
