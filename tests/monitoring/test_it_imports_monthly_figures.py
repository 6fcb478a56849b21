"""The 重点企业月度数据 sheet: rows keyed by 统一社会信用代码 + 年月, every problem named, applied all at once."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from tuijin.accounts.models import Role
from tuijin.monitoring import actions
from tuijin.monitoring.importers import KeyFiguresImporter
from tuijin.monitoring.models import FiguresEvent, FiguresStatus, MonthlyFigures

from ..imports.sheets import xlsx

HEADER = ["统一社会信用代码", "企业名称", "年月", "产值", "用电量"]
YEAR = dt.date.today().year - 1


def test_it_previews_then_applies_and_updates_on_a_second_sheet(users, enterprise, other_enterprise, coordinator):
    # Given the enterprise on the key list with a draft for March, and a sheet with its January to March
    actions.list_enterprise(enterprise, actor=coordinator)
    actions.save_draft(enterprise, YEAR, 3, actor=users[Role.ENTERPRISE], data={"output": Decimal("1")})
    sheet = xlsx([HEADER, [enterprise.uscc, enterprise.name, f"{YEAR}-01", 1000, 30],
                  [enterprise.uscc, "", f"{YEAR}年2月", "1,100", 31], [enterprise.uscc, "", f"{YEAR}03", 1200, 32]])

    # When the park's staff validate and apply it
    importer = KeyFiguresImporter(users[Role.PARK_STAFF])
    outcome = importer.validate(sheet, "月度数据.xlsx")
    assert not outcome.problems and outcome.summary["create"] == 2 and outcome.summary["update"] == 1
    with transaction.atomic():
        result = importer.apply(outcome, actor=users[Role.PARK_STAFF])

    # Then three approved months, March's draft value replaced with its change logged
    assert result == {"created": 2, "updated": 1, "unchanged": 0}
    march = MonthlyFigures.objects.get(enterprise=enterprise, year=YEAR, month=3)
    assert (march.output, march.status) == (Decimal("1200"), FiguresStatus.APPROVED)
    assert FiguresEvent.objects.filter(figures=march, kind="imported").get().changes[0]["new"]
    assert MonthlyFigures.objects.get(enterprise=enterprise, year=YEAR, month=2).output == Decimal("1100")

    # When the same sheet comes again, nothing changes
    again = KeyFiguresImporter(users[Role.PARK_STAFF]).validate(sheet, "月度数据.xlsx")
    assert again.summary["unchanged"] == 3


def test_it_names_every_bad_row_and_refuses_another_parks_enterprise(users, enterprise, other_enterprise,
                                                                     coordinator):
    # Given both enterprises listed, and a sheet with a bad month, a duplicate, a negative figure, another park's row
    for each in (enterprise, other_enterprise):
        actions.list_enterprise(each, actor=coordinator)
    sheet = xlsx([HEADER, [enterprise.uscc, "", "2025-13", 1, 1], [enterprise.uscc, "", f"{YEAR}-04", 5, 1],
                  [enterprise.uscc, "", f"{YEAR}-04", 6, 1], [enterprise.uscc, "", f"{YEAR}-05", -3, 1],
                  [other_enterprise.uscc, "", f"{YEAR}-04", 9, 1]])

    # When the park's staff validate it
    outcome = KeyFiguresImporter(users[Role.PARK_STAFF]).validate(sheet, "月度数据.xlsx")

    # Then each problem names its row and why; only row 3 would be written
    reasons = {(problem["row"], problem["column"]): problem["reason"] for problem in outcome.problems}
    assert "月份须在 1—12 之间" in reasons[(2, "年月")]
    assert "与第3行重复" in reasons[(4, "年月")]
    assert "不能为负数" in reasons[(5, "产值（万元）")]
    assert "不是您权限范围内的重点企业" in reasons[(6, "统一社会信用代码")]
    assert [item.row for item in outcome.planned] == [3]
