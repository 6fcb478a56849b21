"""Every route the URL resolver knows, opened by every role and by an anonymous visitor, against one table.

``ROUTES`` says for each page (by URL name), each API path (by pattern, per method) and each admin page
who may open it: anyone, anyone signed in, some roles, or — for a route that names an object — who may
open it on their own object and who on another park's (another user's) object. The test fills each
route's parameters with the personas' objects, opens it, and checks the answer:

- allowed: a page (200), or a redirect somewhere other than a login page; a POST-only route answers a GET
  with 405 and is tried again with an empty POST, which is where its permission check shows;
- refused: 403, or 404 — and exactly 404 for a role that may open the route on its own object but not
  on someone else's, whose existence must not leak; an anonymous visitor is sent to the login page
  (401 from the API);
- never a 5xx.

A route in the resolver or an operation in the OpenAPI schema without an entry in the table fails the
build, naming the route: a new page says who may open it before it ships.
"""

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts.models import Warning, WarningRule
from tuijin.api.actions import create_token
from tuijin.coordination import actions as coordination
from tuijin.coordination.models import Attachment, Meeting, ProblemCategory, seed_categories
from tuijin.enterprises.models import ServiceRecord, ServiceStatus
from tuijin.exports.models import ExportJob, ExportKind, ExportStatus
from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.nodeplans.models import NodePlan, NodeStatus, NodeTemplate, PlanNode
from tuijin.notifications.models import Notification
from tuijin.policies import library
from tuijin.policies.models import AutoGrantItem, AutoGrantRun, Clause, Policy
from tuijin.progress import actions as progress
from tuijin.progress.models import ReportPhoto
from tuijin.projects.models import ProjectAttachment
from tuijin.promotion import actions as promotion
from tuijin.promotion.models import Activity, ChainSegment, Contract, FundArrival, IndustryChain, Target

from . import route_tables
from .factories import UserFactory
from .route_rules import (ADD, C, CHANGE, D, E, EDIT, EDITORS, EVERYONE, GOVERNMENT, L, LAST_MONTH, NONE,
                          NOWHERE, P, PROMOTION, READ, SEE_ALL, TODAY, anyone, only, scoped, signed_in)
from .routes import all_routes, openapi_path

# Who sees another park's (another user's) object at all; the others must get 404 for it.
SEES_OTHERS = {
    "project": SEE_ALL, "enterprise": SEE_ALL, "service_record": SEE_ALL, "report": SEE_ALL, "photo": SEE_ALL,
    "problem": SEE_ALL, "attachment": SEE_ALL, "warning": SEE_ALL, "lead": SEE_ALL, "department": SEE_ALL,
    "token": set(), "notification": set(), "import_job": set(), "export_job": set(), "node_evidence": SEE_ALL,
    "project_attachment": SEE_ALL,
}

