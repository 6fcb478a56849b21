"""The owners' inbox for nodes: once a day, each unit hears of its overdue and soon-due nodes.

One message per unit and kind a day (overdue, due soon), listing the nodes, sent to the unit's
clerks or park staff; run again the same day it sends nothing new (``manage.py notify_due_nodes``,
scheduled by huey in ``tasks.py``).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.notifications.models import Notification, NotificationKind
from tuijin.notifications.services import notify

from . import calculations
from .models import NodeStatus, PlanNode

LISTED = 8  # nodes named in one message; the to-do list has the rest


def run(today: dt.date | None = None, soon: int = calculations.DEFAULT_SOON) -> dict:
    today = today or timezone.localdate()
    horizon = calculations.workday_after(today, soon)
    nodes = calculations.annotate_lateness(
        PlanNode.objects.filter(status=NodeStatus.OPEN, planned_finish__lte=horizon)
        .select_related("plan__project", "owner").order_by("planned_finish", "pk"), today)
    by_unit = {}
    for node in nodes:
        kind = NotificationKind.NODE_OVERDUE if node.planned_finish < today else NotificationKind.NODE_DUE_SOON
        by_unit.setdefault((node.owner, kind), []).append(node)
    sent = {"units": 0, "messages": 0}
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    for (unit, kind), items in by_unit.items():
        people = [user for user in list(recipients.clerks(unit)) + list(recipients.park_staff(unit))
                  if not Notification.objects.filter(recipient=user, kind=kind, created_at__gte=start_of_day).exists()]
        if not people:
            continue
        if kind == NotificationKind.NODE_OVERDUE:
            title = f"{unit.name}有 {len(items)} 个促建节点已逾期"
            lines = [f"{n.plan.project.name}：{n.name}，计划 {n.planned_finish:%Y-%m-%d} 完成，已逾期 {n.overdue_days} 个工作日"
                     for n in items[:LISTED]]
        else:
            title = f"{unit.name}有 {len(items)} 个促建节点将在 {soon} 个工作日内到期"
            lines = [f"{n.plan.project.name}：{n.name}，计划 {n.planned_finish:%Y-%m-%d} 完成" for n in items[:LISTED]]
        if len(items) > LISTED:
            lines.append(f"……另有 {len(items) - LISTED} 个，见待办促建节点清单")
        notify(people, kind=kind, title=title, body="\n".join(lines), url=reverse("nodeplans_todo"))
        sent["units"] += 1
        sent["messages"] += len(people)
    return sent
