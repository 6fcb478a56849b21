"""The acceptance: a sheet with mixed units, Chinese dates and three bad rows is previewed with all three
problems and writes nothing; fixed, it imports; imported twice, nothing is duplicated."""

from decimal import Decimal

import pytest

from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.projects.models import EventKind, Project, ProjectEvent, Stage

from .sheets import page_text, upload, xlsx

HEADER = ["序号", "项目编号", "项目名", "企业名称", "园区", "总投资", "项目阶段", "计划开工", "实际开工时间", "实际签约时间"]


def sheet_rows(enterprise, *, fixed=False):
    """Seven projects as a park sends them: units vary, dates are written four ways, a blank row, a total."""
    return [
        HEADER,
        [1, "", "高端装备制造产业园项目", enterprise.name, "高新园", "2.5亿元", "在建", "2025年3月", "2025.3.18", "2024年12月"],
        [2, "", "新材料研发中心项目", enterprise.name, "高新园", 8000, "在谈", "2026/5/8", None, None],
        [3, "", "智能仓储物流基地项目", enterprise.name, "高新园", "约1.2亿", "已签约", "2026.09", None, "2025-12-26"],
        [4, "", "光伏组件技改项目", enterprise.name, "高新园", "23,400,000元", "谋划储备", 46023, None, None],
        [None] * 10,
        [5, "", "锂电池回收利用项目",
         enterprise.name if fixed else "不存在的新能源有限公司", "高新园", "５０００万元", "在谈", "2026年10月", None, None],
        [6, "", "城市更新配套道路工程", enterprise.name, "高新园", "3.6亿元" if fixed else "一大笔", "谋划储备",
         "2026-11-01", None, None],
        [7, "", "氢能装备产业化项目", enterprise.name, "高新园", "二十三亿", "在建", "2025年1月",
         "2025年2月8日" if fixed else None, None],
        ["合计", None, None, None, None, "…", None, None, None, None],
    ]


@pytest.fixture
def park_user(users):
    from tuijin.accounts.models import Role

    return users[Role.PARK_STAFF]


def test_it_lists_every_problem_and_writes_nothing(client, coordinator, enterprise, park):
    # Given a coordinator uploads a sheet with three bad rows among good ones
    client.force_login(coordinator)
    before = Project.objects.count()

    # When the preview is ready
    response = upload(client, xlsx(sheet_rows(enterprise), title="2026年重大项目清单", unit="万元"), "项目清单.xlsx")

    # Then it lists exactly the three problems, each with its Excel row, column, value and reason
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED
    assert [(p["row"], p["column"]) for p in job.problems] == [
        (9, "项目单位"), (10, "总投资"), (11, "实际开工日期")]
    page = page_text(response)
    assert "发现 3 个问题，未写入任何数据" in page
    assert "第9行 项目单位 不存在的新能源有限公司 未找到企业“不存在的新能源有限公司”，请先在企业库中登记" in page
    assert "第10行 总投资 一大笔 无法识别的金额“一大笔”，应为数字，可带单位 元/万元/亿元" in page
    assert "第11行 实际开工日期 （空） 当前阶段为“在建”，须填写实际开工日期" in page
    # And it offers no way to apply, and nothing was written
    assert "应用导入" not in page
    assert Project.objects.count() == before
    # Apply is refused even when posted directly
    client.post(f"/imports/{job.pk}/apply/")
    assert Project.objects.count() == before