ROUTES = {
    # ------------------------------------------------------------------ sign-in, account, home
    "login": anyone(form=True),
    "logout": anyone(post=True),
    "home": signed_in(),
    "workbench_accept": scoped("problem", {D}, (), post=True),
    "workbench_acknowledge": scoped("warning", EDITORS, {C}, post=True),
    "password_change": signed_in(form=True),
    "lockouts": only(C),
    "lockout_release": only(C, post=True),
    "api_tokens": signed_in(form=True),
    "api_token_revoke": scoped("token", EVERYONE, (), post=True),
    # ------------------------------------------------------------------ projects
    "project_list": signed_in(),
    "baseline_compare": signed_in(),
    "project_create": only(C, P, form=True),
    "project_detail": scoped("project", EVERYONE, SEE_ALL),
    "project_edit": scoped("project", EDITORS, {C}, form=True),
    "project_transition": scoped("project", EDITORS, {C}, path={"target": "negotiating"}, form=True),
    "project_attachment_add": scoped("project", EDITORS, {C}, post=True),
    "project_attachment": scoped("project_attachment", EVERYONE, SEE_ALL),
    # ------------------------------------------------------------------ enterprises
    "enterprise_list": signed_in(),
    "enterprise_create": only(C, P, form=True),
    "enterprise_detail": scoped("enterprise", EVERYONE, SEE_ALL),
    "enterprise_edit": scoped("enterprise", {C, P, E}, {C}, form=True),
    "enterprise_figures": scoped("enterprise", {C, P, E}, {C}, path={"year": TODAY.year - 1}, form=True),
    "enterprise_qualification_add": scoped("enterprise", {C, P}, {C}, post=True),
    "enterprise_service_add": scoped("enterprise", {C, P, D, E}, {C}, post=True),
    "enterprise_service_answer": scoped("service_record", EDITORS, {C}, post=True),
    # ------------------------------------------------------------------ policies
    "policy_list": signed_in(),
    "policy_detail": signed_in(obj="policy"),
    "policy_clause": signed_in(obj="clause"),
    "policy_clause_edit": only(C, obj="clause", form=True),
    "policy_enterprise": scoped("enterprise", EVERYONE, SEE_ALL),
    "policy_report": scoped("enterprise", EVERYONE, SEE_ALL, path={"fmt": "docx"}),
    "policy_runs": only(L, C),
    "policy_run_create": only(C, post=True),
    "policy_run": only(L, C, obj="run"),
    "policy_run_publish": only(C, obj="run", post=True),
    "policy_run_bulk": only(C, obj="run", post=True),
    "policy_run_export": only(L, C, obj="run"),
    "policy_item_decide": only(C, obj="item", post=True),
    "policy_growth": only(*GOVERNMENT, path={"kind": "above_scale"}),
    # ------------------------------------------------------------------ investment progress
    "progress_overview": signed_in(),
    "progress_kpi": signed_in(path={"key": "investment_completion", "part": "hits"}),
    "progress_double_half": signed_in(),
    "progress_year_list": signed_in(path={"kind": "start"}),
    "progress_monthly_xlsx": signed_in(),
    "progress_missing": signed_in(),
    "progress_review": signed_in(),
    "progress_review_bulk": only(C, P, post=True),
    "progress_project": scoped("project", EVERYONE, SEE_ALL),
    "progress_save_report": scoped("project", {C, E}, {C}, post=True, form=True),  # refused: the form again, 400
    "progress_save_plan": scoped("project", EDITORS, {C}, post=True),
    "progress_photo": scoped("photo", EVERYONE, SEE_ALL),
    "progress_submit": scoped("report", {C, E}, {C}, post=True),
    "progress_approve": scoped("report", {C, P}, {C}, post=True),
    "progress_return": scoped("report", {C, P}, {C}, post=True),
    "progress_correct": scoped("report", {C, P}, {C}, post=True),
    # ------------------------------------------------------------------ inbox
    "inbox": signed_in(),
    "notification_open": scoped("notification", EVERYONE, ()),
    "notifications_read_all": signed_in(post=True),
    # ------------------------------------------------------------------ 吹哨报到
    "coordination_problems": signed_in(),
    "coordination_file": only(C, P, D, E, form=True),
    "coordination_problem": scoped("problem", EVERYONE, SEE_ALL),
    "coordination_assign": scoped("problem", {C}, {C}, form=True),
    "coordination_assign_bulk": only(C, post=True),
    "coordination_accept": scoped("problem", {D}, (), post=True),
    "coordination_start": scoped("problem", {D}, (), post=True),
    "coordination_reply": scoped("problem", {D}, (), post=True),
    "coordination_hand_back": scoped("problem", {D}, (), post=True),
    "coordination_reopen": scoped("problem", {E}, (), post=True),
    "coordination_confirm": scoped("problem", {E}, (), post=True),
    "coordination_escalate": scoped("problem", {C}, {C}, post=True),
    "coordination_direct": scoped("problem", SEE_ALL, SEE_ALL, post=True),
    "coordination_attachment": scoped("attachment", EVERYONE, SEE_ALL),
    "coordination_meetings": only(L, C),
    "coordination_meeting_new": only(C, form=True),
    "coordination_meeting": only(L, C, obj="meeting"),
    "coordination_meeting_edit": only(C, obj="meeting", form=True),
    "coordination_decide": only(C, obj="meeting", post=True),
    "coordination_scorecard": only(L, C, D),
    "coordination_scorecard_problems": scoped("department", {L, C, D}, SEE_ALL, path={"key": "received"}),
    # ------------------------------------------------------------------ 挂图作战 and warnings
    "alerts_dashboard": only(*GOVERNMENT),
    "alerts_data": only(*GOVERNMENT),
    "alerts_drill": only(*GOVERNMENT, query="dim=all"),
    "alerts_map": only(*GOVERNMENT),
    "alerts_timeline": only(*GOVERNMENT),
    "alerts_screen": only(*GOVERNMENT),
    "alerts_warnings": only(*GOVERNMENT),
    "alerts_warning": scoped("warning", GOVERNMENT, SEE_ALL),
    "alerts_acknowledge": scoped("warning", EDITORS, {C}, post=True),
    "alerts_acknowledge_bulk": only(C, P, D, post=True),
    "alerts_note": scoped("warning", EDITORS, {C}, post=True),
    "alerts_resolve": scoped("warning", EDITORS, {C}, post=True),
    "alerts_rules": only(*GOVERNMENT),
    "alerts_rule_edit": only(C, post=True, path={"key": "start_overdue"}),
    # ------------------------------------------------------------------ imports and exports
    "import_upload": only(C, P, form=True),
    "import_template": only(C, P, path={"kind": "projects"}),
    "import_job": scoped("import_job", {C, P}, ()),
    # The status fragment the job page polls checks the job's owner only (tuijin/imports is not ours to change).
    "import_job_status": scoped("import_job", EVERYONE, ()),
    "import_job_apply": scoped("import_job", {C, P}, (), post=True),
    "import_job_revalidate": scoped("import_job", {C, P}, (), post=True),
    "export_job": scoped("export_job", EVERYONE, ()),
    "export_job_status": scoped("export_job", EVERYONE, ()),
    "export_download": scoped("export_job", EVERYONE, ()),
    # ------------------------------------------------------------------ 招商引资
    "promotion_board": only(*PROMOTION),
    "promotion_leads": only(*PROMOTION),
    "promotion_lead_create": only(C, P, form=True),
    "promotion_lead": scoped("lead", PROMOTION, SEE_ALL),
    "promotion_lead_edit": scoped("lead", {C, P}, {C}, form=True),
    "promotion_lead_move": scoped("lead", {C, P}, {C}, path={"target": "contact"}, form=True),
    "promotion_lead_contract": scoped("lead", {C, P}, {C}, post=True),
    "promotion_chains": only(*PROMOTION),
    "promotion_chain": only(*PROMOTION, obj="chain"),
    "promotion_activities": only(*PROMOTION),
    "promotion_activity_create": only(C, P, form=True),
    "promotion_targets": only(*PROMOTION),
    "promotion_target_set": only(C, post=True),
    "promotion_figure": only(*PROMOTION, path={"key": "signings"}, query=f"period=year-{TODAY.year}-01"),
    "promotion_funnel": only(*PROMOTION),
    "promotion_funds": only(*PROMOTION),
    "promotion_project_funds": scoped("project", PROMOTION, SEE_ALL),
    "promotion_record_arrival": scoped("project", {C, P}, {C}, post=True),
    "promotion_project_contract": scoped("project", {C, P}, {C}, post=True),
    # ------------------------------------------------------------------ 促建流程 (node plans)
    "nodeplans_todo": only(*GOVERNMENT),
    "nodeplans_todo_xlsx": only(*GOVERNMENT),
    "nodeplans_project": scoped("project", EVERYONE, SEE_ALL),
    "nodeplans_evidence": scoped("node_evidence", EVERYONE, SEE_ALL),
    "nodeplans_apply": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_submit": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_approve": scoped("project", {C}, {C}, post=True),
    "nodeplans_return": scoped("project", {C}, {C}, post=True),
    "nodeplans_propose": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_preview": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_reschedule": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_done": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_extension": scoped("project", EDITORS, {C}, post=True),
    "nodeplans_extension_decide": scoped("project", {C}, {C}, post=True),
    "nodeplans_templates": only(C),
    "nodeplans_template_new": only(C, form=True),
    "nodeplans_template_edit": only(C, obj="node_template", form=True),
    # ------------------------------------------------------------------ audit
    "audit_log": only(C),
    # ------------------------------------------------------------------ the API, by path and method
    "api/v1/openapi.json": {"GET": signed_in()},
    "api/v1/docs": {"GET": signed_in()},
    "api/v1/me": {"GET": signed_in()},
    "api/v1/projects": {"GET": signed_in()},
    "api/v1/baseline": {"GET": signed_in()},
    "api/v1/projects/<int:project_id>": {"GET": scoped("project", EVERYONE, SEE_ALL)},
    "api/v1/projects/<int:project_id>/reports": {
        "GET": scoped("project", EVERYONE, SEE_ALL),
        "POST": scoped("project", {C, E}, {C}, post=True, body={
            "year": LAST_MONTH.year, "month": LAST_MONTH.month, "completed_investment": "12.5"}),
    },
    "api/v1/": {"GET": NOWHERE},
    "api/v1/^(?P<rest>.*)$": {"GET": NOWHERE},
    # ------------------------------------------------------------------ the admin (models in ADMIN_MODELS)
    "admin:index": only(C),
    "admin:login": anyone(),
    "admin:logout": anyone(post=True),
    "admin:password_change": only(C, form=True),
    "admin:password_change_done": only(C),
    "admin:jsi18n": only(C),
    "admin:autocomplete": only(C, query="app_label=projects&model_name=project&field_name=enterprise"),
    "admin:view_on_site": only(C, obj="admin_view_on_site"),
    "admin:app_list": only(C, path={"app_label": "projects"}),
    "admin/(?P<url>.*)$": only(),  # 404 for coordinators, the admin's login page for everyone else
    "admin:auth_user_password_change": only(C, obj="admin_user"),
}

