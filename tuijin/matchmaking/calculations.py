"""Matching a need to local offerings, and the counts of matches and deals, as pure functions.

A suggestion's score (0–1) adds three things, each with the reason a person can check:

- **chain segment** (weight ``W_CHAIN``): supplier and buyer are placed in the same chain of 招商引资
  (``promotion.ChainMember``); a supplier upstream of the buyer scores 1 ("动力电池 → 整车制造（下游）"), one in
  the same segment 0.5, one downstream 0.3;
- **industry code** (``W_INDUSTRY``, GB/T 4754): the product's industry against the industry the need asks
  for — the same code 1, the same 大类 0.8, the same 门类 0.3 (a need without an industry skips this part);
- **text** (``W_TEXT``): BM25 of the need's tokens over the offerings' descriptions, divided by the best
  BM25 of this query, with the words both share named in the reason.

Only local enterprises are in the index, the buyer's own offerings never match it, and an offering needs
shared words or a chain relation to be suggested (an industry code alone is too broad).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from tuijin.enterprises.gbt4754 import SECTIONS

from . import index as search
from .models import ListingStatus, Offering, Outcome, OutcomeKind

W_CHAIN = 0.35
W_INDUSTRY = 0.15
W_TEXT = 0.5
MIN_SCORE = 0.1
UPSTREAM, SAME_SEGMENT, DOWNSTREAM = 1.0, 0.5, 0.3
SAME_CODE, SAME_DIVISION, SAME_SECTION = 1.0, 0.8, 0.3
SHOWN_TERMS = 4
SECTION_NAMES = {letter: name for letter, (name, _divisions) in SECTIONS.items()}
DIVISION_NAMES = {d.split(" ", 1)[0]: d.split(" ", 1)[1] for _l, (_n, divisions) in SECTIONS.items() for d in divisions}


@dataclass
class Suggestion:
    offering_id: int
    score: float
    text: float
    chain: float
    industry: float
    reasons: list
    enterprise_id: int = 0
    offering: Offering | None = None

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def chain_relation(supplier: list, buyer: list) -> tuple[float, str]:
    """The best relation between two enterprises' chain placements, and how to say it."""
    best = (0.0, "")
    for mine in supplier:
        for theirs in buyer:
            if mine.chain_id != theirs.chain_id:
                continue
            if mine.order < theirs.order:
                found = (UPSTREAM, f"同属{mine.chain}产业链：{mine.segment} → {theirs.segment}（下游）")
            elif mine.order == theirs.order:
                found = (SAME_SEGMENT, f"同属{mine.chain}产业链：同在{mine.segment}环节")
            else:
                found = (DOWNSTREAM, f"同属{mine.chain}产业链：{mine.segment}位于{theirs.segment}下游")
            if found[0] > best[0]:
                best = found
    return best


def industry_vector(idx, code: str) -> np.ndarray:
    """Each document's industry relation to ``code`` (the industry the need asks for)."""
    if not code:
        return np.zeros(len(idx), dtype=np.float32)
    arrays = idx.code_arrays
    section = search.DIVISION_SECTION.get(code[:2], code if code.isalpha() else "")
    result = np.where(arrays["section"] == section, SAME_SECTION, 0.0) if section else np.zeros(len(idx))
    result = np.where(arrays["division"] == code[:2], SAME_DIVISION, result) if code[:1].isdigit() else result
    return np.where(arrays["code"] == code, SAME_CODE, result).astype(np.float32)


def industry_reason(offering_code: str, code: str, relation: float) -> str:
    if not relation:
        return ""
    if relation >= SAME_DIVISION:
        return f"行业相同：{offering_code[:2]} {DIVISION_NAMES.get(offering_code[:2], '')}".strip()
    section = search.DIVISION_SECTION.get(offering_code[:2], "")
    return f"同属门类：{section} {SECTION_NAMES.get(section, '')}"


def shared_terms(idx, position: int, query: list[str]) -> list[str]:
    """The query's words that the offering also uses: whole words only (锂电池, not also 电池), the need's most
    repeated first (its name counts twice), then the longer and the rarer."""
    counts = {}
    for token in query:
        if token in idx.tokens[position]:
            counts[token] = counts.get(token, 0) + 1
    whole = [word for word in counts if not any(word != other and word in other for other in counts)]
    whole.sort(key=lambda word: (-counts[word], -len(word), idx.document_frequency.get(word, 0), word))
    return whole[:SHOWN_TERMS]


