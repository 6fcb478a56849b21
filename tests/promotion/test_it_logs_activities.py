"""Activities logged against leads and chains, and counted per month ("开展招商对接活动N次")."""

import datetime as dt

from django.urls import reverse

from tuijin.promotion import actions, calculations
from tuijin.promotion.models import Activity, ActivityKind
from tuijin.promotion.periods import Period

from ..pages import text
from .conftest import make_lead

D = dt.date


def test_it_logs_an_activity_against_a_lead_and_a_chain(client, users, chain, park):
    lead = make_lead(users["coordinator"], chain=chain, park=park)
    client.force_login(users["park_staff"])

    response = client.post(reverse("promotion_activity_create"), {
        "kind": ActivityKind.TRIP, "title": "赴深圳口腔器械企业小分队招商", "held_on": "2025-04-08", "location": "深圳",
        "unit": park.pk, "participants": "张三、李四", "companies_met": "深圳数字口腔科技有限公司\n深圳齿科材料有限公司",
        "outcome": "两家企业有意来区考察", "leads": [lead.pk], "chains": [chain.pk],
    })

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.company_list == ["深圳数字口腔科技有限公司", "深圳齿科材料有限公司"]
    assert list(activity.leads.all()) == [lead] and list(activity.chains.all()) == [chain]
    detail = text(client.get(reverse("promotion_lead", args=[lead.pk])))
    assert "小分队外出 赴深圳口腔器械企业小分队招商" in detail


def test_it_counts_activities_per_month(coordinator, park, other_park):
    for day, unit in ((D(2025, 3, 2), park), (D(2025, 3, 20), park), (D(2025, 4, 1), other_park)):
        actions.log_activity(actor=coordinator, data={"kind": ActivityKind.VISIT, "title": "走访", "held_on": day,
                                                      "unit": unit})

    counts = calculations.activity_counts(2025)

    assert counts["total"] == 3 and counts["by_month"][3] == {"visit": 2}
    assert calculations.figure("activities", Period.quarter(2025, 1), park).value == 2
    assert calculations.figure("activities", Period.month(2025, 4), park).value == 0


def test_an_activity_cannot_be_logged_ahead_of_time(client, coordinator):
    client.force_login(coordinator)
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    response = client.post(reverse("promotion_activity_create"),
                           {"kind": "visit", "title": "走访", "held_on": tomorrow.isoformat()})

    assert "活动日期不能晚于今天" in text(response) and not Activity.objects.exists()


def test_park_staff_see_their_parks_activities(client, users, coordinator, park, other_park):
    today = dt.date.today()
    actions.log_activity(actor=coordinator, data={"kind": "visit", "title": "本园走访", "held_on": today, "unit": park})
    actions.log_activity(actor=coordinator, data={"kind": "visit", "title": "他园走访", "held_on": today,
                                                  "unit": other_park})
    client.force_login(users["park_staff"])

    page = text(client.get(reverse("promotion_activities")))

    assert "本园走访" in page and "他园走访" not in page
