"""Yearly plans and monthly reports from a sheet: matched by 项目编号 (+ year, month), reports counted at once."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.imports.models import ImportJob
from tuijin.progress import actions as progress_actions
from tuijin.progress.models import (
    MonthlyReport, ProjectYearRollup, ReportEventKind, ReportStatus, YearlyPlan,
)

from ..factories import ProjectFactory
from .sheets import page_text, upload, xlsx


def import_and_apply(client, content, name, kind):
    page = page_text(upload(client, content, name, kind=kind))
    job = ImportJob.objects.latest("pk")
    assert job.problems == [], job.problems
    return page, page_text(client.post(f"/imports/{job.pk}/apply/", follow=True))


@pytest.fixture
def second(enterprise, park):
    return ProjectFactory(name="智能仓储物流基地项目", enterprise=enterprise, park=park)


def test_yearly_plans_are_created_then_updated_and_the_rollup_follows(client, coordinator, project, second):
    client.force_login(coordinator)
    # Given the bureau's plan sheet, with the year only in its title and amounts in 亿元
    content = xlsx([["项目编号", "项目名称", "年度计划投资", "计划当年开工", "年度建设内容"],
                    [project.code, project.name, 1.2, "是", "完成主体结构"],
                    [second.code, second.name, "8000万元", "否", ""]],
                   title="2025年度重大项目投资计划", unit="亿元")

    preview, result = import_and_apply(client, content, "2025年计划.xlsx", "plans")

    assert f"第4行 新增 {project.code} {project.name} 2025年 12,000.00" in preview
    assert "新增 2 条" in result
    plan = YearlyPlan.objects.get(project=project, year=2025)
    assert (plan.planned_investment, plan.plans_start, plan.note) == (Decimal("12000.00"), True, "完成主体结构")
    assert ProjectYearRollup.objects.get(project=second, year=2025).planned_investment == Decimal("8000.00")

    # When the plan is revised and imported again, it is updated, not duplicated
    content = xlsx([["项目编号", "年度", "年度计划投资"], [project.code, "2025年", "1.5亿元"], [second.code, 2025, 8000]])
    preview, result = import_and_apply(client, content, "2025年计划（调整）.xlsx", "plans")
    assert "更新 1 条，无变化 1 条" in result
    assert YearlyPlan.objects.filter(project=project).count() == 1
    assert ProjectYearRollup.objects.get(project=project, year=2025).planned_investment == Decimal("15000.00")


def test_monthly_reports_are_imported_as_approved_and_the_rollup_is_refreshed(client, coordinator, project, second):
    client.force_login(coordinator)
    progress_actions.save_yearly_plan(project, 2025, actor=coordinator, data={"planned_investment": Decimal(24000)})
    # Given a monthly progress sheet in 元 with a 报告期 column written two ways
    content = xlsx([["项目编号", "项目名称", "报告期", "本月完成投资", "本月到位资金", "形象进度"],
                    [project.code, project.name, "2025年1月", 20_000_000, 15_000_000, "桩基施工"],
                    [project.code, project.name, dt.date(2025, 2, 1), 30_000_000, None, "主体施工"],
                    [second.code, second.name, "2025.03", "5,000,000", None, None],
                    ["合计", None, None, 55_000_000, None, None]], unit="元")

    preview, result = import_and_apply(client, content, "2025年1-3月进度.xlsx", "reports")

    assert f"第3行 新增 {project.code} {project.name} 2025年1月 2,000.00 1,500.00" in preview
    assert "新增 3 条" in result
    january = MonthlyReport.objects.get(project=project, year=2025, month=1)
    assert (january.status, january.completed_investment, january.funds_arrived, january.narrative) == (
        ReportStatus.APPROVED, Decimal("2000.00"), Decimal("1500.00"), "桩基施工")
    assert january.reviewed_by == coordinator
    event = january.events.get()
    assert (event.kind, event.actor) == (ReportEventKind.IMPORTED, coordinator)
    # The rollup counts them at once, for the project-years touched
    rollup = ProjectYearRollup.objects.get(project=project, year=2025)
    assert (rollup.completed_total, rollup.completed_m01, rollup.completed_m02, rollup.last_reported_month,
            rollup.planned_investment, rollup.funds_arrived_total) == (
        Decimal("5000.00"), Decimal("2000.00"), Decimal("3000.00"), 2, Decimal("24000.00"), Decimal("1500.00"))
    assert ProjectYearRollup.objects.get(project=second, year=2025).completed_m03 == Decimal("500.00")


def test_a_reimport_corrects_changed_reports_and_logs_the_change(client, coordinator, project):
    client.force_login(coordinator)
    sheet = [["项目编号", "年度", "月份", "本月完成投资"], [project.code, 2025, "1月", 2000], [project.code, 2025, 2, 3000]]
    import_and_apply(client, xlsx(sheet), "进度.xlsx", "reports")

    # When February is corrected in a later sheet
    sheet[2][3] = 3500
    preview, result = import_and_apply(client, xlsx(sheet), "进度（更正）.xlsx", "reports")

    assert "更新 1 条，无变化 1 条" in result
    february = MonthlyReport.objects.get(project=project, year=2025, month=2)
    assert (february.completed_investment, february.version) == (Decimal("3500.00"), 2)
    correction = february.events.first()
    assert correction.kind == ReportEventKind.IMPORTED
    assert correction.changes == [{"field": "completed_investment", "label": "本月完成投资（万元）",
                                   "old": "3000.00", "new": "3500.00"}]
    assert ProjectYearRollup.objects.get(project=project, year=2025).completed_total == Decimal("5500.00")


def test_an_existing_draft_is_approved_by_the_import(client, coordinator, project):
    client.force_login(coordinator)
    draft = progress_actions.save_draft(project, 2025, 4, actor=coordinator, data={"completed_investment": Decimal(1)})
    import_and_apply(client, xlsx([["项目编号", "报告期", "本月完成投资"], [project.code, "2025-04", 1]]),
                     "进度.xlsx", "reports")
    draft.refresh_from_db()
    assert draft.status == ReportStatus.APPROVED
    assert draft.events.first().reason == "批量导入（原状态：草稿，导入后为已审核）"
    assert ProjectYearRollup.objects.get(project=project, year=2025).completed_m04 == Decimal("1.00")


def test_bad_report_rows_are_listed_and_nothing_is_written(client, coordinator, project):
    client.force_login(coordinator)
    next_month = dt.date.today().replace(day=1) + dt.timedelta(days=32)
    content = xlsx([["项目编号", "年度", "月份", "本月完成投资"],
                    [project.code, 2025, 1, 100],
                    ["XM-不存在", 2025, 1, 100],
                    [project.code, 2025, 13, 100],
                    [project.code, next_month.year, next_month.month, 100],
                    [project.code, 2025, 2, -5],
                    [project.code, 2025, 1, 100]])
    page = page_text(upload(client, content, "进度.xlsx", kind="reports"))
    assert "第3行 项目编号 XM-不存在 未找到项目编号“XM-不存在”，请先导入或新建该项目" in page
    assert "第4行 月份 13 月份应为 1 到 12，当前为 13" in page
    assert f"不能导入未来月份（{next_month.year}年{next_month.month}月）的月报" in page
    assert "第6行 本月完成投资 -5 本月完成投资不能为负数" in page
    assert f"第7行 项目编号 {project.code} 项目“{project.code}”2025年1月的月报与第2行重复" in page
    assert "发现 5 个问题，未写入任何数据" in page
    assert MonthlyReport.objects.count() == 0


def test_a_plan_without_a_year_says_where_to_put_it(client, coordinator, project):
    client.force_login(coordinator)
    page = page_text(upload(client, xlsx([["项目编号", "年度计划投资"], [project.code, 100]]), "计划.xlsx", kind="plans"))
    assert "第2行 年度 （空） 缺少年度：请增加“年度”列，或在表格标题中写明年份（如“2026年度投资计划”）" in page
