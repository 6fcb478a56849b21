"""Monthly figures of a key enterprise: entered by the enterprise, reviewed by its park, locked once approved;
refusals for another park's enterprise (404) and for an enterprise user outside its own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.monitoring import actions
from tuijin.monitoring.models import FiguresEvent, FiguresStatus, MonthlyFigures

LAST_YEAR = dt.date.today().year - 1


@pytest.fixture
def listed(enterprise, other_enterprise, coordinator):
    for each in (enterprise, other_enterprise):
        actions.list_enterprise(each, actor=coordinator)
    return enterprise


def test_the_enterprise_enters_and_its_park_approves(client, users, listed):
    # Given the enterprise user saving and submitting March of last year through the page
    client.force_login(users[Role.ENTERPRISE])
    response = client.post(reverse("monitoring_save", args=[listed.pk]),
                           {"period": f"{LAST_YEAR}-03", "output": "1200", "electricity": "40", "submit": "1"})
    assert response.status_code == 302
    figures = MonthlyFigures.objects.get(enterprise=listed, year=LAST_YEAR, month=3)
    assert figures.status == FiguresStatus.SUBMITTED and figures.output == Decimal("1200")

    # When the enterprise tries to approve it, and then its park's staff approves it
    assert client.post(reverse("monitoring_review", args=[figures.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(users[Role.PARK_STAFF])
    client.post(reverse("monitoring_review", args=[figures.pk]), {"decision": "approve"})

    # Then it is approved, with its events in order, and no longer editable as a draft
    figures.refresh_from_db()
    assert figures.status == FiguresStatus.APPROVED
    assert list(figures.events.order_by("pk").values_list("kind", flat=True)) == ["created", "submitted", "approved"]
    with pytest.raises(actions.WorkflowRefused, match="已审核"):
        actions.save_draft(listed, LAST_YEAR, 3, actor=users[Role.ENTERPRISE], data={"output": Decimal("1")})


def test_a_return_needs_a_reason_and_a_correction_is_logged(users, listed):
    # Given submitted figures
    park = users[Role.PARK_STAFF]
    figures = actions.submit(actions.save_draft(listed, LAST_YEAR, 5, actor=users[Role.ENTERPRISE],
                                                data={"output": Decimal("800")}), actor=users[Role.ENTERPRISE])

    # When the park returns it without a reason, then with one; the enterprise fixes and resubmits; it is approved
    with pytest.raises(actions.WorkflowRefused, match="退回原因"):
        actions.return_figures(figures, actor=park, reason=" ")
    actions.return_figures(figures, actor=park, reason="产值与统计快报不一致")
    actions.save_draft(listed, LAST_YEAR, 5, actor=users[Role.ENTERPRISE], data={"output": Decimal("860")})
    figures = actions.approve(actions.submit(MonthlyFigures.objects.get(pk=figures.pk), actor=users[Role.ENTERPRISE]),
                              actor=park)

    # Then a correction with a reason keeps the old and new values
    actions.correct(figures, actor=park, data={"output": Decimal("870")}, reason="统计局终审数")
    event = FiguresEvent.objects.filter(figures=figures, kind="corrected").get()
    assert event.reason == "统计局终审数" and event.changes[0]["field"] == "output"
    with pytest.raises(actions.WorkflowRefused, match="更正原因"):
        actions.correct(figures, actor=park, data={"output": Decimal("880")}, reason="")


def test_another_parks_enterprise_is_not_found_and_an_enterprise_sees_only_its_own(client, users, listed,
                                                                                 other_enterprise):
    # Given figures of the other park's enterprise
    other = actions.submit(actions.save_draft(other_enterprise, LAST_YEAR, 1, actor=users[Role.COORDINATOR],
                                              data={"output": Decimal("10")}), actor=users[Role.COORDINATOR])

    # When park staff and the enterprise user open or act on it
    client.force_login(users[Role.PARK_STAFF])
    page = client.get(reverse("monitoring_enterprise", args=[other_enterprise.pk]))
    review = client.post(reverse("monitoring_review", args=[other.pk]), {"decision": "approve"})
    client.force_login(users[Role.ENTERPRISE])
    own = client.get(reverse("monitoring_enterprise", args=[listed.pk]))
    foreign = client.get(reverse("monitoring_enterprise", args=[other_enterprise.pk]))
    overview = client.get(reverse("monitoring_overview"))

    # Then another park's enterprise is 404, the enterprise opens only its own page and not the district overview
    assert (page.status_code, review.status_code) == (404, 404)
    assert (own.status_code, foreign.status_code, overview.status_code) == (200, 404, 403)
    other.refresh_from_db()
    assert other.status == FiguresStatus.SUBMITTED


def test_a_future_month_is_refused(users, listed):
    # Given this month (not over yet)
    today = dt.date.today()

    # When it is entered, Then it is refused in Chinese
    with pytest.raises(actions.WorkflowRefused, match="尚未结束"):
        actions.save_draft(listed, today.year, today.month, actor=users[Role.ENTERPRISE], data={"output": 1})


def test_the_api_enters_a_month_and_reads_the_growth_table(client, users, listed, approved):
    # Given March two years ago approved at 100, and the enterprise user posting last March over the API
    approved(listed, {(LAST_YEAR - 1, 3): {"output": 100}})
    client.force_login(users[Role.ENTERPRISE])
    created = client.post(f"/api/v1/monitoring/enterprises/{listed.pk}/figures",
                          {"year": LAST_YEAR, "month": 3, "output": "130", "submit": True},
                          content_type="application/json")
    again = client.post(f"/api/v1/monitoring/enterprises/{listed.pk}/figures",
                        {"year": LAST_YEAR, "month": 3, "output": "131"}, content_type="application/json")
    growth_as_enterprise = client.get("/api/v1/monitoring/growth")

    # When the park approves it and reads the growth table for that month
    actions.approve(MonthlyFigures.objects.get(enterprise=listed, year=LAST_YEAR, month=3), actor=users[Role.PARK_STAFF])
    client.force_login(users[Role.PARK_STAFF])
    table = client.get(f"/api/v1/monitoring/growth?year={LAST_YEAR}&month=3").json()

    # Then: created (201) and submitted, a second write refused (409), the enterprise refused the table (403),
    # and the district's 同比 is 130/100−1 = +30.0 %
    assert (created.status_code, created.json()["status"]) == (201, "submitted")
    assert again.status_code == 409 and growth_as_enterprise.status_code == 403
    assert table["district"]["yoy"] == 30.0 and table["district"]["value"] == 130.0


def test_the_park_approves_a_batch_and_sees_only_its_own_queue(client, users, listed, other_enterprise):
    # Given two submitted months of its enterprise and one of another park's
    entered = users[Role.COORDINATOR]
    own = [actions.submit(actions.save_draft(listed, LAST_YEAR, m, actor=entered, data={"output": Decimal(m)}),
                          actor=entered) for m in (6, 7)]
    foreign = actions.submit(actions.save_draft(other_enterprise, LAST_YEAR, 6, actor=entered,
                                                data={"output": Decimal("1")}), actor=entered)

    # When the park's staff open the queue and approve all three ids (one forged)
    client.force_login(users[Role.PARK_STAFF])
    page = client.get(reverse("monitoring_queue"))
    client.post(reverse("monitoring_queue"), {"figures": [f.pk for f in own] + [foreign.pk], "decision": "approve"})
    refused_return = client.post(reverse("monitoring_queue"), {"figures": [foreign.pk], "decision": "return"})

    # Then the queue lists only its park's months; those two are approved and the other park's is untouched
    assert other_enterprise.name not in page.content.decode() and listed.name in page.content.decode()
    assert set(MonthlyFigures.objects.filter(pk__in=[f.pk for f in own]).values_list("status", flat=True)) == {"approved"}
    foreign.refresh_from_db()
    assert foreign.status == FiguresStatus.SUBMITTED and refused_return.status_code == 302
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("monitoring_queue")).status_code == 403
