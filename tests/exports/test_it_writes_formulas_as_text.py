"""A name that looks like a formula is written as the text it is, never as a live formula (Excel/WPS)."""

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from tuijin.lib import xlsx
from tuijin.progress import actions
from tuijin.promotion.models import Metric, PeriodKind, Target

from ..factories import ProjectFactory
from .workbooks import content_of

HYPERLINK = '=HYPERLINK("http://evil.example/","点我")'
DDE = "=cmd|' /C calc'!A0"


def cells(response, column):
    """The cells of one column under the header, read the way Excel reads the file (formulas not evaluated)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content_of(response))).active
    return [row[0] for row in sheet.iter_rows(min_row=4, min_col=column, max_col=column)]


def test_the_project_list_export_writes_formula_like_names_as_text(client, coordinator, park):
    # given projects whose names start like formulas, and a plain one
    for name in (HYPERLINK, DDE, "+1+1", "-2", "@SUM(A1)", "\t=1", "普通项目"):
        ProjectFactory(name=name, park=park)
    client.force_login(coordinator)

    # when the coordinator exports the project list
    names = cells(client.get(reverse("project_list"), {"format": "xlsx"}), column=3)

    # then every name is a string cell showing exactly the name, never a formula; the quote prefix keeps it so
    by_value = {cell.value: cell for cell in names if cell.value}
    for name in (HYPERLINK, DDE, "+1+1", "-2", "@SUM(A1)", "\t=1"):
        assert by_value[name].data_type == "s" and by_value[name].quotePrefix, name
    assert by_value["普通项目"].data_type == "s" and not by_value["普通项目"].quotePrefix


def test_the_yearly_list_export_writes_formula_like_names_as_text(client, coordinator, park):
    # given a project named like a DDE formula in the 2026 start list
    project = ProjectFactory(name=DDE, park=park, total_investment=Decimal("5000"))
    actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(800), "plans_start": True})
    client.force_login(coordinator)

    # when the bureau exports the list
    response = client.get(reverse("progress_year_list", args=["start"]), {"year": 2026, "format": "xlsx"})

    # then the name is text, and the amount a number
    name, amount = cells(response, column=3)[0], cells(response, column=9)[0]
    assert name.value == DDE and name.data_type == "s"
    assert amount.value == 5000 and amount.data_type == "n"


def test_the_promotion_targets_export_writes_a_formula_like_unit_as_text(client, coordinator, park):
    # given a target for a unit whose name starts with "="
    park.name = "=1+1园区"
    park.save()
    Target.objects.create(period_kind=PeriodKind.YEAR, period_start="2025-01-01", unit=park,
                          metric=Metric.SIGNINGS, value=Decimal(3))
    client.force_login(coordinator)

    # when the bureau exports the year's targets
    response = client.get(reverse("promotion_targets"), {"year": 2025, "unit": park.pk, "format": "xlsx"})

    # then the unit's name is not a formula
    units = [cell for cell in cells(response, column=2) if cell.value and "园区" in str(cell.value)]
    assert units and all(cell.data_type == "s" for cell in units)


def test_negative_amounts_stay_numbers_and_a_title_with_a_slash_still_writes():
    # given a sheet titled with characters a worksheet name may not hold, a negative amount and a formula title
    columns = [xlsx.Column("名称"), xlsx.Column("金额", kind="money", total=True)]

    # when it is written
    content = xlsx.workbook("=2025/2026年[调整]", columns, [["退款", Decimal("-12.50")], ["-5", Decimal("2")]])

    # then it opens, the title is text, the negative amount is a number and the total sums it
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "=2025/2026年[调整]" and sheet["A1"].data_type == "s"
    assert sheet["B4"].value == -12.5 and sheet["B4"].data_type == "n"
    assert sheet["A5"].value == "-5" and sheet["A5"].data_type == "s"
    assert sheet["B6"].value == -10.5


def test_the_audit_log_export_writes_a_formula_like_record_name_as_text(client, coordinator, park):
    # Given a project renamed to a DDE formula, which the audit log records under that name
    ProjectFactory(name=DDE, park=park)
    client.force_login(coordinator)

    # When the coordinator exports the audit log
    records = cells(client.get("/audit/", {"export": "xlsx"}), column=8)

    # Then the record's name is the text it is, not a formula Excel would run
    [cell] = [cell for cell in records if cell.value == DDE]
    assert cell.data_type == "s" and cell.quotePrefix


def test_every_workbook_is_written_through_lib_xlsx():
    # Given the source tree / When modules that build a workbook are listed
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "tuijin"
    writers = sorted(str(path.relative_to(root)) for path in root.rglob("*.py")
                     if "migrations" not in path.parts and "Workbook(" in path.read_text(encoding="utf-8"))
    # Then only lib/xlsx.py does, where every text cell is made safe; the import template holds fixed headers only
    assert writers == ["imports/views.py", "lib/xlsx.py"]