def test_it_imports_the_fixed_sheet_then_updates_instead_of_duplicating(client, coordinator, enterprise, park):
    client.force_login(coordinator)
    content = xlsx(sheet_rows(enterprise, fixed=True), title="2026年重大项目清单", unit="万元")

    # Given the fixed sheet previews cleanly: seven new projects
    response = upload(client, content, "项目清单（修改后）.xlsx")
    page = page_text(response)
    job = ImportJob.objects.get()
    assert job.problems == []
    assert job.summary["create"] == 7
    assert "应用导入" in page
    assert "第4行 新增 （自动生成） 高端装备制造产业园项目" in page

    # When it is applied
    response = client.post(f"/imports/{job.pk}/apply/", follow=True)

    # Then the result says what was done and every value is normalised
    assert "导入完成" in page_text(response)
    assert "新增 7 条，更新 0 条，无变化 0 条" in page_text(response)
    projects = {p.name: p for p in Project.objects.all()}
    assert len(projects) == 7
    assert projects["高端装备制造产业园项目"].total_investment == Decimal("25000.00")
    assert projects["新材料研发中心项目"].total_investment == Decimal("8000.00")
    assert projects["智能仓储物流基地项目"].total_investment == Decimal("12000.00")
    assert projects["光伏组件技改项目"].total_investment == Decimal("2340.00")
    assert projects["锂电池回收利用项目"].total_investment == Decimal("5000.00")
    assert projects["氢能装备产业化项目"].total_investment == Decimal("230000.00")
    built = projects["高端装备制造产业园项目"]
    assert (built.stage, str(built.planned_start_date), str(built.actual_start_date)) == (
        Stage.CONSTRUCTION, "2025-03-01", "2025-03-18")
    assert str(projects["光伏组件技改项目"].planned_start_date) == "2026-01-01"  # an Excel date serial
    assert str(projects["智能仓储物流基地项目"].planned_start_date) == "2026-09-01"
    assert built.enterprise == enterprise and built.park == park
    codes = sorted(p.code for p in projects.values())
    assert len(set(codes)) == 7 and all(code.startswith("XM") for code in codes)
    assert ProjectEvent.objects.filter(kind=EventKind.CREATED, actor=coordinator).count() == 7

    # When the same file is imported again
    response = upload(client, content, "项目清单（修改后）.xlsx")

    # Then nothing is duplicated: every row matches its project and nothing changed
    second = ImportJob.objects.latest("pk")
    assert (second.summary["create"], second.summary["update"], second.summary["unchanged"]) == (0, 0, 7)
    assert "文件中的数据与系统中已有数据一致，没有需要导入的变化" in page_text(response)
    assert Project.objects.count() == 7


def test_a_changed_reimport_updates_and_logs_the_changes(client, coordinator, enterprise, park):
    client.force_login(coordinator)
    rows = sheet_rows(enterprise, fixed=True)
    upload(client, xlsx(rows), "第一版.xlsx")
    client.post(f"/imports/{ImportJob.objects.get().pk}/apply/")

    # Given the park corrects one project's investment in a later version of the sheet
    rows[1][5] = "3亿元"
    response = upload(client, xlsx(rows), "第二版.xlsx")
    job = ImportJob.objects.latest("pk")
    assert (job.summary["create"], job.summary["update"], job.summary["unchanged"]) == (0, 1, 6)
    code = Project.objects.get(name="高端装备制造产业园项目").code
    # The preview names the project by its code and says which fields change
    assert f"第2行 更新 {code} 高端装备制造产业园项目 成都锦程新材料有限公司 高新园 30,000.00 在建 总投资（万元）" in (
        page_text(response))

    # When it is applied
    client.post(f"/imports/{job.pk}/apply/")

    # Then the project is updated in place, its version moves on, and its history says what changed
    project = Project.objects.get(name="高端装备制造产业园项目")
    assert project.total_investment == Decimal("30000.00")
    assert project.version == 2
    event = project.events.get(kind=EventKind.EDITED)
    assert event.actor == coordinator
    assert event.changes == [{"field": "total_investment", "label": "总投资（万元）", "old": "25000.00",
                              "new": "30000.00"}]
    assert Project.objects.count() == 7


def test_apply_checks_again_and_writes_nothing_when_the_data_changed_since_the_preview(
        client, coordinator, enterprise, park):
    client.force_login(coordinator)
    upload(client, xlsx(sheet_rows(enterprise, fixed=True)), "清单.xlsx")
    job = ImportJob.objects.get()
    assert job.can_apply

    # Given the enterprise is renamed in the register after the preview
    type(enterprise).objects.filter(pk=enterprise.pk).update(name="成都锦程新材料集团有限公司")

    # When the import is applied, it is checked again, reports the new problems and writes nothing
    page = page_text(client.post(f"/imports/{job.pk}/apply/", follow=True))
    assert "数据在预览后发生了变化，重新校验发现 7 个问题，未写入任何数据。" in page
    assert "第2行 项目单位 成都锦程新材料有限公司 未找到企业“成都锦程新材料有限公司”，请先在企业库中登记" in page
    assert Project.objects.count() == 0


def test_the_downloaded_template_is_a_sheet_the_import_reads(client, coordinator):
    from tuijin.projects.importers import ProjectImporter

    client.force_login(coordinator)
    response = client.get("/imports/template/projects.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    outcome = ProjectImporter(coordinator).validate(response.content, "模板.xlsx")
    # Every column is recognised; only the data is missing
    assert [p["reason"] for p in outcome.problems] == ["表头下方没有数据行"]
