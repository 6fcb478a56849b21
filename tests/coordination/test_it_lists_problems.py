"""The problem list: filters, a department's default view, headline counts, and flat query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.coordination import actions
from tuijin.coordination.models import ProblemCategory

from ..pages import text
from .clock import at


def file(users, project, title, category="用地"):
    return actions.file_problem(actor=users[Role.ENTERPRISE], data={
        "title": title, "description": "详情", "category": ProblemCategory.objects.get(name=category),
        "project": project})


def titles(response):
    page = text(response)
    return [title for title in ("厂区10kV供电线路未接入", "土地证办理", "招工难", "道路未通") if title in page]


def test_it_filters_by_status_level_category_department_and_overdue(client, coordinator, users, project, assigned,
                                                                    other_department):
    land = file(users, project, "土地证办理")
    actions.assign_problem(land, actor=coordinator, lead=other_department, working_days=1, now=at(6, 1, 10))
    file(users, project, "招工难", "用工")
    client.force_login(coordinator)
    url = reverse("coordination_problems")

    assert titles(client.get(url)) == ["厂区10kV供电线路未接入", "土地证办理", "招工难"]
    assert titles(client.get(url, {"status": "submitted"})) == ["招工难"]
    assert titles(client.get(url, {"category": ProblemCategory.objects.get(name="用工").pk})) == ["招工难"]
    assert titles(client.get(url, {"department": other_department.pk})) == ["土地证办理"]
    assert titles(client.get(url, {"overdue": "on"})) == ["土地证办理"]  # due 2 June
    assert titles(client.get(url, {"level": "2"})) == []
    assert titles(client.get(url, {"q": "土地"})) == ["土地证办理"]
    assert "已逾期 1" in text(client.get(url))


def test_it_starts_a_department_on_what_is_assigned_to_it(client, users, project, assigned, clerk, coordinator,
                                                         other_department):
    # Given a problem the department handed back and that went to another department
    other = file(users, project, "道路未通")
    actions.assign_problem(other, actor=coordinator, lead=clerk.organisation, working_days=3)
    actions.hand_back(other, actor=clerk, reason="道路归交通局")
    actions.assign_problem(other, actor=coordinator, lead=other_department, working_days=3)
    client.force_login(clerk)

    # Then its default list holds what it has now; the wider view adds what it handled before
    assert titles(client.get(reverse("coordination_problems"))) == ["厂区10kV供电线路未接入"]
    assert titles(client.get(reverse("coordination_problems"), {"mine": "0"})) == ["厂区10kV供电线路未接入", "道路未通"]


def test_it_renders_just_the_results_for_htmx(client, coordinator, assigned):
    client.force_login(coordinator)

    response = client.get(reverse("coordination_problems"), {"status": "assigned"}, headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode() and "厂区10kV供电线路未接入" in text(response)


def test_it_links_problems_from_the_project_page(client, users, project, assigned):
    client.force_login(users[Role.ENTERPRISE])

    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()

    assert "问题（1）" in page
    listed = client.get(reverse("coordination_problems"), {"project": project.pk, "mine": "0"})
    assert titles(listed) == ["厂区10kV供电线路未接入"]


def test_it_keeps_the_query_count_flat(client, coordinator, users, project, department):
    client.force_login(coordinator)
    url = reverse("coordination_problems")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for number in range(3):
        problem = file(users, project, f"问题{number}")
        actions.assign_problem(problem, actor=coordinator, lead=department, working_days=3)
    three = queries()
    for number in range(3, 9):
        file(users, project, f"问题{number}")

    assert queries() == three
