"""A small district for the leaderboards: three parks and two departments, January to June 2026.

Every figure is chosen so that the tests can recompute each score by hand (see the test's comments).
"""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.accounts.models import OrganisationKind
from tuijin.coordination.models import AssignmentRole, Problem, ProblemAssignment, ProblemCategory, ProblemStatus
from tuijin.lib.workdays import CHINA
from tuijin.leaderboards.models import Board, BoardMeasure, UnitKind
from tuijin.progress.models import MonthlyReport, ProjectYearRollup, ReportStatus, YearlyPlan
from tuijin.promotion.models import Contract, Lead, Target

from ..factories import OrganisationFactory, ProjectFactory

NOW = dt.datetime(2026, 7, 15, 10, tzinfo=CHINA)


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=CHINA)


def _lead(code, park, *, landed_on=None):
    return Lead.objects.create(code=code, name=f"项目{code}", company_name=f"企业{code}", source="fair", park=park,
                               stage="landed" if landed_on else "signed", stage_entered_on=dt.date(2026, 1, 1),
                               landed_on=landed_on)


def _sign(lead, day, kind="initial"):
    return Contract.objects.create(lead=lead, kind=kind, signed_on=day, agreed_investment=Decimal("5000"),
                                   counted_investment=Decimal("5000") if kind == "initial" else Decimal(0))


def _planned(project, planned, months):
    YearlyPlan.objects.create(project=project, year=2026, planned_investment=Decimal(planned))
    values = {f"completed_m{m:02d}": Decimal(v) for m, v in months.items()}
    ProjectYearRollup.objects.create(project=project, year=2026, planned_investment=Decimal(planned),
                                     completed_total=sum(values.values(), Decimal(0)), **values)


def _report(project, month, sent_at):
    return MonthlyReport.objects.create(project=project, year=2026, month=month, completed_investment=Decimal(0),
                                        status=ReportStatus.APPROVED, submitted_at=sent_at)


