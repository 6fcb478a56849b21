"""A small hand-made district for the 报表简报 tests: two parks, five projects, a closed and an open problem,
a red warning, a signing target and a signing, all in March 2026.

The briefing must print exactly what the KPI functions say; the tests compare with those functions rather
than with numbers worked out here, because what is checked is that nothing is computed twice.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts.models import Warning
from tuijin.coordination import actions as coordination
from tuijin.coordination.models import ProblemCategory, seed_categories
from tuijin.progress import actions as progress
from tuijin.projects.models import Stage
from tuijin.promotion.models import Contract, ContractKind, PeriodKind, Target

from ..factories import ProjectFactory, UserFactory

MARCH = dt.date(2026, 3, 1)
AS_OF = dt.date(2026, 3, 31)


def plan(project, planned, **flags):
    progress.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(planned), **flags})


def approved(project, month, amount, funds=None):
    report = progress.save_draft(project, 2026, month, actor=None,
                                 data={"completed_investment": Decimal(amount), "funds_arrived": funds})
    progress.submit_report(report, actor=None)
    return progress.approve_report(report, actor=None)


def at(month, day, hour=10):
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


@pytest.fixture
def small_district(users, park, other_park, department, other_department, enterprise, district):
    """Park 高新园: A (new start in Feb, reported), B (planned start, not started, red warning), C (continuing);
    park 临港园: D (continuing, well ahead), E (small, no plan)."""
    a = ProjectFactory(name="锂电池正极材料项目", park=park, enterprise=enterprise, total_investment=Decimal(80000),
                       stage=Stage.CONSTRUCTION, actual_start_date=dt.date(2026, 2, 10), responsible_unit=department)
    b = ProjectFactory(name="智能装备产业园项目", park=park, total_investment=Decimal(12000), stage=Stage.PREPARATION,
                       planned_start_date=dt.date(2025, 12, 1))
    c = ProjectFactory(name="新材料研发中心项目", park=park, total_investment=Decimal(20000), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2025, 5, 1), stats_filed_on=dt.date(2025, 6, 1))
    d = ProjectFactory(name="冷链物流中心项目", park=other_park, total_investment=Decimal(6000),
                       stage=Stage.CONSTRUCTION, actual_start_date=dt.date(2024, 4, 1), stats_filed_on=dt.date(2024, 6, 1))
    e = ProjectFactory(name="社区卫生服务中心项目", park=other_park, total_investment=Decimal(400),
                       stage=Stage.CONSTRUCTION, actual_start_date=dt.date(2026, 3, 2))
    plan(a, 10000, plans_start=True)
    plan(b, 3000, plans_start=True)
    plan(c, 6000, plans_complete=True)
    plan(d, 1200, plans_operate=True)
    approved(a, 2, 400)
    approved(a, 3, 600, funds=Decimal(5000))
    approved(c, 1, 300)
    approved(d, 1, 200)
    approved(d, 3, 250)
    now = timezone.now()
    Warning.objects.create(project=b, rule="start_overdue", level="red", cause="计划开工已过3个月仍未开工",
                           measure=Decimal("3"), first_raised_at=now, level_changed_at=now)
    seed_categories()
    category = ProblemCategory.objects.order_by("pk").first()
    clerk = users[Role.DEPARTMENT_CLERK]
    owner = users[Role.ENTERPRISE]
    coordinator = users[Role.COORDINATOR]
    solved = coordination.file_problem(actor=owner, now=at(3, 2), data={
        "title": "施工用电未接入", "description": "需要正式用电", "category": category, "project": a})
    coordination.assign_problem(solved, actor=coordinator, lead=department, working_days=5, now=at(3, 2, 11))
    coordination.accept_problem(solved, actor=clerk, now=at(3, 2, 14))
    coordination.reply_problem(solved, actor=clerk, reply="已接入", outcome="solved", now=at(3, 4))
    coordination.confirm_problem(solved, actor=owner, rating=5, solved=True, now=at(3, 5))
    open_one = coordination.file_problem(actor=owner, now=at(3, 9), data={
        "title": "临时道路未修通", "description": "材料进场困难", "category": category, "project": a})
    coordination.assign_problem(open_one, actor=coordinator, lead=department, working_days=5, now=at(3, 9, 11))
    Target.objects.create(period_kind=PeriodKind.MONTH, period_start=MARCH, unit=district, metric="signings",
                          value=Decimal(2))
    Contract.objects.create(project=a, signed_on=dt.date(2026, 3, 12), agreed_investment=Decimal(80000),
                            counted_investment=Decimal(80000), kind=ContractKind.INITIAL, recorded_by=coordinator)
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "open_problem": open_one}


@pytest.fixture
def other_park_staff(other_park):
    return UserFactory(username="park2", role=Role.PARK_STAFF, organisation=other_park)


@pytest.fixture
def no_pdf(monkeypatch):
    """Skip LibreOffice where a test is about something else: a PDF is its own test (it takes seconds)."""
    from tuijin.briefings import pdf

    monkeypatch.setattr(pdf, "convert", lambda document, name="briefing", target="pdf": b"%PDF-1.4\n%%EOF\n")
