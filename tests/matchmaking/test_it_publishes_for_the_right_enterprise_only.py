"""Who may publish for which enterprise, who sees drafts, and what a bad form says."""

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.matchmaking import actions
from tuijin.matchmaking.models import ListingStatus, MatchLog, Offering

from ..pages import text


def form(enterprise, **more):
    return {"enterprise": enterprise.pk, "kind": "product", "name": "磷酸铁锂正极材料",
            "description": "高压实磷酸铁锂正极材料，用于动力电池", "capacity": "年产2万吨", **more}


def test_an_enterprise_user_publishes_its_own_product_and_the_step_is_logged(client, users, enterprise):
    # Given the enterprise's own user
    client.force_login(users[Role.ENTERPRISE])

    # When they publish a product
    response = client.post(reverse("matchmaking_offering_create"), form(enterprise, publish="1"))

    # Then it is published, tokenised for the index, and in the history with who did it
    offering = Offering.objects.get()
    assert response.status_code == 302
    assert offering.status == ListingStatus.PUBLISHED and "磷酸铁锂" in offering.tokens.split()
    assert MatchLog.objects.get(offering=offering).actor == users[Role.ENTERPRISE]


def test_nobody_publishes_for_another_enterprise_and_nothing_is_written(client, users, other_enterprise):
    # Given park staff of 高新园 and an enterprise of 临港园
    client.force_login(users[Role.PARK_STAFF])

    # When they try to publish on its behalf
    response = client.post(reverse("matchmaking_offering_create"), form(other_enterprise, publish="1"))

    # Then the form names the field, and nothing is saved
    assert response.status_code == 400
    assert "企业" in text(response)
    assert not Offering.objects.exists()


def test_leaders_and_departments_only_read(client, users):
    for role in (Role.LEADER, Role.DEPARTMENT_CLERK):
        client.force_login(users[role])
        assert client.get(reverse("matchmaking_offering_create")).status_code == 403


def test_a_draft_is_seen_only_by_its_editors(client, users, enterprise, coordinator):
    # Given a draft of the persona enterprise
    draft = actions.save_offering(actor=coordinator, data={
        "enterprise": enterprise, "kind": "product", "name": "电芯", "description": "", "industry": None,
        "capacity": "", "certifications": ""})
    edit = reverse("matchmaking_offering_edit", args=[draft.pk])

    # Then its park and the enterprise open it, another park's staff get a 404 as if it did not exist
    for role in (Role.ENTERPRISE, Role.PARK_STAFF):
        client.force_login(users[role])
        assert client.get(edit).status_code == 200
    client.force_login(users[Role.LEADER])
    assert client.get(edit).status_code == 404
    # and the 本土产品 list does not show it
    assert "电芯" not in text(client.get(reverse("matchmaking_products")))


def test_a_need_without_a_positive_quantity_is_refused_naming_the_field(client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    response = client.post(reverse("matchmaking_need_create"), {
        "enterprise": enterprise.pk, "kind": "part", "name": "电芯", "quantity": "-5"})
    assert response.status_code == 400
    assert "数量：数量应大于 0。" in text(response)


def test_withdrawing_twice_is_refused_the_second_time(coordinator, enterprise):
    offering = actions.save_offering(actor=coordinator, publish=True, data={
        "enterprise": enterprise, "kind": "product", "name": "电芯", "description": "", "industry": None,
        "capacity": "", "certifications": ""})
    stale = Offering.objects.get(pk=offering.pk)
    actions.move_listing(offering, actor=coordinator, move="withdraw")
    try:
        actions.move_listing(stale, actor=coordinator, move="withdraw")
    except actions.ActionRefused as refused:
        assert "不能下架" in str(refused)
    else:
        raise AssertionError("a second withdrawal went through")
