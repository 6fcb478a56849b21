"""The monthly figures workflow of key enterprises, the same shape as monthly project reports.

draft → submitted → (returned → submitted)* → approved; an approved month changes only through
``correct_figures`` with a reason. Status moves are compare-and-set ``update()``s, so two reviewers
acting at once cannot both succeed.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.lib import changes as history
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import events
from .models import INDICATOR_FIELDS, FiguresStatus, KeyEnterprise, MonthlyFigures

EDITABLE = (FiguresStatus.DRAFT, FiguresStatus.RETURNED)


class WorkflowRefused(Exception):
    """An action the figures' status does not allow; the message says why in Chinese."""


def _url(figures):
    return reverse("monitoring_enterprise", args=[figures.enterprise_id])


def _reviewers(enterprise):
    return recipients.park_staff(enterprise.park_id) if enterprise.park_id else recipients.coordinators()


def _changes(figures, data):
    after = {name: data[name] for name in INDICATOR_FIELDS if name in data}
    return history.diff(figures, after, model=MonthlyFigures)


def _move(figures, *, allowed_from, to, **fields):
    updated = MonthlyFigures.objects.filter(pk=figures.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **fields)
    if not updated:
        figures.refresh_from_db()
        raise WorkflowRefused(f"该月数据当前状态为“{figures.get_status_display()}”，不能执行此操作（可能已被他人处理）。")
    figures.refresh_from_db()
    return figures


def list_enterprise(enterprise, *, actor, since=None, note="") -> KeyEnterprise:
    """Put an enterprise on the key list (idempotent)."""
    listing, _ = KeyEnterprise.objects.get_or_create(
        enterprise=enterprise, defaults={"since": since or timezone.localdate(), "note": note})
    return listing


def save_draft(enterprise, year, month, *, actor, data) -> MonthlyFigures:
    """Create or change the draft of ``enterprise``'s figures for ``year``/``month`` (never a month to come)."""
    today = timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise WorkflowRefused(f"{year}年{month}月尚未结束，不能填报。")
    with transaction.atomic():
        figures, created = MonthlyFigures.objects.select_for_update().get_or_create(
            enterprise=enterprise, year=year, month=month,
            defaults={name: data.get(name) for name in INDICATOR_FIELDS if name in data})
        if created:
            events.created(figures, actor=actor)
            return figures
        if figures.status not in EDITABLE:
            raise WorkflowRefused(f"{figures.period_label}数据{figures.get_status_display()}，不能再修改"
                                  + ("；如需更正，请由审核人填写更正原因。" if figures.status == FiguresStatus.APPROVED else "。"))
        changes = _changes(figures, data)
        for name in INDICATOR_FIELDS:
            if name in data:
                setattr(figures, name, data[name])
        figures.version += 1
        figures.save()
        if changes:
            events.edited(figures, actor=actor, changes=changes)
        return figures


def submit(figures, *, actor) -> MonthlyFigures:
    if all(getattr(figures, name) is None for name in INDICATOR_FIELDS):
        raise WorkflowRefused(f"{figures.period_label}数据一项也未填写，不能报送。")
    with transaction.atomic():
        figures = _move(figures, allowed_from=EDITABLE, to=FiguresStatus.SUBMITTED, submitted_at=timezone.now(),
                        submitted_by=actor)
        events.submitted(figures, actor=actor)
        notify(_reviewers(figures.enterprise), kind=NotificationKind.REPORT_SUBMITTED,
               title=f"待审核：{figures.enterprise.name} {figures.period_label}经营数据", url=_url(figures))
        return figures


def return_figures(figures, *, actor, reason) -> MonthlyFigures:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowRefused("退回须填写退回原因，告诉企业需要修改什么。")
    with transaction.atomic():
        figures = _move(figures, allowed_from=[FiguresStatus.SUBMITTED], to=FiguresStatus.RETURNED,
                        return_reason=reason, reviewed_at=timezone.now(), reviewed_by=actor)
        events.returned(figures, actor=actor, reason=reason)
        notify([*recipients.enterprise_users(figures.enterprise_id), figures.submitted_by],
               kind=NotificationKind.REPORT_RETURNED, title=f"经营数据被退回：{figures.period_label}",
               body=f"退回原因：{reason}", url=_url(figures))
        return figures


