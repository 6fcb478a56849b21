"""Changing rules and running 免申即享: save a clause (validated, versioned), compute a run, review
each row, publish. Every step writes a ``PolicyEvent``; status moves are compare-and-set updates.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import autogrant, events, matching
from .models import (
    AutoGrantItem, AutoGrantJob, AutoGrantRun, Clause, ClauseVersion, ItemStatus, JobStatus, PolicyEvent, RunStatus,
)

VERSIONED = ("title", "definition")  # a change to these is a new rule version; wording elsewhere is not


class PolicyRefused(Exception):
    """An action the rules of the workflow do not allow; the message says why in Chinese."""


def save_clause(clause: Clause, *, actor, data: dict, note="") -> Clause:
    """Create or change a clause; a malformed rule is refused with every problem listed.

    A change to its title or rule bumps the version and keeps the new version as a ``ClauseVersion``,
    so results computed before still name (and can show) the rule they used.
    """
    with transaction.atomic():
        if clause.pk:
            clause = Clause.objects.select_for_update().get(pk=clause.pk)
        created = clause.pk is None
        changed = [name for name in VERSIONED if name in data and getattr(clause, name) != data[name]]
        for name, value in data.items():
            setattr(clause, name, value)
        clause.full_clean()
        if not created and not changed:
            clause.save()
            return clause
        if not created:
            clause.version += 1
        clause.save()
        ClauseVersion.objects.create(clause=clause, version=clause.version, title=clause.title,
                                     definition=clause.definition, created_by=actor, note=note)
        events.clause_saved(clause, actor=actor, note=note, changed=changed)
        return clause


def create_run(*, actor, data_year: int, as_of: dt.date, enterprises, title="") -> AutoGrantRun:
    """Evaluate every automatic clause in force on ``as_of`` over ``enterprises`` with ``data_year``'s figures,
    here and now (commands, other apps' callers): the job's own path (``autogrant.run``) run inline, so a
    run is computed one way whoever asks. The page starts it as a huey job instead (``autogrant.start``).

    The eligible pairs become rows waiting for review, each with its amount, its reasons and the
    rule version used; the run records the versions and the date so it can be reproduced.
    """
    if not matching.active_clauses(as_of, automatic=True).exists():
        raise PolicyRefused(autogrant.NO_CLAUSES)
    job = AutoGrantJob.objects.create(
        title=title or f"{as_of:%Y年%m月%d日} 免申即享测算（{data_year}年数据）", data_year=data_year, as_of=as_of,
        created_by=actor)
    job = autogrant.run(job.pk, enterprises)
    if job.status != JobStatus.DONE:
        raise PolicyRefused(job.message)
    return job.run


def _decision(approve: bool, reason) -> tuple[str, str]:
    """The one rule of a 免申即享 decision: approve, or exclude with a reason. Returns (status, stored reason)."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise PolicyRefused("排除须填写原因，例如：企业已申请同类补助、存在失信记录。")
    return (ItemStatus.APPROVED, "") if approve else (ItemStatus.EXCLUDED, reason)


def decide_item(item: AutoGrantItem, *, actor, approve: bool, reason="") -> AutoGrantItem:
    """Approve a row, or exclude it with a reason; either can be changed until the run is published."""
    status, stored = _decision(approve, reason)
    with transaction.atomic():
        updated = AutoGrantItem.objects.filter(pk=item.pk, run__status=RunStatus.REVIEWING).update(
            status=status, reason=stored, reviewed_by=actor, reviewed_at=timezone.now())
        if not updated:
            raise PolicyRefused("该批次已发布，不能再修改审核结果。")
        item.refresh_from_db()
        events.item_decided(item, actor=actor, approve=approve, reason=stored)
        return item


@dataclass
class BulkDecision:
    decided: int = 0  # rows set to the decision now, each with its event
    unchanged: int = 0  # rows that already carried exactly this decision: no new event


def decide_items(run: AutoGrantRun, items, *, actor, approve: bool, reason="") -> BulkDecision:
    """Approve or exclude many rows of one run (ticked, or all that match the page's filter) at once.

    The rule is ``decide_item``'s (``_decision``: an exclusion needs a reason; a published run is
    closed). ``items`` is a queryset of the run's rows; what may not be acted on refuses the whole
    batch before anything is written — a published run, or a row of another run (a stale or forged
    form) — since applying part of a selection would leave the reviewer guessing. Rows that already
    carry exactly this decision are skipped and counted, not logged again. One transaction, one
    ``UPDATE`` and one ``PolicyEvent`` per changed row in one insert, whatever the number of rows.
    """
    status, stored = _decision(approve, reason)
    with transaction.atomic():
        if not AutoGrantRun.objects.select_for_update().filter(pk=run.pk, status=RunStatus.REVIEWING).exists():
            raise PolicyRefused("该批次已发布，不能再修改审核结果。")
        rows = list(items.select_for_update().values_list("pk", "run_id", "status", "reason"))
        if any(run_id != run.pk for _, run_id, *_ in rows):
            raise PolicyRefused("所选记录不属于本批次，未做任何改动，请刷新页面后重试。")
        changing = [pk for pk, _, current, why in rows if (current, why) != (status, stored)]
        outcome = BulkDecision(decided=len(changing), unchanged=len(rows) - len(changing))
        if changing:
            AutoGrantItem.objects.filter(pk__in=changing).update(
                status=status, reason=stored, reviewed_by=actor, reviewed_at=timezone.now())
            PolicyEvent.objects.bulk_create(
                [events.item_decided_row(pk, run, actor=actor, approve=approve, reason=stored) for pk in changing],
                batch_size=2000)
        return outcome


def publish_run(run: AutoGrantRun, *, actor) -> AutoGrantRun:
    """Close the review: every row must be decided; each enterprise with approved rows is told in its inbox."""
    with transaction.atomic():
        pending = run.items.filter(status=ItemStatus.PENDING).count()
        if pending:
            raise PolicyRefused(f"还有 {pending} 条待审核，全部审核后才能发布。")
        updated = AutoGrantRun.objects.filter(pk=run.pk, status=RunStatus.REVIEWING).update(
            status=RunStatus.PUBLISHED, published_by=actor, published_at=timezone.now())
        if not updated:
            raise PolicyRefused("该批次已发布。")
        run.refresh_from_db()
        approved = run.items.filter(status=ItemStatus.APPROVED).select_related("clause__policy", "enterprise")
        by_enterprise = defaultdict(list)
        for item in approved:
            by_enterprise[item.enterprise].append(item)
        _tell_enterprises(by_enterprise)
        events.run_published(run, actor=actor, approved=sum(len(v) for v in by_enterprise.values()),
                             enterprises=len(by_enterprise))
        return run


def _tell_enterprises(by_enterprise):
    users = defaultdict(list)
    for user in recipients.enterprise_users(*by_enterprise):
        users[user.enterprise_id].append(user)
    for enterprise, items in by_enterprise.items():
        total = sum((item.amount or Decimal(0) for item in items), Decimal(0))
        lines = [f"{item.clause.policy.title}·{item.clause.title}：{item.amount} 万元" for item in items]
        notify(users[enterprise.pk], kind=NotificationKind.AUTO_GRANT_APPROVED,
               title=f"免申即享：您有 {len(items)} 项政策支持已审核通过，合计 {total} 万元",
               body="无需申报，资金将按程序拨付。\n" + "\n".join(lines),
               url=reverse("policy_enterprise", args=[enterprise.pk]) + "#granted")
