"""产用对接's history writer (``MatchLog``): one function per kind of entry, stamped with the door it came through."""

from tuijin.lib.events import record

from .models import MatchEventKind, MatchLog


def offering_saved(offering, *, actor, changes, created):
    return record(MatchLog, kind=MatchEventKind.OFFERING_SAVED, actor=actor, offering=offering, changes=changes,
                  summary=f"{'登记' if created else '修改'}产品“{offering.name}”")


def need_saved(need, *, actor, changes, created):
    return record(MatchLog, kind=MatchEventKind.NEED_SAVED, actor=actor, need=need, changes=changes,
                  summary=f"{'登记' if created else '修改'}需求“{need.name}”")


def status_changed(listing, *, actor, old, new):
    field = {"offering": listing} if listing._meta.model_name == "offering" else {"need": listing}
    return record(MatchLog, kind=MatchEventKind.STATUS, actor=actor, **field,
                  changes=[{"field": "status", "label": "状态", "old": old, "new": new}],
                  summary=f"“{listing.name}”{dict(listing._meta.get_field('status').choices)[new]}")


def event_saved(event, *, actor, changes, created):
    return record(MatchLog, kind=MatchEventKind.EVENT_SAVED, actor=actor, event=event, changes=changes,
                  summary=f"{'安排' if created else '修改'}对接会“{event.title}”")


def invited(event, *, actor, names):
    return record(MatchLog, kind=MatchEventKind.INVITED, actor=actor, event=event,
                  summary=f"邀请 {len(names)} 家企业"[:200], changes=[{"field": "invited", "new": names}])


def outcome_recorded(outcome, *, actor):
    amount = f"，{outcome.amount} 万元" if outcome.amount is not None else ""
    return record(MatchLog, kind=MatchEventKind.OUTCOME, actor=actor, event=outcome.event, need=outcome.need,
                  offering=outcome.offering,
                  summary=f"{outcome.supplier.name} → {outcome.buyer.name}：{outcome.get_kind_display()}{amount}"[:200])
