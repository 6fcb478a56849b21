"""The history writers of warnings (``WarningEvent``) and warning rules (``RuleEvent``).

People's disposal steps and rule edits are written one row at a time; the scan builds its
level moves and closures in bulk (:func:`level_moved`, :func:`closed`) and inserts its new
warnings' 发出预警 rows with one INSERT … SELECT that names :func:`scan_source`. Every row
carries the source of the change (page, command …); rows are append-only.
"""

from tuijin.lib.context import current_source
from tuijin.lib.events import build, record

from .models import RuleEvent, WarningEvent, WarningEventKind


def acknowledged(warning, *, actor, note, now) -> WarningEvent:
    return record(WarningEvent, warning=warning, kind=WarningEventKind.ACKNOWLEDGED, actor=actor, note=note,
                  created_at=now)


def acknowledged_row(warning_id, *, actor, now) -> WarningEvent:
    """An unsaved 签收 row for a bulk signature's ``bulk_create``."""
    return build(WarningEvent, warning_id=warning_id, kind=WarningEventKind.ACKNOWLEDGED, actor=actor, note="",
                 created_at=now)


def noted(warning, *, actor, note, now) -> WarningEvent:
    return record(WarningEvent, warning=warning, kind=WarningEventKind.NOTE, actor=actor, note=note, created_at=now)


def resolved(warning, *, actor, note, now) -> WarningEvent:
    return record(WarningEvent, warning=warning, kind=WarningEventKind.RESOLVED, actor=actor, note=note,
                  created_at=now)


def level_moved(warning_id, *, up, from_level, to_level, note, now) -> WarningEvent:
    """An unsaved row for the scan's ``bulk_create``: the cause got worse or eased."""
    return build(WarningEvent, warning_id=warning_id, kind=WarningEventKind.LEVEL_UP if up else WarningEventKind.LEVEL_DOWN,
                 from_level=from_level, to_level=to_level, note=note, created_at=now)


def closed(warning_id, *, from_level, note, now) -> WarningEvent:
    """An unsaved row for the scan's ``bulk_create``: the cause cleared or the rule was switched off."""
    return build(WarningEvent, warning_id=warning_id, kind=WarningEventKind.CLOSED, from_level=from_level, note=note,
                 created_at=now)


def bulk(rows) -> None:
    WarningEvent.objects.bulk_create(rows, batch_size=2000)


def scan_source() -> str:
    """The source the scan's raw INSERT of 发出预警 rows writes."""
    return current_source()


def rule_edited(rule, *, actor, changes) -> RuleEvent:
    return record(RuleEvent, rule=rule, actor=actor, changes=changes)
