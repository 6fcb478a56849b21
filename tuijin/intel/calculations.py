"""Pure rules of the intel queue: is this the same project as that lead or project, and what update a
reported milestone offers for a district project. No queries here: callers pass plain candidates.

The same plant is reported as 华芯半导体封装测试基地项目 in one paper and 华芯封装测试项目 in the next, by its
company in a third. Names are folded (simplified characters, no 项目/一期/工程 tail, no leading place) and
compared with rapidfuzz; a company seen on both sides weighs in, and different regions pull the score down.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from tuijin.projects.models import STAGE_ORDER, Stage

from .clean import to_simplified

MATCH_THRESHOLD = 80  # below this a candidate is not offered as the same project
_TAIL = re.compile(r"(项目|一期|二期|三期|工程|建设)+$")
_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,6}?(省|市|县|区)(?=[\u4e00-\u9fff]{4})")
_COMPANY_TAIL = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)$")

# The project stage a reported event shows the project has at least reached.
EVENT_STAGE = {
    "签约": Stage.SIGNED, "落位": Stage.REGISTERED, "开工": Stage.CONSTRUCTION, "在建": Stage.CONSTRUCTION,
    "封顶": Stage.CONSTRUCTION, "竣工": Stage.COMPLETED, "投产": Stage.OPERATING, "达产": Stage.AT_CAPACITY,
}


@dataclass(frozen=True)
class Candidate:
    kind: str  # "lead" or "project"
    pk: int
    name: str
    company: str = ""
    region: str = ""


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: int


def fold_name(name: str) -> str:
    name = to_simplified(name or "").strip()
    name = _TAIL.sub("", name)
    return _HEAD.sub("", name)


def fold_company(company: str) -> str:
    return _COMPANY_TAIL.sub("", to_simplified(company or "").strip())


def similarity(name: str, company: str, region: str, candidate: Candidate) -> int:
    """0–100: how surely ``candidate`` is the project called ``name`` of ``company`` in ``region``."""
    a, b = fold_name(name), fold_name(candidate.name)
    if not a or not b:
        return 0
    score = max(fuzz.ratio(a, b), 0.9 * fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 4 else 0)
    ca, cb = fold_company(company), fold_company(candidate.company)
    if ca and cb:
        company_score = fuzz.ratio(ca, cb)
        score = 0.6 * score + 0.4 * company_score if company_score < 80 else max(score, 0.5 * score + 50)
    elif ca and ca[:2] and ca[:2] in b or cb and cb[:2] in a:
        score = min(100, score + 5)
    if region and candidate.region and not (region in candidate.region or candidate.region in region):
        score -= 10
    return max(0, min(100, round(score)))


def best_match(name: str, company: str, region: str, candidates) -> Match | None:
    """The most similar candidate at or above ``MATCH_THRESHOLD``; leads win ties over projects."""
    best = None
    for candidate in candidates:
        score = similarity(name, company, region, candidate)
        if score >= MATCH_THRESHOLD and (best is None or score > best.score
                                         or (score == best.score and candidate.kind == "lead")):
            best = Match(candidate, score)
    return best


def stage_offer(current_stage: str, event: str) -> Stage | None:
    """The next stage a district project should move to when the news reports ``event`` for it, or None.

    One step at a time (the lifecycle refuses skips, and each step has its own evidence): a project at
    前期手续 reported 封顶 is offered 在建; one already 在建 reported 开工 is offered nothing.
    """
    reported = EVENT_STAGE.get(event)
    try:
        current = Stage(current_stage)
    except ValueError:
        return None
    if reported is None or current not in STAGE_ORDER:
        return None
    if STAGE_ORDER.index(reported) <= STAGE_ORDER.index(current):
        return None
    from tuijin.projects.lifecycle import NEXT_STAGES

    for target in NEXT_STAGES.get(current, []):
        if STAGE_ORDER.index(target) <= STAGE_ORDER.index(reported):
            return target
    return None


def queue_counts(statuses) -> dict:
    """{status: count} of findings for the queue's tabs, from (status, count) rows."""
    return {status: count for status, count in statuses}


FACT_LABELS = {"name": "项目", "company": "企业", "event": "事件", "investment": "投资", "output": "产值",
               "tax": "税收", "completed": "已完成投资", "land": "用地", "floor": "建筑面积", "capacity": "产能",
               "indicator": "区域指标"}


def highlight_segments(text: str, marks) -> list[dict]:
    """The text cut into plain and marked pieces for the review page.

    ``marks`` are (start, end, kind, finding number); overlapping marks keep the first (longest at a start).
    """
    pieces, position = [], 0
    for start, end, kind, number in sorted(marks, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start < position or end > len(text) or start >= end:
            continue
        if start > position:
            pieces.append({"text": text[position:start]})
        pieces.append({"text": text[start:end], "kind": kind, "label": FACT_LABELS.get(kind, kind), "finding": number})
        position = end
    if position < len(text):
        pieces.append({"text": text[position:]})
    return pieces


def marks(article, findings) -> list[tuple]:
    """(start, end, kind, finding number) of every fact of every finding, and of the article's indicators."""
    found = []
    for number, finding in enumerate(findings, 1):
        for fact in finding.facts or []:
            found.append((fact["start"], fact["end"], fact["kind"], number))
    for indicator in article.indicators or []:
        found.append((indicator["start"], indicator["end"], "indicator", 0))
    return found


@dataclass
class ReviewRow:
    number: int
    finding: object
    lead: object  # the matched lead when the reviewer may see it
    accepted_lead: object  # the lead the finding became or joined, when visible
    stage_target: object  # the stage a matched district project is offered (Stage) or None
    pending: bool


def review_rows(article, findings, visible_leads: set, user) -> list[ReviewRow]:
    """Each finding with what the review page offers for it: merge into a visible matched lead, a project update."""
    rows = []
    for number, finding in enumerate(findings, 1):
        project = finding.matched_project
        rows.append(ReviewRow(
            number=number, finding=finding,
            lead=finding.matched_lead if finding.matched_lead_id in visible_leads else None,
            accepted_lead=finding.lead if finding.lead_id in visible_leads else None,
            stage_target=stage_offer(project.stage, finding.event) if project else None,
            pending=finding.status == "pending"))
    return rows
