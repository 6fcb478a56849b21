"""No change without an event: every business record's changes land in its history with who, where and what.

Every model of the tuijin apps is either in ``NOT_BUSINESS`` (with the reason it keeps no history
of its own) or in ``HISTORY``, mapped to its event model and to one change made the way people
make it (a page, or the action behind the page or the API). A new model in neither table fails
the first test with its name; a mapped change that writes no event, or an event without actor,
source or content, fails the second.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts import actions as alert_actions
from tuijin.alerts.models import RuleEvent, RuleKey, Warning, WarningEvent, WarningLevel, WarningRule
from tuijin.briefings.models import BriefingEvent
from tuijin.coordination import actions as coordination
from tuijin.coordination.models import MeetingEvent, ProblemCategory, ProblemEvent, seed_categories
from tuijin.enterprises import actions as enterprise_actions
from tuijin.enterprises.models import Enterprise, EnterpriseEvent, QualificationKind, ServiceKind
from tuijin.exchange.models import ExchangeEvent
from tuijin.intel.models import IntelEvent
from tuijin.leaderboards.models import BoardEvent
from tuijin.lib.context import Source, acting
from tuijin.matchmaking.models import MatchLog
from tuijin.monitoring.models import FiguresEvent
from tuijin.nodeplans import actions as nodeplan_actions
from tuijin.nodeplans import library as nodeplan_library
from tuijin.nodeplans.models import NodeEvent, NodeTemplate
from tuijin.policies import actions as policy_actions
from tuijin.policies import drafts as policy_drafts
from tuijin.policies import library as policy_library
from tuijin.policies.models import Clause, PolicyEvent
from tuijin.progress import actions as progress
from tuijin.progress.models import PlanEvent, ReportEvent
from tuijin.projects import actions as project_actions
from tuijin.projects.models import ProjectEvent
from tuijin.promotion import actions as promotion
from tuijin.promotion.models import (
    CapitalSource, Contract, ContractKind, FundArrivalEvent, LeadEvent, LeadSource, LeadStage, Metric, TargetEvent,
)
from tuijin.promotion.periods import Period
from tuijin.promotion.pipeline import MoveEvidence

from .briefings import history as briefings_history
from .coordination.clock import at, pin
from .exchange import history as exchange_history
from .factories import industry, next_uscc
from .matchmaking import history as matchmaking_history
from .monitoring import history as monitoring_history
from .policies.conftest import ABOVE_SCALE, YEAR, figures, qualify

NOT_BUSINESS = {
    "core.HolidayYear": "the State Council's published holiday calendar, entered as reference data",
    "core.HolidayDay": "one day of that published calendar",
    "accounts.Organisation": "accounts and organisations are the audit log's (audit app), not a business history",
    "accounts.User": "accounts and organisations are the audit log's (audit app), not a business history",
    "enterprises.Industry": "the GB/T 4754-2017 classification, loaded from the standard",
    "enterprises.EnterpriseEvent": "a history row itself (append-only)",
    "projects.ProjectEvent": "a history row itself (append-only)",
    "progress.ReportEvent": "a history row itself (append-only)",
    "progress.PlanEvent": "a history row itself (append-only)",
    "progress.ReportingSettings": "one admin-only setting row; admin edits are the audit log's",
    "progress.ProjectYearRollup": "derived: recomputed from plans and approved reports",
    "audit.AuditEntry": "the audit log itself: append-only, refused by the model, the admin and database triggers",
    "notifications.Notification": "a message to one user, not a record people change",
    "imports.ImportJob": "a job: its own row says who uploaded what and what it applied",
    "exports.ExportJob": "a job: its own row says who asked for which sheet",
    "briefings.BriefingEvent": "a history row itself (append-only)",
    "policies.AutoGrantJob": "a job: its own row says who started which 免申即享 run; the run has its events",
    "api.ApiToken": "its row records who issued and who revoked it, and when",
    "policies.Policy": "policy documents loaded from the library files shipped with the app",
    "policies.ClauseVersion": "a history row itself (every version of a clause's rule)",
    "policies.PolicyEvent": "a history row itself (append-only)",
    "promotion.IndustryChain": "the chain map: reference data loaded by coordinators in the admin",
    "promotion.ChainSegment": "the chain map: reference data loaded by coordinators in the admin",
    "promotion.ChainMember": "the chain map: reference data loaded by coordinators in the admin",
    "promotion.TargetCompany": "the chain map: reference data loaded by coordinators in the admin",
    "promotion.SegmentProject": "a link written when a lead registers, which its LeadEvent records",
    "promotion.LeadEvent": "a history row itself (append-only)",
    "promotion.FundArrivalEvent": "a history row itself (append-only)",
    "promotion.TargetEvent": "a history row itself (append-only)",
    "promotion.Activity": "itself a log entry (an activity held), written once with its author",
    "coordination.ProblemCategory": "reference list of problem categories seeded by a migration",
    "coordination.ProblemEvent": "a history row itself (append-only)",
    "coordination.MeetingEvent": "a history row itself (append-only)",
    "alerts.WarningEvent": "a history row itself (append-only)",
    "alerts.RuleEvent": "a history row itself (append-only)",
    "alerts.DashboardCell": "derived: the battle map's counts, recomputed from projects",
    "alerts.DashboardCellChange": "derived: marks cells stale (database triggers)",
    "alerts.DashboardYear": "derived: when a year's cells were last recomputed",
    "alerts.WarningCell": "derived: active warnings per level and cell key, recomputed from warnings",
    "alerts.WarningCellChange": "derived: marks warning cells stale (database triggers)",
    "alerts.WarningCellState": "derived: when the warning cells were first computed",
    "progress.KpiCell": "derived: the progress page's figures per day and cell key, recomputed from rollups",
    "progress.KpiCellChange": "derived: marks KPI cells stale (database triggers)",
    "progress.KpiDay": "derived: which (year, as of) KPI cells are kept",
    "nodeplans.NodeTemplate": "flow templates: reference data shipped with the app, edited on the 流程模板 page (audit log)",
    "nodeplans.TemplateNode": "a node of a flow template (reference data, audit log)",
    "nodeplans.TemplateLink": "a link of a flow template (reference data, audit log)",
    "nodeplans.PlanLink": "copied from the template when a plan is made, which its NodeEvent records",
    "nodeplans.NodeEvent": "a history row itself (append-only)",
    "intel.Article": "a news report as read, written once with its submitter (IntelEvent 提交文章); its review "
                     "status follows its findings' decisions, each of which is an IntelEvent",
    "intel.IntelEvent": "a history row itself (append-only)",
    "matchmaking.MatchLog": "a history row itself (append-only)",
    "leaderboards.BoardEvent": "a history row itself (append-only)",
    "monitoring.FiguresEvent": "a history row itself (append-only)",
    "monitoring.KeyEnterprise": "the key-enterprise list: reference data kept by coordinators (audit log)",
    "monitoring.DropRule": "the drop thresholds per indicator: settings edited by coordinators (audit log)",
    "monitoring.DropWarning": "derived: raised, moved and closed by the warning scan from approved figures",
    "exchange.DistrictFeed": "a reporting district as its imports left it; each import is an ImportRun and an "
                             "ExchangeEvent",
    "exchange.ImportRun": "a job: its own row says who imported which file and what it wrote",
    "exchange.ImportedRecord": "the importer's bookkeeping (last version and digest per record); the records it "
                               "wrote keep their own history",
    "exchange.DistrictKpi": "the district's figures as it reported them, replaced by each import (ImportRun)",
    "exchange.ExchangeEvent": "a history row itself (append-only)",
}

D = dt.date


class World:
    """The personas and a logged-in browser, and whatever a change needs set up first."""

    def __init__(self, users, project, enterprise, park, department, client, monkeypatch, tmp_path,
                 settings):
        settings.MEDIA_ROOT = tmp_path / "media"
        self.users, self.project, self.enterprise = users, project, enterprise
        self.park, self.department, self.client, self.monkeypatch = park, department, client, monkeypatch
        self.coordinator = users[Role.COORDINATOR]

    def page(self, user, name, args, data):
        """POST a page's form as ``user``; the middleware marks the change as coming from a page."""
        self.client.force_login(user)
        response = self.client.post(reverse(name, args=args), data)
        assert response.status_code == 302, response.content.decode()[:500]
        return user, Source.PAGE


