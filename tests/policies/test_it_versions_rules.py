"""Rules are versioned: an edit makes a new version, and a stored result keeps the version it used."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tuijin.enterprises.models import Enterprise
from tuijin.policies import actions
from tuijin.policies.models import ClauseVersion

from .conftest import ABOVE_SCALE, YEAR, clause, figures, qualify


def test_editing_the_rule_bumps_the_version(policy_library, coordinator):
    target = clause("rd-reward")
    definition = {**target.definition, "benefit": {"rate": 0.08, "base": "rd_spend", "cap": 100}}

    saved = actions.save_clause(target, actor=coordinator, data={"definition": definition}, note="比例调为8%")

    assert saved.version == 2
    assert list(ClauseVersion.objects.filter(clause=target).values_list("version", "note")) == [
        (2, "比例调为8%"), (1, "从政策库 02-rd.yaml 载入")]


def test_changing_only_the_wording_keeps_the_version(policy_library, coordinator):
    target = clause("rd-reward")

    saved = actions.save_clause(target, actor=coordinator, data={"how_to_apply": "请于5月申报"})

    assert saved.version == 1 and saved.how_to_apply == "请于5月申报"


def test_a_stored_result_keeps_the_version_it_used(policy_library, coordinator, enterprise):
    # Given a 免申即享 run computed with the equipment subsidy at 10 %
    figures(enterprise, equipment_investment="800.00")
    qualify(enterprise, ABOVE_SCALE)
    run = actions.create_run(actor=coordinator, data_year=YEAR, as_of=dt.date(2026, 3, 1),
                             enterprises=Enterprise.objects.all())
    item = run.items.get(clause__code="equipment-subsidy")

    # When the rule is changed to 20 % afterwards
    target = clause("equipment-subsidy")
    actions.save_clause(target, actor=coordinator, data={"definition": {
        **target.definition, "benefit": {"rate": 0.2, "base": "equipment_investment", "cap": 500}}})

    # Then the stored row still says version 1 and its amount, and version 1's rule is still on record
    item.refresh_from_db()
    assert (item.clause_version.version, item.amount) == (1, Decimal("80.00"))
    assert item.clause_version.definition["benefit"]["rate"] == 0.1
    assert run.rule_versions[str(target.pk)] == 1
    assert clause("equipment-subsidy").version == 2


def test_the_editor_page_saves_a_new_version(client, policy_library, coordinator):
    target = clause("tech-sme")
    client.force_login(coordinator)

    response = client.post(reverse("policy_clause_edit", args=[target.pk]), {
        "title": target.title, "is_active": "on", "automatic": "on", "note": "奖励提高",
        "rule": "eligibility: {field: is_tech_sme, op: is_true}\nbenefit: {amount: 8}\n"}, follow=True)

    assert "规则版本 v1 → v2" in response.content.decode()
    assert clause("tech-sme").definition["benefit"] == {"amount": 8}
