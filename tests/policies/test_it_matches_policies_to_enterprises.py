"""政策找企业 both ways: an enterprise's matches (amount, why) and near misses (what, how much); a clause's
qualifying enterprises — each only within what the user may see."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

from ..factories import EnterpriseFactory
from ..pages import text
from .conftest import ABOVE_SCALE, HIGH_TECH, YEAR, clause, figures, qualify


@pytest.fixture
def profiled(policy_library, enterprise, other_enterprise):
    # A 规上 high-tech manufacturer with 2.4 % R&D; a logistics company that reported nothing
    figures(enterprise, revenue="5000.00", rd_spend="120.00", equipment_investment="1260.00", tax="300.00")
    qualify(enterprise, ABOVE_SCALE)
    qualify(enterprise, HIGH_TECH)
    return enterprise


def test_the_enterprise_sees_what_it_qualifies_for_and_what_it_lacks(client, users, profiled):
    client.force_login(users[Role.ENTERPRISE])

    page = text(client.get(reverse("policy_enterprise", args=[profiled.pk]), {"year": YEAR}))

    assert "设备投资补助 示例" in page and "126.00 万元" in page
    assert "设备投资 1,260 万元（要求：≥ 500 万元）" in page
    assert "智能化改造奖励" in page and "63.00 万元" in page
    assert "预计合计 189.00 万元" in page
    assert "研发投入占比 2.4%，要求 ≥ 3%，差 0.6 个百分点" in page
    assert "缺少数据：出口额" in page


def test_an_enterprise_cannot_open_another_enterprises_matches_or_report(client, users, profiled, other_enterprise):
    client.force_login(users[Role.ENTERPRISE])

    assert client.get(reverse("policy_enterprise", args=[other_enterprise.pk])).status_code == 404
    assert client.get(reverse("policy_report", args=[other_enterprise.pk, "pdf"])).status_code == 404
    assert client.get(reverse("policy_report", args=[other_enterprise.pk, "docx"])).status_code == 404


def test_a_clause_lists_the_enterprises_that_qualify_largest_first(client, coordinator, profiled, other_enterprise):
    figures(other_enterprise, equipment_investment="9000.00")
    qualify(other_enterprise, ABOVE_SCALE)
    client.force_login(coordinator)

    response = client.get(reverse("policy_clause", args=[clause("equipment-subsidy").pk]), {"year": YEAR})

    assert [(e.name, str(a)) for e, a in response.context["rows"]] == [
        ("临港远航物流有限公司", "500.00"), ("成都锦程新材料有限公司", "126.00")]
    assert "共 2 家企业符合，预计合计 626.00 万元" in text(response)


def test_a_clause_lists_only_enterprises_the_user_may_see(client, users, profiled, other_enterprise):
    figures(other_enterprise, equipment_investment="9000.00")
    qualify(other_enterprise, ABOVE_SCALE)
    client.force_login(users[Role.ENTERPRISE])

    response = client.get(reverse("policy_clause", args=[clause("equipment-subsidy").pk]), {"year": YEAR})

    assert [e.name for e, _ in response.context["rows"]] == ["成都锦程新材料有限公司"]
    assert "临港远航物流有限公司" not in text(response)


def test_the_clause_page_query_count_stays_flat(client, coordinator, policy_library, django_assert_max_num_queries):
    def grow(count):
        for _ in range(count):
            company = EnterpriseFactory()
            figures(company, equipment_investment="700.00")
            qualify(company, ABOVE_SCALE)

    client.force_login(coordinator)
    url = reverse("policy_clause", args=[clause("equipment-subsidy").pk])
    grow(3)
    with django_assert_max_num_queries(12) as few:
        client.get(url, {"year": YEAR})
    grow(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"year": YEAR})
    assert response.context["count"] == 33


def test_the_library_pages_show_rules_in_words(client, users, policy_library):
    client.force_login(users[Role.ENTERPRISE])
    target = clause("first-above-scale")

    page = text(client.get(reverse("policy_detail", args=[target.policy.pk])))

    assert "锦江新区促进工业企业“小升规”的奖励办法 示例" in page
    assert "营业收入 ≥ 2,000 万元" in page
    assert "按营业收入分档：2,000 万元起 20 万元；5,000 万元起 30 万元；10,000 万元起 50 万元" in page
    assert "编辑规则" not in page
