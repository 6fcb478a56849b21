"""The 通报's 预测研判 section prints what ``foresight.services.outlook`` forecasts (issue #19): same numbers as
the battle map's panel, read back from the .docx the way a person reads it."""

import datetime as dt
from decimal import Decimal, ROUND_HALF_UP

from tuijin.briefings import packs
from tuijin.foresight import services
from tests.factories import ProjectFactory
from tests.foresight.stored import store

from .helpers import table, text

JUNE = dt.date(2026, 6, 1)
AS_OF = dt.date(2026, 6, 15)  # May's reports due, as the hand-made history assumes


def yi(amount):
    return f"{(Decimal(str(amount)) / 10000).quantize(Decimal('0.01'), ROUND_HALF_UP)}"


def test_the_district_forecast_is_the_outlook_s(park, project, no_pdf):
    # Given sixty past projects and two this year in one park: one fast, one slow
    slow = ProjectFactory(park=park, name="慢项目")
    store(park, project, slow)
    found = services.outlook(2026, AS_OF)
    year_end, half = found.total(), found.total(target=6)

    # When June's briefing is made
    pack = packs.monthly(JUNE, today=AS_OF)
    body = text(pack.files["docx"])

    # Then its 预测研判 section prints the district's expected figure and status as the outlook gives them
    assert f"全年预计完成投资{yi(year_end.expected)}亿元" in body
    assert f"研判{year_end.status}" in body and year_end.status == "预计未达成"
    assert f"6月末预计完成{yi(half.expected)}亿元" in body and f"双过半{half.status}" in body
    # and the park's row and the shortfall project are the outlook's
    parks = {row[0]: row for row in table(pack.files["docx"], "预测园区")}
    assert parks[park.label][1] == yi(year_end.expected) and parks[park.label][4] == year_end.status
    shortfall = table(pack.files["docx"], "缺口项目")
    forecast = found.project(slow.pk)
    assert shortfall[0][0] == "慢项目"
    assert shortfall[0][1] == f"{Decimal(str(forecast.plan - forecast.expected)).quantize(Decimal('0.01')):,}"
    assert pack.found.raw["foresight_expected"] == year_end.expected


def test_a_district_without_history_says_it_cannot_forecast(small_district, no_pdf):
    pack = packs.monthly(dt.date(2026, 3, 1), today=dt.date(2026, 3, 31))
    body = text(pack.files["docx"])
    assert "七、预测研判" in body
    assert f"研判{pack.found.raw['foresight_status']}" in body
