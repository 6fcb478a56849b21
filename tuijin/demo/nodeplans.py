"""Demo node plans (促建流程) on the district's key projects, made and worked through the real actions.

Provincial and municipal key projects in 前期手续 and 在谈/签约/注册 get the shipped flow for their kind
(产业化项目 for industrial ones, 政府投资项目 for the rest) from a start a few months back; the plans are
approved (baseline frozen), the nodes that should have finished by now are marked done — most on time,
some a few days late, and a few left open so that they show as overdue — and one extension waits.
"""

import datetime as dt
import random

from django.utils import timezone

from tuijin.accounts.models import Role, User
from tuijin.nodeplans import actions, library
from tuijin.nodeplans.models import NodePlan, NodeStatus, NodeTemplate, PlanLink, ProjectType
from tuijin.projects.models import Category, Level, Project, Stage

PLANS = 12


def seed_nodeplans(*, seed=2026, today: dt.date | None = None) -> int:
    """Make the demo plans; returns how many."""
    rng = random.Random(seed)
    library.load()
    today = today or timezone.localdate()
    coordinator = User.objects.filter(role=Role.COORDINATOR, username="coordinator").first() or \
        User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    templates = {t.project_type: t for t in NodeTemplate.objects.filter(code__in=["industrial", "government"])}
    candidates = list(Project.objects.filter(
        level__in=[Level.PROVINCIAL, Level.MUNICIPAL], node_plan__isnull=True, responsible_unit__isnull=False,
        stage__in=[Stage.PREPARATION, Stage.SIGNED, Stage.REGISTERED]).select_related("park", "responsible_unit")
        .order_by("-total_investment", "pk")[:PLANS])
    made = 0
    for index, project in enumerate(candidates):
        kind = ProjectType.INDUSTRIAL if project.category == Category.INDUSTRIAL else ProjectType.GOVERNMENT
        start = today - dt.timedelta(days=rng.randint(40, 200))
        plan = actions.apply_template(project, templates[kind], actor=coordinator, start_date=start)
        actions.approve_plan(plan, actor=coordinator)
        _work(plan, coordinator, today, rng, leave_late=index % 3 == 0)
        made += 1
    _one_extension(coordinator, rng)
    return made


def _work(plan, actor, today, rng, *, leave_late):
    """Finish, in order, the nodes whose predecessors are done and whose planned finish has passed."""
    preds = {}
    for link in PlanLink.objects.filter(successor__plan=plan).values("predecessor_id", "successor_id"):
        preds.setdefault(link["successor_id"], set()).add(link["predecessor_id"])
    skipped = 0
    while True:
        done = set(plan.nodes.filter(status=NodeStatus.DONE).values_list("pk", flat=True))
        ready = [node for node in plan.nodes.filter(status=NodeStatus.OPEN).order_by("planned_finish", "sort_order")
                 if preds.get(node.pk, set()) <= done and node.planned_finish < today - dt.timedelta(days=2)]
        if not ready:
            return
        node = ready[0]
        if leave_late and skipped < 2 and rng.random() < 0.3:
            # left open: it shows as overdue on the page, the to-do list and the warnings
            skipped += 1
            _hold(preds, node.pk)
            continue
        slip = rng.choice([0, 0, 0, 0, 1, 2, 4])
        finished = min(node.planned_finish + dt.timedelta(days=slip), today)
        number = rng.randint(3, 180)
        actions.mark_done(node, actor=actor, finished_on=finished, today=today,
                          evidence_no=f"锦{node.owner.short_name or node.owner.name[:2]}审〔{finished.year}〕{number}号")


def _hold(preds, pk):
    """Keep node ``pk`` open for good: make it wait on an id no node has."""
    preds.setdefault(pk, set()).add(-1)


def _one_extension(actor, rng):
    plan = NodePlan.objects.order_by("pk").first()
    if plan is None:
        return
    node = plan.nodes.filter(status=NodeStatus.OPEN).order_by("planned_start", "sort_order").first()
    clerk = User.objects.filter(role=Role.DEPARTMENT_CLERK, organisation=node.owner).first()
    actions.request_extension(node, actor=clerk or actor, days=rng.choice([5, 8, 10]),
                              reason="需补充专家评审意见，申请延长办理时限。")
