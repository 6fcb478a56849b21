"""Disposal of a warning by people: 签收 (acknowledge), 处置记录 (note), 处置完毕 (resolve).

Only the scan closes a warning (when its cause has cleared); people record what they did.
Status moves are compare-and-set ``update()``s so that two clerks acting at once cannot
both win, and each writes a ``WarningEvent``.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.accounts.access import can_dispose_warning
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from tuijin.lib import changes as history

from . import events
from .models import Warning, WarningEvent, WarningLevel, WarningRule, WarningStatus


class DisposalRefused(Exception):
    """A disposal step the warning's current status does not allow; the message says why in Chinese."""


def _move(warning, *, allowed_from, to):
    now = timezone.now()
    moved = Warning.objects.filter(pk=warning.pk, status__in=allowed_from).update(status=to, updated_at=now)
    if not moved:
        current = Warning.objects.filter(pk=warning.pk).values_list("status", flat=True).first()
        label = WarningStatus(current).label if current else "已删除"
        raise DisposalRefused(f"该预警当前为“{label}”，不能{'签收' if to == WarningStatus.ACKNOWLEDGED else '标记处置完毕'}。")
    warning.status = to
    return now


def acknowledge(warning, *, actor, note="") -> Warning:
    """The responsible unit takes the warning up (待处置 → 处置中)."""
    with transaction.atomic():
        now = _move(warning, allowed_from=[WarningStatus.OPEN], to=WarningStatus.ACKNOWLEDGED)
        events.acknowledged(warning, actor=actor, note=note.strip(), now=now)
    return warning


def acknowledge_many(warnings, *, actor) -> tuple[list, list]:
    """签收 many warnings at once: (signed, stale). One transaction, one event per warning signed.

    A warning ``actor`` may not dispose of (``can_dispose_warning``: another park's or unit's) refuses the
    whole batch before anything is written — a selection holding one is a mistake or a forged form.
    One no longer 待处置 (a colleague signed it, or the scan closed it) is skipped and counted: it needs
    no signature from this user, and the rest should not wait for a reload.
    """
    warnings = list(warnings)
    if not warnings:
        raise DisposalRefused("请先勾选要签收的预警。")
    forbidden = [warning for warning in warnings if not can_dispose_warning(actor, warning)]
    if forbidden:
        raise DisposalRefused(f"所选预警中有 {len(forbidden)} 条不归您处置（{forbidden[0].project.name}"
                              f"{'等' if len(forbidden) > 1 else ''}），未做任何改动。")
    with transaction.atomic():
        ids = [warning.pk for warning in warnings]
        waiting = set(Warning.objects.select_for_update().filter(pk__in=ids, status=WarningStatus.OPEN)
                      .values_list("pk", flat=True))
        now = timezone.now()
        moved = Warning.objects.filter(pk__in=waiting, status=WarningStatus.OPEN).update(
            status=WarningStatus.ACKNOWLEDGED, updated_at=now)
        if moved != len(waiting):
            raise DisposalRefused("所选预警正被他人同时处理，未做任何改动，请刷新后重试。")
        signed = [warning for warning in warnings if warning.pk in waiting]
        events.bulk([events.acknowledged_row(warning.pk, actor=actor, now=now) for warning in signed])
    return signed, [warning for warning in warnings if warning.pk not in waiting]


def add_note(warning, *, actor, note) -> WarningEvent:
    """A line on what is being done; any time before the warning closes."""
    note = note.strip()
    if not note:
        raise DisposalRefused("请填写处置情况。")
    with transaction.atomic():
        current = Warning.objects.select_for_update().get(pk=warning.pk)
        if not current.is_active:
            raise DisposalRefused("该预警已关闭，不能再添加处置记录。")
        return events.noted(warning, actor=actor, note=note, now=timezone.now())


def resolve(warning, *, actor, note) -> Warning:
    """The unit reports the cause dealt with (→ 已处置待核销); the scan closes it once the data shows it.

    A red warning's resolution is also told to the coordinators, who follow red warnings up (督办).
    """
    note = note.strip()
    if not note:
        raise DisposalRefused("请说明处置结果。")
    with transaction.atomic():
        now = _move(warning, allowed_from=[WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED], to=WarningStatus.RESOLVED)
        events.resolved(warning, actor=actor, note=note, now=now)
        if warning.level == WarningLevel.RED:
            notify(recipients.coordinators(), kind=NotificationKind.WARNING_RESOLVED,
                   title=f"红色预警已处置：{warning.project} {warning.get_rule_display()}", body=note,
                   url=reverse("alerts_warning", args=[warning.pk]))
    return warning


RULE_FIELDS = ("enabled", "yellow", "orange", "red")


def configure_rule(rule, *, actor, data: dict) -> WarningRule:
    """Switch a rule on or off or move its thresholds; the rule's history keeps the old and new values.

    The next scan grades by the new thresholds (and closes the warnings of a rule switched off).
    """
    with transaction.atomic():
        current = WarningRule.objects.select_for_update().get(pk=rule.pk)
        after = {name: data[name] for name in RULE_FIELDS if name in data}
        changes = history.assign(current, after)
        if not changes:
            return current
        current.updated_by = actor
        current.save()
        events.rule_edited(current, actor=actor, changes=changes)
        return current
