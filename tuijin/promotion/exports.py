"""The funnel and the target table as the bureau's Excel sheets (title, units row, frozen header)."""

from decimal import Decimal

from tuijin.lib import xlsx


def _unit_name(unit):
    return unit.name if unit is not None else "全区"


def _ratio(percent):
    """A percentage (12.5) as the fraction Excel's percent format expects (0.125)."""
    return None if percent is None else percent / Decimal(100)


FUNNEL_COLUMNS = [
    xlsx.Column("阶段", 22), xlsx.Column("线索数", 10, "int"), xlsx.Column("转化率（较上一阶段）", 16, "percent"),
    xlsx.Column("距上一阶段中位天数", 18), xlsx.Column("计算天数的线索数", 16, "int"),
]


def funnel_rows(steps, conversions, fund):
    for step in steps:
        yield [step.stage.label, step.reached, _ratio(step.conversion),
               None if step.median_days is None else float(step.median_days), step.samples or None]
    for conversion in conversions:
        yield [conversion.label, conversion.numerator, _ratio(conversion.rate), None, conversion.denominator]
    yield ["资金到位率（到位/协议）", None, _ratio(fund.rate), None, None]


def funnel_workbook(steps, conversions, fund, unit, cohort_year):
    scope = f"{_unit_name(unit)}{f'（{cohort_year}年登记的线索）' if cohort_year else ''}"
    title = f"{scope}招商线索转化漏斗"
    content = xlsx.workbook(title, FUNNEL_COLUMNS, funnel_rows(steps, conversions, fund), unit="个、天",
                            sheet_name="转化漏斗")
    return xlsx.download(content, f"{title}.xlsx")


TARGET_COLUMNS = [
    xlsx.Column("序号", 6, "int"), xlsx.Column("单位", 20), xlsx.Column("期间", 16), xlsx.Column("指标", 18),
    xlsx.Column("计量单位", 9), xlsx.Column("目标值", 12), xlsx.Column("完成值", 12),
    xlsx.Column("完成率", 9, "percent"), xlsx.Column("是否完成", 9),
]


def target_rows(progress):
    """Counts as whole numbers and amounts in 万元, so a column mixes no "3.00 个"."""
    for number, row in enumerate(progress, start=1):
        target = row.target.value if row.measure.money else int(row.target.value)
        actual = row.actual if row.measure.money else int(row.actual)
        yield [number, row.target.unit.name, row.period.label, row.measure.label, row.measure.unit_label,
               target, actual, _ratio(row.rate), "是" if row.met else "否"]


def targets_workbook(year, unit, progress):
    title = f"{_unit_name(unit)}{year}年招商引资目标任务完成情况"
    content = xlsx.workbook(title, TARGET_COLUMNS, target_rows(progress), unit="个、万元", sheet_name="目标任务")
    return xlsx.download(content, f"{title}.xlsx")
