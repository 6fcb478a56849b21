"""注册 turns the lead into local records without retyping: the enterprise by its USCC, the project at 已注册."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.enterprises.models import Enterprise
from tuijin.notifications.models import Notification
from tuijin.projects.models import EventKind, Project, ProjectEvent, Stage
from tuijin.promotion.models import Contract, LeadStage, SegmentProject
from tuijin.promotion.pipeline import MoveRefused

from ..factories import EnterpriseFactory, ProjectFactory, next_uscc
from .conftest import make_lead, move, register, sign

D = dt.date


def test_it_creates_the_enterprise_and_the_project_from_the_lead(coordinator, users, chain, park):
    # Given a signed lead in the 种植体 segment, to land in the 高新园
    segment = chain.segments_by_name["种植体"]
    lead = make_lead(coordinator, chain=chain, segment=segment, park=park, name="高端种植体生产基地",
                     company_name="华东种植体有限公司")
    lead = sign(lead, coordinator, D(2025, 2, 2), amount="25000")
    uscc = next_uscc()

    # When it is registered locally on 1 March with its new company's USCC
    lead = register(lead, coordinator, D(2025, 3, 1), uscc=uscc, company_name="锦江华东种植体有限公司")

    # Then the enterprise exists, in the park, with that USCC
    enterprise = Enterprise.objects.get(uscc=uscc)
    assert (enterprise.name, enterprise.park, enterprise.industry.code) == ("锦江华东种植体有限公司", park, "35")
    # And the project carries the lead's name, company, chain, park, agreed investment and contract dates
    project = lead.project
    assert (project.name, project.enterprise, project.chain, project.industry_chain, project.park) == (
        "高端种植体生产基地", enterprise, chain, "口腔医疗器械", park)
    assert (project.stage, project.total_investment) == (Stage.REGISTERED, Decimal(25000))
    assert (project.actual_sign_date, project.actual_register_date) == (D(2025, 2, 2), D(2025, 3, 1))
    # And the contract now belongs to the project, which sits in the lead's segment
    assert Contract.objects.get().project == project
    assert SegmentProject.objects.filter(segment=segment, project=project).exists()
    # And the project's own history says where it came from
    created = ProjectEvent.objects.get(project=project, kind=EventKind.CREATED)
    assert created.to_stage == Stage.REGISTERED and created.actor == coordinator
    assert created.evidence["招商线索"].startswith(lead.code)
    assert "首次签约 2025-02-02" in created.evidence["签约协议"]
    # And the park hears of its new project
    assert Notification.objects.filter(recipient=users["park_staff"], kind="lead_registered").exists()


def test_it_links_an_enterprise_already_on_file(coordinator, chain):
    known = EnterpriseFactory(name="锦江齿科材料有限公司")
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2))

    lead = register(lead, coordinator, D(2025, 3, 1), uscc=known.uscc.lower(), company_name="随便写的名字")

    assert lead.enterprise == known and lead.project.enterprise == known
    assert Enterprise.objects.filter(name="随便写的名字").count() == 0


def test_it_advances_an_existing_project_to_registered(coordinator, chain):
    # Given the project was already packaged in the project library (谋划储备)
    existing = ProjectFactory(name="口腔产业园项目", stage=Stage.PLANNING, total_investment=Decimal(30000))
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2))

    # When the lead is registered and linked to it
    lead = register(lead, coordinator, D(2025, 3, 1), project=existing)

    # Then the project walked 谋划储备 → 在谈 → 已签约 → 已注册 with the lead's dates, each move logged
    existing.refresh_from_db()
    assert lead.project == existing
    assert (existing.stage, existing.actual_sign_date, existing.actual_register_date) == (
        Stage.REGISTERED, D(2025, 2, 2), D(2025, 3, 1))
    assert existing.enterprise == lead.enterprise and existing.chain == chain
    moves = list(existing.events.filter(kind=EventKind.STAGE_CHANGED).values_list("to_stage", flat=True))
    assert sorted(moves) == sorted([Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED])
    assert Project.objects.count() == 1


def test_it_refuses_to_link_a_terminated_project(coordinator, chain):
    existing = ProjectFactory(stage=Stage.TERMINATED)
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2))

    with pytest.raises(MoveRefused, match="当前为“已终止”，不能关联"):
        register(lead, coordinator, D(2025, 3, 1), project=existing)

    lead.refresh_from_db()
    assert lead.stage == LeadStage.SIGNED and not Enterprise.objects.filter(leads=lead).exists()


def test_registering_a_new_enterprise_needs_its_industry(coordinator, chain):
    lead = sign(make_lead(coordinator, chain=chain), coordinator, D(2025, 2, 2))

    with pytest.raises(MoveRefused, match="新登记的企业须选择所属行业"):
        move(lead, LeadStage.REGISTERED, coordinator, D(2025, 3, 1), company_name="新公司", uscc=next_uscc())

    assert not Project.objects.exists()