def _api(world, user, step):
    """Run an action the way the API and the pages' views do: inside the acting user's context."""
    with acting(Source.API, user):
        step()
    return user, Source.API


# -------------------------------------------------------------- changes, one per business model

def edit_project(world, _):
    project = world.project
    return _api(world, world.coordinator, lambda: project_actions.update_project(
        project, actor=world.coordinator, data={"total_investment": Decimal("12345.00")},
        expected_version=project.version))


def attach_document(world, _):
    pdf = SimpleUploadedFile("立项批复.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    return world.page(world.coordinator, "project_attachment_add", [world.project.pk],
                      {"kind": "approval", "title": "立项批复", "document_no": "成高审批〔2026〕12号",
                       "document_date": "2026-03-02", "file": pdf})


def edit_enterprise(world, _):
    e = world.enterprise
    form = {"name": e.name, "uscc": e.uscc, "industry": e.industry_id, "scale": e.scale, "address": e.address,
            "established_on": "", "legal_representative": e.legal_representative, "contact_person": "李四",
            "contact_phone": "028-88886666", "park": e.park_id or "", "responsible_official": "",
            "responsible_unit": e.responsible_unit_id or ""}
    return world.page(world.coordinator, "enterprise_edit", [e.pk], form)


def enter_figures(world, _):
    user = world.users[Role.ENTERPRISE]
    return _api(world, user, lambda: enterprise_actions.save_year_figures(
        world.enterprise, 2025, actor=user, data={"revenue": Decimal("5200.00"), "employees": 180}))