# Every model in the admin, and what coordinators may do there: add and change ("edit"), change only (rows
# made elsewhere: a token by its user, a clause by the library, the one settings row), add only (a message
# is sent, never rewritten), only read (event tables, the audit log, records that only actions write), or
# nothing (Django's groups: superusers only). Deleting stays with superusers everywhere: records are evidence.
ADMIN_MODELS = {
    "auth.group": NONE, "core.holidayyear": EDIT, "accounts.organisation": EDIT, "accounts.user": EDIT,
    "enterprises.industry": EDIT, "enterprises.enterprise": EDIT, "projects.project": EDIT,
    "projects.projectevent": READ, "progress.reportingsettings": CHANGE, "progress.yearlyplan": EDIT,
    "progress.monthlyreport": READ, "imports.importjob": READ, "notifications.notification": ADD,
    "api.apitoken": CHANGE, "coordination.problemcategory": EDIT, "coordination.problem": READ,
    "coordination.meeting": EDIT, "promotion.industrychain": EDIT, "promotion.chainsegment": EDIT,
    "promotion.lead": EDIT, "promotion.contract": EDIT, "promotion.fundarrival": EDIT,
    "promotion.activity": EDIT, "promotion.target": EDIT, "policies.policy": EDIT, "policies.clause": CHANGE,
    "policies.clauseversion": READ, "policies.autograntrun": READ, "policies.autograntitem": READ,
    "policies.policyevent": READ, "alerts.warningrule": EDIT, "alerts.warning": READ, "audit.auditentry": READ,
}

