"""The statistics workbook (统计表): the briefing's figures as sheets a clerk keeps working on in Excel.

Sheets in the bureau's layout — 总体指标, 四张清单, 月度完成投资（项目）, 月度完成投资（园区）, 资金到位, 部门考评,
招商目标 — each with a title row, a units row and a frozen header. Totals and rates are real formulas
(``=SUM(D5:D900)``, ``=IF(C5>0,P5/C5*100,"")``) so that a changed figure recomputes; text is always text
(``lib.xlsx.as_text``: a project named ``=HYPERLINK(...)`` stays a name). Header rows go through openpyxl's
write-only sheets; data rows are kept as their XML text (``Sheet.row``, about 35 MB at 50,000 projects, no cell
objects) and put into the saved file (``_inject``).

The figures are ``figures.monthly``'s and the rows come from the same functions: the battle map's cube
(``alerts.summary``) for the park months, ``progress.calculations.project_completion_rates`` for the
project months, ``progress.lists`` for the lists, ``promotion.calculations.fund_projects`` for funds.
"""

import datetime as dt
import io
import math
import zipfile
from copy import copy
from collections import defaultdict
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.alerts import summary
from tuijin.lib.sql import raw_rows
from tuijin.lib.xlsx import BOLD, BORDER, FORMULA_STARTS, as_text, new_book
from tuijin.progress import calculations
from tuijin.progress.lists import YearList, year_list
from tuijin.progress.models import MONTH_FIELDS
from tuijin.promotion import calculations as promotion

from .figures import Figures, district, scope_projects

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
FORMATS = {"text": "General", "money": "#,##0.00", "int": "0", "pct": "0.0", "date": "yyyy-mm-dd"}
HEADER_ROW = 3  # title, units, header; data from row 4


class Sheet:
    """One streamed sheet: ``row`` takes values (``str`` starting with ``=`` only when ``formula=True``)."""

    def __init__(self, book, title, columns, unit="万元"):
        self.book, self.columns = book, columns
        self.sheet = book.create_sheet(title)
        for index, (_, kind, width) in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        last = get_column_letter(len(columns))
        self.sheet.merged_cells.add(f"A1:{last}1")
        heading = as_text(WriteOnlyCell(self.sheet, value=title))
        heading.font, heading.alignment = Font(size=14, bold=True), Alignment(horizontal="center")
        self.sheet.append([heading])
        self.sheet.append([WriteOnlyCell(self.sheet, value=f"单位：{unit}")])
        header = []
        for name, _, _ in columns:
            cell = as_text(WriteOnlyCell(self.sheet, value=name))
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        self.sheet.append(header)
        self.next_row = HEADER_ROW + 1
        self.letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
        self.rows = []  # the data rows' XML, put in after the header rows when the workbook is saved
        book.briefing_sheets.append(self)

    def row(self, values, *, formulas=(), bold=False):
        """Append ``values``; the columns in ``formulas`` (0-based) hold formulas this module wrote.

        The row is written as the sheet's XML straight away (``_cell``) and put into the sheet when the
        workbook is saved (``_inject``): openpyxl's cell objects — a ``WriteOnlyCell``, its style array, its
        lxml element — cost about 20 µs a cell, which at 50,000 projects × 17 columns was 20 s of the
        workbook's 24 s. The XML is the one openpyxl writes (inline strings, the same style ids).
        """
        number = self.next_row
        letters, ids = self.letters, self.book.briefing_ids
        parts = [f'<row r="{number}">']
        for index, ((_, kind, _), value) in enumerate(zip(self.columns, values)):
            if value is None and not bold:
                continue  # no cell at all: a month not reported yet costs nothing to write
            parts.append(_cell(f"{letters[index]}{number}", value, kind, bold, index in formulas, ids))
        parts.append("</row>")
        self.rows.append("".join(parts))
        self.next_row += 1
        return number

    def totals(self, first, columns, label="合计", label_column=0):
        """A totals row summing ``columns`` (0-based) from row ``first`` to the last data row."""
        last = self.next_row - 1
        values = [None] * len(self.columns)
        values[label_column] = label
        for index in columns:
            letter = get_column_letter(index + 1)
            values[index] = f"=SUM({letter}{first}:{letter}{max(last, first)})" if last >= first else 0
        return self.row(values, formulas=set(columns), bold=True)


def _style_name(kind, bold):
    return f"brief-{kind}{'-b' if bold else ''}"