def add_qualification(world, _):
    return _api(world, world.coordinator, lambda: enterprise_actions.add_qualification(
        world.enterprise, actor=world.coordinator, data={"kind": QualificationKind.HIGH_TECH,
                                                        "granted_on": D(2025, 1, 1)}))


def record_service(world, _):
    clerk = world.users[Role.DEPARTMENT_CLERK]
    return _api(world, clerk, lambda: enterprise_actions.record_service(
        world.enterprise, actor=clerk, data={"kind": ServiceKind.VISIT, "happened_on": D(2026, 3, 2),
                                            "summary": "走访企业，了解用电需求"}))


def edit_plan(world, _):
    return world.page(world.coordinator, "progress_save_plan", [world.project.pk],
                      {"year": 2026, "planned_investment": "8000", "plans_start": "on", "note": "主体施工"})


def draft(world):
    enterprise_user = world.users[Role.ENTERPRISE]
    return progress.save_draft(world.project, 2026, 3, actor=enterprise_user,
                               data={"completed_investment": Decimal("100"), "narrative": "基础施工"})


def edit_report(world, report):
    user = world.users[Role.ENTERPRISE]
    return _api(world, user, lambda: progress.save_draft(
        world.project, 2026, 3, actor=user, data={"completed_investment": Decimal("150"), "narrative": "主体施工"}))


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def add_photo(world, report):
    user = world.users[Role.ENTERPRISE]
    return _api(world, user, lambda: progress.add_report_photo(
        report, actor=user, image=SimpleUploadedFile("site.png", PNG, "image/png"), caption="塔吊进场"))


def library(world):
    policy_library.load()
    return Clause.objects.get(code="equipment-subsidy")


def edit_clause(world, clause):
    return _api(world, world.coordinator, lambda: policy_actions.save_clause(
        clause, actor=world.coordinator, data={"title": clause.title + "（修订）"}, note="按新文件修订"))


def a_draft(world):
    clause = library(world)
    return policy_drafts.start_draft(actor=world.coordinator, policy=clause.policy, clause=clause, name="方案A")


def edit_draft(world, draft):
    lowered = {**draft.definition, "benefit": {**draft.definition["benefit"], "cap": 30}}
    return _api(world, world.coordinator, lambda: policy_drafts.save_draft(
        draft, actor=world.coordinator, data={"definition": lowered}, version=draft.version))


def eligible(world):
    library(world)
    figures(world.enterprise, equipment_investment="800.00")
    qualify(world.enterprise, ABOVE_SCALE)


