"""Finding the data in a sheet as people lay it out: title, units row, header variants, totals, notes, encodings."""

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tuijin.lib.parsing import parse_date, parse_money, parse_text
from tuijin.lib.tabular import Column, TableError, parse_cells, read_table

from .sheets import csv_bytes, xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COLUMNS = [
    Column("code", "项目编号", ("项目代码",)),
    Column("name", "项目名称", ("项目名",), required=True),
    Column("total", "总投资", ("计划总投资",), parse_money, required=True),
    Column("start", "计划开工日期", ("计划开工",), parse_date),
]


def read(content, name="清单.xlsx"):
    table = read_table(content, name, COLUMNS)
    return table, [(row.number, parse_cells(table, row)[0]) for row in table.rows]


def test_it_finds_the_header_under_a_title_and_applies_the_units_row():
    # Given the layout bureaus exchange: title, "单位：亿元", header, data, a blank row, a total
    content = xlsx([
        ["序号", "项目名", "计划总投资", "计划开工"],
        [1, "锂电池项目", 2.5, "2026年3月"],
        [None, None, None, None],
        [2, "物流园项目", "8000万元", dt.date(2026, 5, 8)],
        ["合 计", None, 2.58, None],
        ["注：金额单位为亿元", None, None, None],
    ], title="2026年重点项目清单", unit="亿元")

    table, rows = read(content)

    # Then the header is row 3, the rows keep Excel's numbers, and bare numbers are read as 亿元
    assert (table.title, table.header_row, table.units["total"]) == ("2026年重点项目清单", 3, "亿元")
    assert rows == [
        (4, {"name": "锂电池项目", "total": Decimal("25000.00"), "start": dt.date(2026, 3, 1)}),
        (6, {"name": "物流园项目", "total": Decimal("8000.00"), "start": dt.date(2026, 5, 8)}),
    ]
    assert table.unknown_headers == ["序号"]


@pytest.mark.parametrize("heading", ["总投资（万元）", "总投资(万元)", "*总投资\n（万元）", " 总 投 资 "])
def test_header_variants_and_units_in_the_header(heading):
    table, rows = read(xlsx([["项目名称", heading], ["锂电池项目", 3000]], unit="元"))
    # A unit in the heading wins over the sheet's units row
    expected = Decimal("3000.00") if "万元" in heading else Decimal("0.30")
    assert rows == [(3, {"name": "锂电池项目", "total": expected})]


def test_a_missing_required_column_and_a_repeated_one_are_reported_on_the_header_row():
    table = read_table(xlsx([["序号", "项目名称", "项目名", "计划开工"], [1, "锂电池项目", "x", None]], title="清单"),
                       "清单.xlsx", COLUMNS)
    assert table.header_problems == [
        (2, "项目名称", "项目名", "列“项目名称”出现了两次（另一处为“项目名称”），请删除多余的一列"),
        (2, "总投资", "", "缺少必填列“总投资”（可用列名：总投资、计划总投资）"),
    ]


def test_a_sheet_without_a_recognisable_header_is_refused_with_what_was_expected():
    with pytest.raises(TableError) as error:
        read_table(xlsx([["甲", "乙"], [1, 2]]), "x.xlsx", COLUMNS)
    assert error.value.reason == "未找到表头：前15行中没有可识别的列名，应包含 项目名称、总投资 等列"


def test_it_uses_the_first_sheet_that_has_a_header():
    from openpyxl import Workbook
    import io

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表由园区填报"])
    data = book.create_sheet("数据")
    data.append(["项目名称", "总投资"])
    data.append(["锂电池项目", 100])
    buffer = io.BytesIO()
    book.save(buffer)
    table, rows = read(buffer.getvalue())
    assert table.sheet == "数据" and rows == [(2, {"name": "锂电池项目", "total": Decimal("100.00")})]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_excel_and_wps_write(encoding):
    content = csv_bytes([["2026年清单"], ["单位：万元"], ["项目编号", "项目名称", "总投资"],
                         ["XM-1", "锂电池（二期）项目", "1.2亿"], ["合计", "", "12000"]], encoding=encoding)
    table, rows = read(content, "清单.csv")
    assert rows == [(4, {"code": "XM-1", "name": "锂电池（二期）项目", "total": Decimal("12000.00")})]


def test_cells_with_stray_spaces_and_full_width_characters_are_cleaned():
    assert parse_text("  ＸＭ２０２６－００１　 高新园  ") == "XM2026-001 高新园"
    assert parse_text("成都锦程（集团）有限公司") == "成都锦程（集团）有限公司"  # Chinese brackets stay
    assert parse_text(12345.0) == "12345"  # a code typed into a number cell


def test_every_bad_cell_of_a_row_is_reported_not_just_the_first():
    table = read_table(xlsx([["项目名称", "总投资", "计划开工"], [None, "很多", "下个月"]]), "x.xlsx", COLUMNS)
    values, problems = parse_cells(table, table.rows[0])
    assert [column for column, _value, _reason in problems] == ["项目名称", "总投资", "计划开工日期"]


LIBREOFFICE_ROWS = [
    (4, {"code": "", "name": "锂电池隔膜生产线项目", "total": Decimal("25000.00"), "start": dt.date(2025, 3, 1)}),
    (5, {"code": "", "name": "高纯硅材料项目", "total": Decimal("25000.00"), "start": dt.date(2026, 9, 1)}),
    (6, {"code": "", "name": "新材料中试基地项目", "total": Decimal("8600.00"), "start": dt.date(2026, 11, 1)}),
]


@pytest.mark.parametrize("name", ["projects-libreoffice.xlsx", "projects-libreoffice.xls", "projects-libreoffice.csv"])
def test_files_written_by_libreoffice_read_like_their_csv_source(name):
    # Given the same sheet as LibreOffice's .xlsx, its legacy .xls, and the CSV it was made from
    path = FIXTURES / name
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(path) as archive:
            assert "LibreOffice" in archive.read("docProps/app.xml").decode()

    # Then all three read as the same rows, numbers, dates and units
    table, rows = read(path, name)
    assert table.header_row == 3
    assert rows == LIBREOFFICE_ROWS


def test_it_reads_back_the_project_list_export():
    from tuijin.lib import xlsx as export_xlsx
    from tuijin.projects import exports

    content = export_xlsx.workbook("项目清单", exports.PROJECT_COLUMNS, [
        [1, "XM2026-00001", "锂电池项目", "", "", "区重点", "产业化", "在建", Decimal("12000.50"),
         dt.date(2026, 3, 1), dt.date(2026, 3, 18), None, None],
    ])
    table, rows = read(content)
    assert (table.header_row, table.units["total"]) == (3, "万元")
    assert rows == [(4, {"code": "XM2026-00001", "name": "锂电池项目", "total": Decimal("12000.50"),
                         "start": dt.date(2026, 3, 1)})]


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese():
    with pytest.raises(TableError) as error:
        read_table(b"%PDF-1.4 not a sheet", "清单.xlsx", COLUMNS)
    assert "无法读取该表格文件" in error.value.reason
