"""Reading an exported sheet back the way a person opening it in Excel would."""

import io

import openpyxl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet_of(response):
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(content_of(response))).active


def data_rows(response):
    """The rows under the header (row 3), without the totals row."""
    rows = list(sheet_of(response).iter_rows(min_row=4, values_only=True))
    return [row for row in rows if row[0] != "合计"]


def names(response, column=2):
    """The project names, in the sheet's order (项目名称 is the third column)."""
    return [row[column] for row in data_rows(response)]
