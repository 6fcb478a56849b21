"""Spreadsheets the way bureaus send them, written with openpyxl for the tests."""

import csv
import io

from openpyxl import Workbook

from ..pages import text as page_text  # noqa: F401 - the tests read pages through this module


def xlsx(rows, *, title=None, unit=None, sheet_title="Sheet1") -> bytes:
    """A workbook whose first sheet is: optional title row, optional "单位：…" row, then ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    if title:
        sheet.append([title])
    if unit:
        sheet.append([None, None, None, f"单位：{unit}"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, content, name, kind="projects"):
    """Upload a file on the import page the way a person does, following the redirect to its job page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=True)
