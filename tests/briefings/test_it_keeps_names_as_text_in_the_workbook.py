"""The workbook writes its rows as sheet XML itself (for speed): a name is still text, styled like its column."""

import io

import openpyxl

from tuijin.briefings import packs

from .conftest import AS_OF, MARCH


def test_a_name_that_looks_like_a_formula_stays_text(small_district, no_pdf):
    # Given a project whose name starts like a formula and holds XML's special characters
    project = small_district["A"]
    project.name = '=HYPERLINK("http://x.cn","点我")&<b> 项目 '
    project.save()

    # When the workbook is made
    pack = packs.monthly(MARCH, today=AS_OF)
    sheet = openpyxl.load_workbook(io.BytesIO(pack.files["xlsx"]))["月度完成投资（项目）"]
    cells = {row[1].value: row for row in sheet.iter_rows(min_row=4) if row[1].value != "合计"}

    # Then the name is the exact text (spaces kept), a string with the quote prefix, not a live formula
    row = cells['=HYPERLINK("http://x.cn","点我")&<b> 项目 ']
    assert row[1].data_type == "s" and row[1].quotePrefix
    # and the amounts keep their column's number format and border, the formulas are formulas
    assert row[2].number_format == "#,##0.00" and row[2].border.left.style == "thin"
    assert row[15].data_type == "f"
    assert sheet.freeze_panes == "A4"
