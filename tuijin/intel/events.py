"""The intel queue's history writer: one function per kind of ``IntelEvent`` (stamped by ``lib.events``)."""

from tuijin.lib.events import record

from .models import IntelEvent, IntelEventKind


def article_submitted(article, *, actor, note="") -> IntelEvent:
    return record(IntelEvent, article=article, kind=IntelEventKind.SUBMITTED, actor=actor, note=note[:300])


def finding_decided(finding, *, actor, kind: IntelEventKind, note="", changes=None) -> IntelEvent:
    return record(IntelEvent, article_id=finding.article_id, finding=finding, kind=kind, actor=actor,
                  note=note[:300], changes=changes or [])


def finding_edited(finding, *, actor, changes) -> IntelEvent:
    return record(IntelEvent, article_id=finding.article_id, finding=finding, kind=IntelEventKind.EDITED,
                  actor=actor, changes=changes)