def suggest_for(query: list[str], buyer_id: int, industry_code: str, limit: int = 10, idx=None) -> list[Suggestion]:
    """The best ``limit`` offerings for a need (its tokens, its enterprise, the industry it asks for)."""
    idx = idx if idx is not None else search.current()
    if not len(idx):
        return []
    bm25 = idx.scores(query)
    best = float(bm25.max()) if len(bm25) else 0.0
    text = bm25 / best if best > 0 else np.zeros(len(idx), dtype=np.float32)
    industry = industry_vector(idx, industry_code)
    chain = np.zeros(len(idx), dtype=np.float32)
    chain_text = {}
    buyer = idx.placements.get(buyer_id, [])
    if buyer:
        for enterprise_id, placed in idx.placements.items():
            if enterprise_id == buyer_id or enterprise_id not in idx.by_enterprise:
                continue
            relation, said = chain_relation(placed, buyer)
            if relation:
                chain[idx.by_enterprise[enterprise_id]] = relation
                chain_text[enterprise_id] = said
    total = W_TEXT * text + W_CHAIN * chain + W_INDUSTRY * industry
    eligible = ((text > 0) | (chain > 0)) & (total >= MIN_SCORE)
    if buyer_id in idx.by_enterprise:
        eligible[idx.by_enterprise[buyer_id]] = False
    candidates = np.flatnonzero(eligible)
    if len(candidates) > limit:
        candidates = candidates[np.argpartition(-total[candidates], limit - 1)[:limit]]
    order = sorted(candidates.tolist(), key=lambda p: (-float(total[p]), int(idx.ids[p])))
    suggestions = []
    for position in order:
        reasons = []
        enterprise_id = int(idx.enterprises[position])
        if chain[position]:
            reasons.append(chain_text[enterprise_id])
        terms = shared_terms(idx, position, query) if text[position] > 0 else []
        if terms:
            reasons.append("描述相似：" + " ".join(terms))
        said = industry_reason(idx.codes[position], industry_code, float(industry[position]))
        if said:
            reasons.append(said)
        suggestions.append(Suggestion(int(idx.ids[position]), float(total[position]), float(text[position]),
                                      float(chain[position]), float(industry[position]), reasons, enterprise_id))
    return suggestions


def suggest(need, limit: int = 10) -> list[Suggestion]:
    """Suggestions for a stored need, each with its offering (one query for all of them)."""
    code = need.industry.code if need.industry_id else ""
    suggestions = suggest_for(need.tokens.split(), need.enterprise_id, code, limit)
    offerings = Offering.objects.select_related("enterprise__park", "industry", "enterprise__industry").in_bulk(
        [s.offering_id for s in suggestions])
    for suggestion in suggestions:
        suggestion.offering = offerings.get(suggestion.offering_id)
    return [s for s in suggestions if s.offering is not None]


@dataclass
class Pair:
    need: object
    suggestions: list


def event_pairs(event, per_need: int = 3) -> list[Pair]:
    """For each published need of an invited buyer, the best invited suppliers: who should sit down together."""
    from .models import Need, Side

    sides = {}
    for enterprise_id, side in event.invitations.values_list("enterprise_id", "side"):
        sides.setdefault(side, set()).add(enterprise_id)
    suppliers = sides.get(Side.SUPPLY, set())
    needs = list(Need.objects.filter(status=ListingStatus.PUBLISHED, enterprise_id__in=sides.get(Side.DEMAND, set()))
                 .select_related("enterprise", "industry").order_by("enterprise__name", "pk"))
    if not needs or not suppliers:
        return []
    idx = search.current()
    pairs = []
    for need in needs:
        found = suggest_for(need.tokens.split(), need.enterprise_id, need.industry.code if need.industry_id else "",
                            limit=200, idx=idx)
        kept = [s for s in found if s.enterprise_id in suppliers]
        pairs.append(Pair(need, kept[:per_need]))
    offerings = Offering.objects.select_related("enterprise").in_bulk(
        [s.offering_id for pair in pairs for s in pair.suggestions])
    for pair in pairs:
        for suggestion in pair.suggestions:
            suggestion.offering = offerings.get(suggestion.offering_id)
        pair.suggestions = [s for s in pair.suggestions if s.offering is not None]
    return pairs


# ------------------------------------------------------------------------------------------ products list

def products(filters: dict):
    """Published offerings for the 本土产品 list (procurement), filtered by text, chain, industry, park, kind."""
    rows = Offering.objects.filter(status=ListingStatus.PUBLISHED).select_related(
        "enterprise__park", "enterprise__industry", "industry")
    if filters.get("q"):
        q = filters["q"]
        rows = rows.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(enterprise__name__icontains=q))
    if filters.get("chain"):
        rows = rows.filter(enterprise__chain_memberships__segment__chain=filters["chain"]).distinct()
    if filters.get("industry"):
        code = filters["industry"].code
        rows = rows.filter(Q(industry__code__startswith=code) | Q(industry__isnull=True,
                                                                  enterprise__industry__code__startswith=code))
    if filters.get("park"):
        rows = rows.filter(enterprise__park=filters["park"])
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    return rows.order_by("enterprise__name", "name", "pk")


# ------------------------------------------------------------------------------------------ counts

ZERO = Decimal(0)


def outcomes_between(start: dt.date, end: dt.date):
    return Outcome.objects.filter(recorded_on__gte=start, recorded_on__lte=end)


def outcome_counts(start: dt.date, end: dt.date) -> dict:
    """对接成果 by month and by chain: matches (every intent or order), deals (orders) and the orders' amount."""
    rows = outcomes_between(start, end).order_by()
    figures = {"matches": Count("pk"), "deals": Count("pk", filter=Q(kind=OutcomeKind.ORDER)),
               "amount": Sum("amount", filter=Q(kind=OutcomeKind.ORDER))}
    by_month = list(rows.annotate(month=TruncMonth("recorded_on")).values("month").annotate(**figures)
                    .order_by("month"))
    by_chain = list(rows.values("chain_id", "chain__name").annotate(**figures).order_by("-matches", "chain__name"))
    total = rows.aggregate(**figures)
    for row in [*by_month, *by_chain, total]:
        row["amount"] = row["amount"] or ZERO
        if "month" in row and isinstance(row["month"], dt.datetime):
            row["month"] = row["month"].date()
    return {"by_month": by_month, "by_chain": by_chain, "total": total}
