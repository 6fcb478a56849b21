"""The node plan's rules, each defined once: what the form, the command and the action all check."""

import datetime as dt

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
