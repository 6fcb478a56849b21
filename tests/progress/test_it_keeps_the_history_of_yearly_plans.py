"""The yearly plan is the denominator of every investment-completion rate: who set it, who changed which
figure, and through which door, shows in the plan's section of the project's progress page."""

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.lib.context import Source, acting
from tuijin.progress import actions
from tuijin.progress.models import PlanEvent, PlanEventKind

from ..pages import text


def save_plan(client, project, **data):
    return client.post(reverse("progress_save_plan", args=[project.pk]), {"year": 2026, **data})


def plan_history(client, project):
    page = text(client.get(reverse("progress_project", args=[project.pk]) + "?year=2026"))
    return page.rsplit("2026年度计划", 1)[1]


def test_making_and_changing_a_plan_shows_in_its_history(client, users, project):
    coordinator = users[Role.COORDINATOR]
    client.force_login(coordinator)

    # Given a plan made on the page
    save_plan(client, project, planned_investment="8000", plans_start="on")

    # When the coordinator lowers the figure and adds the year's works
    save_plan(client, project, planned_investment="6500", plans_start="on", note="主体结构封顶")

    # Then the plan's history names both, newest first, with who and where from
    events = list(PlanEvent.objects.filter(plan__project=project))
    assert [event.kind for event in events] == [PlanEventKind.EDITED, PlanEventKind.CREATED]
    assert all(event.actor == coordinator and event.source == Source.PAGE for event in events)
    history = plan_history(client, project)
    assert "修改年度计划" in history and "制定年度计划" in history
    assert "年度计划投资（万元）： 8000.00 → 6500.00" in history
    assert "年度建设内容： （空） → 主体结构封顶" in history
    assert "计划当年开工： 否 → 是" in history
    assert "来源：页面" in history


def test_a_plan_changed_through_the_api_says_so(users, project):
    # Given a plan, when it is changed from the API's context
    coordinator = users[Role.COORDINATOR]
    actions.save_yearly_plan(project, 2026, actor=coordinator, data={"planned_investment": 8000})
    with acting(Source.API, coordinator):
        actions.save_yearly_plan(project, 2026, actor=coordinator, data={"planned_investment": 9000})

    # Then its latest event records the API as the door
    assert PlanEvent.objects.filter(plan__project=project).first().source == Source.API


def test_saving_the_same_plan_again_adds_nothing(client, users, project):
    client.force_login(users[Role.COORDINATOR])
    save_plan(client, project, planned_investment="8000")
    save_plan(client, project, planned_investment="8000.00")
    assert PlanEvent.objects.count() == 1


def test_refused_plans_leave_no_history(client, users, project):
    # A leader reads only; a negative figure is refused with the reason
    client.force_login(users[Role.LEADER])
    assert save_plan(client, project, planned_investment="8000").status_code == 403
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("progress_save_plan", args=[project.pk]),
                           {"year": 2026, "planned_investment": "-5"}, follow=True)
    assert "年度计划未保存" in text(response)
    assert not PlanEvent.objects.exists()
