"""State changes of the intel queue. Each runs in a transaction, checks its rule and logs an ``IntelEvent``.

An article is read once: its cleaned, simplified text is hashed, and the same text pasted again, uploaded
again or found again in the watched folder returns the article already stored. Accepting a finding goes
through ``promotion.actions`` (a new lead at 线索 with source 情报, or the matched lead updated), so the lead's
own history records it; a district project's reported milestone moves through ``projects.actions.change_stage``
with the lifecycle's evidence rules.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.accounts.access import promotion_unit_for
from tuijin.enterprises.models import Industry
from tuijin.lib.money import format_wan
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify
from tuijin.projects import actions as project_actions
from tuijin.projects import lifecycle
from tuijin.projects.models import Project
from tuijin.promotion import actions as promotion_actions
from tuijin.promotion.models import Lead, LeadSource

from . import calculations, events
from .models import Article, ArticleStatus, Finding, FindingStatus, IntelEventKind, Origin
from .reader import read

EDITABLE = ["name", "company", "event", "event_date", "region", "investment", "currency", "output_value",
            "land_area", "land_unit", "floor_area", "capacity"]


class ActionRefused(Exception):
    """A change the rules do not allow; the message says why in Chinese."""


def content_hash(simplified_text: str) -> str:
    """The fingerprint that keeps an article from being read twice: whitespace-insensitive, script-insensitive."""
    return hashlib.sha256("".join(simplified_text.split()).encode("utf-8")).hexdigest()


def _decimal(figure):
    return Decimal(figure["value"]) if figure else None


def candidates():
    """Every lead and project as matching candidates (one query each, only the columns compared)."""
    rows = [calculations.Candidate("lead", pk, name, company, location or "")
            for pk, name, company, location in Lead.objects.values_list("pk", "name", "company_name",
                                                                        "company_location")]
    rows += [calculations.Candidate("project", pk, name, company or "", "")
             for pk, name, company in Project.objects.values_list("pk", "name", "enterprise__name")]
    return rows


def _finding_from(article, project: dict, pool) -> Finding:
    investment, output = project["investment"], project["output"]
    land, floor = project["land_area"], project["floor_area"]
    finding = Finding(
        article=article, name=project["name"][:150], company=project["company"][:120], event=project["event"],
        event_date=project["date"] or "", region=(project["region"] or article.region)[:60],
        industry_code=project["industry"], investment=_decimal(investment),
        currency=investment["unit"] if investment else "CNY", qualifier=investment["qualifier"] if investment else "",
        output_value=_decimal(output) if output and output["unit"] == "CNY" else None,
        land_area=_decimal(land), land_unit=land["unit"] if land else "", floor_area=_decimal(floor),
        capacity=(project["capacity"]["text"] if project["capacity"] else "")[:100], facts=project["facts"],
    )
    match_pool = [c for c in pool if c.kind == "lead"]
    lead_match = calculations.best_match(finding.name, finding.company, finding.region, match_pool)
    project_match = calculations.best_match(finding.name, finding.company, "", [c for c in pool if c.kind == "project"])
    if lead_match:
        finding.matched_lead_id = lead_match.candidate.pk
    if project_match:
        finding.matched_project_id = project_match.candidate.pk
    scores = [m.score for m in (lead_match, project_match) if m]
    finding.match_score = max(scores) if scores else None
    return finding


def _title(text: str) -> str:
    """The first line when it is a headline, else its first sentence, at most 60 characters."""
    import re

    first = text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[。！？])", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 60 else sentence[:59] + "…"


def submit_article(*, actor, raw: str, origin: Origin, file_name: str = "", url: str = "", is_html=None,
                   date: dt.date | None = None, park=None) -> tuple[Article, bool]:
    """Read ``raw`` and queue its findings; (article, created). The same text again returns the stored one."""
    if not raw or not raw.strip():
        raise ActionRefused("文章内容为空：请粘贴正文或选择文件。")
    reading = read(raw, is_html=is_html, date=date, today=timezone.localdate())
    if len(reading.cleaned.text.strip()) < 10:
        raise ActionRefused("去除导航、评论等内容后没有剩下正文，请确认粘贴的是新闻或公告全文。")
    fingerprint = content_hash(reading.cleaned.simplified)
    existing = Article.objects.filter(content_hash=fingerprint).first()
    if existing:
        return existing, False
    extraction = reading.extraction.as_dict()
    title = _title(reading.cleaned.text) or file_name[:200]
    pool = candidates() if extraction["projects"] else []
    with transaction.atomic():
        article = Article.objects.create(
            title=title, text=reading.cleaned.text, raw=raw if is_html or file_name else "", origin=origin,
            file_name=file_name[:255], url=url[:500], published_on=dt.date.fromisoformat(extraction["date"]),
            region=extraction["region"][:60], traditional=reading.cleaned.traditional, content_hash=fingerprint,
            indicators=extraction["indicators"],
            status=ArticleStatus.PENDING if extraction["projects"] else ArticleStatus.EMPTY,
            park=park if park is not None else promotion_unit_for(actor) if actor else None,
            created_by=actor if actor and actor.is_authenticated else None)
        Finding.objects.bulk_create([_finding_from(article, p, pool) for p in extraction["projects"]])
        events.article_submitted(article, actor=actor if actor and actor.is_authenticated else None,
                                 note=f"{len(extraction['projects'])} 个项目，{len(extraction['indicators'])} 项指标")
    return article, True


def _claim(finding: Finding, actor) -> None:
    """Compare-and-set: only a finding still 待审核 can be decided, so two reviewers cannot both decide it."""
    claimed = Finding.objects.filter(pk=finding.pk, status=FindingStatus.PENDING).update(
        status=FindingStatus.ACCEPTED, decided_by=actor, decided_at=timezone.now())
    if not claimed:
        raise ActionRefused(f"“{finding.name}”已由他人审核，未重复处理。")


def _source_line(finding: Finding) -> str:
    article = finding.article
    event = f"{finding.event}（{finding.event_date}）" if finding.event and finding.event_date else finding.event
    return (f"【项目情报】{article.published_on:%Y-%m-%d}《{article.title[:60]}》{event}"
            f" 原文：{reverse('intel_article', args=[article.pk])}")


def _settle(article_id: int) -> None:
    if not Finding.objects.filter(article_id=article_id, status=FindingStatus.PENDING).exists():
        Article.objects.filter(pk=article_id, status=ArticleStatus.PENDING).update(status=ArticleStatus.REVIEWED)


def accept(finding: Finding, *, actor, merge_into: Lead | None = None) -> Lead:
    """Create a lead from the finding, or merge it into ``merge_into`` (the matched lead, or one chosen)."""
    with transaction.atomic():
        _claim(finding, actor)
        if merge_into is not None:
            data = {"note": "\n".join(filter(None, [merge_into.note, _source_line(finding)]))}
            if merge_into.expected_investment is None and finding.investment is not None and finding.currency == "CNY":
                data["expected_investment"] = finding.investment
            if not merge_into.company_location and finding.region:
                data["company_location"] = finding.region[:50]
            lead = promotion_actions.update_lead(merge_into, actor=actor, data=data)
            kind = IntelEventKind.MERGED
        else:
            park = promotion_unit_for(actor)
            data = {
                "name": finding.name[:150], "company_name": (finding.company or finding.name.removesuffix("项目"))[:120],
                "company_location": finding.region[:50], "source": LeadSource.INTELLIGENCE,
                "industry": Industry.objects.filter(code=finding.industry_code).first() if finding.industry_code else None,
                "expected_investment": finding.investment if finding.currency == "CNY" else None,
                "park": park, "unit": park, "note": _source_line(finding),
            }
            lead = promotion_actions.create_lead(actor=actor, data=data)
            kind = IntelEventKind.ACCEPTED
        Finding.objects.filter(pk=finding.pk).update(lead=lead)
        events.finding_decided(finding, actor=actor, kind=kind, note=f"{lead.code} {lead.name}")
        _settle(finding.article_id)
    return lead


def reject(finding: Finding, *, actor, reason: str = "") -> None:
    with transaction.atomic():
        rejected = Finding.objects.filter(pk=finding.pk, status=FindingStatus.PENDING).update(
            status=FindingStatus.REJECTED, decided_by=actor, decided_at=timezone.now(), reason=reason[:200])
        if not rejected:
            raise ActionRefused(f"“{finding.name}”已由他人审核，未重复处理。")
        events.finding_decided(finding, actor=actor, kind=IntelEventKind.REJECTED, note=reason)
        _settle(finding.article_id)


def decide_many(findings, *, actor, accept_them: bool) -> tuple[int, int]:
    """Bulk 采纳/驳回 of ticked findings: (done, skipped). A finding decided meanwhile is skipped and counted;
    a pending finding that matched a lead is merged into it rather than duplicated."""
    done = skipped = 0
    for finding in findings:
        try:
            if accept_them:
                target = Lead.objects.filter(pk=finding.matched_lead_id).first() if finding.matched_lead_id else None
                accept(finding, actor=actor, merge_into=target)
            else:
                reject(finding, actor=actor, reason="批量驳回")
            done += 1
        except ActionRefused:
            skipped += 1
    return done, skipped


def edit(finding: Finding, *, actor, data: dict) -> Finding:
    """Correct the extracted facts before deciding (a decided finding is left as it was decided)."""
    from tuijin.lib import changes as history

    with transaction.atomic():
        current = Finding.objects.select_for_update().get(pk=finding.pk)
        if current.status != FindingStatus.PENDING:
            raise ActionRefused(f"“{current.name}”已审核，不能再修改。")
        changed = history.assign(current, {k: v for k, v in data.items() if k in EDITABLE})
        if changed:
            current.save()
            events.finding_edited(current, actor=actor, changes=changed)
        return current


def update_project(finding: Finding, *, actor, permit_no: str = "") -> Project:
    """Move the matched district project one stage on, as the news reports, with the lifecycle's evidence."""
    project = finding.matched_project
    if project is None:
        raise ActionRefused("该情报未关联本区项目。")
    target = calculations.stage_offer(project.stage, finding.event)
    if target is None:
        raise ActionRefused(f"“{project.name}”当前为“{project.get_stage_display()}”，报道的“{finding.event}”无需更新阶段。")
    try:
        date = dt.date.fromisoformat(finding.event_date) if len(finding.event_date) == 10 else finding.article.published_on
    except ValueError:
        date = finding.article.published_on
    evidence = lifecycle.Evidence(date=date, permit_no=permit_no.strip(),
                                  reason=f"新闻报道：{finding.article.title[:80]}")
    with transaction.atomic():
        try:
            moved = project_actions.change_stage(project, target, actor=actor, evidence=evidence)
        except lifecycle.TransitionRefused as refused:
            details = "；".join(str(m) for m in refused.errors.values())
            raise ActionRefused(f"未更新“{project.name}”：{refused.message}{('（' + details + '）') if details else ''}")
        events.finding_decided(finding, actor=actor, kind=IntelEventKind.PROJECT_UPDATED,
                               note=f"{project.code} → {target.label}",
                               changes=[{"field": "stage", "label": "当前阶段", "old": project.get_stage_display(),
                                         "new": target.label}])
    return moved


def tell_coordinators(articles) -> None:
    """One message to the bureau when a watched folder or batch queued articles with projects to review."""
    queued = [a for a in articles if a.status == ArticleStatus.PENDING]
    if not queued:
        return
    count = Finding.objects.filter(article__in=queued, status=FindingStatus.PENDING).count()
    notify(recipients.coordinators(), kind=NotificationKind.INTEL_QUEUED,
           title=f"项目情报：新增 {len(queued)} 篇文章、{count} 个项目待审核",
           body="；".join(a.title[:40] for a in queued[:5]), url=reverse("intel_queue"))


def money_label(finding: Finding) -> str:
    if finding.investment is None:
        return ""
    if finding.currency == "CNY":
        return format_wan(finding.investment)
    return f"{finding.investment.normalize():f} 万{finding.currency}"
