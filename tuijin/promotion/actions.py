"""State changes of the promotion records. Each runs in a transaction, checks its rule and logs an event.

A lead's stage moves by compare-and-set on its current stage, so two people moving the same lead at once
cannot both win. 注册 turns a lead into local records without retyping: it registers (or finds) the local
enterprise by its 统一社会信用代码 and creates (or advances) the project at 已注册 with the lead's name,
company, chain, park, agreed investment and contract dates, through ``projects.actions`` so the project's
own history records it.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.enterprises import actions as enterprise_actions
from tuijin.enterprises.models import Enterprise
from tuijin.lib import changes as history
from tuijin.lib import serials
from tuijin.lib.money import format_wan
from tuijin.lib.uscc import normalise as normalise_uscc
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify
from tuijin.projects import actions as project_actions
from tuijin.projects import events as project_events
from tuijin.projects import lifecycle
from tuijin.projects.models import Category, Stage

from . import events, pipeline
from .calculations import new_money
from .models import (
    Activity, CapitalSource, Contract, ContractKind, FundArrival, Lead, LeadEventKind, LeadStage, SegmentProject,
    Target,
)
from .pipeline import MoveRefused

ZERO = Decimal(0)
IMPORTABLE_STAGES = [LeadStage.LEAD, LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION]
LEAD_FIELDS = [
    "name", "company_name", "company_uscc", "company_location", "industry", "source", "chain", "segment",
    "target_company", "expected_investment", "park", "unit", "owner", "next_step", "next_step_on", "note",
]


class ActionRefused(Exception):
    """A change the rules do not allow; the message says why in Chinese."""


def _lead_url(lead):
    return reverse("promotion_lead", args=[lead.pk])


def next_lead_code(year) -> str:
    """XS2026-0001 …: four digits while they last, then five and more, counted numerically (``lib.serials``)."""
    return serials.next_code(Lead.objects.all(), "code", f"XS{year}-", 4)


# ------------------------------------------------------------------------------------------ leads

def create_lead(*, actor, data: dict, occurred_on: dt.date | None = None,
                event_kind: LeadEventKind = LeadEventKind.CREATED) -> Lead:
    """Register a lead at 线索 (or, from an import, at a stage up to 洽谈) and log its creation."""
    occurred_on = occurred_on or timezone.localdate()
    data = dict(data)
    stage = LeadStage(data.pop("stage", None) or LeadStage.LEAD)
    if stage not in IMPORTABLE_STAGES:
        raise ActionRefused(f"新线索不能直接登记为“{stage.label}”：签约、注册、落地须逐步推进并提供依据。")
    for attempt in range(5):
        try:
            with transaction.atomic():
                lead = Lead(**data, stage=stage, stage_entered_on=occurred_on, created_by=actor)
                if not lead.code:
                    lead.code = next_lead_code(occurred_on.year)
                if lead.owner_id is None and actor is not None and actor.is_authenticated:
                    lead.owner = actor
                lead.save()
                events.lead_created(lead, actor=actor, occurred_on=occurred_on, kind=event_kind)
                return lead
        except IntegrityError:
            if data.get("code") or attempt == 4:
                raise
    raise AssertionError("unreachable")


def update_lead(lead: Lead, *, actor, data: dict) -> Lead:
    """Save edited fields and log what changed (the stage moves only through ``move_lead``)."""
    with transaction.atomic():
        current = Lead.objects.select_for_update().get(pk=lead.pk)
        changes = history.assign(current, data)
        if changes:
            current.save()
            events.lead_edited(current, actor=actor, occurred_on=timezone.localdate(), changes=changes)
        return current


def advance_by_import(lead: Lead, target, *, actor, occurred_on: dt.date, expected_updated_at=None) -> Lead:
    """An imported sheet says the lead is further on (up to 洽谈, where no evidence is needed): one logged jump.

    Compare-and-set on the stage (and on ``updated_at`` when given, the state the preview saw).
    """
    target = LeadStage(target)
    source = LeadStage(lead.stage)
    if target not in IMPORTABLE_STAGES or source not in IMPORTABLE_STAGES:
        raise ActionRefused(f"导入只能推进“洽谈”及以前的阶段，“{lead.code}”须在页面中逐步推进")
    if IMPORTABLE_STAGES.index(target) <= IMPORTABLE_STAGES.index(source):
        raise ActionRefused(f"线索“{lead.code}”已在“{source.label}”，导入不能使其退回“{target.label}”")
    condition = {"pk": lead.pk, "stage": source}
    if expected_updated_at is not None:
        condition["updated_at"] = expected_updated_at
    if not Lead.objects.filter(**condition).update(stage=target, stage_entered_on=occurred_on,
                                                   updated_at=timezone.now()):
        raise ActionRefused(f"线索“{lead.code}”在校验后被他人修改，未写入任何数据；请重新校验后再导入")
    events.lead_imported(lead, actor=actor, occurred_on=occurred_on, from_stage=source, to_stage=target)
    lead.refresh_from_db()
    return lead


def describe_contract(contract) -> str:
    text = (f"{contract.get_kind_display()} {contract.signed_on:%Y-%m-%d}，协议投资 {format_wan(contract.agreed_investment)}"
            f"（{contract.get_capital_source_display()}）")
    if contract.kind != ContractKind.INITIAL:
        text += f"，计入新增 {format_wan(contract.counted_investment)}"
    return text + (f"，{contract.title}" if contract.title else "")


def move_lead(lead: Lead, target, *, actor, evidence: pipeline.MoveEvidence, today: dt.date | None = None) -> Lead:
    """Move ``lead`` to ``target`` when the pipeline allows it on ``evidence``; log who, when and why."""
    today = today or timezone.localdate()
    target = LeadStage(target)
    with transaction.atomic():
        current = Lead.objects.select_for_update(of=("self",)).select_related("chain", "park").get(pk=lead.pk)
        has_contract = current.contracts.filter(kind=ContractKind.INITIAL).exists()
        pipeline.check_move(current, target, evidence, today, has_contract=has_contract)
        source = LeadStage(current.stage)
        resume = pipeline.is_resume(current, target)
        values = {"stage": target, "stage_entered_on": evidence.date, "updated_at": timezone.now()}
        record = {}
        if target == LeadStage.SHELVED:
            values |= {"shelved_from": source, "shelved_reason": evidence.reason.strip()}
        elif resume:
            values |= {"shelved_from": "", "shelved_reason": ""}
        elif target == LeadStage.SIGNED:
            contract = _new_contract(actor=actor, lead=current, project=None, kind=ContractKind.INITIAL,
                                     signed_on=evidence.date, agreed=evidence.agreed_investment,
                                     capital_source=evidence.capital_source, title=evidence.contract_title)
            record["签约协议"] = describe_contract(contract)
        elif target == LeadStage.REGISTERED:
            enterprise, project = _register(current, evidence, actor, today)
            values |= {"enterprise": enterprise, "project": project, "registered_on": evidence.date}
            record |= {"本地企业": f"{enterprise.name}（{enterprise.uscc}）", "项目": f"{project.code} {project.name}"}
        elif target == LeadStage.LANDED:
            if not current.project_id:
                raise MoveRefused("落地前须先完成注册并关联项目")
            values["landed_on"] = evidence.date
            record["项目"] = current.project.code
        if not Lead.objects.filter(pk=current.pk, stage=source).update(**values):
            raise MoveRefused("该线索刚被他人变更，请刷新页面后重试")
        events.lead_moved(current, actor=actor, kind=pipeline.event_kind(current, target), occurred_on=evidence.date,
                          from_stage=source, to_stage=target, reason=evidence.reason.strip(), evidence=record)
        current.refresh_from_db()
        _notify_move(current, source, target, actor)
        return current


def _notify_move(lead, source, target, actor):
    if lead.owner_id and (actor is None or lead.owner_id != actor.pk):
        notify([lead.owner], kind=NotificationKind.LEAD_MOVED, title=f"线索“{lead.name}”：{source.label} → {target.label}",
               url=_lead_url(lead), email=False)
    if target == LeadStage.REGISTERED and lead.project and lead.project.park_id:
        park_staff = recipients.park_staff(lead.project.park_id)
        notify(park_staff, kind=NotificationKind.LEAD_REGISTERED, title=f"招商项目已注册入库：{lead.project.name}",
               body=f"来自招商线索 {lead.code}（{lead.company_name}）。",
               url=reverse("project_detail", args=[lead.project_id]))


def _register(lead, evidence, actor, today):
    """The local enterprise (found by USCC or registered now) and the project, created or advanced to 已注册."""
    first = lead.contracts.filter(kind=ContractKind.INITIAL).order_by("signed_on", "pk").first()
    if first is None:
        raise MoveRefused("该线索没有首次签约协议，不能注册；请先登记签约")
    uscc = normalise_uscc(evidence.uscc)
    enterprise = Enterprise.objects.filter(uscc=uscc).first()
    if enterprise is None:
        industry = evidence.industry or lead.industry
        if industry is None:
            raise MoveRefused("新登记的企业须选择所属行业", {"industry": "新登记的企业须选择所属行业"})
        enterprise = enterprise_actions.create_enterprise(actor=actor, data={
            "name": evidence.company_name.strip(), "uscc": uscc, "industry": industry, "park": lead.park})
    agreed = (Contract.objects.filter(lead=lead).annotate(money=new_money())
              .aggregate(total=Sum("money"))["total"] or ZERO)
    contracts = "；".join(describe_contract(c) for c in lead.contracts.order_by("signed_on", "pk"))
    if evidence.project is not None:
        project = _advance_existing(evidence.project, lead, enterprise, first.signed_on, evidence.date, actor, today)
    else:
        project = project_actions.create_project(actor=actor, data={
            "name": lead.name, "enterprise": enterprise, "park": lead.park, "chain": lead.chain,
            "industry_chain": lead.chain.name if lead.chain else "", "category": Category.INDUSTRIAL,
            "total_investment": agreed or lead.expected_investment or ZERO, "stage": Stage.REGISTERED,
            "actual_sign_date": first.signed_on, "actual_register_date": evidence.date,
            "description": lead.note,
        }, evidence={"招商线索": f"{lead.code}（{lead.company_name}）", "签约协议": contracts})
    Contract.objects.filter(lead=lead, project__isnull=True).update(project=project)
    if lead.segment_id:
        SegmentProject.objects.get_or_create(segment_id=lead.segment_id, project=project)
    return enterprise, project


def _advance_existing(project, lead, enterprise, signed_on, registered_on, actor, today):
    """Link an existing project: fill what it lacks from the lead, then move it up to 已注册 with the dates."""
    project = type(project).objects.select_for_update().get(pk=project.pk)
    if project.stage in (Stage.SUSPENDED, Stage.TERMINATED):
        raise MoveRefused(f"项目“{project.name}”当前为“{project.get_stage_display()}”，不能关联")
    if project.enterprise_id and project.enterprise_id != enterprise.pk:
        raise MoveRefused(f"项目“{project.name}”的项目单位是“{project.enterprise}”，与注册企业“{enterprise.name}”不一致")
    fill = {"enterprise": enterprise} if not project.enterprise_id else {}
    if not project.park_id and lead.park_id:
        fill["park"] = lead.park
    if not project.chain_id and lead.chain_id:
        fill["chain"] = lead.chain
        if not project.industry_chain:
            fill["industry_chain"] = lead.chain.name
    if fill:
        project = project_actions.update_project(project, actor=actor, data=fill, expected_version=project.version)
    steps = {Stage.PLANNING: Stage.NEGOTIATING, Stage.NEGOTIATING: Stage.SIGNED, Stage.SIGNED: Stage.REGISTERED}
    while project.stage in steps:
        step = steps[Stage(project.stage)]
        date = {Stage.SIGNED: signed_on, Stage.REGISTERED: registered_on}.get(step)
        evidence = lifecycle.Evidence(date=date, extra={"招商线索": lead.code})
        try:
            project = project_actions.change_stage(project, step, actor=actor, evidence=evidence, today=today)
        except lifecycle.TransitionRefused as refusal:
            raise MoveRefused(f"关联项目“{project.name}”时：{refusal.message}") from refusal
    return project


# ------------------------------------------------------------------------------------------ contracts

def _agreement_group(lead, project):
    """The contracts of one investment: the lead's, and those of the project it became."""
    condition = Q(pk__in=[])
    if lead is not None:
        condition |= Q(lead=lead)
    if project is not None:
        condition |= Q(project=project)
    return Contract.objects.filter(condition)


