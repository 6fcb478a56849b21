"""Cells an import cannot store are reported by row and column in Chinese, never as an internal error."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuijin.accounts.models import Role
from tuijin.lib.parsing import ParseError, parse_date

from .sheets import csv_bytes, page_text, upload, xlsx

HEADER = ["项目编号", "项目名称", "项目单位", "所在园区", "总投资", "计划开工日期"]


def command(path):
    out = io.StringIO()
    try:
        call_command("import_projects", str(path), stdout=out)
    except CommandError:
        pass
    return out.getvalue()


def test_a_huge_csv_cell_names_its_row_on_the_command_line(db, tmp_path, enterprise, park, coordinator):
    # Given a CSV whose second data row has a whole document pasted into one cell
    path = tmp_path / "清单.csv"
    path.write_bytes(csv_bytes([HEADER, ["", "甲项目", enterprise.name, "高新园", 100, ""],
                                ["", "乙" * 1_000_000, enterprise.name, "高新园", 100, ""]]))

    # When it is checked on the command line
    output = command(path)

    # Then the row is named and the cell called too long, without a traceback
    assert "第3行" in output and "单元格过长" in output
    assert "Traceback" not in output


def test_a_huge_csv_cell_is_explained_on_the_import_page(client, users, enterprise, park):
    client.force_login(users[Role.COORDINATOR])
    content = csv_bytes([HEADER, ["", "乙" * 1_000_000, enterprise.name, "高新园", 100, ""]])

    page = page_text(upload(client, content, "清单.csv"))

    assert "第2行：有单元格过长" in page
    assert "内部错误" not in page


def test_a_nul_character_is_a_problem_of_its_cell(client, users, enterprise, park):
    # Given a row whose name was copied from another system with a NUL byte in it
    client.force_login(users[Role.COORDINATOR])
    content = csv_bytes([HEADER, ["", "锂电\x00项目", enterprise.name, "高新园", 100, ""]])

    # When it is uploaded
    page = page_text(upload(client, content, "清单.csv"))

    # Then that cell is refused with a reason, and nothing is written
    assert "第2行 项目名称 锂电项目 单元格包含空字符" in page
    assert "内部错误" not in page


def test_a_formula_without_its_result_is_not_called_blank(client, users, enterprise, park):
    # Given a workbook written by a program that saves formulas without their results
    client.force_login(users[Role.COORDINATOR])
    content = xlsx([HEADER, ["", "甲项目", enterprise.name, "高新园", "=100*2", ""]])

    # When it is uploaded
    page = page_text(upload(client, content, "清单.xlsx"))

    # Then the cell is reported as a formula to recalculate, not as an empty required cell
    assert "第2行 总投资 （公式） 单元格是公式但没有计算结果，请在 Excel 中打开并保存后再导入" in page
    assert "必填项" not in page


def test_text_that_is_only_a_number_is_not_taken_for_a_date(client, users, enterprise, park):
    client.force_login(users[Role.COORDINATOR])
    content = csv_bytes([HEADER, ["", "甲项目", enterprise.name, "高新园", 100, "46000"]])

    page = page_text(upload(client, content, "清单.csv"))

    assert "第2行 计划开工日期 46000 日期“46000”是一个数字而不是日期" in page


@pytest.mark.parametrize("value", ["9999-12-31", "1900-01-01", dt.date(9999, 12, 31), "2101年1月"])
def test_dates_outside_sane_years_are_refused(value):
    with pytest.raises(ParseError) as refused:
        parse_date(value)

    assert "超出合理范围，应在 1949-01-01 至 2100-12-31 之间" in refused.value.reason
