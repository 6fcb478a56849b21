"""The one-click policy report for an enterprise (企业政策匹配报告), as Word (.docx) and PDF.

Both carry the same content — what the enterprise qualifies for with amounts and reasons, what it
nearly qualifies for and what is missing, how to apply — in a CJK font that ships with Debian
(``fonts-noto-cjk``), so the files render the same on the intranet, in WPS/Word and in LibreOffice.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from tuijin.lib.money import format_wan

from .engine import Status

FONT = "Noto Sans CJK SC"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DISCLAIMER = "本报告由系统根据企业填报和部门共享的数据自动测算，金额为预计数，最终以主管部门审核认定为准。"


@dataclass
class Row:
    policy: str
    clause: str
    reference: str
    amount: str
    reasons: list
    gaps: list
    how_to_apply: str
    automatic: bool
    version: int
    benefit: str
    share: str = ""  # near misses: how much of the threshold is still missing ("差门槛的 5%")


def _rows(match, outcomes, scalar):
    rows = []
    for outcome in outcomes:
        clause = outcome.clause.ref
        policy = clause.policy
        name = f"{policy.title}（{policy.document_number}）" if policy.document_number else policy.title
        amount = format_wan(outcome.amount) if outcome.amount is not None else (outcome.amount_note or "—")
        rows.append(Row(policy=name + ("【示例】" if policy.is_example else ""), clause=clause.title,
                        reference=clause.reference, amount=amount, reasons=outcome.reasons,
                        gaps=[gap.text for gap in outcome.gaps],
                        how_to_apply=clause.how_to_apply or ("免申即享，无需申报" if clause.automatic else "请咨询主管部门"),
                        automatic=clause.automatic, version=outcome.clause.version,
                        benefit=scalar.benefit_text(outcome.clause.benefit),
                        share=outcome.share_text if outcome.status == Status.NEAR else ""))
    return rows


def context(match, scalar) -> dict:
    enterprise = match.enterprise
    return {
        "enterprise": enterprise,
        "title": f"{enterprise.name} 政策匹配报告",
        "year": match.year,
        "generated": timezone.localdate(),
        "eligible": _rows(match, match.eligible, scalar),
        "near": _rows(match, match.near, scalar),
        "total": format_wan(match.total),
        "missing_figures": match.missing_figures,
        "disclaimer": DISCLAIMER,
    }


def docx(report: dict) -> bytes:
    """The report as a Word document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    heading = document.add_heading(report["title"], level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    enterprise = report["enterprise"]
    info = document.add_paragraph()
    info.add_run(f"统一社会信用代码：{enterprise.uscc}    所属行业：{enterprise.industry}\n"
                 f"所在园区：{enterprise.park or '—'}    数据年度：{report['year']}年    "
                 f"生成日期：{report['generated']:%Y年%m月%d日}")
    document.add_heading(f"一、可享受的政策（{len(report['eligible'])} 项，预计合计 {report['total']}）", level=1)
    if report["eligible"]:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("政策条款", "预计金额", "符合理由", "申报方式")):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in report["eligible"]:
            cells = table.add_row().cells
            cells[0].text = f"{row.clause}\n{row.policy} {row.reference}（规则 v{row.version}）"
            cells[1].text = f"{row.amount}\n{row.benefit}"
            cells[2].text = "\n".join(row.reasons)
            cells[3].text = row.how_to_apply
    else:
        document.add_paragraph("按现有数据，暂未匹配到可直接享受的政策。")
    document.add_heading(f"二、差一点就能享受的政策（{len(report['near'])} 项）", level=1)
    for row in report["near"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{row.clause}").bold = True
        paragraph.add_run(f"（{row.policy} {row.reference}；可享受：{row.benefit}）\n")
        gap = paragraph.add_run("还差：" + "；".join(row.gaps) + (f"（{row.share}）" if row.share else ""))
        gap.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    if not report["near"]:
        document.add_paragraph("无。")
    if report["missing_figures"]:
        document.add_heading("三、请补充的数据", level=1)
        document.add_paragraph("以下数据尚未填报，补充后可重新测算：" + "、".join(report["missing_figures"]) + "。")
    note = document.add_paragraph(report["disclaimer"])
    note.runs[0].font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf(report: dict) -> bytes:
    """The report as PDF, typeset by WeasyPrint from the same content."""
    from weasyprint import HTML

    html = render_to_string("policies/report_pdf.html", {**report, "font": FONT})
    return HTML(string=html).write_pdf()
