"""The lead pipeline as a state machine: which moves are legal and what evidence each needs.

Pure rules, free of requests and the database; ``actions.move_lead`` applies them. A lead moves
forward one stage at a time, may be shelved (搁置) from any active stage with a reason, and resumes
from 搁置 at the stage it left. 签约 needs a contract, 注册 a valid 统一社会信用代码, 落地 a date.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tuijin.lib.uscc import uscc_problem

from .models import ACTIVE, PIPELINE, CapitalSource, LeadEventKind, LeadStage

NEXT = {stage: PIPELINE[index + 1] for index, stage in enumerate(ACTIVE)}
DATE_LABELS = {
    LeadStage.CONTACT: "接洽日期", LeadStage.VISIT: "考察日期", LeadStage.NEGOTIATION: "洽谈日期",
    LeadStage.SIGNED: "签约日期", LeadStage.REGISTERED: "注册日期", LeadStage.LANDED: "落地日期",
    LeadStage.SHELVED: "搁置日期",
}


class MoveRefused(Exception):
    """A move the rules do not allow; ``errors`` maps evidence fields to messages in Chinese."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass
class MoveEvidence:
    """What the person moving the lead provides; which parts are needed depends on the target stage."""

    date: dt.date | None = None
    reason: str = ""
    agreed_investment: Decimal | None = None  # 签约
    capital_source: str = CapitalSource.DOMESTIC
    contract_title: str = ""
    company_name: str = ""  # 注册
    uscc: str = ""
    industry: object = None
    project: object = None  # an existing project to link instead of creating one
    extra: dict = field(default_factory=dict)


def is_resume(lead, target) -> bool:
    return lead.stage == LeadStage.SHELVED and target == lead.shelved_from


def allowed_targets(lead) -> list[LeadStage]:
    """Every stage the lead may move to from where it stands."""
    stage = LeadStage(lead.stage)
    if stage == LeadStage.SHELVED:
        return [LeadStage(lead.shelved_from)] if lead.shelved_from else []
    if stage not in NEXT:
        return []
    return [NEXT[stage], LeadStage.SHELVED]


def event_kind(lead, target) -> LeadEventKind:
    if target == LeadStage.SHELVED:
        return LeadEventKind.SHELVED
    if is_resume(lead, target):
        return LeadEventKind.RESUMED
    return LeadEventKind.MOVED


def evidence_fields(lead, target) -> list[str]:
    """The fields the move form shows for ``target``."""
    target = LeadStage(target)
    if target == LeadStage.SHELVED:
        return ["date", "reason"]
    if is_resume(lead, target):
        return ["date", "reason"]
    fields = ["date"]
    if target == LeadStage.SIGNED:
        fields += ["agreed_investment", "capital_source", "contract_title"]
    elif target == LeadStage.REGISTERED:
        fields += ["company_name", "uscc", "industry", "project"]
    return fields


def illegal_move_message(lead, target) -> str | None:
    """Why ``lead`` cannot move to ``target`` whatever the evidence; None when it may."""
    targets = allowed_targets(lead)
    if target in targets:
        return None
    hint = "、".join(stage.label for stage in targets) or "无（已落地）"
    return f"不能从“{LeadStage(lead.stage).label}”直接变更为“{LeadStage(target).label}”。当前可变更为：{hint}。"


def check_move(lead, target, evidence: MoveEvidence, today: dt.date, *, has_contract=False) -> None:
    """Raise ``MoveRefused`` unless ``lead`` may move to ``target`` on ``evidence``."""
    target = LeadStage(target)
    message = illegal_move_message(lead, target)
    if message:
        raise MoveRefused(message)
    errors = {}
    label = "恢复日期" if is_resume(lead, target) else DATE_LABELS[target]
    if evidence.date is None:
        errors["date"] = f"请填写{label}"
    elif evidence.date > today:
        errors["date"] = f"{label}不能晚于今天（{today:%Y-%m-%d}）"
    elif lead.stage_entered_on and evidence.date < lead.stage_entered_on:
        errors["date"] = (f"{label}（{evidence.date:%Y-%m-%d}）不能早于进入“{lead.get_stage_display()}”的日期"
                          f"（{lead.stage_entered_on:%Y-%m-%d}）")
    if target == LeadStage.SHELVED and not evidence.reason.strip():
        errors["reason"] = "请填写搁置原因"
    if target == LeadStage.SIGNED and not is_resume(lead, target):
        if has_contract:
            errors["__all__"] = "该线索已登记首次签约协议，不能重复签约；增资或协议升级请在线索页“补充协议”中登记"
        if evidence.agreed_investment is None:
            errors["agreed_investment"] = "签约须填写协议投资额"
        elif evidence.agreed_investment <= 0:
            errors["agreed_investment"] = "协议投资额应大于零"
        if evidence.capital_source not in CapitalSource.values:
            errors["capital_source"] = "请选择资金来源（内资或外资）"
    if target == LeadStage.REGISTERED and not is_resume(lead, target):
        if not evidence.uscc.strip():
            errors["uscc"] = "注册须填写项目公司的统一社会信用代码"
        else:
            problem = uscc_problem(evidence.uscc)
            if problem:
                errors["uscc"] = problem
        if not evidence.company_name.strip():
            errors["company_name"] = "请填写在本地注册的企业名称"
    if errors:
        raise MoveRefused(f"无法变更为“{target.label}”：" + "；".join(errors.values()), errors)
