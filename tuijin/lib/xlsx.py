"""Excel sheets in the layout bureaus exchange: a title row, a units row, a frozen header, totals.

Dates are written as real dates and amounts as numbers, so the sheet sorts and sums in Excel.
"""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class Column:
    header: str
    width: int = 14
    kind: str = "text"  # text, money, int, date, percent
    total: bool = False  # sum this column in the totals row


def _write_cell(sheet, row, col, value, column):
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    cell.border = BORDER
    if column.kind == "money":
        cell.number_format = "#,##0.00"
    elif column.kind == "percent":
        cell.number_format = "0.0%"
    elif column.kind == "date" and isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif column.kind == "int":
        cell.number_format = "0"
    return cell


def workbook(title: str, columns: list[Column], rows, unit: str = "万元", sheet_name: str | None = None) -> bytes:
    """One sheet: title (row 1), units (row 2), header (row 3), data, and a totals row when any column sums."""
    book = Workbook()
    sheet = book.active
    sheet.title = (sheet_name or title)[:31]
    width = len(columns)
    sheet.cell(row=1, column=1, value=title).font = Font(size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=2, column=1, value=f"单位：{unit}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.cell(row=2, column=1).alignment = Alignment(horizontal="right")
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=3, column=col, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    sheet.freeze_panes = "A4"
    totals = [Decimal(0)] * width
    row_number = 3
    for row_number, values in enumerate(rows, start=4):
        for col, (column, value) in enumerate(zip(columns, values), start=1):
            _write_cell(sheet, row_number, col, value, column)
            if column.total and value is not None:
                totals[col - 1] += Decimal(value)
    if any(column.total for column in columns):
        total_row = row_number + 1
        for col, column in enumerate(columns, start=1):
            value = "合计" if col == 1 else (totals[col - 1] if column.total else None)
            _write_cell(sheet, total_row, col, value, column).font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename):
    from urllib.parse import quote

    return quote(filename)
