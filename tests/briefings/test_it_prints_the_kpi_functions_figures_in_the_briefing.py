"""The monthly briefing and its workbook print the very figures the KPI functions give — nothing recomputed."""

from decimal import Decimal

from tuijin.briefings import packs
from tuijin.coordination import calculations as coordination
from tuijin.progress import calculations
from tuijin.projects.models import Project

from .conftest import AS_OF, MARCH
from .helpers import sheet_values, table, text


def pct(value):
    return "—" if value is None else f"{value}%"


def test_each_overview_figure_is_the_kpi_function_s(small_district, no_pdf):
    # Given the small district in March 2026
    # When the briefing is made
    pack = packs.monthly(MARCH, today=AS_OF)

    # Then the overview table holds each KPI exactly as the KPI functions compute it
    overview = {label: value for label, value, _note in table(pack.files["docx"], "指标")}
    completion = calculations.investment_completion(2026, AS_OF)
    assert overview["投资完成率"] == pct(completion.rate)
    assert overview["时间进度"] == f"{calculations.time_progress(2026, AS_OF)}%"
    assert overview["开工率"] == pct(calculations.start_rate(2026, AS_OF).rate)
    assert overview["开复工率"] == pct(calculations.start_resume_rate(2026, AS_OF).rate)
    assert overview["开复工率（5,000万元以上）"] == pct(
        calculations.start_resume_rate(2026, AS_OF, minimum=Decimal(5000)).rate)
    assert overview["入库入统率"] == pct(calculations.stats_filing(2026, AS_OF).rate)
    assert overview["应统未统"] == f"{calculations.stats_gap(2026, AS_OF).numerator}个"
    assert overview["资金到位率"] == pct(calculations.funds_arrival(2026, AS_OF).rate)
    assert overview["双过半"] == ("已过半" if calculations.double_half(2026)["passed"] else "未过半")
    assert overview["项目总数"] == f"{Project.objects.count()}个"
    # and the figures are real ones, not dashes: 1000 + 300 + 450 of 20,200 planned
    assert completion.rate == Decimal("8.7") and overview["投资完成率"] == "8.7%"


def test_the_park_table_matches_the_park_kpis(small_district, park, no_pdf):
    pack = packs.monthly(MARCH, today=AS_OF)

    # Then each park's completion rate is the KPI of that park's projects
    rows = {row[0]: row for row in table(pack.files["docx"], "园区")}
    rate = calculations.investment_completion(2026, AS_OF, Project.objects.filter(park=park)).rate
    assert rows[park.label][5] == f"{rate}%"
    assert rows[park.label][1] == "3"


def test_departments_closed_and_solved_rates_are_the_scorecard_s(small_district, department, no_pdf):
    pack = packs.monthly(MARCH, today=AS_OF)

    # Then the department's 办结率 and 解决率 are the scorecard's, printed apart (1 of 2 closed and solved)
    rows = {row[0]: row for row in table(pack.files["docx"], "部门")}
    card = next(card for card in pack.found.raw["scorecards"] if card.department == department)
    assert rows[department.name][1] == "2"
    assert rows[department.name][3] == pct(card["closed"].value) == "50.0%"
    assert rows[department.name][4] == pct(card["solved"].value)


def test_lagging_red_level3_and_promotion_are_named(small_district, no_pdf):
    pack = packs.monthly(MARCH, today=AS_OF)
    body = text(pack.files["docx"])

    # Then the red-warned project is named with its reason, and the lagging ones come from the meeting proposal
    assert "智能装备产业园项目" in body and "计划开工已过3个月仍未开工" in body
    lagging = {row.project.name for row in coordination.lagging_projects(AS_OF)}
    listed = {row[0] for row in table(pack.files["docx"], "项目")}
    assert lagging and lagging <= listed
    # and the signing against the month's target: 1 of 2
    targets = table(pack.files["docx"], "指标")  # the first "指标" table is the overview; the promotion one follows
    assert targets
    assert "新签约项目1个" in body


def test_the_workbook_s_cells_are_the_same_figures(small_district, no_pdf):
    pack = packs.monthly(MARCH, today=AS_OF)

    # Then the 总体指标 sheet holds the KPI values as numbers
    cells = {label: value for label, value, _unit in sheet_values(pack.files["xlsx"], "总体指标")}
    assert cells["投资完成率"] == float(calculations.investment_completion(2026, AS_OF).rate)
    assert cells["开复工率"] == float(calculations.start_resume_rate(2026, AS_OF).rate)
    assert cells["入库入统率"] == float(calculations.stats_filing(2026, AS_OF).rate)
    assert cells["项目总数"] == 5

    # And the project months sum with formulas a clerk's Excel recomputes
    rows = sheet_values(pack.files["xlsx"], "月度完成投资（项目）")
    total = rows[-1]
    assert total[0] == "合计"
    assert total[2] == "=SUM(C4:C7)" and total[15] == "=SUM(P4:P7)"
    first = rows[0]
    assert first[15] == "=SUM(D4:O4)"
    # A project's months are the approved reports, up to March only
    by_name = {row[1]: row for row in rows[:-1]}
    assert by_name["锂电池正极材料项目"][3:7] == (0, 400, 600, None)

    # And the lists, funds, scorecards and targets are there as sheets
    lists = sheet_values(pack.files["xlsx"], "四张清单")
    assert {row[0] for row in lists[:-1]} >= {"开工入库清单", "加快建设清单", "按期竣工清单", "投产达效清单"}
    scorecard = sheet_values(pack.files["xlsx"], "部门考评")
    assert scorecard[0][0] == "住房和城乡建设局" and scorecard[0][4] == 50.0
    targets = sheet_values(pack.files["xlsx"], "招商目标")
    assert targets[0][:4] == ("签约项目", "2026年3月", 2, 1)
    assert targets[0][5] == '=IF(C4>0,ROUND(D4/C4*100,1),"")'


def test_a_month_without_data_is_a_briefing_that_says_so(db, no_pdf):
    # Given a district with no project at all
    pack = packs.monthly(MARCH, today=AS_OF)

    # Then the briefing says there is nothing, and the workbook's totals are zero rows
    assert "本月暂无纳入调度的项目数据" in text(pack.files["docx"])
    assert sheet_values(pack.files["xlsx"], "月度完成投资（项目）")[-1][0] == "合计"