SEES_OTHERS.update(route_tables.merged("SEES_OTHERS"))
ROUTES.update(route_tables.merged("ROUTES"))
ADMIN_MODELS.update(route_tables.merged("ADMIN_MODELS"))


def _admin_rules():
    """The admin's pages per model: coordinators read them all, add and change where EDIT; nobody deletes."""
    rules = {}
    for label, mode in ADMIN_MODELS.items():
        prefix = "admin:" + label.replace(".", "_")
        obj = f"admin:{label}"
        readers = (C,) if mode != NONE else ()
        rules[f"{prefix}_changelist"] = only(*readers)
        rules[f"{prefix}_add"] = only(*readers if mode in (EDIT, ADD) else (), form=True)
        rules[f"{prefix}_change"] = only(*readers, obj=obj, form=True,
                                         submit=frozenset(readers if mode in (EDIT, CHANGE) else ()))
        rules[f"{prefix}_history"] = only(*readers, obj=obj)
        rules[f"{prefix}_delete"] = only(obj=obj, form=True)
        app, model = label.split(".")
        # the old address of a change page: staff are sent on to it, which then decides
        rules[f"admin/{app}/{model}/<path:object_id>/"] = only(C, obj=obj)
    return rules


TABLE = {**ROUTES, **_admin_rules()}


