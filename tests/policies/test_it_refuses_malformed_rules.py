"""A malformed rule is refused on save, every problem named in Chinese where it sits in the rule."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuijin.policies import actions, rules
from tuijin.policies.models import Clause, ClauseVersion

from ..pages import text
from .conftest import clause

GOOD = {"eligibility": {"all": [{"field": "rd_ratio", "op": ">=", "value": 0.03}]}, "benefit": {"amount": 20}}


def test_it_names_an_unknown_field():
    assert rules.problems({"eligibility": {"all": [{"field": "rd_ratoi", "op": ">=", "value": 0.03}]}}) == [
        "eligibility.all[0]：未知字段“rd_ratoi”"]


def test_it_names_a_bad_operator():
    assert rules.problems({"eligibility": {"field": "revenue", "op": "=>", "value": 2000}}) == [
        "eligibility：未知运算符“=>”，可用：>=、>、<=、<、==、!=、in、not_in、is_true、is_false"]


def test_it_finds_a_cycle_among_derived_fields():
    definition = {
        "derived": {
            "margin": {"label": "利润率", "kind": "ratio", "expr": {"divide": ["profit", "revenue"]}},
            "profit": {"label": "利润", "kind": "money", "expr": {"multiply": ["margin", "revenue"]}},
        },
        "eligibility": {"field": "margin", "op": ">=", "value": 0.1},
    }

    assert rules.problems(definition) == ["派生字段循环引用：margin → profit → margin"]


def test_it_refuses_wrong_types():
    definition = {"eligibility": {"all": [
        {"field": "revenue", "op": ">=", "value": "两千万"},
        {"field": "is_high_tech", "op": ">=", "value": 1},
        {"field": "industry_code", "op": "in", "value": "39"},
    ]}, "benefit": {"rate": 0.12345, "base": "is_high_tech", "cap": 10.001}}

    assert rules.problems(definition) == [
        "eligibility.all[0]：运算符“>=”需要数值，得到“两千万”",
        "eligibility.all[1]：“高新技术企业”（is_high_tech）是是/否字段，只能用 is_true 或 is_false",
        "eligibility.all[2]：运算符“in”需要非空列表，得到“39”",
        "benefit.cap：封顶金额最多两位小数（万元到分），得到“10.001”",
        "benefit.rate：比例最多 4 位小数，得到“0.12345”",
        "benefit.base：计算基数须是金额、人数或面积字段，“高新技术企业”不是",
    ]


def test_it_refuses_unknown_parameters_and_test_fields():
    definition = {"eligibility": {"field": "revenue", "op": ">=", "value": {"param": "no_such_line"}},
                  "tests": [{"name": "x", "enterprise": {"revenu": 1}, "eligible": True}]}

    assert rules.problems(definition) == ["eligibility：未知参数“no_such_line”",
                                          "tests[0].enterprise：未知字段“revenu”（用例只填基础数据）"]


def test_the_model_refuses_to_validate_a_malformed_rule(policy_library):
    target = clause("rd-reward")
    target.definition = {"eligibility": {"field": "rd_ratoi", "op": ">=", "value": 0.03}}

    with pytest.raises(ValidationError) as error:
        target.full_clean()

    assert error.value.message_dict["definition"] == ["eligibility：未知字段“rd_ratoi”"]


def test_saving_a_malformed_rule_changes_nothing(policy_library, coordinator):
    target = clause("rd-reward")

    with pytest.raises(ValidationError):
        actions.save_clause(target, actor=coordinator, data={"definition": {"eligibility": {"not": "x"}}})

    target.refresh_from_db()
    assert target.version == 1 and ClauseVersion.objects.filter(clause=target).count() == 1


def test_the_clause_editor_shows_every_problem_and_keeps_the_rule(client, policy_library, coordinator):
    # Given a coordinator editing a clause's rule with a typo'd field and a bad operator
    target = clause("rd-reward")
    client.force_login(coordinator)
    rule = "eligibility:\n  all:\n    - {field: rd_spend, op: '=>', value: 100}\n    - {field: rd_ratoi, op: '>=', value: 0.03}\n"

    # When they save
    response = client.post(reverse("policy_clause_edit", args=[target.pk]),
                           {"title": target.title, "rule": rule, "automatic": "on", "is_active": "on"})

    # Then the page lists both problems and the stored rule is unchanged
    page = text(response)
    assert "eligibility.all[0]：未知运算符“=>”" in page and "eligibility.all[1]：未知字段“rd_ratoi”" in page
    assert Clause.objects.get(pk=target.pk).definition == target.definition


def test_the_clause_editor_reports_broken_yaml(client, policy_library, coordinator):
    target = clause("rd-reward")
    client.force_login(coordinator)

    response = client.post(reverse("policy_clause_edit", args=[target.pk]),
                           {"title": target.title, "rule": "eligibility: [unclosed", "is_active": "on"})

    assert "YAML 格式错误" in text(response)


def test_only_coordinators_edit_rules(client, policy_library, users):
    from tuijin.accounts.models import Role

    client.force_login(users[Role.PARK_STAFF])

    response = client.get(reverse("policy_clause_edit", args=[clause("rd-reward").pk]))

    assert response.status_code == 403


def test_a_good_rule_passes():
    assert rules.problems(GOOD) == []
