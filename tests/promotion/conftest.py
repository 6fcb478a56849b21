"""Promotion fixtures: a chain with a gap, and helpers that walk a lead through the pipeline on given dates.

Dates are fixed in 2025 so figures computed by hand stay true whatever day the suite runs.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.promotion import actions
from tuijin.promotion.models import (
    ChainMember, ChainSegment, IndustryChain, LeadSource, LeadStage, MemberRole, Position, TargetCompany,
)
from tuijin.promotion.pipeline import NEXT, MoveEvidence

from ..factories import EnterpriseFactory, industry, next_uscc

D = dt.date


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.IMPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def chain(db):
    """口腔医疗器械: four segments; 种植体 has a 链主, 数字化设备 a 链属, 原材料 and 诊疗服务 nothing local."""
    chain = IndustryChain.objects.create(name="口腔医疗器械")
    segments = {
        name: ChainSegment.objects.create(chain=chain, name=name, position=position, order=order)
        for order, (name, position) in enumerate([
            ("原材料", Position.UPSTREAM), ("种植体", Position.MIDSTREAM), ("数字化设备", Position.MIDSTREAM),
            ("诊疗服务", Position.DOWNSTREAM)], start=1)
    }
    ChainMember.objects.create(segment=segments["种植体"], enterprise=EnterpriseFactory(name="锦江齿科股份有限公司"),
                               role=MemberRole.ANCHOR)
    ChainMember.objects.create(segment=segments["数字化设备"], enterprise=EnterpriseFactory(name="锦江口扫科技有限公司"))
    TargetCompany.objects.create(segment=segments["原材料"], name="华东氧化锆材料股份有限公司", location="江苏")
    chain.segments_by_name = segments
    return chain


def make_lead(actor, *, chain=None, segment=None, park=None, on=D(2025, 1, 6), **data):
    values = {"name": "口腔种植体生产基地项目", "company_name": "华东种植体有限公司", "source": LeadSource.FAIR,
              "chain": chain, "segment": segment, "park": park, "expected_investment": Decimal("15000")} | data
    return actions.create_lead(actor=actor, data=values, occurred_on=on)


def move(lead, target, actor, on, **evidence):
    return actions.move_lead(lead, target, actor=actor, evidence=MoveEvidence(date=on, **evidence), today=D(2026, 1, 1))


def sign(lead, actor, on, amount="15000", **extra):
    """Walk ``lead`` on to 洽谈 (all on ``on``), then sign it for ``amount`` 万元."""
    while lead.stage != LeadStage.NEGOTIATION:
        lead = move(lead, NEXT[LeadStage(lead.stage)], actor, on)
    return move(lead, LeadStage.SIGNED, actor, on, agreed_investment=Decimal(amount), **extra)


def register(lead, actor, on, uscc=None, **extra):
    evidence = {"company_name": lead.company_name, "uscc": uscc or next_uscc(), "industry": industry("35")} | extra
    return move(lead, LeadStage.REGISTERED, actor, on, **evidence)
