"""免申即享: a run lists the eligible enterprises and amounts, a reviewer approves or excludes each with a
reason, publishing tells each enterprise in its inbox, and the approved list exports for payout."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.notifications.models import Notification
from tuijin.policies.models import AutoGrantRun, ItemStatus, PolicyEvent, RunStatus

from ..pages import text
from .conftest import ABOVE_SCALE, YEAR, figures, qualify

AS_OF = "2026-03-01"


@pytest.fixture
def eligible(policy_library, enterprise, other_enterprise):
    """Two 规上 manufacturers with equipment investment: 80 万元 and (capped) 500 万元 of equipment subsidy."""
    for company, spend in ((enterprise, "800.00"), (other_enterprise, "9000.00")):
        figures(company, equipment_investment=spend)
        qualify(company, ABOVE_SCALE)
    return enterprise, other_enterprise


def create_run(client):
    response = client.post(reverse("policy_run_create"), {"data_year": YEAR, "as_of": AS_OF})
    return AutoGrantRun.objects.latest("pk"), response


def decide(client, item, decision, reason=""):
    return client.post(reverse("policy_item_decide", args=[item.pk]), {"decision": decision, "reason": reason},
                       follow=True)


def test_a_run_lists_the_eligible_enterprises_with_amounts_and_versions(client, coordinator, eligible):
    client.force_login(coordinator)

    run, response = create_run(client)

    rows = {(i.enterprise.name, i.clause.code): i for i in run.items.select_related("enterprise", "clause")}
    assert rows[("成都锦程新材料有限公司", "equipment-subsidy")].amount == Decimal("80.00")
    assert rows[("临港远航物流有限公司", "equipment-subsidy")].amount == Decimal("500.00")
    assert rows[("成都锦程新材料有限公司", "equipment-subsidy")].reasons == [
        "工业企业：是", "规上企业：是", "设备投资 800 万元（要求：≥ 500 万元）"]
    assert (run.data_year, run.as_of, run.status) == (YEAR, dt.date(2026, 3, 1), RunStatus.REVIEWING)
    assert set(run.rule_versions.values()) == {1}
    # The page follows the job, which shows the result and the way to the review
    job_page = text(client.get(response["Location"]))
    assert "测算完成" in job_page and "符合条目（企业×条款） 2 条" in job_page and "580.00 万元" in job_page
    page = text(client.get(reverse("policy_run", args=[run.pk])))
    assert "待审核 2 · 通过 0 · 排除 0" in page


def test_review_then_publish_tells_the_enterprise_and_exports_the_approved(client, coordinator, users, eligible):
    enterprise, other = eligible
    client.force_login(coordinator)
    run, _ = create_run(client)
    mine = run.items.get(enterprise=enterprise)
    theirs = run.items.get(enterprise=other)

    # An exclusion needs a reason
    refused = decide(client, theirs, "exclude")
    assert "排除须填写原因" in text(refused)
    # Publishing with a row undecided is refused
    decide(client, mine, "approve")
    refused = client.post(reverse("policy_run_publish", args=[run.pk]), follow=True)
    assert "还有 1 条待审核" in text(refused)

    decide(client, theirs, "exclude", "已享受同类省级补助，不重复支持")
    client.post(reverse("policy_run_publish", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    # The enterprise user finds the result in the inbox, with the amount
    inbox = Notification.objects.get(recipient=users[Role.ENTERPRISE])
    assert inbox.title == "免申即享：您有 1 项政策支持已审核通过，合计 80.00 万元"
    assert "设备投资补助：80.00 万元" in inbox.body
    # Its 政策匹配 page shows the granted result
    client.force_login(users[Role.ENTERPRISE])
    assert "已审核通过" in text(client.get(reverse("policy_enterprise", args=[enterprise.pk])))
    # The payout sheet lists only the approved row, with its rule version and total
    client.force_login(coordinator)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("policy_run_export", args=[run.pk])).content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][1:3] == ("成都锦程新材料有限公司", enterprise.uscc)
    assert rows[0][5:] == ("设备投资补助", "v1", 80)
    assert rows[1][0] == "合计" and rows[1][7] == 80
    assert len(rows) == 2
    assert list(PolicyEvent.objects.filter(run=run).values_list("kind", flat=True).order_by("pk")) == [
        "run_created", "item_approved", "item_excluded", "run_published"]


def test_a_published_run_cannot_be_changed(client, coordinator, eligible):
    client.force_login(coordinator)
    run, _ = create_run(client)
    for item in run.items.all():
        decide(client, item, "approve")
    client.post(reverse("policy_run_publish", args=[run.pk]))

    response = decide(client, run.items.first(), "exclude", "改主意了")

    assert "该批次已发布，不能再修改审核结果" in text(response)
    assert not run.items.filter(status=ItemStatus.EXCLUDED).exists()


@pytest.mark.parametrize("role", [Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_only_those_who_see_everything_may_open_runs(client, users, coordinator, eligible, role):
    client.force_login(coordinator)
    run, _ = create_run(client)
    client.force_login(users[role])

    assert client.get(reverse("policy_runs")).status_code == 403
    assert client.get(reverse("policy_run", args=[run.pk])).status_code == 403
    assert client.get(reverse("policy_run_export", args=[run.pk])).status_code == 403


def test_a_leader_reads_a_run_but_cannot_review_or_start_one(client, users, coordinator, eligible):
    client.force_login(coordinator)
    run, _ = create_run(client)
    client.force_login(users[Role.LEADER])

    assert client.get(reverse("policy_run", args=[run.pk])).status_code == 200
    assert decide(client, run.items.first(), "approve").status_code == 403
    assert client.post(reverse("policy_run_create"), {"data_year": YEAR, "as_of": AS_OF}).status_code == 403
    assert client.post(reverse("policy_run_publish", args=[run.pk])).status_code == 403


def test_the_review_list_query_count_stays_flat(client, coordinator, eligible, django_assert_max_num_queries):
    from ..factories import EnterpriseFactory

    client.force_login(coordinator)
    for _ in range(6):
        company = EnterpriseFactory()
        figures(company, equipment_investment="700.00")
        qualify(company, ABOVE_SCALE)
    run, _ = create_run(client)
    assert run.items.count() == 8

    with django_assert_max_num_queries(12):
        response = client.get(reverse("policy_run", args=[run.pk]))
    assert len(response.context["page"].object_list) == 8
