"""Append-only history of the exchange app: one small function per kind of event."""

from tuijin.lib.events import build, record

from .models import EventKind, ExchangeEvent


def imported(run, *, actor) -> ExchangeEvent:
    return record(ExchangeEvent, kind=EventKind.IMPORTED, feed=run.feed, run=run, actor=actor, detail={
        "新增": run.created, "更新": run.updated, "无变化": run.unchanged, "冲突": run.conflicts,
        "文件": run.file_name, "摘要": run.sha256})


def conflicts_found(run, conflicts, *, actor) -> list[ExchangeEvent]:
    rows = [build(ExchangeEvent, kind=EventKind.CONFLICT, feed=run.feed, run=run, conflict=conflict, actor=actor,
                  detail={"标识": conflict.record.key, "字段": [name for name, *_ in conflict.differing()]})
            for conflict in conflicts]
    return ExchangeEvent.objects.bulk_create(rows)


def conflict_resolved(conflict, *, actor, taken: bool) -> ExchangeEvent:
    return record(ExchangeEvent, kind=EventKind.TAKEN if taken else EventKind.KEPT, feed=conflict.record.feed,
                  conflict=conflict, run=conflict.run, actor=actor,
                  detail={"标识": conflict.record.key, "字段": [name for name, *_ in conflict.differing()]})