@pytest.fixture
def league(district, park, other_park, department, other_department, enterprise):
    east = OrganisationFactory(name="东区", kind=OrganisationKind.PARK, parent=district)
    # --- signings: A has a Q1 target of 4 (its year target of 10 runs past June: not counted) and signs 3 in the
    # span (one more in July, and an upgrade that adds no signing); B has targets of 1 in April and 1 in May, signs 1.
    Target.objects.create(period_kind="quarter", period_start=dt.date(2026, 1, 1), unit=park, metric="signings",
                          value=4)
    Target.objects.create(period_kind="year", period_start=dt.date(2026, 1, 1), unit=park, metric="signings",
                          value=10)
    Target.objects.create(period_kind="month", period_start=dt.date(2026, 4, 1), unit=other_park, metric="signings",
                          value=1)
    Target.objects.create(period_kind="month", period_start=dt.date(2026, 5, 1), unit=other_park, metric="signings",
                          value=1)
    a_signed = [_sign(_lead(f"XS2026-A{n}", park), day) for n, day in
                enumerate([dt.date(2026, 2, 10), dt.date(2026, 3, 20), dt.date(2026, 5, 5)], start=1)]
    _sign(_lead("XS2026-A9", park), dt.date(2026, 7, 2))
    _sign(a_signed[0].lead, dt.date(2026, 4, 1), kind="upgrade")
    b_signed = [_sign(_lead("XS2026-B1", other_park), dt.date(2026, 4, 8))]
    # --- landings: A lands 2 in the span, B 1 (and one more in 2025)
    a_landed = [_lead("XS2026-L1", park, landed_on=dt.date(2026, 3, 3)),
                _lead("XS2026-L2", park, landed_on=dt.date(2026, 6, 30))]
    b_landed = [_lead("XS2026-L3", other_park, landed_on=dt.date(2026, 4, 9))]
    _lead("XS2025-L4", other_park, landed_on=dt.date(2025, 12, 30))
    # --- projects: starts, plans, completed investment, reports
    a1 = ProjectFactory(code="XM2026-A0001", park=park, actual_start_date=dt.date(2026, 3, 10))
    a2 = ProjectFactory(code="XM2026-A0002", park=park, actual_start_date=dt.date(2025, 5, 1))
    b1 = ProjectFactory(code="XM2026-B0001", park=other_park, actual_start_date=dt.date(2026, 2, 1))
    b2 = ProjectFactory(code="XM2026-B0002", park=other_park, actual_start_date=dt.date(2026, 4, 1))
    ProjectFactory(code="XM2026-B0003", park=other_park, actual_start_date=dt.date(2026, 7, 1))  # after June
    _planned(a1, 1000, {m: 50 for m in range(1, 7)} | {7: 500})  # July is past the span
    _planned(a2, 1000, {2: 100})
    _planned(b1, 500, {3: 125, 5: 125})
    a_reports = [_report(a1, m, at(2026, m + 1, 3)) for m in range(1, 7)]  # each by the 3rd of the next month
    a_late = _report(a2, 2, at(2026, 3, 10))  # due on 5 March
    b_reports = [_report(b1, 3, at(2026, 4, 2)), _report(b1, 5, at(2026, 6, 4))]
    MonthlyReport.objects.create(project=b1, year=2026, month=6, completed_investment=0, status=ReportStatus.DRAFT)
    # --- problems: department leads p1 (on time, solved) and p2 (late, open); other_department leads p3
    # (on time, closed, not solved); a turn of December 2025 is outside the span
    category = ProblemCategory.objects.create(name="要素保障")

    def turn(title, unit, assigned, accepted, *, closed=False, solved=None):
        problem = Problem.objects.create(code=f"WT-{title}", title=title, description=title, category=category,
                                         status=ProblemStatus.CLOSED if closed else ProblemStatus.ACCEPTED,
                                         lead_department=unit, enterprise=enterprise)
        ProblemAssignment.objects.create(problem=problem, department=unit, role=AssignmentRole.LEAD,
                                         assigned_at=assigned, accept_due=assigned + dt.timedelta(days=1),
                                         accepted_at=accepted, closed_at=accepted + dt.timedelta(days=3) if closed
                                         else None, solved=solved)
        return problem

    p1 = turn("p1", department, at(2026, 3, 2), at(2026, 3, 2, 15), closed=True, solved=True)
    p2 = turn("p2", department, at(2026, 4, 6), at(2026, 4, 9))
    p3 = turn("p3", other_department, at(2026, 5, 11), at(2026, 5, 11, 16), closed=True, solved=False)
    turn("p0", department, at(2025, 12, 1), at(2025, 12, 1, 11), closed=True, solved=True)
    parks = Board.objects.create(name="园区擂台赛", unit_kind=UnitKind.PARK, red_top=1, red_min_score=50,
                                 black_bottom=0, black_below=10)
    for measure, weight in [("signings", 30), ("landings", 10), ("starts", 20), ("investment", 20),
                            ("punctuality", 20)]:
        BoardMeasure.objects.create(board=parks, measure=measure, weight=weight)
    departments = Board.objects.create(name="部门擂台赛", unit_kind=UnitKind.DEPARTMENT, red_top=1, red_min_score=90,
                                       black_bottom=0, black_below=10)
    BoardMeasure.objects.create(board=departments, measure="solved", weight=50)
    BoardMeasure.objects.create(board=departments, measure="on_time", weight=50)
    return {
        "east": east, "parks": parks, "departments": departments,
        "signed": {"A": a_signed, "B": b_signed}, "landed": {"A": a_landed, "B": b_landed},
        "projects": {"a1": a1, "a2": a2, "b1": b1, "b2": b2},
        "reports": {"A": [*a_reports, a_late], "B": b_reports}, "problems": {"p1": p1, "p2": p2, "p3": p3},
    }