def approve(figures, *, actor) -> MonthlyFigures:
    with transaction.atomic():
        figures = _move(figures, allowed_from=[FiguresStatus.SUBMITTED], to=FiguresStatus.APPROVED,
                        return_reason="", reviewed_at=timezone.now(), reviewed_by=actor)
        events.approved(figures, actor=actor)
        fill_year_revenue(figures.enterprise, figures.year, actor=actor)
        notify([*recipients.enterprise_users(figures.enterprise_id), figures.submitted_by],
               kind=NotificationKind.REPORT_APPROVED, title=f"经营数据已审核：{figures.period_label}",
               url=_url(figures), email=False)
        return figures


def correct(figures, *, actor, data, reason) -> MonthlyFigures:
    """Change an approved month's figures: the reason and the old values stay in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowRefused("更正已审核的数据须填写更正原因。")
    with transaction.atomic():
        figures = MonthlyFigures.objects.select_for_update().get(pk=figures.pk)
        if figures.status != FiguresStatus.APPROVED:
            raise WorkflowRefused("只有已审核的数据需要更正；未审核的数据请直接修改。")
        changes = _changes(figures, data)
        if not changes:
            raise WorkflowRefused("更正内容与原数据相同，未做任何修改。")
        for name in INDICATOR_FIELDS:
            if name in data:
                setattr(figures, name, data[name])
        figures.version += 1
        figures.save()
        events.corrected(figures, actor=actor, reason=reason, changes=changes)
        return figures


def period(value: str) -> tuple[int, int]:
    """'2026-03' → (2026, 3), or a Chinese error."""
    try:
        day = dt.datetime.strptime(value.strip(), "%Y-%m")
    except (ValueError, AttributeError):
        raise WorkflowRefused(f"年月“{value}”格式不对，应为 YYYY-MM，例如 2026-03。") from None
    return day.year, day.month


def drop_rules():
    """Every indicator's drop condition, creating the defaults on first use (idempotent)."""
    from .models import DROP_DEFAULTS, DropRule

    rules = {rule.indicator: rule for rule in DropRule.objects.all()}
    missing = [DropRule(indicator=key, fall=fall, months=months) for key, (fall, months) in DROP_DEFAULTS.items()
               if key not in rules]
    if missing:
        DropRule.objects.bulk_create(missing, ignore_conflicts=True)
        rules = {rule.indicator: rule for rule in DropRule.objects.all()}
    return rules