def run_auto_grants(world, _):
    return _api(world, world.coordinator, lambda: policy_actions.create_run(
        actor=world.coordinator, data_year=YEAR, as_of=D(2026, 3, 1), enterprises=Enterprise.objects.filter(pk=world.enterprise.pk)))


def a_run(world):
    eligible(world)
    run = policy_actions.create_run(actor=world.coordinator, data_year=YEAR, as_of=D(2026, 3, 1),
                                    enterprises=Enterprise.objects.filter(pk=world.enterprise.pk))
    return run.items.get()


def exclude_item(world, item):
    return _api(world, world.coordinator, lambda: policy_actions.decide_item(
        item, actor=world.coordinator, approve=False, reason="已申请同类补助"))


def a_lead(world):
    return promotion.create_lead(actor=world.coordinator, occurred_on=D(2025, 1, 6), data={
        "name": "口腔种植体生产基地项目", "company_name": "华东种植体有限公司", "source": LeadSource.FAIR,
        "park": world.park, "expected_investment": Decimal("15000")})


def edit_lead(world, lead):
    return _api(world, world.coordinator, lambda: promotion.update_lead(
        lead, actor=world.coordinator, data={"next_step": "安排赴企考察", "expected_investment": Decimal("18000")}))


def a_signed_lead(world):
    lead = a_lead(world)
    for stage in (LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATION, LeadStage.SIGNED):
        extra = {"agreed_investment": Decimal("15000")} if stage == LeadStage.SIGNED else {}
        lead = promotion.move_lead(lead, stage, actor=world.coordinator, today=D(2026, 1, 1),
                                   evidence=MoveEvidence(date=D(2025, 2, 3), **extra))
    return lead


def increase_capital(world, lead):
    return _api(world, world.coordinator, lambda: promotion.record_contract(
        actor=world.coordinator, kind=ContractKind.INCREASE, signed_on=D(2025, 6, 2),
        agreed_investment=Decimal("20000"), lead=lead, today=D(2026, 1, 1)))


def a_signed_project(world):
    Contract.objects.create(project=world.project, kind=ContractKind.INITIAL, signed_on=D(2025, 1, 10),
                            agreed_investment=Decimal("9000"), counted_investment=Decimal("9000"),
                            capital_source=CapitalSource.DOMESTIC)


def record_funds(world, _):
    return _api(world, world.coordinator, lambda: promotion.record_fund_arrival(
        world.project, 2025, 3, actor=world.coordinator, domestic=Decimal("3000"), foreign=Decimal("0"),
        today=D(2026, 1, 1)))


def set_target(world, _):
    return _api(world, world.coordinator, lambda: promotion.set_target(
        Period.year(2026), world.park, Metric.SIGNINGS, Decimal("6"), actor=world.coordinator))


def categories(world):
    pin(world.monkeypatch)
    seed_categories()


def file_problem(world, _, files=()):
    user = world.users[Role.ENTERPRISE]
    return _api(world, user, lambda: coordination.file_problem(actor=user, files=files, now=at(6, 15, 9), data={
        "title": "厂区10kV供电线路未接入", "description": "设备调试需要正式用电。",
        "category": ProblemCategory.objects.get(name="水电气"), "project": world.project}))


