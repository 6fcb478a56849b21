"""An activity may concern leads of several parks: a park's staff see only their own park's leads on it."""

import datetime as dt

from django.urls import reverse

from tuijin.promotion import actions

from ..pages import text
from .conftest import make_lead


def _joint_activity(coordinator, park, other_park, unit):
    ours = make_lead(coordinator, park=park, name="本园种植体项目", company_name="高新种植体有限公司")
    theirs = make_lead(coordinator, park=other_park, name="他园冷链项目", company_name="临港冷链集团有限公司")
    activity = actions.log_activity(
        actor=coordinator, leads=[ours, theirs],
        data={"kind": "fair", "title": "深圳联合推介会", "held_on": dt.date.today(), "unit": unit,
              "participants": "临港园王五", "companies_met": "临港冷链集团有限公司\n高新种植体有限公司",
              "outcome": "临港冷链集团有意扩产"})
    return activity, ours, theirs


def test_park_staff_see_only_their_own_lead_on_a_joint_activity(client, users, coordinator, park, other_park):
    # given an activity organised by the other park that concerns one lead of each park
    activity, ours, theirs = _joint_activity(coordinator, park, other_park, unit=other_park)
    client.force_login(users["park_staff"])

    # when park staff open the activity list
    response = client.get(reverse("promotion_activities"))

    # then they see the activity and their own lead, linked, but not the other park's company, link or notes
    page, html = text(response), response.content.decode()
    assert "深圳联合推介会" in page and "高新种植体有限公司" in page
    assert reverse("promotion_lead", args=[ours.pk]) in html
    assert "临港冷链集团" not in page and "临港园王五" not in page
    assert reverse("promotion_lead", args=[theirs.pk]) not in html
    assert "其他单位组织的活动" in page

    # and the bureau still sees both leads linked and the notes
    client.force_login(coordinator)
    response = client.get(reverse("promotion_activities"))
    html = response.content.decode()
    assert reverse("promotion_lead", args=[ours.pk]) in html and reverse("promotion_lead", args=[theirs.pk]) in html
    assert "临港冷链集团有意扩产" in text(response)


def test_park_staff_read_the_notes_of_their_own_parks_activity_but_not_other_parks_leads(
        client, users, coordinator, park, other_park):
    # given a joint activity that their own park organised
    activity, ours, theirs = _joint_activity(coordinator, park, other_park, unit=park)
    client.force_login(users["park_staff"])

    # when they open the list
    response = client.get(reverse("promotion_activities"))

    # then their unit's own notes are shown, but the other park's lead is still neither named nor linked
    html = response.content.decode()
    assert "临港园王五" in text(response)
    assert reverse("promotion_lead", args=[theirs.pk]) not in html
    assert f'href="{reverse("promotion_lead", args=[ours.pk])}"' in html


def test_the_lead_page_hides_another_units_activity_notes(client, users, coordinator, park, other_park):
    # given the joint activity organised by the other park
    activity, ours, theirs = _joint_activity(coordinator, park, other_park, unit=other_park)
    client.force_login(users["park_staff"])

    # when park staff open their own lead
    page = text(client.get(reverse("promotion_lead", args=[ours.pk])))

    # then the activity is listed, but not what the other park wrote about the companies it met
    assert "深圳联合推介会" in page and "临港冷链集团有意扩产" not in page


def test_leaders_are_not_offered_to_log_an_activity_from_a_lead(client, users, coordinator, park):
    # given a lead
    lead = make_lead(coordinator, park=park)
    client.force_login(users["leader"])

    # when a district leader opens it
    html = client.get(reverse("promotion_lead", args=[lead.pk])).content.decode()

    # then no 登记活动 link is offered (the page it opens refuses leaders)
    assert reverse("promotion_activity_create") not in html
