"""免申即享 in bulk: approve or exclude ticked rows, or every row matching the filter, in one request."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.policies import actions
from tuijin.policies.models import AutoGrantItem, AutoGrantRun, Clause, ItemStatus, PolicyEvent, PolicyEventKind

from ..factories import EnterpriseFactory
from ..pages import text


def run_with(count_by_clause, coordinator):
    """A run under review holding ``count`` rows for each of the given automatic clauses."""
    run = AutoGrantRun.objects.create(title="2025年度免申即享", data_year=2025, as_of=timezone.localdate(),
                                      created_by=coordinator)
    rows = []
    for clause, count in count_by_clause.items():
        version = clause.versions.order_by("-version").first()
        rows += [AutoGrantItem(run=run, enterprise=EnterpriseFactory(), clause=clause, clause_version=version,
                               amount=Decimal("10")) for _ in range(count)]
    AutoGrantItem.objects.bulk_create(rows)
    return run


@pytest.fixture
def clauses(policy_library):
    return list(Clause.objects.filter(automatic=True).order_by("pk")[:2])


def bulk(client, run, **data):
    return client.post(reverse("policy_run_bulk", args=[run.pk]), data, follow=True)


def test_it_approves_every_row_matching_the_filter_in_one_request_with_flat_queries(client, coordinator, clauses):
    first, second = clauses
    client.force_login(coordinator)
    small = run_with({first: 5, second: 3}, coordinator)
    large = run_with({first: 50, second: 3}, coordinator)

    # When the coordinator approves all rows of the first clause, by the filter, in each run
    with CaptureQueriesContext(connection) as few:
        client.post(reverse("policy_run_bulk", args=[small.pk]), {"scope": "filter", "clause": first.pk,
                                                                  "status": "pending", "decision": "approve"})
    with CaptureQueriesContext(connection) as many:
        client.post(reverse("policy_run_bulk", args=[large.pk]), {"scope": "filter", "clause": first.pk,
                                                                  "status": "pending", "decision": "approve"})

    # Then the 50 matching rows are approved with one event each, the others are untouched,
    # and 50 rows cost no more queries than 5
    assert large.items.filter(clause=first, status=ItemStatus.APPROVED).count() == 50
    assert large.items.filter(clause=second, status=ItemStatus.PENDING).count() == 3
    assert PolicyEvent.objects.filter(run=large, kind=PolicyEventKind.ITEM_APPROVED).count() == 50
    assert set(PolicyEvent.objects.filter(run=large).values_list("actor", flat=True)) == {coordinator.pk}
    assert len(many.captured_queries) == len(few.captured_queries)
    page = text(client.get(reverse("policy_run", args=[large.pk]) + f"?clause={first.pk}"))
    assert "已通过 50 条" in page
    assert "待审核 3 · 通过 50 · 排除 0" in page


def test_it_excludes_ticked_rows_with_one_reason(client, coordinator, clauses):
    client.force_login(coordinator)
    run = run_with({clauses[0]: 4}, coordinator)
    ticked = list(run.items.order_by("pk").values_list("pk", flat=True)[:2])

    refused = bulk(client, run, items=ticked, decision="exclude")
    assert "排除须填写原因" in text(refused)
    assert not run.items.exclude(status=ItemStatus.PENDING).exists()

    done = bulk(client, run, items=ticked, decision="exclude", reason="已享受同类省级补助")
    assert "已排除 2 条" in text(done)
    assert set(run.items.filter(status=ItemStatus.EXCLUDED).values_list("pk", flat=True)) == set(ticked)
    assert PolicyEvent.objects.filter(item__in=ticked, reason="已享受同类省级补助").count() == 2

    # Doing it again changes nothing and logs nothing more
    again = bulk(client, run, items=ticked, decision="exclude", reason="已享受同类省级补助")
    assert "已排除 0 条；2 条原已是该结果，未改动" in text(again)
    assert PolicyEvent.objects.filter(item__in=ticked).count() == 2


def test_it_refuses_the_whole_batch_with_a_row_of_another_run(client, coordinator, clauses):
    client.force_login(coordinator)
    run, other = run_with({clauses[0]: 2}, coordinator), run_with({clauses[0]: 1}, coordinator)
    ids = [*run.items.values_list("pk", flat=True), *other.items.values_list("pk", flat=True)]

    response = bulk(client, run, items=ids, decision="approve")

    assert "不属于本批次，未做任何改动" in text(response)
    assert not AutoGrantItem.objects.exclude(status=ItemStatus.PENDING).exists()
    assert not PolicyEvent.objects.filter(item__isnull=False).exists()


def test_it_refuses_a_published_run(coordinator, clauses):
    run = run_with({clauses[0]: 2}, coordinator)
    AutoGrantRun.objects.filter(pk=run.pk).update(status="published")

    with pytest.raises(actions.PolicyRefused, match="已发布"):
        actions.decide_items(run, run.items.all(), actor=coordinator, approve=True)
    assert not run.items.exclude(status=ItemStatus.PENDING).exists()


def test_only_coordinators_decide_in_bulk(client, users, coordinator, clauses):
    run = run_with({clauses[0]: 2}, coordinator)
    client.force_login(users[Role.LEADER])

    response = client.post(reverse("policy_run_bulk", args=[run.pk]), {"scope": "filter", "decision": "approve"})

    assert response.status_code == 403
    assert not run.items.exclude(status=ItemStatus.PENDING).exists()


def test_the_run_page_offers_bulk_review_without_wrapping_buttons(client, coordinator, clauses):
    client.force_login(coordinator)
    run = run_with({clauses[0]: 3}, coordinator)

    page = client.get(reverse("policy_run", args=[run.pk]))

    body = text(page)
    assert "全选" in body and "通过所选" in body and "处理符合当前筛选的全部 3 条" in body
    assert 'class="small decision-cell"' in page.content.decode()