# ---------------------------------------------------------------------------- the personas' objects

OWNED = {"token", "notification", "import_job", "export_job"}  # objects that belong to one user
MISSING = 99_999_999  # an id no row has
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


class World:
    """The personas' own objects and another park's, one of each kind a route can name."""

    def __init__(self, users, project, other_project, enterprise, other_enterprise, department, other_department,
                 park, other_park):
        self.users = users
        self.fixtures = {"project": project, "other_project": other_project, "enterprise": enterprise,
                         "other_enterprise": other_enterprise, "department": department,
                         "other_department": other_department, "park": park, "other_park": other_park}
        coordinator, owner = users[C], users[E]
        # someone else: the other enterprise's user, whose problem, token and messages nobody here may open
        self.outsider = UserFactory(username="ent2", role=E, enterprise=other_enterprise)
        self._owned = {}
        self._api_tokens = {}
        seed_categories()
        category = ProblemCategory.objects.order_by("pk").first()
        WarningRule.current()
        now = timezone.now()

        def problem(filer, on, lead):
            filed = coordination.file_problem(actor=filer, data={
                "title": "厂区供电线路未接入", "description": "设备调试需要正式用电。", "category": category,
                "urgency": "normal", "project": on})
            return coordination.assign_problem(filed, actor=coordinator, lead=lead, working_days=3)

        def report(on):
            draft = progress.save_draft(on, TODAY.year - 1, 1, actor=coordinator,
                                        data={"completed_investment": Decimal("100"), "narrative": "土建施工"})
            return progress.submit_report(draft, actor=coordinator)

        def need(of):
            return ServiceRecord.objects.create(enterprise=of, kind="need", happened_on=TODAY, summary="用工需求",
                                                need="招聘普工50人", status=ServiceStatus.OPEN, created_by=coordinator)

        def warning(on):
            return Warning.objects.create(project=on, rule="start_overdue", level="yellow", cause="计划开工已过",
                                          measure=Decimal("10"), first_raised_at=now, level_changed_at=now)

        def evidence(on, owner):
            plan = NodePlan.objects.create(project=on, start_date=TODAY, planned_start=TODAY, planned_finish=TODAY)
            node = PlanNode.objects.create(plan=plan, code="eia", name="环评", owner=owner, duration_workdays=5,
                                           planned_start=TODAY, planned_finish=TODAY, status=NodeStatus.DONE,
                                           actual_finish=TODAY, evidence_no="锦环审〔2026〕3号",
                                           evidence_file=ContentFile(b"%PDF-1.4\n%%EOF\n", "eia.pdf"))
            return {"pk": on.pk, "node_pk": node.pk}

        def lead(in_park):
            return promotion.create_lead(actor=coordinator, data={
                "name": "口腔种植体生产基地项目", "company_name": "华东种植体有限公司", "source": "fair",
                "park": in_park, "expected_investment": Decimal("15000")})

        sides = {}
        for whose, (proj, ent, dept, filer) in {
            "own": (project, enterprise, department, owner),
            "other": (other_project, other_enterprise, other_department, self.outsider),
        }.items():
            filed = problem(filer, proj, dept)
            monthly = report(proj)
            attachment = Attachment.objects.create(problem=filed, file=ContentFile(b"%PDF-1.4\n%%EOF\n", "a.pdf"),
                                                   name="a.pdf", size=15, content_type="application/pdf")
            photo = ReportPhoto.objects.create(report=monthly, image=ContentFile(PNG, "site.png"))
            sides[whose] = {
                "project": proj.pk, "enterprise": ent.pk, "department": dept.pk,
                "service_record": {"pk": ent.pk, "record_pk": need(ent).pk},
                "report": monthly.pk, "photo": photo.pk, "problem": filed.pk, "attachment": attachment.pk,
                "warning": warning(proj).pk, "lead": lead(park if whose == "own" else other_park).pk,
                "node_evidence": evidence(proj, dept),
            }
            document = ProjectAttachment.objects.create(
                project=proj, kind="approval", title="立项批复", file=ContentFile(b"%PDF-1.4\n%%EOF\n", "p.pdf"),
                name="p.pdf", size=15, content_type="application/pdf")
            sides[whose]["project_attachment"] = {"pk": proj.pk, "attachment_pk": document.pk}
        self.sides = sides
        self._admin_rows(project, department.parent, coordinator)
        library.load()
        clause = Clause.objects.filter(automatic=True).order_by("pk").first()
        run = AutoGrantRun.objects.create(title="2025年度免申即享", data_year=TODAY.year - 1, as_of=TODAY,
                                          created_by=coordinator)
        item = AutoGrantItem.objects.create(run=run, enterprise=enterprise, clause=clause, amount=Decimal("10"),
                                            clause_version=clause.versions.order_by("-version").first())
        self.single = {
            "policy": Policy.objects.order_by("pk").first().pk, "clause": clause.pk, "run": run.pk,
            "item": item.pk, "chain": IndustryChain.objects.create(name="口腔医疗器械").pk,
            "meeting": Meeting.objects.create(title="重大项目调度会", held_at=now, place="区政府3楼会议室",
                                              created_by=coordinator).pk,
            "admin_user": {"id": users[P].pk},
            "node_template": NodeTemplate.objects.order_by("pk").first().pk,
        }
        for hook in route_tables.hooks("objects"):  # each app's own objects (tests/route_tables/)
            hook(self)

    @staticmethod
    def _admin_rows(project, district, coordinator):
        """One row for each admin model that the objects above leave empty, so its change page is opened."""
        Group.objects.create(name="填报人员")
        ChainSegment.objects.create(chain=IndustryChain.objects.create(name="新能源汽车"), name="动力电池")
        Target.objects.create(period_kind="year", period_start=TODAY.replace(month=1, day=1), unit=district,
                              metric="signings", value=Decimal("12"))
        Contract.objects.create(project=project, signed_on=TODAY, agreed_investment=Decimal("12000"),
                                counted_investment=Decimal("12000"), recorded_by=coordinator)
        FundArrival.objects.create(project=project, year=TODAY.year, month=1, domestic=Decimal("100"),
                                   foreign=Decimal("0"), recorded_by=coordinator)
        Activity.objects.create(kind="visit", title="走访成都锦程新材料", held_on=TODAY, created_by=coordinator)

    def owned(self, user) -> dict:
        """The objects that belong to ``user`` alone: an API token, a message, an import and an export."""
        if user.pk not in self._owned:
            self._owned[user.pk] = {
                "token": create_token(user, name="旧手机")[0].pk,
                "notification": Notification.objects.create(recipient=user, kind="export_done", title="导出完成",
                                                            url="/projects/").pk,
                "import_job": ImportJob.objects.create(kind="projects", status=ImportStatus.APPLIED,
                                                       file=ContentFile(b"PK", "projects.xlsx"),
                                                       original_name="projects.xlsx", created_by=user).pk,
                "export_job": ExportJob.objects.create(kind=ExportKind.PROJECT_LIST, status=ExportStatus.DONE,
                                                       file=ContentFile(b"PK", "projects.xlsx"), title="项目清单",
                                                       created_by=user).pk,
            }
        return self._owned[user.pk]

    def api_headers(self, user) -> dict:
        if user is None:
            return {}
        if user.pk not in self._api_tokens:
            self._api_tokens[user.pk] = create_token(user, name="测试")[1]
        return {"Authorization": f"Bearer {self._api_tokens[user.pk]}"}

    def value(self, obj, whose, user):
        """The id (or the path values) naming ``obj``: the persona's own, someone else's, or one that is missing."""
        if whose == "missing":
            value = self.value(obj, "other", user)
            return {name: MISSING for name in value} if isinstance(value, dict) else MISSING
        if obj in OWNED:
            return self.owned(self.outsider if whose == "other" or user is None else user)[obj]
        if obj in SEES_OTHERS:
            return self.sides[whose][obj]
        if obj == "admin_view_on_site":
            return {"content_type_id": ContentType.objects.get_for_model(ExportJob).pk,
                    "object_id": self.owned(user or self.users[C])["export_job"]}
        if obj.startswith("admin:"):  # the first row of the model, or an id that names none
            model = next(model for model in admin.site._registry if model._meta.label_lower == obj[len("admin:"):])
            return model._default_manager.order_by("pk").values_list("pk", flat=True).first() or MISSING
        return self.single[obj]