def _new_contract(*, actor, lead, project, kind, signed_on, agreed, capital_source, title):
    """Apply the counting rules and write the contract (no event: the caller logs it)."""
    kind = ContractKind(kind)
    if agreed is None or agreed < 0:
        raise ActionRefused("协议投资额不能为空或为负数")
    if capital_source not in CapitalSource.values:
        raise ActionRefused("请选择资金来源（内资或外资）")
    group = _agreement_group(lead, project)
    first = group.filter(kind=ContractKind.INITIAL).order_by("signed_on", "pk").first()
    if kind == ContractKind.INITIAL:
        if first is not None:
            raise ActionRefused(f"该项目已于{first.signed_on:%Y-%m-%d}首次签约，同一项目只计一次签约；"
                                "追加投资请登记“增资扩产”，重签协议请登记“协议升级”")
        counted = agreed
    else:
        if first is None:
            raise ActionRefused(f"尚未首次签约，不能登记“{kind.label}”")
        if signed_on < first.signed_on:
            raise ActionRefused(f"{kind.label}日期不能早于首次签约日期（{first.signed_on:%Y-%m-%d}）")
        previous = group.annotate(money=new_money()).aggregate(total=Sum("money"))["total"] or ZERO
        if kind == ContractKind.INCREASE:
            if agreed <= previous:
                raise ActionRefused(f"增资扩产须填写增资后的协议总额，应大于原协议总额 {format_wan(previous)}；"
                                    "只签订新版协议而不增加投资的，请登记“协议升级”")
            counted = agreed - previous
        else:
            counted = ZERO
    return Contract.objects.create(
        lead=lead, project=project, kind=kind, signed_on=signed_on, agreed_investment=agreed,
        counted_investment=counted, capital_source=capital_source, title=title.strip(), recorded_by=actor,
    )


