"""What one ledger record holds, read the same way from a district's rows and from a file.

Export and import compare values, so both sides go through :func:`normalise`: money as a string
with two places, dates as ISO strings, flags as booleans. The digest of a record's normalised
values is what ``ImportedRecord.digest`` keeps; a local row that no longer hashes to it was edited
at this level since the import.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from tuijin.lib import ledger
from tuijin.projects.models import Milestone, actual_field, planned_field

TWO_PLACES = Decimal("0.01")
DATE_FIELDS = ["stats_filed_on", *(name for milestone in Milestone
                                   for name in (planned_field(milestone), actual_field(milestone)))]
# Fields of a project record that are written into the upper level's project (``park`` by name).
PROJECT_VALUES = ["national_code", "name", "park", "stage", "category", "level", "industry_chain",
                  "total_investment", *DATE_FIELDS]
PLAN_VALUES = ["planned_investment", "plans_start", "plans_complete", "plans_operate", "plans_capacity"]
REPORT_VALUES = ["completed_investment", "funds_arrived"]
MONEY = {"total_investment", "planned_investment", "completed_investment", "funds_arrived"}
FLAGS = {"plans_start", "plans_complete", "plans_operate", "plans_capacity"}
VALUES = {"project": PROJECT_VALUES, "plan": PLAN_VALUES, "report": REPORT_VALUES}
NO_PARK = "区直项目"  # the park label of a district project that belongs to no park (the format needs one)

LABELS = {
    "national_code": "投资项目统一代码", "name": "项目名称", "park": "所在园区", "stage": "当前阶段",
    "category": "项目类别", "level": "项目级别", "industry_chain": "所属产业链", "total_investment": "总投资（万元）",
    "stats_filed_on": "入库入统日期", "planned_investment": "年度计划投资（万元）", "plans_start": "计划当年开工",
    "plans_complete": "计划当年竣工", "plans_operate": "计划当年投产", "plans_capacity": "计划当年达产",
    "completed_investment": "本月完成投资（万元）", "funds_arrived": "本月到位资金（万元）",
    **{planned_field(m): f"计划{m.label}日期" for m in Milestone},
    **{actual_field(m): f"实际{m.label}日期" for m in Milestone},
}


def money(value) -> str | None:
    if value is None or value == "":
        return None
    return str(Decimal(value).quantize(TWO_PLACES))


def normalise(kind: str, source: dict) -> dict:
    """The comparable values of a record of ``kind`` from a ledger line or a row's values."""
    values = {}
    for name in VALUES[kind]:
        value = source.get(name)
        if name in MONEY:
            value = money(value)
        elif name in FLAGS:
            value = bool(value)
        elif name in DATE_FIELDS:
            value = value.isoformat() if isinstance(value, dt.date) else (value or None)
        else:
            value = "" if value is None else str(value)
        values[name] = value
    return values


def digest(values: dict) -> str:
    return hashlib.sha256(ledger.dumps(values).encode()).hexdigest()


def plan_key(project_key: str, year: int) -> str:
    return f"{project_key}|{year}"


def report_key(project_key: str, year: int, month: int) -> str:
    return f"{project_key}|{year}-{month:02d}"


def to_model(name: str, value):
    """A normalised value as the model field takes it."""
    if name in MONEY:
        return None if value is None else Decimal(value)
    if name in DATE_FIELDS:
        return dt.date.fromisoformat(value) if value else None
    return value
