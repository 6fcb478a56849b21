"""KPI formulas against a hand-computed district (figures worked out on paper in the comments)."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.progress import actions, calculations
from tuijin.progress.lists import YearList, year_list
from tuijin.projects.models import Stage

from ..factories import ProjectFactory

JUNE = dt.date(2026, 6, 30)
NOVEMBER = dt.date(2026, 11, 23)


def plan(project, planned, **flags):
    actions.save_yearly_plan(project, 2026, actor=None, data={"planned_investment": Decimal(planned), **flags})


def approved(project, month, amount, funds=None, year=2026):
    report = actions.save_draft(project, year, month, actor=None,
                                data={"completed_investment": Decimal(amount), "funds_arrived": funds})
    actions.submit_report(report, actor=None)
    return actions.approve_report(report, actor=None)


@pytest.fixture
def district(db):
    """A: new start in March; B: planned start, not started; C: continuing from 2025, filed;
    D: continuing but suspended; E: small unplanned start; F: planned start that starts in July."""
    a = ProjectFactory(name="A", total_investment=Decimal(8000), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2026, 3, 15))
    b = ProjectFactory(name="B", total_investment=Decimal(12000), stage=Stage.PREPARATION)
    c = ProjectFactory(name="C", total_investment=Decimal(20000), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2025, 5, 1), stats_filed_on=dt.date(2025, 6, 1))
    d = ProjectFactory(name="D", total_investment=Decimal(600), stage=Stage.SUSPENDED,
                       suspended_from=Stage.CONSTRUCTION, actual_start_date=dt.date(2024, 1, 1))
    e = ProjectFactory(name="E", total_investment=Decimal(400), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2026, 5, 1))
    f = ProjectFactory(name="F", total_investment=Decimal(5000), stage=Stage.CONSTRUCTION,
                       actual_start_date=dt.date(2026, 7, 10))
    plan(a, 1000, plans_start=True)
    plan(b, 2000, plans_start=True)
    plan(c, 3000, plans_complete=True)
    plan(d, 500)
    plan(f, 800, plans_start=True, plans_operate=True)
    approved(a, 3, 100)
    approved(a, 4, 200, funds=Decimal(1000))
    approved(a, 7, 300)
    pending = actions.save_draft(a, 2026, 8, actor=None, data={"completed_investment": Decimal(50)})
    actions.submit_report(pending, actor=None)  # submitted, not approved: counts nowhere
    approved(c, 2, 500)
    approved(c, 6, 1200)
    approved(f, 8, 400)
    approved(c, 12, 999, year=2025)  # another year: counts nowhere in 2026
    return {p.name: p for p in (a, b, c, d, e, f)}


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_it_measures_investment_completion_against_time(district):
    # planned 1000+2000+3000+500+800 = 7300; completed by June: A 300 + C 1700 = 2000 → 27.4 %
    kpi = calculations.investment_completion(2026, JUNE)
    assert (kpi.numerator, kpi.denominator, kpi.rate) == (Decimal(2000), Decimal(7300), Decimal("27.4"))
    # by November: A 600 + C 1700 + F 400 = 2700 → 37.0 %
    assert calculations.investment_completion(2026, NOVEMBER).rate == Decimal("37.0")
    assert names(calculations.investment_completion(2026, NOVEMBER).hits) == ["A", "C", "F"]
    # 181 of 365 days at 30 June
    assert calculations.time_progress(2026, JUNE) == Decimal("49.6")


def test_it_applies_the_double_half_test(district):
    # 27.4 % < 50 %: failed; behind: A 300<500, B 0<1000, D 0<250, F 0<400 (C 1700 ≥ 1500 is not)
    result = calculations.double_half(2026)
    assert result["passed"] is False
    assert names(result["behind"]) == ["A", "B", "D", "F"] and result["behind_count"] == 4


def test_it_counts_starts_including_a_mid_year_start(district):
    # planned new starts A, B, F; by June only A started, by November F too
    assert (calculations.start_rate(2026, JUNE).numerator, calculations.start_rate(2026, JUNE).denominator) == (1, 3)
    november = calculations.start_rate(2026, NOVEMBER)
    assert november.rate == Decimal("66.7")
    assert names(november.hits) == ["A", "F"] and names(november.base) == ["A", "B", "F"]


def test_it_counts_starts_and_resumptions_by_size_band(district):
    # base: new starts A, B, F + continuing C, D = 5; at work: A, F started, C reported, D suspended → 3/5
    overall = calculations.start_resume_rate(2026, NOVEMBER)
    assert (overall.numerator, overall.denominator, overall.rate) == (3, 5, Decimal("60.0"))
    assert names(overall.hits) == ["A", "C", "F"]
    # 5000 万元以上 (F is exactly 5000, D is 600): base A, B, C, F; hits A, C, F
    band = calculations.start_resume_rate(2026, NOVEMBER, minimum=Decimal(5000))
    assert (band.numerator, band.denominator) == (3, 4)
    # by June: A started, C reported in February → 2/5
    assert calculations.start_resume_rate(2026, JUNE).rate == Decimal("40.0")


def test_it_finds_the_stats_filing_gap(district):
    # must file: started, ≥ 500 万元: A, C, D, F (E is 400); filed: C → 25 %; gap A, D, F
    filing = calculations.stats_filing(2026, NOVEMBER)
    assert (filing.numerator, filing.denominator, filing.rate) == (1, 4, Decimal("25.0"))
    gap = calculations.stats_gap(2026, NOVEMBER)
    assert gap.numerator == 3 and names(gap.hits) == ["A", "D", "F"]
    # in June F had not started yet
    assert names(calculations.stats_gap(2026, JUNE).hits) == ["A", "D"]


def test_it_measures_funds_arrival_where_recorded(district):
    # A recorded 1000 arrived against 8000 agreed → 12.5 %
    kpi = calculations.funds_arrival(2026, NOVEMBER)
    assert (kpi.numerator, kpi.denominator, kpi.rate) == (Decimal(1000), Decimal(8000), Decimal("12.5"))


def test_it_reports_an_empty_year_as_nothing_to_measure(district):
    # Given no plans or reports for 2027, the plan-based KPIs have nothing to measure (no rate, no projects)
    march = dt.date(2027, 3, 1)
    for kpi in (calculations.investment_completion(2027, march), calculations.start_rate(2027, march),
                calculations.start_resume_rate(2027, march), calculations.funds_arrival(2027, march)):
        assert (kpi.rate, kpi.numerator, kpi.base.exists()) == (None, 0, False)
    assert calculations.double_half(2027)["passed"] is False
    # while 入库入统 is a standing fact about started projects: still C filed out of A, C, D, F
    assert calculations.stats_filing(2027, march).rate == Decimal("25.0")


def test_it_scopes_kpis_to_a_set_of_projects(district):
    # only A and B: planned 3000, completed by November 600 → 20.0 %
    scope = district["A"].__class__.objects.filter(name__in=["A", "B"])
    assert calculations.investment_completion(2026, NOVEMBER, scope).rate == Decimal("20.0")


def test_it_builds_the_four_lists(district):
    assert names(year_list(YearList.START, 2026)) == ["A", "B", "F"]
    assert names(year_list(YearList.BUILD, 2026)) == ["C", "D"]
    assert names(year_list(YearList.COMPLETE, 2026)) == ["C"]
    assert names(year_list(YearList.OPERATE, 2026)) == ["F"]
    assert names(year_list(YearList.START, 2027)) == []
