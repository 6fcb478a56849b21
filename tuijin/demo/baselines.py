"""Demo history for 基线对比: a scheduling meeting two weeks ago and the changes made since, through the real actions.

The demo district's projects carry a back-dated history (``district.seed``); this adds a held 调度会 and,
after it, a few slipped schedules, revised investments, stage moves and yearly-plan revisions, so that
the baseline page opened with its default ("since the last scheduling meeting") has something to show.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from tuijin.accounts.models import Role, User
from tuijin.coordination.models import Meeting, MeetingKind
from tuijin.progress.actions import save_yearly_plan
from tuijin.progress.models import YearlyPlan
from tuijin.projects import actions, lifecycle
from tuijin.projects.models import Milestone, Project, Stage, planned_field


def seed_baselines(*, seed=2026) -> int:
    """The meeting and the changes after it; returns how many changes were made."""
    rng = random.Random(seed)
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    now = timezone.now()
    held = timezone.localtime(now - dt.timedelta(days=14)).replace(hour=9, minute=30, second=0, microsecond=0)
    if not Meeting.objects.filter(kind=MeetingKind.SCHEDULING, held_at__lt=now).exists():
        Meeting.objects.create(kind=MeetingKind.SCHEDULING, title=f"{held:%-m月%-d日}重点项目调度会", held_at=held,
                               place="区政府3楼第一会议室", chaired_by="常务副区长", created_by=coordinator,
                               minutes="会议听取了重点项目推进情况汇报，明确了各项目下一步节点。")
    today = timezone.localdate()
    made = 0
    waiting = list(Project.objects.filter(stage__in=[Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION],
                                          planned_start_date__isnull=False).order_by("pk")[:40])
    for project in rng.sample(waiting, min(8, len(waiting))):
        days = rng.choice((15, 30, 31, 45, 60, 92))
        data = {name: getattr(project, name) + dt.timedelta(days=days)
                for name in map(planned_field, Milestone) if getattr(project, name)
                and list(Milestone).index(Milestone(name[8:-5])) >= list(Milestone).index(Milestone.START)}
        made += _edit(project, coordinator, data)
    for project in rng.sample(waiting, min(4, len(waiting))):
        factor = Decimal(rng.choice(("1.10", "1.25", "0.90")))
        project.refresh_from_db()
        made += _edit(project, coordinator, {"total_investment": (project.total_investment * factor).quantize(Decimal("0.01"))})
    ready = list(Project.objects.filter(stage=Stage.PREPARATION).order_by("pk")[:20])
    for project in rng.sample(ready, min(3, len(ready))):
        try:
            actions.change_stage(project, Stage.CONSTRUCTION, actor=coordinator, today=today, evidence=lifecycle.Evidence(
                date=today - dt.timedelta(days=rng.randint(1, 10)), permit_no=f"施工许可{today:%Y}{project.pk:05d}"))
            made += 1
        except lifecycle.TransitionRefused:
            pass
    plans = list(YearlyPlan.objects.filter(year=today.year).select_related("project").order_by("pk")[:40])
    for plan in rng.sample(plans, min(5, len(plans))):
        amount = (plan.planned_investment * Decimal(rng.choice(("1.15", "0.80", "1.30")))).quantize(Decimal("0.01"))
        save_yearly_plan(plan.project, plan.year, actor=coordinator, data={"planned_investment": amount})
        made += 1
    return made


def _edit(project, actor, data) -> int:
    project.refresh_from_db()
    try:
        actions.update_project(project, actor=actor, data=data, expected_version=project.version)
    except (lifecycle.TransitionRefused, actions.StaleEdit):
        return 0
    return 1