def record_contract(*, actor, kind, signed_on, agreed_investment, capital_source=CapitalSource.DOMESTIC,
                    title="", lead=None, project=None, today=None) -> Contract:
    """A further agreement: a capital increase or an upgrade for a signed lead or project, or a project's first.

    A lead's first signing is recorded by moving it to 签约 (``move_lead``), not here.
    """
    today = today or timezone.localdate()
    if signed_on is None or signed_on > today:
        raise ActionRefused(f"签约日期不能为空，也不能晚于今天（{today:%Y-%m-%d}）")
    with transaction.atomic():
        if lead is not None:
            lead = Lead.objects.select_for_update().get(pk=lead.pk)
            if kind == ContractKind.INITIAL:
                raise ActionRefused("线索的首次签约请通过“推进至签约”登记")
            project = lead.project
        contract = _new_contract(actor=actor, lead=lead, project=project, kind=kind, signed_on=signed_on,
                                 agreed=agreed_investment, capital_source=capital_source, title=title)
        if lead is not None:
            events.contract_recorded(lead, actor=actor, occurred_on=signed_on, description=describe_contract(contract))
        else:
            project_events.contract_recorded(project, actor=actor, description=describe_contract(contract))
        return contract


# ------------------------------------------------------------------------------------------ fund arrival

