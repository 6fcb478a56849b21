"""The leaderboard for the monthly meeting: an Excel sheet in the house style and a Word document."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from django.http import HttpResponse

from tuijin.lib import xlsx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _list(row):
    return "红榜" if row.red else "黑榜" if row.black else ""


def workbook(board, span, rows) -> bytes:
    weights = list(board.measures.all())
    columns = [xlsx.Column("名次", 6, "int"), xlsx.Column("单位", 22)]
    for weight in weights:
        columns += [xlsx.Column(f"{weight.get_measure_display()}", 14), xlsx.Column(f"得分（权重{weight.weight}）", 12)]
    columns += [xlsx.Column("总得分", 9), xlsx.Column("红黑榜", 8), xlsx.Column("依据", 40), xlsx.Column("计算", 46)]
    data = []
    for row in rows:
        values = [row.rank, row.unit.name]
        for _weight, score in row.cells:
            values += [score.shown, None if score.points is None else float(score.points)]
        values += [None if row.score is None else float(row.score), _list(row), row.red or row.black, row.formula]
        data.append(values)
    return xlsx.workbook(f"{board.name}排名（{span.label}）", columns, data, unit="分")


def document(board, span, rows) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(11)
    heading = doc.add_heading(f"{board.name}排名通报", level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"统计期间：{span.label}")
    weights = list(board.measures.all())
    doc.add_paragraph("计分办法：" + "；".join(f"{w.get_measure_display()}（权重{w.weight}）" for w in weights) +
                      "。比率类指标按百分比计分（封顶100），数量类指标以最高单位为100分折算；无可计数据的指标不参与加权。")
    table = doc.add_table(rows=1, cols=4 + len(weights))
    table.style = "Table Grid"
    header = ["名次", "单位", *[w.get_measure_display() for w in weights], "得分", "红黑榜"]
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        values = [str(row.rank or "—"), row.unit.name, *[score.shown for _w, score in row.cells],
                  "—" if row.score is None else str(row.score), _list(row)]
        for cell, text in zip(cells, values):
            cell.text = text
    for title, key in (("红榜", "red"), ("黑榜", "black")):
        doc.add_heading(title, level=2)
        listed = [row for row in rows if getattr(row, key)]
        if not listed:
            doc.add_paragraph("无")
        for row in listed:
            doc.add_paragraph(f"{row.unit.name}：{getattr(row, key)}", style="List Bullet")
    doc.add_heading("得分计算", level=2)
    for row in rows:
        doc.add_paragraph(f"{row.unit.name}：{row.formula}；" +
                          "；".join(f"{w.get_measure_display()} {s.formula}" for w, s in row.cells))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{xlsx._quote(filename)}"
    return response