def _register_styles(book):
    """One named style per column kind, and the style array a cell of that kind copies (``Sheet.row``)."""
    book.briefing_styles, book.briefing_ids, book.briefing_sheets = {}, {}, []
    scratch = book.create_sheet("_styles")  # a cell needs a sheet to take a named style; removed again below
    for kind, number_format in FORMATS.items():
        for bold in (False, True):
            style = NamedStyle(name=_style_name(kind, bold), border=BORDER, number_format=number_format)
            if bold:
                style.font = BOLD
            book.add_named_style(style)
            cell = WriteOnlyCell(scratch, value=None)
            cell.style = style.name
            book.briefing_styles[kind, bold] = copy(cell._style)
            quoted = copy(cell._style)
            quoted.quotePrefix = 1  # lib.xlsx.as_text's flag: a text that starts like a formula stays text
            book.briefing_ids[kind, bold, False] = book._cell_styles.add(copy(cell._style))
            book.briefing_ids[kind, bold, True] = book._cell_styles.add(quoted)
    book._sheets.remove(scratch)


def _cell(ref, value, kind, bold, formula, ids) -> str:
    """One cell's XML as openpyxl writes it: numbers as values, formulas without their "=", text inline."""
    if value is None:
        return f'<c r="{ref}" s="{ids[kind, bold, False]}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{ids[kind, bold, False]}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return f'<c r="{ref}" s="{ids[kind, bold, False]}"/>'
        return f'<c r="{ref}" s="{ids[kind, bold, False]}"><v>{value if isinstance(value, int) else repr(number)}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        return f'<c r="{ref}" s="{ids[kind, bold, False]}"><v>{to_excel(value)}</v></c>'
    value = str(value)
    if formula and value.startswith("="):
        return f'<c r="{ref}" s="{ids[kind, bold, False]}"><f>{escape(value[1:])}</f><v></v></c>'
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    quoted = value.startswith(FORMULA_STARTS)
    return (f'<c r="{ref}" s="{ids[kind, bold, quoted]}" t="inlineStr"><is><t xml:space="preserve">'
            f'{escape(value)}</t></is></c>')


def _inject(content: bytes, book) -> bytes:
    """Put each sheet's data rows (``Sheet.rows``) after its header rows in the saved workbook."""
    rows = {f"xl/worksheets/sheet{index}.xml": sheet.rows
            for index, worksheet in enumerate(book.worksheets, start=1)
            for sheet in book.briefing_sheets if sheet.sheet is worksheet}
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if rows.get(item.filename):
                xml = data.decode("utf-8")
                body = "".join(rows[item.filename])
                if "</sheetData>" in xml:
                    xml = xml.replace("</sheetData>", body + "</sheetData>", 1)
                else:
                    xml = xml.replace("<sheetData/>", f"<sheetData>{body}</sheetData>", 1)
                data = xml.encode("utf-8")
            new.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def _overview(book, figures: Figures):
    raw = figures.raw
    sheet = Sheet(book, "总体指标", [("指标", "text", 28), ("数值", "pct", 16), ("单位", "text", 10)], unit="见各行")
    rows = [("项目总数", raw["projects"], "个"), ("总投资", raw["investment"], "亿元"),
            ("年度计划投资", raw["planned"], "亿元"), ("已完成投资", raw["completed"], "亿元"),
            ("投资完成率", raw["investment_completion"], "%"), ("时间进度", raw["time_progress"], "%"),
            ("6月末完成率（双过半）", raw["double_half_rate"], "%"), ("开工率", raw["start_rate"], "%"),
            ("开复工率", raw["start_resume_rate"], "%"), ("开复工率（5000万元以上）", raw["start_resume_5000"], "%"),
            ("入库入统率", raw["stats_filing"], "%"), ("应统未统", raw["stats_gap"], "个"),
            ("资金到位率", raw["funds_arrival"], "%"), ("本月签约项目", raw["promotion_signings"], "个"),
            ("本月落地项目", raw["promotion_landings"], "个"), ("签约项目资金到位率", raw["promotion_fund_rate"], "%")]
    for label, value, unit in rows:
        sheet.row([label, value, unit])


def _lists(book, year, as_of, projects):
    sheet = Sheet(book, "四张清单", [("清单", "text", 14), ("项目编号", "text", 16), ("项目名称", "text", 36),
                                  ("园区", "text", 14), ("总投资", "money", 14), ("项目阶段", "text", 10)])
    first = sheet.next_row
    stage_labels = dict(projects.model._meta.get_field("stage").choices)
    for kind in YearList:
        rows = raw_rows(year_list(kind, year, projects).distinct().order_by("code")
                        .values_list("code", "name", "park__short_name", "park__name", "total_investment", "stage"))
        for code, name, short, park, investment, stage in rows:
            sheet.row([kind.label, code, name, short or park or "", investment, stage_labels.get(stage, stage)])
    sheet.totals(first, [4])