def record_fund_arrival(project, year: int, month: int, *, actor, domestic: Decimal, foreign: Decimal,
                        note: str = "", today: dt.date | None = None) -> FundArrival:
    """Set a month's 实际到位 内资 / 外资 of a signed project; corrections keep the old figures in the history."""
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        raise ActionRefused("月份应为1—12")
    if (year, month) > (today.year, today.month):
        raise ActionRefused(f"不能填报未来月份（{year}年{month}月）的到位资金")
    if domestic is None or foreign is None or domestic < 0 or foreign < 0:
        raise ActionRefused("到位资金不能为空或为负数")
    if not Contract.objects.filter(project=project).exists():
        raise ActionRefused("该项目尚未登记签约协议，资金到位只对已签约项目填报")
    with transaction.atomic():
        arrival, created = FundArrival.objects.select_for_update().get_or_create(
            project=project, year=year, month=month,
            defaults={"domestic": domestic, "foreign": foreign, "note": note, "recorded_by": actor})
        after = {"domestic": domestic, "foreign": foreign, "note": note}
        changes = history.diff(None if created else arrival, after, model=FundArrival)
        for name, value in after.items():
            setattr(arrival, name, value)
        if not created and changes:
            arrival.recorded_by = actor
            arrival.save()
        if changes:
            events.fund_arrival_saved(arrival, actor=actor, changes=changes)
        return arrival


# ------------------------------------------------------------------------------------------ targets, activities

def set_target(period, unit, metric, value: Decimal, *, actor) -> Target:
    if value is None or value < 0:
        raise ActionRefused("目标值不能为空或为负数")
    with transaction.atomic():
        target, created = Target.objects.select_for_update().get_or_create(
            period_kind=period.kind, period_start=period.start, unit=unit, metric=metric,
            defaults={"value": value, "updated_by": actor})
        changes = history.diff(None if created else target, {"value": value}, model=Target)
        if not changes:
            return target
        if not created:
            target.value, target.updated_by = value, actor
            target.save()
        events.target_set(target, actor=actor, changes=changes)
        return target


def log_activity(*, actor, data: dict, leads=(), chains=()) -> Activity:
    with transaction.atomic():
        activity = Activity.objects.create(**data, created_by=actor)
        activity.leads.set(leads)
        activity.chains.set(chains)
        return activity
