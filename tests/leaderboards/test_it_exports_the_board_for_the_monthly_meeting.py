"""The Excel and Word exports carry the same ranks, scores and red/black rules as the page."""

import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tuijin.accounts.models import Role


def test_excel_lists_each_unit_with_its_rank_score_and_rule(client, users, league):
    client.force_login(users[Role.LEADER])
    response = client.get(reverse("leaderboards_export", args=[league["parks"].pk, "xlsx"]) + "?from=2026-01&to=2026-06")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert [(r[0], r[1]) for r in rows] == [(1, "临港园"), (2, "高新园"), (3, "东区")]
    assert rows[0][-3:-1] == ("红榜", "得分前1名且不低于50.0分（第1名，56.7分）")
    assert rows[1][-4] == 56.5


def test_word_has_the_table_both_lists_and_the_formulas(client, users, league):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("leaderboards_export", args=[league["parks"].pk, "docx"]) + "?from=2026-01&to=2026-06")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "统计期间：2026年1月—2026年6月" in text
    assert "东区：得分低于10.0分（0.0分）" in text
    assert "高新园：(30×75.0 + 10×100.0 + 20×50.0 + 20×20.0 + 20×50.0) ÷ 100 = 56.5" in text
    table = document.tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == ["临港园", "高新园", "东区"]


def test_an_unknown_format_is_not_found(client, users, league):
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("leaderboards_export", args=[league["parks"].pk, "pdf"])).status_code == 404
