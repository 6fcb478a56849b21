"""The department scorecard as the bureau's Excel sheet (``tuijin.lib.xlsx`` layout)."""

from tuijin.lib.xlsx import Column, download, workbook


def _fraction(value):
    """Percentages go to Excel as fractions, formatted 0.0 %, so the sheet can still compute with them."""
    return None if value is None else float(value) / 100


def scorecard_workbook(cards, start, end):
    title = f"部门问题办理考评（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）"
    columns = [
        Column("序号", 6, "int"), Column("部门", 26), Column("收件数", 10, "int", total=True),
        Column("按时报到率", 12, "percent"), Column("平均响应时长（工作小时）", 14),
        Column("办结率", 10, "percent"), Column("解决率", 10, "percent"), Column("逾期率", 10, "percent"),
        Column("平均满意度（分）", 12),
    ]
    rows = [
        [number, card.department.name, card["received"].value, _fraction(card["on_time"].value),
         card["response"].value, _fraction(card["closed"].value), _fraction(card["solved"].value),
         _fraction(card["overdue"].value), card["rating"].value]
        for number, card in enumerate(cards, start=1)
    ]
    content = workbook(title, columns, rows, unit="件；率为百分比；响应时长按工作时间计", sheet_name="部门考评")
    return download(content, f"部门考评_{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