@pytest.fixture
def world(users, project, other_project, enterprise, other_enterprise, department, other_department, park,
          other_park, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_RUN_INLINE = True
    settings.IMPORTS_RUN_INLINE = True
    return World(users, project, other_project, enterprise, other_enterprise, department, other_department,
                 park, other_park)


# ---------------------------------------------------------------------------- opening a route

LOGIN_PATHS = ("/login/", "/admin/login/")


def _rules(route):
    """(method, rule) pairs of a route's table entry."""
    entry = TABLE[route.key]
    return list(entry.items()) if isinstance(entry, dict) else [("GET", entry)]


def _path(route, rule, whose, world, user):
    values = dict(rule.path)
    if rule.obj:
        value = world.value(rule.obj, whose, user)
        if isinstance(value, dict):
            values.update(value)
        else:
            (name,) = [name for name in route.params if name not in values]
            values[name] = value
    for name in route.params:
        values.setdefault(name, "no-such-page/" if name in ("rest", "url") else "")
    path = route.path(**values)
    return f"{path}?{rule.query}" if rule.query else path


def _call(client, route, method, rule, path, world, user):
    headers = world.api_headers(user) if route.is_api else {}
    if method == "GET":
        return client.get(path, headers=headers)
    if route.is_api:
        return client.post(path, json.dumps(rule.body or {}), content_type="application/json", headers=headers)
    return client.post(path, {}, headers=headers)


def _expected(rule, role, whose):
    """What a persona should get: "allowed", "refused" (403/404), "hidden" (404 only), "login" or "nowhere"."""
    if rule.nowhere:
        return "nowhere"
    if role is None:
        return "allowed" if rule.anonymous else "login"
    if whose == "own" or rule.other is None:
        return "allowed" if role in rule.roles else "refused"
    if role in rule.other:
        return "allowed"
    if role in rule.roles and role not in SEES_OTHERS[rule.obj]:
        return "hidden"
    return "refused"


def _verdict(response, expected, rule, *, get_of_post, admin_route):
    """None when ``response`` is what ``expected`` calls for, else what was wrong with it."""
    status = response.status_code
    location = response.get("Location", "")
    to_login = status == 302 and location.startswith(LOGIN_PATHS)
    # a page open to anyone that sends you to the login page has done its work (signed you out)
    elsewhere = status in (301, 302) and (not to_login or rule.anonymous)
    if status >= 500:
        return f"server error {status}"
    if expected == "nowhere":
        return None if status == 404 else f"{status} {location} (expected 404 for everyone)"
    if expected == "login":
        return None if to_login or status == 401 else f"{status} {location} (expected the login page or 401)"
    if get_of_post and expected != "hidden":
        # A GET never acts on a POST-only route, whoever asks: 405, or the admin's redirect for outsiders.
        return None if status == 405 or elsewhere else f"{status} {location} (expected 405 for a GET)"
    if expected == "allowed":
        # 400: a form page answering an empty form with what is missing
        return None if status in (200, 201) or elsewhere or (rule.form and status == 400) else \
            f"{status} {location} (expected to be let in)"
    if expected == "hidden":
        return None if status == 404 or (get_of_post and status == 405) else \
            f"{status} {location} (expected 404: another's object must not be confirmed to exist)"
    refused = status in (403, 404) or (admin_route and to_login)
    return None if refused else f"{status} {location} (expected 403 or 404)"


def _leak(client, route, verb, rule, world, user, response):
    """Someone else's object must be answered exactly as an id that names nothing: else its existence leaks."""
    missing = _call(client, route, verb, rule, _path(route, rule, "missing", world, user), world, user)
    if missing.status_code != response.status_code:
        return (f"{response.status_code} for another's object but {missing.status_code} for an id that does not "
                "exist: the answer tells that the object exists")
    return None


def _visit_every_route(client, world, role):
    """Open every route as ``role`` (None: anonymous); the list of what went wrong."""
    user = world.users[role] if role else None
    client.raise_request_exception = False  # a crash is one more line of the report, as a 500
    if user:
        client.force_login(user)
    wrong = []
    for route in all_routes():
        for method, rule in _rules(route):
            sides = ("own", "other") if rule.other is not None else ("own",)
            for whose in sides:
                expected = _expected(rule, role, whose)
                path = _path(route, rule, whose, world, user)
                tries = [(method, False, expected)]
                if rule.post and method == "GET":
                    tries = [("GET", True, expected), ("POST", False, expected)]
                elif rule.form:
                    submitting = replace(rule, roles=rule.submit) if rule.submit is not None else rule
                    tries.append(("POST", False, _expected(submitting, role, whose)))
                for verb, get_of_post, wanted in tries:
                    response = _call(client, route, verb, rule, path, world, user)
                    problem = _verdict(response, wanted, rule, get_of_post=get_of_post,
                                       admin_route=route.key.startswith(("admin:", "admin/")))
                    if not problem and whose == "other" and role not in SEES_OTHERS.get(rule.obj, EVERYONE):
                        problem = _leak(client, route, verb, rule, world, user, response)
                    if problem:
                        wrong.append(f"{verb} {path} [{route.key}, {whose}]: {problem}")
                    if user and not response.wsgi_request.user.is_authenticated:
                        client.force_login(user)  # the logout routes did what they say
    return wrong


# ---------------------------------------------------------------------------- the tests


def test_it_has_an_entry_for_every_route_and_api_operation():
    # Given the routes the resolver knows and the operations the OpenAPI schema lists
    from tuijin.api.api import api

    routes = all_routes()
    schema = api.get_openapi_schema()["paths"]

    # When each is looked up in the table
    missing = [route.key for route in routes if route.key not in TABLE]
    api_entries = {openapi_path(key): entry for key, entry in TABLE.items() if key.startswith("api/")}
    unclassified = [f"{method.upper()} {path}" for path, operations in schema.items() for method in operations
                    if method.upper() not in api_entries.get(path, {})]
    stale = sorted(set(TABLE) - {route.key for route in routes})

    # Then every one says who may open it, and the table names nothing that is gone
    complaints = [f"{what}: {', '.join(keys)}" for what, keys in (
        ("routes with no entry in ROUTES (say who may open them; admin models go in ADMIN_MODELS)", missing),
        ("API operations in the OpenAPI schema with no method entry in ROUTES", unclassified),
        ("entries in ROUTES for routes that no longer exist", stale)) if keys]
    assert not complaints, "tests/test_it_guards_every_route.py is behind the URLconf:\n" + "\n".join(complaints)


@pytest.mark.parametrize("role", [None, *Role], ids=["anonymous", *[role.value for role in Role]])
def test_it_lets_in_only_whom_the_table_names(client, world, role):
    # Given a persona (or nobody signed in), their own objects and another park's
    # When they open every route of the site, the admin and the API
    wrong = _visit_every_route(client, world, role)

    # Then each answers as the table says, and none with a server error
    assert not wrong, f"{len(wrong)} routes answered {role or 'anonymous'} unlike ROUTES says:\n" + "\n".join(wrong)
