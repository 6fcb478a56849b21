"""The default Word templates, built with python-docx so every placeholder sits in one run.

They look like the bureau's 通报: the 密级 line, the red issuer line (红头) and 文号 above a red rule,
the title, numbered sections in 黑体 and body text in 仿宋, and the 抄送 block between two rules at the
end. The placeholders and loops are docxtpl's (Jinja2 inside the document): ``{{ kpi.investment_completion }}``,
``{%tr for row in overview %}`` for a table's rows, ``{%p if empty %}`` for a paragraph. A coordinator
downloads this, changes wording, logo or the order of sections in Word, WPS or LibreOffice, and uploads it
back; a word typed in one go stays in one run, which is what a placeholder needs.
"""

import io
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .models import DocumentKind

RED = RGBColor(0xC0, 0x00, 0x00)
BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"


def _font(run, name, size=None, bold=False, colour=None):
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _rule(paragraph, where="bottom", colour="C00000", size=12):
    """A horizontal line under (or over) a paragraph: the red rule under the 文号, the rules of the 抄送 block."""
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    line = OxmlElement(f"w:{where}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


class Builder:
    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = BODY_FONT, Pt(14)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.25

    def para(self, text="", *, font=BODY_FONT, size=14, bold=False, colour=None, align=None, indent=True):
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent and align is None:
            paragraph.paragraph_format.first_line_indent = Pt(size * 2)
        if text:
            _font(paragraph.add_run(text), font, size, bold, colour)
        return paragraph

    def tag(self, text):
        """A paragraph that holds only a docxtpl tag ({%p ... %}); docxtpl removes it when rendering."""
        return self.para(text, indent=False)

    def heading(self, text):
        return self.para(text, font=HEADING_FONT, size=15, indent=True)

    def red_header(self, issuer="{{ doc.issuer }}", number="{{ doc.number }}"):
        self.para("{{ doc.secrecy }}", font=HEADING_FONT, size=12, indent=False)
        self.para(issuer, font=TITLE_FONT, size=24, bold=True, colour=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
        numbered = self.para(number, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        numbered.paragraph_format.space_after = Pt(6)
        _rule(numbered, "bottom", "C00000", 18)
        self.para("", indent=False)

    def title(self, text):
        self.para(text, font=TITLE_FONT, size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para("", indent=False)

    def table(self, headers, cells, loop, widths=None):
        """A table with a header row and one row per item of ``loop`` ("row in overview")."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        rows = [headers, [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells,
                ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                paragraph = cell.paragraphs[0]
                if value:
                    _font(paragraph.add_run(value), HEADING_FONT if values is headers else BODY_FONT, 10.5,
                          bold=values is headers)
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = Cm(width)
        self.para("", indent=False)
        return table

    def image(self, placeholder):
        return self.para(placeholder, align=WD_ALIGN_PARAGRAPH.CENTER)

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def copied_to(self):
        """The 抄送 block at the foot: two rules, who it is copied to, who issued it and when."""
        self.para("", indent=False)
        cc = self.para("抄送：{{ doc.cc }}", size=12, indent=False)
        _rule(cc, "top", "000000", 8)
        issued = self.para("{{ doc.issuer }}　　{{ doc.date }}印发", size=12, indent=False)
        _rule(issued, "top", "000000", 4)
        _rule(issued, "bottom", "000000", 8)

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def monthly() -> bytes:
    b = Builder()
    b.red_header()
    b.title("{{ doc.title }}\n（{{ doc.period }}）")
    b.para("各园区管委会，区级各部门：", indent=False)
    b.para("现将{{ doc.period }}{{ doc.scope }}重大项目推进情况通报如下（数据截至{{ doc.data_date }}）。")
    b.tag("{%p if empty %}")
    b.para("本月暂无纳入调度的项目数据，以下各表均为空。")
    b.tag("{%p endif %}")
    b.heading("一、总体情况")
    b.para("截至{{ doc.date }}，{{ doc.scope }}纳入调度重大项目{{ kpi.projects }}，总投资{{ kpi.investment }}；"
           "年度计划投资{{ kpi.planned }}，已完成投资{{ kpi.completed }}，投资完成率{{ kpi.investment_completion }}，"
           "时间进度{{ kpi.time_progress }}，{{ kpi.verdict }}。开复工率{{ kpi.start_resume_rate }}，"
           "入库入统率{{ kpi.stats_filing }}，双过半{{ kpi.double_half }}。")
    b.table(["指标", "数值", "说明"], ["{{ row.label }}", "{{ row.value }}", "{{ row.note }}"], "row in overview",
            widths=[5, 4, 7])
    b.image("{{ charts.trend }}")
    b.heading("二、分类推进情况")
    headers = ["{label}", "项目数", "总投资（亿元）", "年度计划（亿元）", "已完成（亿元）", "完成率"]
    cells = ["{{ r.name }}", "{{ r.projects }}", "{{ r.investment }}", "{{ r.planned }}", "{{ r.done }}",
             "{{ r.rate }}"]
    for number, (label, loop) in enumerate((("园区", "by_park"), ("产业链", "by_chain"), ("项目类别", "by_category"),
                                            ("投资规模", "by_band")), start=1):
        b.para(f"（{'一二三四'[number - 1]}）分{label}", bold=True)
        b.table([headers[0].format(label=label), *headers[1:]], cells, f"r in {loop}")
        if loop == "by_park":
            b.image("{{ charts.park }}")
    b.heading("三、四张清单推进情况")
    b.table(["清单", "项目数", "进展", "比例"], ["{{ l.name }}", "{{ l.count }}", "{{ l.done_label }}{{ l.done }}个",
                                            "{{ l.rate }}"], "l in lists")
    b.heading("四、滞后项目和红色预警项目")
    b.para("当前黄色预警{{ warnings.yellow }}个项目、橙色预警{{ warnings.orange }}个项目、红色预警{{ warnings.red }}个项目。"
           "落后时间进度10个百分点以上的项目共{{ counts.lagging }}个（最多列出落后最多的{{ counts.shown }}个）：")
    b.table(["项目", "园区", "完成率", "时间进度", "落后（百分点）", "原因"],
            ["{{ p.name }}", "{{ p.park }}", "{{ p.completion }}", "{{ p.time_progress }}", "{{ p.behind }}",
             "{{ p.reasons }}"], "p in lagging")
    b.para("红色预警项目共{{ counts.red }}个：")
    b.table(["项目", "园区", "预警规则", "原因", "转为红色日期"],
            ["{{ w.name }}", "{{ w.park }}", "{{ w.rule }}", "{{ w.cause }}", "{{ w.since }}"], "w in red")
    b.heading("五、问题协调情况")
    b.para("各部门牵头办理问题情况（办结率为提交人确认办结的比例，解决率为提交人确认问题已解决的比例）：")
    b.table(["部门", "收件数", "按时报到率", "办结率", "解决率", "逾期率", "满意度"],
            ["{{ d.name }}", "{{ d.received }}", "{{ d.on_time }}", "{{ d.closed }}", "{{ d.solved }}",
             "{{ d.overdue }}", "{{ d.rating }}"], "d in departments")
    b.para("提请下次调度会研究的三级问题共{{ counts.level3 }}件：")
    b.table(["编号", "问题", "项目/企业", "牵头部门", "办理期限", "状态"],
            ["{{ q.code }}", "{{ q.title }}", "{{ q.subject }}", "{{ q.department }}", "{{ q.deadline }}",
             "{{ q.status }}"], "q in level3")
    b.heading("六、招商引资情况")
    b.para("{{ doc.period }}新签约项目{{ promotion.signings }}个，签约金额{{ promotion.signing_value }}万元，"
           "落地项目{{ promotion.landings }}个；签约项目资金到位率{{ promotion.fund_rate }}"
           "（到位{{ promotion.fund_arrived }}万元，协议投资{{ promotion.fund_agreed }}万元）。")
    b.table(["指标", "期间", "目标", "完成", "单位", "完成率", "状态"],
            ["{{ t.metric }}", "{{ t.period }}", "{{ t.target }}", "{{ t.actual }}", "{{ t.unit }}", "{{ t.rate }}",
             "{{ t.met }}"], "t in promotion.targets")
    b.heading("七、预测研判")
    b.para("按已上报月报和往年同类项目的进度规律预测（{{ foresight.count }}个项目）：全年预计完成投资"
           "{{ foresight.year_end.expected }}亿元（{{ foresight.year_end.expected_wan }}万元，80%区间"
           "{{ foresight.year_end.low }}～{{ foresight.year_end.high }}亿元），年度计划{{ foresight.year_end.goal }}亿元，"
           "研判{{ foresight.year_end.status }}，达成概率{{ foresight.year_end.probability }}；"
           "6月末预计完成{{ foresight.half.expected }}亿元（区间{{ foresight.half.low }}～{{ foresight.half.high }}亿元），"
           "双过半{{ foresight.half.status }}，概率{{ foresight.half.probability }}。")
    b.table(["预测园区", "预计完成（亿元）", "区间（亿元）", "年度计划（亿元）", "研判", "概率"],
            ["{{ f.name }}", "{{ f.expected }}", "{{ f.low }}～{{ f.high }}", "{{ f.goal }}", "{{ f.status }}",
             "{{ f.probability }}"], "f in foresight.parks")
    b.para("对全年缺口影响最大的项目：")
    b.table(["缺口项目", "缺口（万元）", "达成概率", "预测依据"],
            ["{{ s.name }}", "{{ s.gap }}", "{{ s.probability }}", "{{ s.explanation }}"], "s in foresight.shortfall",
            widths=[4, 3, 2, 7])
    b.para("")
    b.para("{{ doc.issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    b.para("{{ doc.date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    b.copied_to()
    return b.content()


def meeting() -> bytes:
    b = Builder()
    b.red_header()
    b.title("{{ meeting.title }}\n会议材料")
    b.para("时间：{{ meeting.held_at }}　　地点：{{ meeting.place }}　　主持：{{ meeting.chaired_by }}", indent=False)
    b.para("数据截至{{ doc.data_date }}。", indent=False)
    b.heading("一、会议议程")
    b.tag("{%p for item in agenda %}")
    b.para("{{ loop.index }}. {{ item.text }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not agenda %}")
    b.para("本次会议暂无列入议题的问题和滞后项目。")
    b.tag("{%p endif %}")
    b.heading("二、上次会议议定事项落实情况")
    b.para("{{ previous.title }}")
    b.table(["编号", "事项", "牵头部门", "期限", "状态"],
            ["{{ a.code }}", "{{ a.title }}", "{{ a.department }}", "{{ a.deadline }}", "{{ a.status }}"],
            "a in previous.decisions")
    b.tag("{%p for p in projects %}")
    b.page_break()
    b.heading("项目简况：{{ p.name }}")
    b.table(["事项", "情况"], ["{{ f.label }}", "{{ f.value }}"], "f in p.facts", widths=[4, 12])
    b.para("阶段与节点：", bold=True)
    b.table(["阶段/节点", "计划日期", "实际日期", "状态"],
            ["{{ n.name }}", "{{ n.planned }}", "{{ n.actual }}", "{{ n.status }}"], "n in p.nodes")
    b.image("{{ p.chart }}")
    b.para("未解决问题：", bold=True)
    b.table(["编号", "问题", "牵头部门", "期限", "状态"],
            ["{{ q.code }}", "{{ q.title }}", "{{ q.department }}", "{{ q.deadline }}", "{{ q.status }}"],
            "q in p.problems")
    b.para("预警：{{ p.warnings }}")
    b.tag("{%p endfor %}")
    b.copied_to()
    return b.content()


BUILDERS = {DocumentKind.MONTHLY: monthly, DocumentKind.MEETING: meeting}


@lru_cache(maxsize=4)
def default(kind) -> bytes:
    return BUILDERS[DocumentKind(kind)]()
