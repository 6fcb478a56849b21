"""The 本土产品 list: filters, Excel export, flat query counts."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from tuijin.matchmaking import actions

from ..pages import text


def test_it_filters_by_chain_industry_and_words(client, market, coordinator):
    client.force_login(coordinator)
    url = reverse("matchmaking_products")
    # When the list is filtered by the chain, then by industry 26, then by a word
    by_chain = text(client.get(url, {"chain": market["chain"].pk}))
    by_industry = text(client.get(url, {"industry": "26"}))
    by_word = text(client.get(url, {"q": "纸箱"}))

    # Then each shows exactly the matching local products
    assert "磷酸铁锂电芯" in by_chain and "驱动电机总成" in by_chain and "瓦楞纸箱" not in by_chain
    assert "锂电池电解液" in by_industry and "磷酸铁锂电芯" not in by_industry
    assert "瓦楞纸箱" in by_word and "电芯" not in by_word.split("本土产品目录")[-1].split("筛选")[-1]


def test_a_bad_filter_is_a_chinese_400(client, market, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("matchmaking_products"), {"industry": "ZZ"})
    assert response.status_code == 400
    assert "行业" in text(response)


def test_the_excel_export_lists_the_filtered_products(client, market, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("matchmaking_products_export"), {"q": "电"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[4] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == sorted(["磷酸铁锂电芯", "驱动电机总成", "瓦楞纸箱", "锂电池电解液", "电动乘用车"])


def test_the_list_pays_the_same_queries_for_more_products(client, market, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    url = reverse("matchmaking_products")
    client.get(url)
    for number in range(25):
        actions.save_offering(actor=coordinator, publish=True, data={
            "enterprise": market["firms"]["packaging"], "kind": "product", "name": f"纸箱{number}",
            "description": "", "industry": None, "capacity": "", "certifications": ""})
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
