"""Two districts imported into one city: the city's totals are the sum of the districts', each district's
row drills down to its projects and shows its 数据截至; a district's own user sees that district only."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.exchange import figures
from tuijin.exchange.models import DistrictFeed
from tests.factories import UserFactory
from tests.pages import text

from . import district, ledgers


@pytest.fixture
def city(tmp_path):
    """A city that imported 温江区 and 郫都区; returns each district's own totals from before the export."""
    district.build("温江区", ("海峡园", "健康园"), projects=5, prefix="WJ")
    wenjiang = district.totals()
    first = ledgers.export(tmp_path, "wj.jsonl")
    ledgers.empty_instance()
    district.build("郫都区", ("菁蓉镇", "电子信息园"), projects=3, prefix="PD", national=False)
    pidu = district.totals()
    second = ledgers.export(tmp_path, "pd.jsonl", code="510117", district="郫都区")
    ledgers.empty_instance()
    call_command("import_ledger", str(first))
    call_command("import_ledger", str(second))
    return {"510115": wenjiang, "510117": pidu}


@pytest.mark.django_db(transaction=True)
def test_the_city_total_is_the_sum_of_its_districts(city, client, django_assert_max_num_queries):
    # Given the city's figures over both districts, and each district's
    feeds = list(DistrictFeed.objects.select_related("organisation"))
    rows = {row.feed.code: row for row in figures.district_rows(feeds, district.YEAR, district.AS_OF)}
    total = figures.total(feeds, district.YEAR, district.AS_OF)

    # Then each district's figures at the city are what it had at home
    for code, before in city.items():
        completion = before["investment_completion:投资完成率"]
        assert (rows[code].projects, rows[code].investment) == (before["projects"], before["investment"])
        assert (rows[code].completed, rows[code].planned) == completion
    # and the city's own figure is their sum
    assert total.projects == sum(row.projects for row in rows.values()) == 8
    assert total.investment == sum(row.investment for row in rows.values())
    assert total.completed == sum(row.completed for row in rows.values())
    assert total.planned == sum(row.planned for row in rows.values())

    # and the city page shows each district with its 数据截至 and the total, in a number of queries
    # that does not grow with the districts
    client.force_login(UserFactory(username="cityleader", role=Role.LEADER))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("exchange_home"))
    page = text(response)
    assert "温江区" in page and "郫都区" in page and "数据截至" in page and "合计" in page
    assert f'href="/projects/?district={rows["510115"].feed.organisation_id}"' in response.content.decode()

    # and the drill-down lists that district's projects only
    listed = text(client.get(reverse("project_list"), {"district": rows["510117"].feed.organisation_id}))
    assert "郫都区项目0" in listed and "温江区项目0" not in listed


@pytest.mark.django_db(transaction=True)
def test_a_district_user_at_the_city_sees_only_their_district(city, client):
    # Given a user of 郫都区 with an account at the city
    pidu = DistrictFeed.objects.get(code="510117")
    wenjiang = DistrictFeed.objects.get(code="510115")
    client.force_login(UserFactory(username="pidu", role=Role.LEADER, organisation=pidu.organisation))

    # Then the city page lists 郫都区 alone, its page opens and 温江区's is not found
    page = text(client.get(reverse("exchange_home")))
    assert "郫都区" in page and "温江区" not in page
    own = client.get(reverse("exchange_district", args=[pidu.pk]))
    assert own.status_code == 200
    # with its projects listed (the project pages' scope knows parks, not districts)
    assert "郫都区项目0" in text(own) and "温江区项目0" not in text(own)
    assert client.get(reverse("exchange_district", args=[wenjiang.pk])).status_code == 404
