"""Each source of the 待办 list shows its item to the user the work waits for, not to anyone else, and the item
goes away once it is done."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts import actions as alert_actions
from tuijin.alerts.models import RuleKey, Warning, WarningLevel
from tuijin.coordination import actions as coordination
from tuijin.nodeplans import actions as nodeplans
from tuijin.nodeplans.models import NodePlan, PlanNode
from tuijin.policies import actions as policies
from tuijin.policies.models import AutoGrantRun
from tuijin.progress import actions as progress
from tuijin.projects.models import Stage
from tuijin.promotion import actions as promotion
from tuijin.promotion.models import LeadSource

from ..coordination.clock import at
from ..factories import ProjectFactory, UserFactory
from .conftest import todos

L, C, P, D, E = Role.LEADER, Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE


def shown_to(client, users, needle, *extra):
    """The roles (and extra users, by username) whose 待办 mention ``needle``."""
    found = {role for role, user in users.items() if needle in todos(client, user)}
    return found | {user.username for user in extra if needle in todos(client, user)}


@pytest.fixture
def submitted(users, project):
    report = progress.save_draft(project, 2026, 5, actor=users[E], data={"completed_investment": Decimal("800")})
    return progress.submit_report(report, actor=users[E])


def test_a_submitted_report_waits_for_its_parks_review_until_approved(client, users, submitted):
    # Given the enterprise sent its May report
    # Then the park's staff is asked to review it, nobody else
    assert shown_to(client, users, "2026年5月月报待审核") == {P}

    # When the park approves it, it is gone
    progress.approve_report(submitted, actor=users[P])
    assert shown_to(client, users, "2026年5月月报待审核") == set()


def test_a_report_of_a_project_in_no_park_waits_for_the_bureau(client, users, enterprise):
    project = ProjectFactory(name="无园区项目", enterprise=enterprise, park=None)
    report = progress.save_draft(project, 2026, 5, actor=users[C], data={"completed_investment": Decimal("1")})
    progress.submit_report(report, actor=users[C])

    assert shown_to(client, users, "2026年5月月报待审核") == {C}


def test_a_returned_report_waits_for_the_enterprise_and_its_official_until_resubmitted(
        client, users, project, submitted):
    official = UserFactory(username="baobao", role=Role.LEADER, organisation=users[L].organisation)
    park_official = UserFactory(username="yuanqu2", role=Role.PARK_STAFF, organisation=project.park)
    project.responsible_official = park_official
    project.save()
    progress.return_report(submitted, actor=users[P], reason="缺少现场照片")

    assert shown_to(client, users, "2026年5月月报被退回：缺少现场照片", official, park_official) == {E, "yuanqu2"}

    progress.submit_report(submitted, actor=users[E])
    assert shown_to(client, users, "月报被退回", park_official) == set()


@pytest.fixture
def filed(users, project, category):
    return coordination.file_problem(actor=users[E], now=at(6, 15, 9), data={
        "title": "厂区10kV供电线路未接入", "description": "设备调试需要正式用电。", "category": category,
        "urgency": "urgent", "project": project})


@pytest.fixture
def assigned(filed, users, department, other_department):
    return coordination.assign_problem(filed, actor=users[C], lead=department, co_departments=[other_department],
                                       working_days=3, now=at(6, 15, 10))


def test_a_filed_problem_waits_for_the_coordinator_to_assign_it(client, users, filed, department):
    assert shown_to(client, users, "厂区10kV供电线路未接入") == {C}
    assert "问题待交办" in todos(client, users[C])

    coordination.assign_problem(filed, actor=users[C], lead=department, working_days=3, now=at(6, 15, 10))
    assert "问题待交办" not in todos(client, users[C])


def test_an_assigned_problem_waits_for_the_lead_departments_clerk_to_report_in(
        client, users, assigned, other_clerk):
    page = todos(client, users[D])
    assert "报到" in page and "厂区10kV供电线路未接入" in page
    assert "期限 2026-06-16" in page  # 报到 by the end of the next working day
    # the co-department's clerk is not asked to report in, nor anyone else
    assert shown_to(client, users, "问题待报到", other_clerk) == {D}

    coordination.accept_problem(assigned, actor=users[D])
    assert shown_to(client, users, "问题待报到") == set()
    # and the same problem now waits for its reply
    assert "问题待答复" in todos(client, users[D])


def test_an_accepted_problem_waits_for_the_reply_until_replied(client, users, assigned, other_clerk):
    coordination.accept_problem(assigned, actor=users[D])
    assert shown_to(client, users, "问题待答复", other_clerk) == {D}
    assert "期限 2026-06-18" in todos(client, users[D])

    coordination.reply_problem(assigned, actor=users[D], reply="已协调送电。", outcome="solved")
    assert shown_to(client, users, "问题待答复") == set()


def test_a_reply_waits_for_the_filer_and_colleagues_to_confirm(client, users, assigned, enterprise, other_enterprise):
    coordination.accept_problem(assigned, actor=users[D])
    coordination.reply_problem(assigned, actor=users[D], reply="已协调送电。", outcome="solved")
    colleague = UserFactory(username="ent2", role=Role.ENTERPRISE, enterprise=enterprise)
    stranger = UserFactory(username="ent3", role=Role.ENTERPRISE, enterprise=other_enterprise)

    assert shown_to(client, users, "部门已答复，请确认并评价", colleague, stranger) == {E, "ent2"}

    coordination.confirm_problem(assigned, actor=colleague, rating=5, solved=True)
    assert shown_to(client, users, "部门已答复", colleague) == set()


def test_an_escalated_problem_waits_for_its_baobao_leaders_directive(client, users, project, assigned):
    official = UserFactory(username="baobao", role=Role.LEADER, organisation=users[L].organisation)
    project.responsible_official = official
    project.save()
    coordination.escalate_problem(assigned, actor=users[C], reason="部门逾期未办结")

    # the 包保 leader is asked for a 批示; the other leader (who may direct too) is not pestered
    assert shown_to(client, users, "问题待批示", official) == {"baobao"}

    coordination.direct_problem(assigned, actor=official, instruction="请住建局本周内送电。")
    assert shown_to(client, users, "问题待批示", official) == set()

    # escalated again to the meeting: a new 批示 is asked for
    coordination.escalate_problem(assigned, actor=users[C], reason="仍未解决")
    assert shown_to(client, users, "问题待批示", official) == {"baobao"}


@pytest.fixture
def warning(project):
    now = timezone.now()
    return Warning.objects.create(project=project, rule=RuleKey.START_OVERDUE, level=WarningLevel.RED,
                                  cause="计划开工日期已过 95 天仍未开工", measure=Decimal("95"),
                                  first_raised_at=now, level_changed_at=now)


def test_a_warning_waits_for_the_responsible_unit_and_the_park_until_disposed(
        client, users, warning, other_clerk, other_project):
    assert shown_to(client, users, "计划开工日期已过 95 天仍未开工", other_clerk) == {P, D}
    assert "签收" in todos(client, users[D])

    alert_actions.acknowledge(warning, actor=users[D])
    page = todos(client, users[D])
    assert "处置" in page and "记录处置" in page

    alert_actions.resolve(warning, actor=users[D], note="已督促企业办理施工许可")
    assert shown_to(client, users, "计划开工日期已过") == set()


def test_a_warning_of_a_project_nobody_else_keeps_waits_for_the_bureau(client, users, enterprise):
    orphan = ProjectFactory(name="区属项目", enterprise=enterprise, park=None, responsible_unit=None)
    now = timezone.now()
    Warning.objects.create(project=orphan, rule=RuleKey.NOT_FILED, level=WarningLevel.YELLOW,
                           cause="开工一个月未入库", measure=Decimal("1"), first_raised_at=now, level_changed_at=now)
    assert shown_to(client, users, "开工一个月未入库") == {C}


def test_a_lead_quiet_for_30_days_waits_for_its_owner_until_followed_up(client, users, park):
    today = timezone.localdate()
    lead = promotion.create_lead(actor=users[P], occurred_on=today - dt.timedelta(days=40), data={
        "name": "新能源电池模组项目", "company_name": "宁德某新能源公司", "source": LeadSource.FAIR, "park": park})
    fresh = promotion.create_lead(actor=users[P], occurred_on=today - dt.timedelta(days=5), data={
        "name": "冷链仓储项目", "company_name": "某物流公司", "source": LeadSource.FAIR, "park": park})

    assert shown_to(client, users, "新能源电池模组项目：已 40 天没有跟进记录") == {P}
    assert fresh.name not in todos(client, users[P])

    promotion.update_lead(lead, actor=users[P], data={"next_step": "下周赴宁德考察"})
    assert shown_to(client, users, "新能源电池模组项目") == set()


def test_a_project_under_way_without_this_years_plan_waits_for_those_who_keep_it(client, users, project):
    project.stage = Stage.CONSTRUCTION
    project.save()

    assert shown_to(client, users, "尚未制定2026年度投资计划") == {P, D}

    progress.save_yearly_plan(project, 2026, actor=users[P], data={"planned_investment": Decimal("3000")})
    assert shown_to(client, users, "尚未制定2026年度投资计划") == set()


def test_a_planning_stage_project_needs_no_yearly_plan(client, users, project):
    assert project.stage == Stage.PLANNING
    assert shown_to(client, users, "年度投资计划") == set()


def test_an_auto_grant_run_under_review_waits_for_the_coordinators(client, users):
    run = AutoGrantRun.objects.create(title="2025年度设备补贴", data_year=2025, as_of=dt.date(2026, 3, 1))

    assert shown_to(client, users, "免申即享批次“2025年度设备补贴”") == {C}

    policies.publish_run(run, actor=users[C])
    assert shown_to(client, users, "免申即享批次") == set()


def test_a_node_owned_by_the_department_and_due_soon_waits_for_its_clerk(client, users, project, department,
                                                                           other_clerk):
    today = timezone.localdate()
    plan = NodePlan.objects.create(project=project, start_date=today - dt.timedelta(days=20))
    node = PlanNode.objects.create(plan=plan, code="permit", name="施工许可", owner=department, duration_workdays=5,
                                   planned_start=today - dt.timedelta(days=6), planned_finish=today + dt.timedelta(days=1))
    PlanNode.objects.create(plan=plan, code="later", name="竣工验收", owner=department, duration_workdays=5,
                            planned_start=today + dt.timedelta(days=60), planned_finish=today + dt.timedelta(days=70))

    assert shown_to(client, users, "施工许可即将到期", other_clerk) == {D}
    assert "竣工验收" not in todos(client, users[D])

    nodeplans.mark_done(node, actor=users[D], finished_on=today, evidence_no="建施〔2026〕12号")
    assert shown_to(client, users, "施工许可") == set()


def test_a_user_with_nothing_waiting_is_told_so(client, users):
    assert "暂无待办事项" in todos(client, users[L])