def scan_drops(today, grade) -> dict:
    """Raise, move and close 重点企业指标下滑 warnings for the last month before ``today``.

    ``grade(fall_percent) -> level | None`` is the early-warning rule's grading (alerts passes its
    thresholds); an indicator's own condition (fall, consecutive months) decides whether it is a drop
    at all. Returns counts. Called by the alerts scan through its rule 重点企业指标下滑.
    """
    from . import calculations, services
    from .models import INDICATOR_LABELS, DropStatus, DropWarning

    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    months = services.window(year, month, span=24)
    panels = services.panels(KeyEnterprise.objects.values("enterprise_id"), months)
    found = {}
    for indicator, rule in drop_rules().items():
        if not rule.enabled:
            continue
        panel = panels[indicator]
        if not panel.ids:
            continue
        falls = calculations.consecutive_drops(panel.values, float(rule.fall), rule.months)
        for i, value in enumerate(falls):
            if value != value:  # NaN: no drop
                continue
            level = grade(-value)
            if level is None:
                continue
            found[(panel.ids[i], indicator)] = (level, round(value, 1), (
                f"{year}年{month}月{INDICATOR_LABELS[indicator]}同比 {value:.1f}%"
                + (f"，已连续 {rule.months} 个月降幅超过 {rule.fall}%" if rule.months > 1 else f"，降幅超过 {rule.fall}%")))
    counts = {"raised": 0, "changed": 0, "closed": 0}
    now = timezone.now()
    with transaction.atomic():
        active = {(w.enterprise_id, w.indicator): w for w in DropWarning.objects.select_for_update()
                  .exclude(status=DropStatus.CLOSED)}
        new = [DropWarning(enterprise_id=pk, indicator=indicator, level=level, measure=measure, cause=cause,
                           year=year, month=month) for (pk, indicator), (level, measure, cause) in found.items()
               if (pk, indicator) not in active]
        DropWarning.objects.bulk_create(new)
        counts["raised"] = len(new)
        for key, warning in active.items():
            if key not in found:
                warning.status, warning.closed_at = DropStatus.CLOSED, now
                warning.save(update_fields=["status", "closed_at"])
                counts["closed"] += 1
            elif found[key][0] != warning.level or (warning.year, warning.month) != (year, month):
                warning.level, warning.measure, warning.cause = found[key]
                warning.year, warning.month = year, month
                warning.save(update_fields=["level", "measure", "cause", "year", "month"])
                counts["changed"] += 1
        by_park = {}
        for warning in new:
            by_park.setdefault(warning.enterprise_id, []).append(warning)
        if new:
            from tuijin.enterprises.models import Enterprise

            parks = dict(Enterprise.objects.filter(pk__in=by_park).values_list("pk", "park_id"))
            names = dict(Enterprise.objects.filter(pk__in=by_park).values_list("pk", "name"))
            for pk, items in by_park.items():
                people = recipients.park_staff(parks[pk]) if parks.get(pk) else recipients.coordinators()
                notify(people, kind=NotificationKind.WARNING, title=f"重点企业指标下滑：{names[pk]}",
                       body="\n".join(item.cause for item in items),
                       url=reverse("monitoring_enterprise", args=[pk]))
    return counts


def fill_year_revenue(enterprise, year, *, actor):
    """Once all twelve months of ``year`` are approved with 营业收入, write their sum as the year's revenue
    (企业年度经营数据) when the enterprise has not reported one: the 小升规 candidates (policies.growth)
    read that figure, so an enterprise whose monthly revenue crosses the 规上 line appears there.
    A revenue the enterprise reported itself is never overwritten. Returns the sum written, or None."""
    from django.db.models import Count, Sum

    from tuijin.enterprises import actions as enterprise_actions
    from tuijin.enterprises.models import EnterpriseYearFigures

    months = (MonthlyFigures.objects.filter(enterprise=enterprise, year=year, status=FiguresStatus.APPROVED,
                                            revenue__isnull=False)
              .aggregate(months=Count("pk"), total=Sum("revenue")))
    if months["months"] < 12:
        return None
    if EnterpriseYearFigures.objects.filter(enterprise=enterprise, year=year, revenue__isnull=False).exists():
        return None
    enterprise_actions.save_year_figures(enterprise, year, actor=actor, data={"revenue": months["total"]})
    return months["total"]


def review_many(figures_list, *, actor, approve, reason="") -> tuple[list, list]:
    """Approve, or return with one reason, many submitted months at once: (moved, left as a colleague left them).

    A month ``actor`` may not review refuses the whole batch before anything is written; one no longer
    已报送 (handled meanwhile) is skipped. Each moved month gets its own event.
    """
    from .access import can_review

    reason = (reason or "").strip()
    if not approve and not reason:
        raise WorkflowRefused("退回须填写退回原因，告诉企业需要修改什么。")
    figures_list = list(figures_list)
    if not figures_list:
        raise WorkflowRefused("请先勾选要审核的月度数据。")
    forbidden = [f for f in figures_list if not can_review(actor, f.enterprise)]
    if forbidden:
        raise WorkflowRefused(f"所选数据中有 {len(forbidden)} 份不归您审核（{forbidden[0]}），未做任何改动。")
    moved, stale = [], []
    with transaction.atomic():
        for figures in figures_list:
            try:
                (approve_one if approve else return_one)(figures, actor=actor, reason=reason)
                moved.append(figures)
            except WorkflowRefused:
                stale.append(figures)
    return moved, stale


def approve_one(figures, *, actor, reason=""):
    return approve(figures, actor=actor)


def return_one(figures, *, actor, reason):
    return return_figures(figures, actor=actor, reason=reason)
