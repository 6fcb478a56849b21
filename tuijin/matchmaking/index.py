"""The search index of published offerings, kept in the process and current without a rebuild per request.

Each request asks the database one cheap question — how many offerings are published, the latest change
among them, and the same for the chain placements — and reuses the index it has while the answer is the
same. Any publish, edit, withdrawal or chain-membership change moves that answer, so the next request
rebuilds from the tokens stored on the rows (no re-tokenising). The ranking is BM25 from ``bm25s`` (sparse
matrix scoring over all documents at once; ``bench/matchmaking.py`` compares it with ``rank-bm25``).
"""

import threading
from dataclasses import dataclass, field

import bm25s
import numpy as np
from django.db.models import Count, Max

from tuijin.enterprises.gbt4754 import SECTIONS
from tuijin.promotion.models import ChainMember

from .models import ListingStatus, Offering

DIVISION_SECTION = {division.split(" ", 1)[0]: letter for letter, (_n, divisions) in SECTIONS.items()
                    for division in divisions}
_lock = threading.Lock()
_current = {"key": None, "index": None}


@dataclass
class Placement:
    chain_id: int
    chain: str
    order: int
    segment: str


@dataclass
class OfferingIndex:
    ids: np.ndarray  # offering pk per document
    enterprises: np.ndarray  # enterprise pk per document
    codes: list  # the product's industry code per document ("" when none)
    tokens: list  # token set per document (for the reasons)
    document_frequency: dict
    retriever: object  # bm25s.BM25, or None for an empty index
    placements: dict = field(default_factory=dict)  # enterprise pk → [Placement]
    by_enterprise: dict = field(default_factory=dict)  # enterprise pk → positions of its documents
    code_arrays: dict = field(default_factory=dict)  # "code" / "division" / "section" → np.ndarray of str

    def __len__(self):
        return len(self.ids)

    def scores(self, query: list[str]) -> np.ndarray:
        """BM25 of ``query`` against every document (zeros when nothing of it is in the vocabulary)."""
        known = [token for token in query if self.retriever is not None and token in self.retriever.vocab_dict]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return self.retriever.get_scores(known)


def version_key():
    """What changes whenever the index must: published offerings and chain placements (two aggregates)."""
    offerings = Offering.objects.filter(status=ListingStatus.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    members = ChainMember.objects.aggregate(n=Count("pk"), top=Max("pk"))
    total = Offering.objects.aggregate(n=Count("pk"))["n"]  # a delete of a published row changes this too
    return (offerings["n"], offerings["last"], offerings["top"], total, members["n"], members["top"])


def placements() -> dict:
    rows = (ChainMember.objects.select_related("segment__chain").order_by()
            .values_list("enterprise_id", "segment__chain_id", "segment__chain__name", "segment__order",
                         "segment__name"))
    result = {}
    for enterprise_id, chain_id, chain, order, segment in rows:
        result.setdefault(enterprise_id, []).append(Placement(chain_id, chain, order, segment))
    return result


def build(rows, chain_placements) -> OfferingIndex:
    """An index over ``rows`` of (pk, enterprise pk, industry code, tokens text)."""
    ids, enterprises, codes, corpus = [], [], [], []
    for pk, enterprise_id, code, tokens in rows:
        ids.append(pk)
        enterprises.append(enterprise_id)
        codes.append(code or "")
        corpus.append(tokens.split() or ["∅"])
    frequency = {}
    for document in corpus:
        for token in set(document):
            frequency[token] = frequency.get(token, 0) + 1
    retriever = None
    if corpus:
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
    enterprise_array = np.array(enterprises, dtype=np.int64)
    by_enterprise = {}
    for position, enterprise_id in enumerate(enterprises):
        by_enterprise.setdefault(enterprise_id, []).append(position)
    code_arrays = {
        "code": np.array(codes, dtype=object),
        "division": np.array([code[:2] for code in codes], dtype=object),
        "section": np.array([DIVISION_SECTION.get(code[:2], "") for code in codes], dtype=object),
    }
    return OfferingIndex(np.array(ids, dtype=np.int64), enterprise_array, codes, [set(d) for d in corpus],
                         frequency, retriever, chain_placements,
                         {key: np.array(value) for key, value in by_enterprise.items()}, code_arrays)


def load() -> OfferingIndex:
    """A fresh index of every published offering, from the stored tokens."""
    rows = (Offering.objects.filter(status=ListingStatus.PUBLISHED).order_by("pk")
            .values_list("pk", "enterprise_id", "industry__code", "enterprise__industry__code", "tokens"))
    return build(((pk, e, own or firm, tokens) for pk, e, own, firm, tokens in rows.iterator(chunk_size=5000)),
                 placements())


def current() -> OfferingIndex:
    """The index for this request: the kept one while nothing changed, else rebuilt once."""
    key = version_key()
    with _lock:
        if _current["key"] != key or _current["index"] is None:
            _current["index"] = load()
            _current["key"] = key
        return _current["index"]


def forget():
    """Drop the kept index (tests that swap databases)."""
    with _lock:
        _current["key"] = None
        _current["index"] = None
