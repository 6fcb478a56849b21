"""Reading a generated briefing back the way a person reads it: paragraphs in order, tables by their header."""

import io

import openpyxl
from docx import Document


def document(content: bytes):
    return Document(io.BytesIO(content))


def text(content: bytes) -> str:
    doc = document(content)
    parts = [paragraph.text for paragraph in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def table(content: bytes, first_header: str) -> list[list[str]]:
    """The rows (header excluded) of the first table whose first header cell is ``first_header``."""
    for found in document(content).tables:
        rows = [[cell.text for cell in row.cells] for row in found.rows]
        if rows and rows[0][0] == first_header:
            return rows[1:]
    raise AssertionError(f"no table headed {first_header!r}")


def sheet_values(content: bytes, title: str) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content))[title].iter_rows(min_row=4, values_only=True))
