"""The enterprise facts a rule may test, how each is shown, and the built-in derived fields.

A rule names fields by their English key (``rd_ratio``); people read the Chinese label and the
value in its unit ("研发投入占比 2.4%"). Derived fields are written in the same small expression
language that a clause may use for its own (``derived:``), so one validator checks both.
Each field says whether it ``grows`` (see ``Field``): that, not a list of special cases, decides
which unmet conditions make a clause "差一点". Every value is a float inside the engines (``nan`` = no data); booleans are 1.0/0.0 and codes
are numbers (the GB/T 4754 大类 "39" is 39.0).
"""

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal


class Kind:
    MONEY = "money"  # 万元, two decimals
    COUNT = "count"  # 人
    AREA = "area"  # 平方米
    RATIO = "ratio"  # a share: 0.03 is shown as 3%, differences in 个百分点
    YEARS = "years"  # a duration in years
    YEAR = "year"  # a calendar year
    BOOL = "bool"  # 是 / 否
    CODE = "code"  # a category number compared with == / in (GB/T 4754 大类)
    LEVEL = "level"  # an ordered grade (专精特新 0–3)


NUMERIC = {Kind.MONEY, Kind.COUNT, Kind.AREA, Kind.RATIO, Kind.YEARS, Kind.YEAR, Kind.LEVEL}
UNITS = {Kind.MONEY: " 万元", Kind.COUNT: " 人", Kind.AREA: " 平方米", Kind.YEARS: " 年", Kind.YEAR: " 年"}
SRDI_LEVELS = {0: "无", 1: "创新型中小企业", 2: "专精特新中小企业", 3: "专精特新“小巨人”企业"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str
    expr: object = None  # the expression of a derived field; None for a base field
    # An enterprise can reach a higher value by growing (营收、人数、研发投入 …, or time for 成立年限):
    # a "≥"/">" condition on it that fails is a near miss (差一点). A qualification, a code, a
    # level or a past figure cannot be grown into, so a condition failing on it never is.
    grows: bool = False


BASE_FIELDS = [
    Field("revenue", "营业收入", Kind.MONEY, grows=True),
    Field("revenue_prev", "上年营业收入", Kind.MONEY),
    Field("tax", "纳税额", Kind.MONEY, grows=True),
    Field("rd_spend", "研发投入", Kind.MONEY, grows=True),
    Field("employees", "从业人数", Kind.COUNT, grows=True),
    Field("rd_staff", "研发人员", Kind.COUNT, grows=True),
    Field("exports", "出口额", Kind.MONEY, grows=True),
    Field("hightech_revenue", "高新技术产品（服务）收入", Kind.MONEY, grows=True),
    Field("equipment_investment", "设备投资", Kind.MONEY, grows=True),
    Field("new_talent", "新引进高层次人才", Kind.COUNT, grows=True),
    Field("leased_area", "租用生产经营用房面积", Kind.AREA, grows=True),
    Field("rent_paid", "年租金", Kind.MONEY, grows=True),
    Field("founded_year", "成立年份", Kind.YEAR),
    Field("industry_code", "行业大类代码", Kind.CODE),
    Field("is_industrial", "工业企业", Kind.BOOL),
    Field("is_above_scale", "规上企业", Kind.BOOL),
    Field("is_high_tech", "高新技术企业", Kind.BOOL),
    Field("is_tech_sme", "科技型中小企业", Kind.BOOL),
    Field("is_srdi", "专精特新企业", Kind.BOOL),
    Field("srdi_level", "专精特新等级", Kind.LEVEL),
]

DERIVED_FIELDS = [
    Field("rd_ratio", "研发投入占比", Kind.RATIO, {"divide": ["rd_spend", "revenue"]}, grows=True),
    Field("rd_staff_ratio", "研发人员占比", Kind.RATIO, {"divide": ["rd_staff", "employees"]}, grows=True),
    Field("hightech_revenue_ratio", "高新技术产品收入占比", Kind.RATIO, {"divide": ["hightech_revenue", "revenue"]},
          grows=True),
    Field("years_since_founding", "成立年限", Kind.YEARS, {"years_since": "founded_year"}, grows=True),
    Field("revenue_growth", "营业收入增长率", Kind.RATIO,
          {"subtract": [{"divide": ["revenue", "revenue_prev"]}, 1]}, grows=True),
    Field("high_tech_rd_ratio_required", "高企研发投入占比要求", Kind.RATIO,
          {"lookup": {"param": "high_tech_rd_ratio", "by": "revenue"}}),
]

CATALOGUE = {field.name: field for field in BASE_FIELDS + DERIVED_FIELDS}
BASE_NAMES = [field.name for field in BASE_FIELDS]


def _decimal(x):
    return Decimal(repr(float(x)))


def _plain(number: Decimal) -> str:
    """1850.50 → "1,850.5"; 2000.00 → "2,000": people do not write trailing zeros in sentences."""
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(field: Field, x: float, rounding=ROUND_HALF_UP) -> str:
    """``x`` in the field's unit; ``rounding`` lets a shortfall never be hidden by rounding (2.996% → 2.99%)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "无数据"
    if field.kind == Kind.BOOL:
        return "是" if x else "否"
    if field.kind == Kind.LEVEL:
        return SRDI_LEVELS.get(int(x), str(int(x)))
    if field.kind == Kind.CODE:
        return f"{int(x):02d}"
    if field.kind == Kind.YEAR:
        return f"{int(x)} 年"
    if field.kind == Kind.RATIO:
        return _plain((_decimal(x) * 100).quantize(Decimal("0.01"), rounding=rounding)) + "%"
    return _plain(_decimal(x).quantize(Decimal("0.01"), rounding=rounding)) + UNITS.get(field.kind, "")


def format_gap(field: Field, gap: float) -> str:
    """A shortfall or excess, rounded up so that closing it is enough (0.0001 → "0.01 个百分点")."""
    gap = round(abs(gap), 9)
    if field.kind == Kind.RATIO:
        return _plain((_decimal(gap) * 100).quantize(Decimal("0.01"), rounding=ROUND_CEILING)) + " 个百分点"
    if field.kind == Kind.YEAR:
        return f"{math.ceil(gap)} 年"
    if field.kind == Kind.LEVEL:
        return f"{math.ceil(gap)} 级"
    return _plain(_decimal(gap).quantize(Decimal("0.01"), rounding=ROUND_CEILING)) + UNITS.get(field.kind, "")


FLOOR, CEILING = ROUND_FLOOR, ROUND_CEILING