def file_with_attachment(world, state):
    return file_problem(world, state, files=[SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test", "application/pdf")])


def a_filed_problem(world):
    categories(world)
    return coordination.file_problem(actor=world.users[Role.ENTERPRISE], now=at(6, 15, 9), data={
        "title": "厂区10kV供电线路未接入", "description": "设备调试需要正式用电。",
        "category": ProblemCategory.objects.get(name="水电气"), "project": world.project})


def assign(world, problem):
    return _api(world, world.coordinator, lambda: coordination.assign_problem(
        problem, actor=world.coordinator, lead=world.department, working_days=5, now=at(6, 15, 10)))


def a_meeting(world):
    return coordination.record_meeting(actor=world.coordinator, data={
        "title": "6月项目调度会", "held_at": timezone.now() + dt.timedelta(days=3), "place": "区政府3楼会议室"})


def edit_meeting(world, meeting):
    return _api(world, world.coordinator, lambda: coordination.update_meeting(
        meeting, actor=world.coordinator, data={"minutes": "会议议定：供电线路6月底前接入。", "attendees": "发改局、供电公司"}))


def edit_rule(world, _):
    WarningRule.current()
    key = RuleKey.STAGE_HELD
    return world.page(world.coordinator, "alerts_rule_edit", [key],
                      {f"{key}-enabled": "on", f"{key}-yellow": "150", f"{key}-orange": "270", f"{key}-red": "365"})


def a_warning(world):
    now = timezone.now()
    return Warning.objects.create(project=world.project, rule=RuleKey.STAGE_HELD, level=WarningLevel.YELLOW,
                                  cause="在谈已 200 天", measure=Decimal("200"), first_raised_at=now,
                                  level_changed_at=now)


def acknowledge(world, warning):
    return _api(world, world.coordinator, lambda: alert_actions.acknowledge(
        warning, actor=world.coordinator, note="已安排专人跟进"))


def a_node_plan(world):
    template = NodeTemplate.objects.filter(code="industrial").first() or nodeplan_library.load()[0]
    return nodeplan_actions.apply_template(world.project, template, actor=world.coordinator,
                                           start_date=D(2026, 3, 2))


def approve_node_plan(world, plan):
    return _api(world, world.coordinator, lambda: nodeplan_actions.approve_plan(plan, actor=world.coordinator))


def finish_node(world, plan):
    first = plan.nodes.order_by("planned_start", "sort_order").first()
    return _api(world, world.coordinator, lambda: nodeplan_actions.mark_done(
        first, actor=world.coordinator, finished_on=D(2026, 3, 6), evidence_no="锦投促审〔2026〕8号",
        today=D(2026, 3, 9)))


def ask_extension(world, plan):
    first = plan.nodes.order_by("planned_start", "sort_order").first()
    return _api(world, world.coordinator, lambda: nodeplan_actions.request_extension(
        first, actor=world.coordinator, days=3, reason="材料补正"))


def changes(event):
    return event.changes


def a_finding(world):
    from tuijin.intel import actions as intel_actions
    from tuijin.intel.models import Origin

    article, _ = intel_actions.submit_article(actor=world.coordinator, origin=Origin.PASTE,
                                              raw="3月18日，瑞丰精密轴承项目签约落户经开区，总投资12亿元，占地约150亩。")
    return article.findings.get()


def edit_finding(world, finding):
    from tuijin.intel import actions as intel_actions

    return _api(world, world.coordinator, lambda: intel_actions.edit(
        finding, actor=world.coordinator, data={"company": "瑞丰轴承股份有限公司"}))


# label: (event model, set-up (or None), the change, what the event must say)
HISTORY = {
    "projects.Project": (ProjectEvent, None, edit_project, changes),
    "projects.ProjectAttachment": (ProjectEvent, None, attach_document, changes),
    "enterprises.Enterprise": (EnterpriseEvent, None, edit_enterprise, changes),
    "enterprises.EnterpriseYearFigures": (EnterpriseEvent, None, enter_figures, changes),
    "enterprises.Qualification": (EnterpriseEvent, None, add_qualification, lambda e: e.summary),
    "enterprises.ServiceRecord": (EnterpriseEvent, None, record_service, lambda e: e.summary),
    "progress.YearlyPlan": (PlanEvent, None, edit_plan, changes),
    "progress.MonthlyReport": (ReportEvent, draft, edit_report, changes),
    "progress.ReportPhoto": (ReportEvent, draft, add_photo, changes),
    "policies.Clause": (PolicyEvent, library, edit_clause, lambda e: e.changes["fields"] == ["title"]),
    "policies.AutoGrantRun": (PolicyEvent, eligible, run_auto_grants, lambda e: e.changes["items"] == 1),
    "policies.AutoGrantItem": (PolicyEvent, a_run, exclude_item, lambda e: e.reason),
    "policies.ClauseDraft": (PolicyEvent, a_draft, edit_draft, lambda e: e.changes["fields"] == ["definition"]),
    "promotion.Lead": (LeadEvent, a_lead, edit_lead, changes),
    "promotion.Contract": (LeadEvent, a_signed_lead, increase_capital, lambda e: e.evidence["协议"]),
    "promotion.FundArrival": (FundArrivalEvent, a_signed_project, record_funds, changes),
    "promotion.Target": (TargetEvent, None, set_target, changes),
    "coordination.Problem": (ProblemEvent, categories, file_problem, lambda e: e.to_status),
    "coordination.ProblemAssignment": (ProblemEvent, a_filed_problem, assign, lambda e: e.department_id),
    "coordination.Attachment": (ProblemEvent, categories, file_with_attachment, lambda e: e.attachments.exists()),
    "coordination.Meeting": (MeetingEvent, a_meeting, edit_meeting, changes),
    "alerts.WarningRule": (RuleEvent, None, edit_rule, changes),
    "alerts.Warning": (WarningEvent, a_warning, acknowledge, lambda e: e.note),
    "nodeplans.NodePlan": (NodeEvent, a_node_plan, approve_node_plan, changes),
    "nodeplans.PlanNode": (NodeEvent, a_node_plan, finish_node, changes),
    "nodeplans.ExtensionRequest": (NodeEvent, a_node_plan, ask_extension, lambda e: e.note),
    "intel.Finding": (IntelEvent, a_finding, edit_finding, changes),
    "matchmaking.Offering": (MatchLog, matchmaking_history.an_offering, matchmaking_history.edit_offering, changes),
    "matchmaking.Need": (MatchLog, matchmaking_history.a_need, matchmaking_history.edit_need, changes),
    "matchmaking.MatchEvent": (MatchLog, matchmaking_history.an_event, matchmaking_history.edit_event, changes),
    "matchmaking.Invitation": (MatchLog, matchmaking_history.an_event_and_a_supplier, matchmaking_history.invite,
                               changes),
    "matchmaking.Outcome": (MatchLog, matchmaking_history.an_event_with_both_sides, matchmaking_history.record_outcome,
                            matchmaking_history.summary),
    "leaderboards.Board": (BoardEvent, matchmaking_history.a_board, matchmaking_history.edit_board, changes),
    "leaderboards.BoardMeasure": (BoardEvent, matchmaking_history.a_board, matchmaking_history.edit_board, changes),
    "monitoring.MonthlyFigures": (FiguresEvent, monitoring_history.a_draft, monitoring_history.edit_figures, changes),
    "exchange.Conflict": (ExchangeEvent, exchange_history.a_conflict, exchange_history.keep_local,
                          exchange_history.fields),
    "briefings.BriefingTemplate": (BriefingEvent, None, briefings_history.upload_template, briefings_history.says_what),
    "briefings.BriefingRun": (BriefingEvent, None, briefings_history.request_briefing, briefings_history.says_what),
}


def _labels():
    return {model._meta.label for model in apps.get_models() if model.__module__.startswith("tuijin.")}


def test_every_model_either_keeps_a_history_or_says_why_not():
    # Given every model of the tuijin apps
    labels = _labels()

    # Then each is in exactly one table, and neither table names a model that no longer exists
    unexplained = sorted(labels - set(HISTORY) - set(NOT_BUSINESS))
    assert not unexplained, (f"这些模型既没有映射到变更记录（HISTORY），也没有说明为何不需要（NOT_BUSINESS）："
                             f"{unexplained}")
    assert not set(HISTORY) & set(NOT_BUSINESS)
    assert not (set(HISTORY) | set(NOT_BUSINESS)) - labels


@pytest.fixture
def world(users, project, enterprise, park, department, client, monkeypatch, tmp_path, settings):
    return World(users, project, enterprise, park, department, client, monkeypatch, tmp_path, settings)


@pytest.mark.parametrize("label", sorted(HISTORY))
def test_a_change_leaves_one_event_with_who_where_and_what(label, world):
    # Given the record in the state the change needs
    event_model, set_up, change, says_what = HISTORY[label]
    state = set_up(world) if set_up else None
    before = set(event_model.objects.values_list("pk", flat=True))

    # When someone changes it the way people do
    actor, source = change(world, state)

    # Then exactly one event says who, through which door and what
    new = list(event_model.objects.exclude(pk__in=before))
    assert len(new) == 1, f"{label}: {len(new)} new {event_model.__name__} rows"
    event = new[0]
    assert event.actor == actor
    assert event.source == source
    assert says_what(event)