def _project_months(book, year, as_of, projects):
    months = calculations.months_reported(year, as_of)
    columns = [("项目编号", "text", 16), ("项目名称", "text", 36), ("年度计划", "money", 14),
               *[(f"{m}月", "money", 11) for m in range(1, 13)], ("累计完成", "money", 14), ("完成率（%）", "pct", 11)]
    sheet = Sheet(book, "月度完成投资（项目）", columns)
    first = sheet.next_row
    rows = raw_rows(calculations.project_completion_rates(year, as_of, projects).order_by("project__code")
                    .values_list("project__code", "project__name", "planned_investment", *MONTH_FIELDS))
    for code, name, planned, *done in rows:
        row = sheet.next_row
        values = [code, name, planned, *[value if index < months else None for index, value in enumerate(done)],
                  f"=SUM(D{row}:O{row})", f'=IF(C{row}>0,ROUND(P{row}/C{row}*100,1),"")']
        sheet.row(values, formulas={15, 16})
    sheet.totals(first, [2, *range(3, 16)])


def _park_months(book, year, as_of, projects, park):
    months = calculations.months_reported(year, as_of)
    scope = {} if park is None else {"park_id": park.pk}
    rows = summary.rows(year, scope)
    if rows is None:
        rows = summary.cube(projects, year)
    grouped = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        for name in ("n", "planned", *MONTH_FIELDS):
            grouped[row["park_id"]][name] += Decimal(row[name] or 0)
    names = {pk: short or name for pk, name, short in
             Organisation.objects.filter(kind=OrganisationKind.PARK).values_list("pk", "name", "short_name")}
    columns = [("园区", "text", 16), ("项目数", "int", 8), ("年度计划", "money", 14),
               *[(f"{m}月", "money", 11) for m in range(1, 13)], ("累计完成", "money", 14), ("完成率（%）", "pct", 11)]
    sheet = Sheet(book, "月度完成投资（园区）", columns)
    first = sheet.next_row
    for pk in sorted(grouped, key=lambda key: (key is None, names.get(key, ""))):
        figures = grouped[pk]
        row = sheet.next_row
        sheet.row([names.get(pk, "无园区") if pk else "无园区", int(figures["n"]), figures["planned"],
                   *[figures[name] if index < months else None for index, name in enumerate(MONTH_FIELDS)],
                   f"=SUM(D{row}:O{row})", f'=IF(C{row}>0,ROUND(P{row}/C{row}*100,1),"")'], formulas={15, 16})
    sheet.totals(first, [1, 2, *range(3, 16)])


def _funds(book, as_of, park):
    unit = park or district()
    sheet = Sheet(book, "资金到位", [("项目编号", "text", 16), ("项目名称", "text", 36), ("协议投资", "money", 14),
                                  ("累计到位", "money", 14), ("到位率（%）", "pct", 11)])
    first = sheet.next_row
    for code, name, agreed, arrived in (promotion.fund_projects(unit, as_of).order_by("code")
                                        .values_list("code", "name", "agreed", "arrived")):
        row = sheet.next_row
        sheet.row([code, name, agreed, arrived, f'=IF(C{row}>0,ROUND(D{row}/C{row}*100,1),"")'], formulas={4})
    total = sheet.totals(first, [2, 3])
    sheet.row([None, "合计到位率（%）", None, None, f'=IF(C{total}>0,ROUND(D{total}/C{total}*100,1),"")'],
              formulas={4}, bold=True)


def _scorecards(book, figures: Figures):
    sheet = Sheet(book, "部门考评", [("部门", "text", 20), ("收件数", "int", 8), ("按时报到率（%）", "pct", 12),
                                  ("平均响应（工作小时）", "pct", 12), ("办结率（%）", "pct", 10),
                                  ("解决率（%）", "pct", 10), ("逾期率（%）", "pct", 10), ("平均满意度", "pct", 10)],
                  unit="件、%")
    first = sheet.next_row
    for card in figures.raw["scorecards"]:
        sheet.row([card.department.name, *[card[key].value for key in
                                           ("received", "on_time", "response", "closed", "solved", "overdue",
                                            "rating")]])
    sheet.totals(first, [1])


def _targets(book, figures: Figures):
    sheet = Sheet(book, "招商目标", [("指标", "text", 18), ("期间", "text", 16), ("目标", "money", 12),
                                  ("完成", "money", 12), ("单位", "text", 8), ("完成率（%）", "pct", 11)], unit="见各行")
    for target in figures.context["promotion"]["targets"]:
        row = sheet.next_row
        sheet.row([target["metric"], target["period"], Decimal(target["target"].replace(",", "")),
                   Decimal(target["actual"].replace(",", "")), target["unit"],
                   f'=IF(C{row}>0,ROUND(D{row}/C{row}*100,1),"")'], formulas={5})


def build(figures: Figures, month: dt.date, park=None) -> bytes:
    year, as_of = month.year, dt.date.fromisoformat(figures.context["doc"]["data_date"])
    projects = scope_projects(park)
    book = new_book()
    _register_styles(book)
    _overview(book, figures)
    _lists(book, year, as_of, projects)
    _project_months(book, year, as_of, projects)
    _park_months(book, year, as_of, projects, park)
    _funds(book, as_of, park)
    _scorecards(book, figures)
    _targets(book, figures)
    buffer = io.BytesIO()
    book.save(buffer)
    return _inject(buffer.getvalue(), book)
