"""Planned against actual dates of a project's milestones, for the lifecycle timeline."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .models import Milestone, actual_field, planned_field


@dataclass
class MilestoneRow:
    milestone: Milestone
    planned: date | None
    actual: date | None
    status: str  # done, late, overdue, upcoming, unplanned
    days_late: int = 0

    @property
    def status_label(self):
        return {
            "done": "按期完成" if self.planned else "已完成",
            "late": f"延期{self.days_late}天完成",
            "overdue": f"已逾期{self.days_late}天",
            "upcoming": "未到期",
            "unplanned": "未计划",
        }[self.status]


def milestone_rows(project, today: date | None = None) -> list[MilestoneRow]:
    today = today or timezone.localdate()
    rows = []
    for milestone in Milestone:
        planned = getattr(project, planned_field(milestone))
        actual = getattr(project, actual_field(milestone))
        if actual:
            late = (actual - planned).days if planned else 0
            rows.append(MilestoneRow(milestone, planned, actual, "late" if late > 0 else "done", max(late, 0)))
        elif planned and planned < today:
            rows.append(MilestoneRow(milestone, planned, None, "overdue", (today - planned).days))
        elif planned:
            rows.append(MilestoneRow(milestone, planned, None, "upcoming"))
        else:
            rows.append(MilestoneRow(milestone, None, None, "unplanned"))
    return rows
