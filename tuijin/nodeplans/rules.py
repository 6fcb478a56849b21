"""The node plan's rules, each defined once: what the form, the command and the action all check."""

import datetime as dt

from . import schedule
from .models import NodeStatus, PlanStatus

MAX_DURATION = 365  # working days: a node longer than a year is a typo, not a procedure
MAX_EXTENSION = 120


class Refused(Exception):
    """An action the rules do not allow; the message says why, in the users' words."""


def check_duration(days) -> int:
    if not isinstance(days, int) or days < 1 or days > MAX_DURATION:
        raise Refused(f"办理时限须为 1—{MAX_DURATION} 个工作日。")
    return days


def check_extension_days(days) -> int:
    if not isinstance(days, int) or days < 1 or days > MAX_EXTENSION:
        raise Refused(f"延期天数须为 1—{MAX_EXTENSION} 个工作日。")
    return days


def check_open(node):
    if node.status == NodeStatus.DONE:
        raise Refused(f"节点“{node.name}”已办结，不能再调整。")


def check_proposable(plan):
    if plan.status != PlanStatus.DRAFT:
        raise Refused(f"促建流程{plan.get_status_display()}，责任单位只能在编制中提出办理时限；"
                      "批准后请申请延期。")


def check_done_date(node, finished_on: dt.date, today: dt.date):
    if finished_on > today:
        raise Refused("实际完成日期不能晚于今天。")
    if finished_on < node.plan.start_date - dt.timedelta(days=366):
        raise Refused("实际完成日期早于流程起始日期一年以上，请核对。")


def check_flow(name: str, rows) -> None:
    """A template's nodes, as ``rows`` of {code, name, duration_workdays, links: [(code, lag)…]}, can be scheduled:
    at least one node, codes unique, every predecessor one of its nodes, and no circle (named, in order)."""
    rows = list(rows)
    if not rows:
        raise Refused("模板至少要有一个节点。")
    codes = [row["code"] for row in rows]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise Refused(f"节点代码重复：{'、'.join(repeated)}。")
    for row in rows:
        unknown = [code for code, _lag in row["links"] if code not in codes]
        if unknown:
            raise Refused(f"节点“{row['name']}”的前置节点 {'、'.join(unknown)} 不存在。")
    try:
        schedule.order([schedule.Node(row["code"], row["name"], row["duration_workdays"], tuple(row["links"]))
                        for row in rows])
    except schedule.CycleFound as error:
        raise Refused(f"模板“{name}”{error}。") from None
