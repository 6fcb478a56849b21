"""政策模拟测算: a coordinator moves a clause's threshold and cap and sees, before publishing, exactly who is
newly in and out, what it costs against the current version over three years, and two variants side by side.

The fixture is small enough to count by hand. Clause 营收奖励: 营业收入 ≥ 2000 万元, 1% of revenue, capped at
50 万元. Data year 2025 (evaluated 2026-03-01), 2024 and 2023:

| enterprise | 2025 revenue | current (≥2000, cap 50) | 方案A (≥1200, cap 60) | 方案B (≥3000, cap 50) |
|---|---|---|---|---|
| 甲 | 1500 | —  | 15 (newly in) | — |
| 乙 | 2500 | 25 | 25 | — (newly out) |
| 丙 | 8000 | 50 | 60 (amount changed) | 50 |
| 丁 | 1000 | —  | — | — |
| 戊 | not reported | — | — | — |

2024: 甲 1300, 乙 1900 → current 0; 方案A 13 + 19 = 32; 方案B 0. 2023: no figures.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.enterprises.models import Scale
from tuijin.policies import drafts, matching, simulation
from tuijin.policies.actions import PolicyRefused
from tuijin.policies.models import Clause, ClauseDraft, DraftStatus, Policy, PolicyEvent, PolicyEventKind

from ..factories import EnterpriseFactory
from ..pages import text
from .conftest import figures

ON = dt.date(2026, 3, 1)
RULE = {"eligibility": {"all": [{"field": "revenue", "op": ">=", "value": 2000}]},
        "benefit": {"rate": 0.01, "base": "revenue", "cap": 50}}


def with_rule(threshold, cap):
    return {"eligibility": {"all": [{"field": "revenue", "op": ">=", "value": threshold}]},
            "benefit": {"rate": 0.01, "base": "revenue", "cap": cap}}


@pytest.fixture
def reward(db):
    policy = Policy.objects.create(code="jj-revenue", title="锦江新区营收奖励办法", issuer="区经信局",
                                   valid_from=dt.date(2020, 1, 1))
    return Clause.objects.create(policy=policy, code="revenue-reward", title="营收奖励", definition=RULE)


@pytest.fixture
def firms(park, other_park):
    people = {}
    for name, where, scale, revenues in [
        ("甲精密机械", park, Scale.SMALL, {2025: 1500, 2024: 1300}),
        ("乙新材料", park, Scale.MEDIUM, {2025: 2500, 2024: 1900}),
        ("丙汽车零部件", other_park, Scale.LARGE, {2025: 8000}),
        ("丁软件", other_park, Scale.MICRO, {2025: 1000}),
        ("戊物流", park, Scale.SMALL, {}),
    ]:
        enterprise = EnterpriseFactory(name=name, park=where, scale=scale)
        for year, revenue in revenues.items():
            figures(enterprise, year=year, revenue=revenue)
        people[name[0]] = enterprise
    simulation.forget()
    return people


def current(clause):
    return simulation.Variant(simulation.CURRENT, "现行", clause.title, clause.definition)


def variant(key, rule):
    return simulation.Variant(key, key, "营收奖励", rule)


def names(payouts):
    return [(payout.name, payout.amount) for payout in payouts]


def test_it_counts_who_is_newly_in_and_out_and_the_cost_difference(reward, firms):
    # Given the current clause and two drafted variants
    a, b = variant("方案A", with_rule(1200, 60)), variant("方案B", with_rule(3000, 50))

    # When both are simulated against the current version
    result = simulation.simulate([a, b], current(reward), ON)

    # Then the current version reaches 乙 and 丙 for 75 万元 in 2025
    assert [(y.year, y.count, y.total) for y in result.current.years] == [
        (2025, 2, Decimal("75.00")), (2024, 0, Decimal("0.00")), (2023, 0, Decimal("0.00"))]
    # and 方案A adds 甲, raises 丙's cap, and costs 25 万元 more in 2025 and 32 万元 more in 2024
    mine = result.variants[0]
    assert [(y.year, y.count, y.total, y.difference) for y in mine.years] == [
        (2025, 3, Decimal("100.00"), Decimal("25.00")), (2024, 2, Decimal("32.00"), Decimal("32.00")),
        (2023, 0, Decimal("0.00"), Decimal("0.00"))]
    assert names(mine.newly_in) == [("甲精密机械", Decimal("15.00"))] and mine.newly_in_count == 1
    assert mine.newly_out == [] and mine.newly_out_count == 0
    assert [(p.name, p.before, p.amount) for p in mine.changed] == [("丙汽车零部件", Decimal("50.00"), Decimal("60.00"))]
    assert mine.three_year_total == Decimal("132.00")
    assert names(mine.largest) == [("丙汽车零部件", Decimal("60.00")), ("乙新材料", Decimal("25.00")),
                                   ("甲精密机械", Decimal("15.00"))]
    # and 方案B drops 乙, saving 25 万元
    other = result.variants[1]
    assert names(other.newly_out) == [("乙新材料", Decimal("25.00"))] and other.newly_in == []
    assert other.latest.count == 1 and other.latest.difference == Decimal("-25.00")


def test_it_breaks_the_cost_down_by_park_chain_and_size(reward, firms, park, other_park):
    # Given 方案A
    result = simulation.simulate([variant("方案A", with_rule(1200, 60))], current(reward), ON)
    mine = result.variants[0]

    # Then the latest year is split by park (largest total first), by size in the standard's order, and by chain
    assert [(g.label, g.count, g.total) for g in mine.by_park] == [
        (other_park.name, 1, Decimal("60.00")), (park.name, 2, Decimal("40.00"))]
    assert [(g.label, g.count) for g in mine.by_scale] == [("大型", 1), ("中型", 1), ("小型", 1)]
    assert [(g.label, g.count) for g in mine.by_chain] == [("未入产业链", 3)]


def test_it_reports_a_broken_variant_without_spoiling_the_other(reward, firms):
    # Given a variant whose rule names a field that does not exist
    broken = variant("方案坏", {"eligibility": {"all": [{"field": "no_such_field", "op": ">=", "value": 1}]},
                               "benefit": {"amount": 10}})

    # When it is simulated beside a valid one
    result = simulation.simulate([broken, variant("方案A", with_rule(1200, 60))], current(reward), ON)

    # Then the broken one lists its problem in Chinese and the other is computed
    assert result.variants[0].problems and "no_such_field" in result.variants[0].problems[0]
    assert result.variants[0].years == []
    assert result.variants[1].latest.count == 3


def test_it_reads_the_figures_again_after_they_change(reward, firms):
    # Given a simulation already made (its facts kept for the next one)
    rule = variant("方案A", with_rule(1200, 60))
    assert simulation.simulate([rule], current(reward), ON).variants[0].latest.count == 3

    # When 丁's 2025 revenue is corrected to 1300
    figures(firms["丁"], year=2025, revenue=1300)

    # Then the next simulation counts 丁 in
    assert simulation.simulate([rule], current(reward), ON).variants[0].latest.count == 4


@time_machine.travel(dt.datetime(2026, 3, 1, 10, 0), tick=False)
def test_a_draft_reaches_no_enterprise_until_it_is_published(reward, firms, coordinator):
    # Given a draft lowering the threshold to 1200
    draft = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward, name="方案A")
    drafts.save_draft(draft, actor=coordinator, data={"definition": with_rule(1200, 60)}, version=draft.version)

    # Then 甲 still matches nothing: 政策找企业 reads the published clause only
    assert not [o for o in matching.match_enterprise(firms["甲"], 2025, ON).eligible
                if o.clause.ref.pk == reward.pk]

    # When the draft is published
    clause = drafts.publish_draft(ClauseDraft.objects.get(pk=draft.pk), actor=coordinator)

    # Then it is the clause's next version, 甲 now qualifies for 15 万元, and the draft is closed with its events
    assert clause.version == 2 and clause.definition == with_rule(1200, 60)
    outcome = [o for o in matching.match_enterprise(firms["甲"], 2025, ON).eligible if o.clause.ref.pk == reward.pk]
    assert outcome and outcome[0].amount == Decimal("15.00")
    assert ClauseDraft.objects.get(pk=draft.pk).status == DraftStatus.PUBLISHED
    assert list(PolicyEvent.objects.filter(draft=draft).order_by("pk").values_list("kind", flat=True)) == [
        PolicyEventKind.DRAFT_SAVED, PolicyEventKind.DRAFT_SAVED, PolicyEventKind.DRAFT_PUBLISHED]
    with pytest.raises(PolicyRefused, match="已发布"):
        drafts.save_draft(ClauseDraft.objects.get(pk=draft.pk), actor=coordinator, data={"name": "再改"}, version=3)


def test_it_refuses_a_stale_save_and_a_broken_rule(reward, coordinator):
    # Given a draft saved by a colleague since it was opened
    draft = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward)
    opened = draft.version
    drafts.save_draft(draft, actor=coordinator, data={"name": "同事的方案"}, version=opened)

    # When it is saved from the stale page, or with a rule that does not check
    # Then each is refused with the reason in Chinese and nothing changes
    with pytest.raises(PolicyRefused, match="已被他人修改"):
        drafts.save_draft(draft, actor=coordinator, data={"name": "我的方案"}, version=opened)
    with pytest.raises(PolicyRefused, match="规则有误"):
        drafts.save_draft(draft, actor=coordinator, data={"definition": {"benefit": {"amount": -5}}},
                          version=opened + 1)
    assert ClauseDraft.objects.get(pk=draft.pk).name == "同事的方案"


@time_machine.travel(dt.datetime(2026, 3, 1, 10, 0), tick=False)
def test_a_coordinator_moves_a_threshold_in_the_form_and_sees_the_result(client, reward, firms, coordinator):
    # Given a coordinator on a new draft of the clause
    client.force_login(coordinator)
    response = client.post(reverse("policy_simulation_start"), {"clause": reward.pk, "name": "方案A"})
    draft = ClauseDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("policy_simulation", args=[draft.pk])
    page = client.get(response["Location"])
    boxes = {field.label: field.name for field in page.context["form"].number_fields()}
    assert set(boxes) == {"条件：营业收入 ≥", "比例", "封顶金额（万元）"}

    # When they lower the threshold to 1200 and raise the cap to 60 in the number boxes
    form = page.context["form"]
    data = {"name": "方案A", "title": "营收奖励", "rule": form.initial["rule"], "version": draft.version,
            boxes["条件：营业收入 ≥"]: "1,200", boxes["比例"]: "0.01", boxes["封顶金额（万元）"]: "60"}
    saved = client.post(reverse("policy_simulation", args=[draft.pk]), data)

    # Then the draft keeps the new rule and the page shows 3 enterprises, 100 万元, 1 newly in
    assert saved.status_code == 302
    assert ClauseDraft.objects.get(pk=draft.pk).definition == with_rule(1200, 60)
    shown = client.get(saved["Location"])
    mine = shown.context["mine"]
    assert (mine.latest.count, mine.latest.total, mine.newly_in_count) == (3, Decimal("100.00"), 1)
    assert "甲精密机械" in text(shown) and "较现行 +25" in text(shown)


def test_it_says_which_box_is_wrong(client, reward, coordinator):
    # Given a coordinator on a draft
    client.force_login(coordinator)
    draft = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward)
    page = client.get(reverse("policy_simulation", args=[draft.pk]))
    boxes = {field.label: field.name for field in page.context["form"].number_fields()}

    # When the cap is typed as letters
    response = client.post(reverse("policy_simulation", args=[draft.pk]), {
        "name": draft.name, "title": draft.title, "rule": page.context["form"].initial["rule"],
        "version": draft.version, boxes["条件：营业收入 ≥"]: "2000", boxes["比例"]: "0.01",
        boxes["封顶金额（万元）"]: "五十万"})

    # Then the page says so in Chinese, keeps what was typed, and nothing is saved
    assert response.status_code == 400
    assert "“封顶金额（万元）”须是数字，得到“五十万”" in text(response)
    assert 'value="五十万"' in response.content.decode()
    assert ClauseDraft.objects.get(pk=draft.pk).version == draft.version


@pytest.mark.parametrize("role", [Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_only_leaders_and_coordinators_see_simulations(client, users, reward, coordinator, role):
    # Given a draft
    draft = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward)
    client.force_login(users[role])

    # When anyone else opens the list, the draft or its export
    # Then each is refused
    for url in (reverse("policy_simulations"), reverse("policy_simulation", args=[draft.pk]),
                reverse("policy_simulation_export", args=[draft.pk])):
        assert client.get(url).status_code == 403


def test_a_leader_reads_but_does_not_change_a_draft(client, users, reward, coordinator):
    # Given a draft and a leader
    draft = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward)
    client.force_login(users[Role.LEADER])

    # When the leader opens it, then tries to save, publish and discard it
    assert client.get(reverse("policy_simulation", args=[draft.pk])).status_code == 200
    refused = [client.post(reverse(name, args=[draft.pk]), {"version": draft.version, "name": "改"}).status_code
               for name in ("policy_simulation", "policy_simulation_publish", "policy_simulation_discard")]

    # Then every change is refused and the draft is as it was
    assert refused == [403, 403, 403]
    assert ClauseDraft.objects.get(pk=draft.pk).status == DraftStatus.DRAFT


def test_two_variants_side_by_side(client, reward, firms, coordinator):
    # Given two drafts of the clause
    a = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward, name="方案A")
    drafts.save_draft(a, actor=coordinator, data={"definition": with_rule(1200, 60)}, version=a.version)
    b = drafts.start_draft(actor=coordinator, policy=reward.policy, clause=reward, name="方案B")
    drafts.save_draft(b, actor=coordinator, data={"definition": with_rule(3000, 50)}, version=b.version)
    client.force_login(coordinator)

    # When the comparison page opens
    response = client.get(reverse("policy_simulation_compare", args=[a.pk, b.pk]))

    # Then both are there, each against the current version
    assert response.status_code == 200
    first, second = response.context["result"].variants
    assert (first.variant.label, first.newly_in_count) == ("方案A", 1)
    assert (second.variant.label, second.newly_out_count) == ("方案B", 1)
