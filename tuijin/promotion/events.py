"""The promotion records' history writers: leads (``LeadEvent``), fund arrivals and targets.

One function per kind of event; each row carries who, when and the source of the change
(page, API, admin, import, command) from ``tuijin.lib.context``. Rows are append-only.
"""

from tuijin.lib.events import build, record

from .models import FundArrivalEvent, LeadEvent, LeadEventKind, TargetEvent


def lead_created(lead, *, actor, occurred_on, kind=LeadEventKind.CREATED) -> LeadEvent:
    """A lead registered on a page (创建) or by an import (``kind`` 导入)."""
    return record(LeadEvent, lead=lead, kind=kind, actor=actor, occurred_on=occurred_on, to_stage=lead.stage)


def lead_edited(lead, *, actor, occurred_on, changes) -> LeadEvent:
    return record(LeadEvent, lead=lead, kind=LeadEventKind.EDITED, actor=actor, occurred_on=occurred_on,
                  changes=changes)


def lead_moved(lead, *, actor, kind, occurred_on, from_stage, to_stage, reason="", evidence=None) -> LeadEvent:
    """A stage move (``kind`` from ``pipeline.event_kind``), with the evidence it was allowed on."""
    return record(LeadEvent, lead=lead, kind=kind, actor=actor, occurred_on=occurred_on, from_stage=from_stage,
                  to_stage=to_stage, reason=reason, evidence=evidence or {})


def lead_imported(lead, *, actor, occurred_on, from_stage, to_stage) -> LeadEvent:
    return record(LeadEvent, lead=lead, kind=LeadEventKind.IMPORTED, actor=actor, occurred_on=occurred_on,
                  from_stage=from_stage, to_stage=to_stage, reason="批量导入")


def contract_recorded(lead, *, actor, occurred_on, description) -> LeadEvent:
    return record(LeadEvent, lead=lead, kind=LeadEventKind.CONTRACT, actor=actor, occurred_on=occurred_on,
                  evidence={"协议": description})


def lead_event(lead, **fields) -> LeadEvent:
    """An unsaved lead event for a bulk load (the demo data)."""
    return build(LeadEvent, lead=lead, **fields)


def fund_arrival_saved(arrival, *, actor, changes) -> FundArrivalEvent:
    return record(FundArrivalEvent, arrival=arrival, actor=actor, changes=changes)


def target_set(target, *, actor, changes) -> TargetEvent:
    return record(TargetEvent, target=target, actor=actor, changes=changes)
