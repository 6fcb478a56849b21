"""The actions on 政策模拟测算 drafts: start one, save it, publish it as the clause's next version, discard it.

Kept apart from ``actions.py`` (rules and 免申即享 runs) because a draft is not yet a rule: nothing here
changes what enterprises are matched against until ``publish_draft`` hands the draft to ``save_clause``.
Every step writes a ``PolicyEvent`` naming the draft; saves are compare-and-set on the draft's version.
"""

from django.db import transaction

from . import events
from .actions import PolicyRefused, save_clause
from .models import Clause, ClauseDraft, DraftStatus
from .rules import problems

EDITABLE = ("name", "title", "definition", "code")


def start_draft(*, actor, policy, clause=None, name="") -> ClauseDraft:
    """A draft of a new clause of ``policy``, or of a revision of ``clause`` starting from its current rule."""
    with transaction.atomic():
        base = clause.definition if clause else {"eligibility": {"all": [{"field": "revenue", "op": ">=",
                                                                          "value": 2000}]},
                                                 "benefit": {"amount": 10}}
        count = ClauseDraft.objects.filter(policy=policy, clause=clause).count()
        draft = ClauseDraft.objects.create(
            policy=policy, clause=clause, title=clause.title if clause else "新条款",
            name=name or f"方案{chr(ord('A') + count % 26)}", definition=base, created_by=actor)
        events.draft_saved(draft, actor=actor, changed=[])
        return draft


def save_draft(draft: ClauseDraft, *, actor, data: dict, version: int) -> ClauseDraft:
    """Save a draft's name, title and rule; refused when a colleague saved it since ``version`` was read,
    when it is no longer being drafted, or when the rule has errors (each listed)."""
    with transaction.atomic():
        draft = ClauseDraft.objects.select_for_update().get(pk=draft.pk)
        _still_draft(draft)
        if draft.version != version:
            raise PolicyRefused(f"“{draft.name}”已被他人修改（第 {draft.version} 版），请刷新后再改。")
        messages = problems(data.get("definition", draft.definition), draft.policy.valid_from)
        if messages:
            raise PolicyRefused("规则有误：" + "；".join(messages))
        changed = [name for name in EDITABLE if name in data and getattr(draft, name) != data[name]]
        if not changed:
            return draft
        for name in changed:
            setattr(draft, name, data[name])
        draft.version += 1
        draft.save()
        events.draft_saved(draft, actor=actor, changed=changed)
        return draft


def publish_draft(draft: ClauseDraft, *, actor) -> Clause:
    """The draft's rule becomes the clause's next version (or a new clause of its policy); the draft is closed."""
    with transaction.atomic():
        draft = ClauseDraft.objects.select_for_update().get(pk=draft.pk)
        _still_draft(draft)
        note = f"由测算方案“{draft.name}”发布"
        if draft.clause_id:
            clause = save_clause(draft.clause, actor=actor, data={"title": draft.title,
                                                                  "definition": draft.definition}, note=note)
        else:
            if not draft.code:
                raise PolicyRefused("新增条款发布前须填写条款编号（英文短名）。")
            if Clause.objects.filter(policy=draft.policy, code=draft.code).exists():
                raise PolicyRefused(f"政策中已有编号为“{draft.code}”的条款，请换一个编号。")
            clause = save_clause(Clause(policy=draft.policy, code=draft.code), actor=actor,
                                 data={"title": draft.title, "definition": draft.definition}, note=note)
        draft.status, draft.clause = DraftStatus.PUBLISHED, clause
        draft.save(update_fields=["status", "clause", "updated_at"])
        events.draft_published(draft, actor=actor, clause=clause)
        return clause


def discard_draft(draft: ClauseDraft, *, actor, reason="") -> ClauseDraft:
    with transaction.atomic():
        draft = ClauseDraft.objects.select_for_update().get(pk=draft.pk)
        _still_draft(draft)
        draft.status = DraftStatus.DISCARDED
        draft.save(update_fields=["status", "updated_at"])
        events.draft_discarded(draft, actor=actor, reason=reason[:300])
        return draft


def _still_draft(draft):
    if draft.status != DraftStatus.DRAFT:
        raise PolicyRefused(f"“{draft.name}”已{draft.get_status_display()}，不能再修改。")
