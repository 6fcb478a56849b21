"""The policy engine's history writer: rule changes and 免申即享 decisions (``PolicyEvent``).

One function per kind of event; every row carries who, when and the source of the change
(page, API, admin, import, command). Rows are append-only.
"""

from tuijin.lib.events import build, record

from .models import PolicyEvent, PolicyEventKind


def clause_saved(clause, *, actor, note, changed) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.CLAUSE_SAVED, actor=actor, clause=clause, reason=note,
                  changes={"version": clause.version, "fields": changed or ["created"]})


def run_created(run, *, actor, items, data_year, as_of) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.RUN_CREATED, actor=actor, run=run,
                  changes={"items": items, "rule_versions": run.rule_versions, "data_year": data_year,
                           "as_of": as_of.isoformat()})


def item_decided(item, *, actor, approve, reason) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.ITEM_APPROVED if approve else PolicyEventKind.ITEM_EXCLUDED,
                  actor=actor, run_id=item.run_id, item=item, reason=reason)


def item_decided_row(item_id, run, *, actor, approve, reason) -> PolicyEvent:
    """An unsaved decision row for a bulk decision's ``bulk_create`` (one per row it changed)."""
    return build(PolicyEvent, kind=PolicyEventKind.ITEM_APPROVED if approve else PolicyEventKind.ITEM_EXCLUDED,
                 actor=actor, run_id=run.pk, item_id=item_id, reason=reason)


def run_published(run, *, actor, approved, enterprises) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.RUN_PUBLISHED, actor=actor, run=run,
                  changes={"approved": approved, "enterprises": enterprises})


def draft_saved(draft, *, actor, changed) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.DRAFT_SAVED, actor=actor, draft=draft, clause=draft.clause,
                  changes={"version": draft.version, "fields": changed or ["created"], "name": draft.name})


def draft_published(draft, *, actor, clause) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.DRAFT_PUBLISHED, actor=actor, draft=draft, clause=clause,
                  changes={"clause_version": clause.version, "name": draft.name})


def draft_discarded(draft, *, actor, reason) -> PolicyEvent:
    return record(PolicyEvent, kind=PolicyEventKind.DRAFT_DISCARDED, actor=actor, draft=draft, clause=draft.clause,
                  reason=reason)
